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

  /// Longest first, so that 有限责任公司 is removed whole.
  static let companySuffixes = [
    "股份有限公司", "有限责任公司", "有限公司", "co.,ltd", "coltd", "ltd", "公司", "商行", "经营部", "批发部",
  ]

  public static func < (a: PartyName, b: PartyName) -> Bool { a.key < b.key }
}
