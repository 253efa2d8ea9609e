import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The text encodings lead sheets arrive in.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
  case utf8 = "UTF-8"
  case utf8BOM = "UTF-8 BOM"
  case utf16LE = "UTF-16LE"
  case utf16BE = "UTF-16BE"
  case gb18030 = "GB18030"

  /// Parses a `--encoding` value: `utf-8`, `utf8`, `utf-16le`, `gbk`, `gb2312`, `gb18030` …
  public init?(userName: String) {
    switch userName.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "utf-8-bom", "utf-8 bom", "utf8-bom", "utf-8-sig": self = .utf8BOM
    case "utf-16le", "utf16le", "utf-16": self = .utf16LE
    case "utf-16be", "utf16be": self = .utf16BE
    case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
    default: return nil
    }
  }
}

/// Detects the encoding of a text file and converts it to UTF-8 bytes.
public enum TextDecoder {
  /// The encoding of `bytes`: a byte-order mark decides; otherwise text with NUL bytes in
  /// every other place only is UTF-16 without a mark (`bomlessUTF16`), valid UTF-8 is UTF-8,
  /// and anything else is tried as GB18030 (which covers GBK and GB2312).
  ///
  /// - Returns: `nil` when the bytes look binary (NUL bytes outside UTF-16).
  public static func detect(_ bytes: [UInt8]) -> TextEncoding? {
    bytes.withUnsafeBufferPointer { detect($0) }
  }

