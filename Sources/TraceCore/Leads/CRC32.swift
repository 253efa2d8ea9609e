import CZlib

/// CRC-32 (IEEE 802.3, as in ZIP), by zlib's `crc32`.
///
/// ZIPFoundation checks entries with a bytewise CRC in Swift on Linux: that check was the
/// largest single cost of reading a 27 MB workbook. Entries are extracted without it and
/// checked here. zlib's braided CRC takes 45–70 ms for 150 MB here; the slicing-by-8 CRC in
/// Swift this replaces took about twice as long (5 instructions a byte, callgrind).
enum CRC32 {
  /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
  static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    var c = uLong(crc)
    var offset = 0
    // zlib takes a 32-bit length: longer buffers go in pieces.
    while offset < bytes.count {
      let length = min(bytes.count - offset, 1 << 30)
      c = crc32(c, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length))
      offset += length
    }
    return UInt32(truncatingIfNeeded: c)
  }
}
