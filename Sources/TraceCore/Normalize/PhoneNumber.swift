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
    var raw = raw
    guard let (key, kind) = raw.withUTF8({ Self.withKey(utf8: $0) { (String(decoding: $0, as: UTF8.self), $1) } })
    else { return nil }
    self.key = key
    self.kind = kind
  }

  /// Calls `body` with the key (as bytes) and kind of the phone written as UTF-8 `utf8`
  /// (valid UTF-8), without making a `String`; `nil` when it holds fewer than five digits.
  ///
  /// Digits are ASCII or full-width (U+FF10–U+FF19, `EF BC 90`–`EF BC 99`); a plus, ASCII or
  /// full-width (U+FF0B), before any digit marks a country code. Everything else is skipped:
  /// no byte of another scalar can look like these.
  public static func withKey<R>(utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Kind) -> R) -> R? {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count + 1) { buffer -> R? in
      // Digits from `buffer[1]`: `buffer[0]` is room for a trunk 0 put back in front.
      var end = 1, hadPlus = false, i = 0
      while i < utf8.count {
        let byte = utf8[i]
        if byte >= 0x30 && byte <= 0x39 {
          buffer[end] = byte
          end += 1
        } else if byte == 0x2B {
          if end == 1 { hadPlus = true }
        } else if byte == 0xEF, i + 2 < utf8.count, utf8[i + 1] == 0xBC {
          let last = utf8[i + 2]
          if last >= 0x90 && last <= 0x99 {
            buffer[end] = last - 0x90 + 0x30
            end += 1
          } else if last == 0x8B, end == 1 {
            hadPlus = true
          }
          i += 2
        }
        i += 1
      }
      let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1")
      func digitsStart(with prefix: StaticString, at start: Int) -> Bool {
        prefix.withUTF8Buffer { prefix in
          end - start >= prefix.count && prefix.indices.allSatisfy { buffer[start + $0] == prefix[$0] }
        }
      }
      var start = 1
      if digitsStart(with: "0086", at: 1) {
        start = 5
      } else if hadPlus, digitsStart(with: "86", at: 1) {
        start = 3
      } else if end - 1 == 13, digitsStart(with: "86", at: 1), buffer[3] == one {
        start = 3
      }
      let count = end - start
      guard count >= 5 else { return nil }
      func key(from first: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[first..<end]))
      }
      if count == 10, digitsStart(with: "400", at: start) || digitsStart(with: "800", at: start) {
        return body(key(from: start), .service)
      } else if count == 11, buffer[start] == one {
        return body(key(from: start), .mobile)
      } else if buffer[start] == zero, (10...12).contains(count) {
        return body(key(from: start), .landline)
      } else if hadPlus || digitsStart(with: "0086", at: 1), (9...11).contains(count), buffer[start] != zero {
        // +86 579 85123456: the trunk 0 was dropped with the country code. `start` is past
        // the country code's digits, so the byte before it is free for the 0.
        buffer[start - 1] = zero
        return body(key(from: start - 1), .landline)
      } else {
        return body(key(from: start), .other)
      }
    }
  }

  /// Service numbers (400/800) belong to companies and couriers, never to one ring.
  public var isInfrastructure: Bool { kind == .service }

  public static func < (a: PhoneNumber, b: PhoneNumber) -> Bool { a.key < b.key }
}