  /// - Parameter limit: without a byte-order mark, text is taken for UTF-8 if its first
  ///   `limit` bytes are (cut after an ASCII byte, so no character is split), else for
  ///   GB18030. With a limit, the rest is for the caller to check.
  public static func detect(_ bytes: UnsafeBufferPointer<UInt8>, validatingUTF8UpTo limit: Int = .max) -> TextEncoding? {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
    if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LE }
    if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BE }
    if UTF8Validation.containsNUL(bytes) { return bomlessUTF16(bytes) }
    var end = bytes.count
    if end > limit {
      end = limit
      while end > 0, bytes[end - 1] >= 0x80 { end -= 1 }
    }
    if UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[..<end])) { return .utf8 }
    return .gb18030
  }

  /// UTF-16 written without a byte-order mark (some exports and scripts do), told from
  /// binary by where its NUL bytes are, in its first 64 KB: ASCII characters (Latin letters,
  /// digits, delimiters, line breaks) are a NUL byte and a non-NUL one, always in the same
  /// order, and CJK characters rarely hold a NUL (one in 256, such as U+4E00's low byte).
  /// So in UTF-16LE a fifth or more of the odd bytes are NUL and at most a sixteenth as many
  /// even ones; in UTF-16BE the reverse. Binary data has NULs in both places. A guess that
  /// is wrong fails decoding or header recognition later, with an error naming the file.
  /// - Returns: `.utf16LE`, `.utf16BE`, or `nil` for binary.
  static func bomlessUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
    let pairs = min(bytes.count, 1 << 16) / 2
    guard pairs >= 4 else { return nil }
    var evenNULs = 0, oddNULs = 0
    for pair in 0..<pairs {
      if bytes[2 * pair] == 0 { evenNULs += 1 }
      if bytes[2 * pair + 1] == 0 { oddNULs += 1 }
    }
    if oddNULs * 5 >= pairs, evenNULs * 16 <= oddNULs { return .utf16LE }
    if evenNULs * 5 >= pairs, oddNULs * 16 <= evenNULs { return .utf16BE }
    return nil
  }

  /// Converts `bytes` in `encoding` to UTF-8, dropping any byte-order mark.
  ///
  /// - Returns: `nil` when the bytes are not valid in that encoding.
  public static func utf8Bytes(of bytes: [UInt8], encoding: TextEncoding) -> [UInt8]? {
    bytes.withUnsafeBufferPointer { utf8Bytes(of: $0, encoding: encoding) }
  }

  /// `utf8Bytes(of:encoding:)` for bytes in place (a mapped file): nothing is copied first.
  public static func utf8Bytes(of bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> [UInt8]? {
    switch encoding {
    case .utf8, .utf8BOM:
      let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
      return UTF8Validation.isValid(body) ? Array(body) : nil
    case .utf16LE, .utf16BE:
      let little = encoding == .utf16LE
      var start = 0
      if bytes.count >= 2,
        (little && bytes[0] == 0xFF && bytes[1] == 0xFE)
          || (!little && bytes[0] == 0xFE && bytes[1] == 0xFF)
      {
        start = 2
      }
      guard (bytes.count - start) % 2 == 0 else { return nil }
      return utf8(fromUTF16: UnsafeBufferPointer(rebasing: bytes[start...]), littleEndian: little)
    case .gb18030:
      return GB18030.utf8(bytes)
    }
  }

  /// UTF-16 code units (as bytes, in the given order) to UTF-8, written straight into one
  /// buffer: the standard library's `transcode` called a closure per output byte, and
  /// appended each to a growing array. Runs of four ASCII units (ids, phones, numbers, the
  /// delimiters) are converted at once, from one 8-byte load.
  /// - Returns: `nil` at an unpaired surrogate.
  static func utf8(fromUTF16 bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool) -> [UInt8]? {
    littleEndian ? utf8(fromUTF16: bytes, swapped: false) : utf8(fromUTF16: bytes, swapped: true)
  }

  /// `utf8(fromUTF16:littleEndian:)` with the byte order fixed for the whole loop: `swapped`
  /// is whether each unit's two bytes are big-endian.
  @inline(__always)
  private static func utf8(fromUTF16 bytes: UnsafeBufferPointer<UInt8>, swapped: Bool) -> [UInt8]? {
    let unitCount = bytes.count / 2
    var valid = true
    guard let input = UnsafeRawPointer(bytes.baseAddress) else { return [] }
    // At most 3 UTF-8 bytes per code unit (a surrogate pair: 4 bytes for 2 units).
    let out = [UInt8](unsafeUninitializedCapacity: unitCount * 3) { buffer, written in
      guard let output = buffer.baseAddress else { return }
      var o = 0
      var i = 0
      @inline(__always) func unit(_ index: Int) -> UInt32 {
        let raw = input.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
        return UInt32(swapped ? raw.byteSwapped : raw)
      }
      // The high byte of each ASCII unit is zero, and its low byte below 0x80.
      let asciiMask: UInt64 = swapped ? 0x80FF_80FF_80FF_80FF : 0xFF80_FF80_FF80_FF80
      while i < unitCount {
        if i + 4 <= unitCount {
          let four = input.loadUnaligned(fromByteOffset: 2 * i, as: UInt64.self)
          if four & asciiMask == 0 {
            let shift: UInt64 = swapped ? 8 : 0
            output[o] = UInt8(truncatingIfNeeded: four >> shift)
            output[o + 1] = UInt8(truncatingIfNeeded: four >> (16 + shift))
            output[o + 2] = UInt8(truncatingIfNeeded: four >> (32 + shift))
            output[o + 3] = UInt8(truncatingIfNeeded: four >> (48 + shift))
            o += 4
            i += 4
            continue
          }
        }
        let u = unit(i)
        i += 1
        var scalar = u
        if u >= 0xD800, u <= 0xDFFF {
          guard u < 0xDC00, i < unitCount, (0xDC00...0xDFFF).contains(unit(i)) else {
            valid = false  // an unpaired surrogate
            break
          }
          scalar = 0x10000 + ((u - 0xD800) << 10) + (unit(i) - 0xDC00)
          i += 1
        }
        o += writeUTF8(scalar, to: output + o)
      }
      written = o
    }
    return valid ? out : nil
  }

  /// Writes `scalar` (a Unicode scalar value) as UTF-8 at `out`.
  /// - Returns: the bytes written, 1 to 4.
  @inline(__always)
  static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
    if scalar < 0x80 {
      out[0] = UInt8(scalar)
      return 1
    }
    if scalar < 0x800 {
      out[0] = UInt8(0xC0 | scalar >> 6)
      out[1] = UInt8(0x80 | scalar & 0x3F)
      return 2
    }
    if scalar < 0x10000 {
      out[0] = UInt8(0xE0 | scalar >> 12)
      out[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
      out[2] = UInt8(0x80 | scalar & 0x3F)
      return 3
    }
    out[0] = UInt8(0xF0 | scalar >> 18)
    out[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
    out[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
    out[3] = UInt8(0x80 | scalar & 0x3F)
    return 4
  }

  /// Converts with glibc's iconv, which knows GB18030 on every Debian system.
  ///
  /// - Returns: `nil` when the bytes are not valid in `source` or cannot be written in `target`.
  public static func iconv(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
    bytes.withUnsafeBufferPointer { iconv($0, from: source, to: target) }
  }

  /// `iconv` for bytes in place: the input is not copied, and the output is made in one
  /// uninitialised buffer (≤ 2× either way) and never copied again.
  public static func iconv(_ bytes: UnsafeBufferPointer<UInt8>, from source: String, to target: String) -> [UInt8]? {
    let handle = iconv_open(target, source)
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(handle) }
    if bytes.isEmpty { return [] }
    var ok = false
    let output = [UInt8](unsafeUninitializedCapacity: bytes.count * 2 + 16) { outBuf, written in
      // iconv does not write through its input pointer; it only advances it.
      var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: bytes.baseAddress)?
        .assumingMemoryBound(to: CChar.self)
      var inLeft = bytes.count
      var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?
        .assumingMemoryBound(to: CChar.self)
      var outLeft = outBuf.count
      let result = Glibc.iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
      written = outBuf.count - outLeft
      ok = result != size_t.max && inLeft == 0
    }
    return ok ? output : nil
  }
}
