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
  /// The encoding of `bytes`: a byte-order mark decides; otherwise valid UTF-8 is UTF-8 and
  /// anything else is tried as GB18030 (which covers GBK and GB2312).
  ///
  /// - Returns: `nil` when the bytes look binary (NUL bytes outside UTF-16).
  public static func detect(_ bytes: [UInt8]) -> TextEncoding? {
    bytes.withUnsafeBufferPointer { detect($0) }
  }

  public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
    if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LE }
    if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BE }
    if bytes.contains(0) { return nil }
    if UTF8Validation.isValid(bytes) { return .utf8 }
    return .gb18030
  }

  /// Converts `bytes` in `encoding` to UTF-8, dropping any byte-order mark.
  ///
  /// - Returns: `nil` when the bytes are not valid in that encoding.
  public static func utf8Bytes(of bytes: [UInt8], encoding: TextEncoding) -> [UInt8]? {
    switch encoding {
    case .utf8, .utf8BOM:
      let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
      return String(validating: body, as: UTF8.self) != nil ? body : nil
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
      var units = [UInt16]()
      units.reserveCapacity((bytes.count - start) / 2)
      var i = start
      while i + 1 < bytes.count {
        let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
        units.append(little ? (b << 8 | a) : (a << 8 | b))
        i += 2
      }
      var out = [UInt8]()
      out.reserveCapacity(units.count * 2)
      let hadError = transcode(
        units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true,
        into: { out.append($0) })
      return hadError ? nil : out
    case .gb18030:
      return iconv(bytes, from: "GB18030", to: "UTF-8")
    }
  }

  /// Converts with glibc's iconv, which knows GB18030 on every Debian system.
  ///
  /// - Returns: `nil` when the bytes are not valid in `source` or cannot be written in `target`.
  public static func iconv(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
    let handle = iconv_open(target, source)
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(handle) }
    if bytes.isEmpty { return [] }
    var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)  // ≤ 2× either way
    var input = bytes
    var produced = 0
    let ok = input.withUnsafeMutableBufferPointer { inBuf -> Bool in
      output.withUnsafeMutableBufferPointer { outBuf -> Bool in
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?
          .assumingMemoryBound(to: CChar.self)
        var inLeft = inBuf.count
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?
          .assumingMemoryBound(to: CChar.self)
        var outLeft = outBuf.count
        let result = Glibc.iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
        produced = outBuf.count - outLeft
        return result != size_t.max && inLeft == 0
      }
    }
    guard ok else { return nil }
    return Array(output[..<produced])
  }
}
