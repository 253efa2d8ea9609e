import CZlib

/// The parts of a zip package held in memory (an `.xlsx` workbook), read straight from its
/// bytes: the central directory for where each part is, zlib for inflating it.
///
/// Written here rather than read through ZIPFoundation, whose inflater loops forever on a
/// deflate stream that never ends (it reads on at the end of the file, getting nothing:
/// found by fuzzing the workbook reader, `Fuzz/corpus/xlsx`), and whose in-memory reading
/// traps on a directory pointing past the end. Every offset and size here is checked
/// against the bytes, and a stream that ends before its last block is an error.
struct ZipPackage {
  /// One part: where its compressed bytes are and what the directory says of them.
  struct Entry {
    var name: String
    /// 0 stored, 8 deflated.
    var method: UInt16
    var checksum: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    /// Where the compressed bytes start in the package.
    var dataOffset: Int
  }

  /// Why a package or part cannot be read.
  struct Damage: Error, CustomStringConvertible { var description: String }

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var entries: [String: Entry] = [:]

  /// Reads the directory of `bytes`, which must outlive the package.
  init(_ bytes: UnsafeBufferPointer<UInt8>) throws(Damage) {
    self.bytes = bytes
    let end = try Self.endOfDirectory(in: bytes)
    var position = end.offset
    for _ in 0..<end.count {
      guard position + 46 <= bytes.count, read32(position) == 0x0201_4B50 else {
        throw Damage(description: "the directory is cut off or damaged")
      }
      let method = read16(position + 10)
      let checksum = read32(position + 16)
      let compressed = Int(read32(position + 20)), uncompressed = Int(read32(position + 24))
      let nameLength = Int(read16(position + 28)), extraLength = Int(read16(position + 30))
      let commentLength = Int(read16(position + 32))
      let localHeader = Int(read32(position + 42))
      guard position + 46 + nameLength <= bytes.count else { throw Damage(description: "a name runs past the end") }
      let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(position + 46)..<(position + 46 + nameLength)]), as: UTF8.self)
      position += 46 + nameLength + extraLength + commentLength
      guard localHeader + 30 <= bytes.count, read32(localHeader) == 0x0403_4B50 else { continue }  // not a part to read
      let dataOffset = localHeader + 30 + Int(read16(localHeader + 26)) + Int(read16(localHeader + 28))
      guard dataOffset <= bytes.count, compressed <= bytes.count - dataOffset else { continue }
      if entries[name] == nil {
        entries[name] = Entry(
          name: name, method: method, checksum: checksum, compressedSize: compressed, uncompressedSize: uncompressed,
          dataOffset: dataOffset)
      }
    }
  }

  subscript(name: String) -> Entry? { entries[name] }

  /// Inflates `entry`, handing its bytes on in pieces of at most `pieceSize` to `consumer`,
  /// which may throw to stop.
  /// - Throws: `Damage` for a method other than stored or deflated, or a deflate stream that
  ///   is broken or ends before its last block; whatever `consumer` throws.
  func extract(_ entry: Entry, pieceSize: Int = 1 << 18, _ consumer: (UnsafeRawBufferPointer) throws -> Void) throws {
    let data = UnsafeBufferPointer(rebasing: bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)])
    switch entry.method {
    case 0:
      var start = 0
      while start < data.count {
        let end = min(start + pieceSize, data.count)
        try consumer(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(data)[start..<end]))
        start = end
      }
    case 8:
      try inflate(data, name: entry.name, pieceSize: pieceSize, consumer)
    default:
      throw Damage(description: "\(entry.name) is compressed by method \(entry.method), which is not read")
    }
  }

  private func inflate(
    _ data: UnsafeBufferPointer<UInt8>, name: String, pieceSize: Int, _ consumer: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw Damage(description: "zlib cannot start inflating \(name)")
    }
    defer { inflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: pieceSize)
    stream.next_in = UnsafeMutablePointer(mutating: data.baseAddress)
    stream.avail_in = UInt32(data.count)
    while true {
      let (result, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
        stream.next_out = out.baseAddress
        stream.avail_out = UInt32(out.count)
        let result = CZlib.inflate(&stream, Z_NO_FLUSH)
        return (result, out.count - Int(stream.avail_out))
      }
      if produced > 0 { try output.withUnsafeBytes { try consumer(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
      switch result {
      case Z_STREAM_END: return
      case Z_OK: continue
      case Z_BUF_ERROR where produced == 0:
        throw Damage(description: "\(name) is cut off (its deflate stream ends before its last block)")
      case Z_BUF_ERROR: continue
      default: throw Damage(description: "\(name) is corrupt (zlib error \(result))")
      }
    }
  }

  /// The end of central directory record: where the directory starts and how many entries.
  private static func endOfDirectory(in bytes: UnsafeBufferPointer<UInt8>) throws(Damage) -> (offset: Int, count: Int) {
    guard bytes.count >= 22 else { throw Damage(description: "not a zip package") }
    var position = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 0xFFFF)  // the record, then a comment of at most 64 KB
    while position >= lowest {
      if bytes[position] == 0x50, bytes[position + 1] == 0x4B, bytes[position + 2] == 5, bytes[position + 3] == 6 {
        let count = Int(UInt16(bytes[position + 10]) | UInt16(bytes[position + 11]) << 8)
        let offset = Int(
          UInt32(bytes[position + 16]) | UInt32(bytes[position + 17]) << 8 | UInt32(bytes[position + 18]) << 16
            | UInt32(bytes[position + 19]) << 24)
        guard offset <= bytes.count else { throw Damage(description: "the directory points past the end") }
        return (offset, count)
      }
      position -= 1
    }
    throw Damage(description: "not a zip package")
  }

  private func read16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
  private func read32(_ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
}
