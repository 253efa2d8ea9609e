// zlib, through the module ZIPFoundation declares for it on Linux (its package's `CZLib`
// target, built for every target that depends on ZIPFoundation).
import CZlib
import Foundation

/// Writes a ZIP archive of deflated entries, compressing each large entry on every core.
///
/// ZIPFoundation reads the workbooks (`XLSXReader`) and wrote them too, but it deflates an
/// entry on one core, at zlib's default level, with a CRC computed byte by byte in Swift: the
/// 185 MB sheet of a million-lead world took 3.9 s that way, a quarter of `synth`, and its
/// level cannot be set. Here an entry is cut into pieces of `pieceSize` bytes, each deflated
/// (at `level`) and checksummed on a worker. Every piece but the last ends with a sync flush,
/// which closes its last block on a byte boundary without marking it final, so the pieces
/// joined are one valid deflate stream (the scheme of pigz); the pieces' CRCs are combined
/// with zlib's `crc32_combine`.
///
/// Archives are plain ZIP (no ZIP64): every entry and the whole archive must stay under
/// 4 GiB, and a larger one is refused with an error rather than written wrong.
struct ZipWriter {
  /// One entry, compressed.
  struct Entry {
    var name: String
    var crc: UInt32
    var size: Int
    var pieces: [[UInt8]]
    var compressedSize: Int { pieces.reduce(0) { $0 + $1.count } }
  }

  enum Failure: Error, CustomStringConvertible {
    case tooLarge(String)
    case deflate(String, Int32)

    var description: String {
      switch self {
      case .tooLarge(let name): "\(name): ZIP entries and archives above 4 GiB (ZIP64) are not written"
      case .deflate(let name, let code): "\(name): zlib's deflate failed with code \(code)"
      }
    }
  }

  /// zlib's level, 1 (fastest) to 9 (smallest).
  var level: Int32 = 1
  var pieceSize = 1 << 20
  /// The modification time of every entry, in MS-DOS form (time, date).
  var dosTime: (time: UInt16, date: UInt16)
  private(set) var entries: [Entry] = []

  /// An archive whose entries are all dated `year`-`month`-`day` `hour`:00.
  init(year: Int, month: Int, day: Int, hour: Int) {
    dosTime = (UInt16(hour << 11), UInt16((year - 1980) << 9 | month << 5 | day))
  }

  /// Compresses `bytes` (on every core when there is more than one piece) and adds them as
  /// the entry `name`.
  mutating func add(_ name: String, _ bytes: [UInt8]) throws {
    let starts = Array(stride(from: 0, to: max(bytes.count, 1), by: pieceSize))
    let (level, pieceSize) = (level, pieceSize)
    let compressed = bytes.withUnsafeBufferPointer { all in
      let source = SharedBuffer(all)
      return starts.parallelMap(serialBelow: 2) { start in
        let piece = UnsafeBufferPointer(rebasing: source.buffer[start..<min(start + pieceSize, source.buffer.count)])
        return Self.deflate(piece, level: level, last: start + pieceSize >= source.buffer.count)
      }
    }
    var crc: UInt32 = 0
    var pieces: [[UInt8]] = []
    for (index, piece) in compressed.enumerated() {
      let result = try piece.mapError { Failure.deflate(name, $0.code) }.get()
      let length = min(pieceSize, bytes.count - starts[index])
      crc = index == 0 ? result.crc : UInt32(crc32_combine(UInt(crc), UInt(result.crc), off_t(length)))
      pieces.append(result.bytes)
    }
    entries.append(Entry(name: name, crc: crc, size: bytes.count, pieces: pieces))
  }

  /// zlib's error code, as an `Error`.
  struct ZlibCode: Error { var code: Int32 }

