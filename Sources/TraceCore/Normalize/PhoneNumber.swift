import Foundation

/// A Chinese phone number reduced to the digits that identify it.
///
/// Mobiles lose the country code (+86, 0086, 86); landlines keep their area code with its
/// leading 0 (0579-85123456 ≡ (0579)8512-3456); 400/800 service numbers are kept whole.
public struct PhoneNumber: Hashable, Sendable, Comparable {
  public enum Kind: String, Sendable, Codable {
    case mobile, landline, service, other
  }

  /// Digits only: the linking key.
  public let key: String
  public let kind: Kind

  /// Normalises a phone as written; `nil` when it holds fewer than five digits.
  public init?(_ raw: String) {
    var digits: [UInt8] = []
    var hadPlus = false
    for scalar in raw.unicodeScalars {
      switch scalar.value {
      case 0x30...0x39: digits.append(UInt8(scalar.value))
      case 0xFF10...0xFF19: digits.append(UInt8(scalar.value - 0xFF10 + 0x30))
      case 0x2B, 0xFF0B: if digits.isEmpty { hadPlus = true }
      default: break
      }
    }
    let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1")
    var body = digits[...]
    if body.starts(with: "0086".utf8) {
      body = body.dropFirst(4)
    } else if hadPlus, body.starts(with: "86".utf8) {
      body = body.dropFirst(2)
    } else if body.count == 13, body.starts(with: "86".utf8), body[body.startIndex + 2] == one {
      body = body.dropFirst(2)
    }
    guard body.count >= 5 else { return nil }
    let text = String(decoding: body, as: UTF8.self)
    if body.count == 10, text.hasPrefix("400") || text.hasPrefix("800") {
      kind = .service
      key = text
    } else if body.count == 11, body.first == one {
      kind = .mobile
      key = text
    } else if body.first == zero, (10...12).contains(body.count) {
      kind = .landline
      key = text
    } else if (hadPlus || digits.starts(with: "0086".utf8)), (9...11).contains(body.count),
      body.first != zero
    {
      kind = .landline  // +86 579 85123456: the trunk 0 was dropped with the country code
      key = "0" + text
    } else {
      kind = .other
      key = text
    }
  }

  /// Service numbers (400/800) belong to companies and couriers, never to one ring.
  public var isInfrastructure: Bool { kind == .service }

  public static func < (a: PhoneNumber, b: PhoneNumber) -> Bool { a.key < b.key }
}
