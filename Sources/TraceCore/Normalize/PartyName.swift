import Foundation

/// A company or person name as a comparison key.
///
/// NFKC, trimmed, inner spaces collapsed, lower-cased; company suffixes (有限公司, 有限责任公司 …)
/// removed so that "星河图书有限公司" and "星河图书" are one supplier.
public struct PartyName: Hashable, Sendable, Comparable {
  public let key: String

  public init?(_ raw: String) {
    var text = TextNormalization.compact(raw)
    // The byte test first: it is necessary (the text is NFKC, and so are the suffixes) and
    // far cheaper than comparing and counting characters, which only a match needs.
    for suffix in PartyName.companySuffixes
    where text.utf8.reversed().starts(with: suffix.utf8.reversed()) && text.hasSuffix(suffix)
      && text.count > suffix.count + 1
    {
      text = String(text.dropLast(suffix.count))
      break
    }
    guard !text.isEmpty else { return nil }
    key = text
  }

  /// Calls `body` with the key of the name written as UTF-8 `utf8` (valid UTF-8), as bytes;
  /// `nil` when nothing is left. For text of ASCII and CJK ideographs (nearly every name) no
  /// `String` is made: compacted into a buffer, where one scalar is one character, and a
  /// suffix dropped there; other text goes through `init(_:)`.
  public static func withKey<R>(utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
    let byBytes = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(utf8.count, 1)) { buffer -> R?? in
      guard var count = TextNormalization.compactASCIIAndCJK(utf8, into: buffer) else { return .none }
      var characters = 0
      for index in 0..<count where buffer[index] & 0xC0 != 0x80 { characters += 1 }
      for suffix in suffixBytes
      where count >= suffix.bytes.count && characters > suffix.characters + 1
        && suffix.bytes.indices.allSatisfy({ buffer[count - suffix.bytes.count + $0] == suffix.bytes[$0] })
      {
        count -= suffix.bytes.count
        break
      }
      guard count > 0 else { return .some(nil) }
      return .some(body(UnsafeBufferPointer(rebasing: buffer[..<count])))
    }
    if let byBytes { return byBytes }
    guard var key = PartyName(String(decoding: utf8, as: UTF8.self))?.key else { return nil }
    return key.withUTF8(body)
  }

  /// `companySuffixes` as UTF-8, with their length in characters.
  static let suffixBytes = companySuffixes.map { (bytes: Array($0.utf8), characters: $0.count) }

  /// Longest first, so that 有限责任公司 is removed whole.
  static let companySuffixes = [
    "股份有限公司", "有限责任公司", "有限公司", "co.,ltd", "coltd", "ltd", "公司", "商行", "经营部", "批发部",
  ]

  public static func < (a: PartyName, b: PartyName) -> Bool { a.key < b.key }
}
