import Foundation

/// An ISBN, always held as ISBN-13.
public struct ISBN: Hashable, Sendable {
  public let isbn13: String

  /// What a non-empty ISBN cell turned out to be.
  public enum Parsed: Equatable, Sendable {
    case valid(ISBN)
    case invalid
  }

  /// Reads an ISBN-10 or ISBN-13 with optional hyphens and spaces and checks its check digit.
  public static func parse(_ raw: String) -> Parsed {
    var chars: [UInt8] = []
    for scalar in TextNormalization.nfkc(raw).unicodeScalars {
      switch scalar {
      case "0"..."9": chars.append(UInt8(scalar.value))
      case "X", "x": chars.append(UInt8(ascii: "X"))
      case "-", " ", "\u{3000}": continue
      default:
        if chars.isEmpty, "ISBNisbn:：".unicodeScalars.contains(scalar) { continue }
        return .invalid
      }
    }
    let digitValue: (UInt8) -> Int = { Int($0) - 48 }
    if chars.count == 10 {
      guard !chars[0..<9].contains(UInt8(ascii: "X")) else { return .invalid }
      var sum = 0
      for (i, c) in chars.enumerated() {
        let v = c == UInt8(ascii: "X") ? 10 : digitValue(c)
        sum += (10 - i) * v
      }
      guard sum % 11 == 0 else { return .invalid }
      let body = "978" + String(decoding: chars[0..<9], as: UTF8.self)
      return .valid(ISBN(isbn13: body + String(check13(body))))
    }
    if chars.count == 13, !chars.contains(UInt8(ascii: "X")) {
      let body = String(decoding: chars[0..<12], as: UTF8.self)
      guard check13(body) == digitValue(chars[12]),
        body.hasPrefix("978") || body.hasPrefix("979")
      else { return .invalid }
      return .valid(ISBN(isbn13: body + String(check13(body))))
    }
    return .invalid
  }

  /// The ISBN-13 check digit of twelve digits.
  public static func check13(_ twelve: String) -> Int {
    var sum = 0
    for (i, c) in twelve.utf8.enumerated() { sum += (Int(c) - 48) * (i % 2 == 0 ? 1 : 3) }
    return (10 - sum % 10) % 10
  }

  /// The ISBN-10 form of a 978 ISBN, used by the synthetic generator to write variants.
  public var isbn10: String? {
    guard isbn13.hasPrefix("978") else { return nil }
    let body = Array(isbn13.utf8.dropFirst(3).prefix(9))
    var sum = 0
    for (i, c) in body.enumerated() { sum += (10 - i) * (Int(c) - 48) }
    let check = (11 - sum % 11) % 11
    return String(decoding: body, as: UTF8.self) + (check == 10 ? "X" : String(check))
  }
}