  /// `bytes` raw-deflated and their CRC-32; a piece that is not `last` ends in a sync flush.
  static func deflate(_ bytes: UnsafeBufferPointer<UInt8>, level: Int32, last: Bool)
    -> Result<(bytes: [UInt8], crc: UInt32), ZlibCode>
  {
    var stream = z_stream()
    var code = deflateInit2_(
      &stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard code == Z_OK else { return .failure(ZlibCode(code: code)) }
    defer { deflateEnd(&stream) }
    // deflateBound covers a finished stream; a sync flush adds at most a few bytes more.
    let bound = Int(deflateBound(&stream, UInt(bytes.count))) + 16
    var output = [UInt8](repeating: 0, count: bound)
    let written = output.withUnsafeMutableBufferPointer { out in
      stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
      stream.avail_in = UInt32(bytes.count)
      stream.next_out = out.baseAddress
      stream.avail_out = UInt32(out.count)
      code = CZlib.deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
      return out.count - Int(stream.avail_out)
    }
    guard code == (last ? Z_STREAM_END : Z_OK), stream.avail_in == 0 else { return .failure(ZlibCode(code: code)) }
    output.removeLast(output.count - written)
    let crc = UInt32(crc32(0, bytes.baseAddress, UInt32(bytes.count)))
    return .success((output, crc))
  }

  /// Writes the archive: each entry's local header and data, then the central directory.
  func write(to url: URL) throws {
    var central: [UInt8] = []
    var offset = 0
    try OutputFile.write(to: url) { file in
      for entry in entries {
        let compressedSize = entry.compressedSize
        guard entry.size < 0xFFFF_FFFF, compressedSize < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
          throw Failure.tooLarge(entry.name)
        }
        var local: [UInt8] = []
        local.appendLittleEndian(UInt32(0x0403_4B50))
        appendCommonFields(of: entry, compressedSize: compressedSize, to: &local)
        local.appendLittleEndian(UInt16(0))  // extra field length
        local += entry.name.utf8
        try file.write(local)
        for piece in entry.pieces { try file.write(piece) }

        central.appendLittleEndian(UInt32(0x0201_4B50))
        central.appendLittleEndian(UInt16(0x0314))  // made by: Unix, ZIP 2.0
        appendCommonFields(of: entry, compressedSize: compressedSize, to: &central)
        central.appendLittleEndian(UInt16(0))  // extra field length
        central.appendLittleEndian(UInt16(0))  // comment length
        central.appendLittleEndian(UInt16(0))  // disk number
        central.appendLittleEndian(UInt16(0))  // internal attributes
        central.appendLittleEndian(UInt32(0o100644) << 16)  // a regular file, rw-r--r--
        central.appendLittleEndian(UInt32(offset))
        central += entry.name.utf8
        offset += local.count + compressedSize
      }
      guard offset + central.count < 0xFFFF_FFFF, entries.count < 0xFFFF else {
        throw Failure.tooLarge(url.lastPathComponent)
      }
      var end: [UInt8] = []
      end.appendLittleEndian(UInt32(0x0605_4B50))
      end.appendLittleEndian(UInt16(0))  // this disk
      end.appendLittleEndian(UInt16(0))  // disk of the central directory
      end.appendLittleEndian(UInt16(entries.count))
      end.appendLittleEndian(UInt16(entries.count))
      end.appendLittleEndian(UInt32(central.count))
      end.appendLittleEndian(UInt32(offset))
      end.appendLittleEndian(UInt16(0))  // comment length
      try file.write(central)
      try file.write(end)
    }
  }

  /// The fields local and central headers share, from "version needed" to the name's length.
  private func appendCommonFields(of entry: Entry, compressedSize: Int, to bytes: inout [UInt8]) {
    bytes.appendLittleEndian(UInt16(20))  // version needed: 2.0 (deflate)
    bytes.appendLittleEndian(UInt16(0x0800))  // flags: names are UTF-8
    bytes.appendLittleEndian(UInt16(8))  // method: deflate
    bytes.appendLittleEndian(dosTime.time)
    bytes.appendLittleEndian(dosTime.date)
    bytes.appendLittleEndian(entry.crc)
    bytes.appendLittleEndian(UInt32(compressedSize))
    bytes.appendLittleEndian(UInt32(entry.size))
    bytes.appendLittleEndian(UInt16(entry.name.utf8.count))
  }
}

extension Array where Element == UInt8 {
  /// Appends `value` in little-endian byte order.
  mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}
