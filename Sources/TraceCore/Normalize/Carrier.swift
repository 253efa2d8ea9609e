import Foundation

/// Courier companies and the shapes of their waybill numbers.
public enum Carrier: String, CaseIterable, Sendable {
  case sf = "顺丰"
  case zto = "中通"
  case yto = "圆通"
  case yunda = "韵达"
  case sto = "申通"
  case jd = "京东"
  case ems = "邮政"
  case jt = "极兔"
  case best = "百世"
  case deppon = "德邦"

  /// The carrier named by a cell ("顺丰速运", "SF Express", "中通快递" …), or `nil` if unknown.
  public init?(name raw: String) {
    let compact = TextNormalization.compact(raw)
    guard !compact.isEmpty else { return nil }
    for carrier in Carrier.allCases
    where carrier.spellings.contains(where: { compact.hasPrefix($0) }) {
      self = carrier
      return
    }
    return nil
  }

  var spellings: [String] {
    switch self {
    case .sf: ["顺丰", "sf"]
    case .zto: ["中通", "zto"]
    case .yto: ["圆通", "yto"]
    case .yunda: ["韵达", "yunda", "yd"]
    case .sto: ["申通", "sto"]
    case .jd: ["京东", "jd"]
    case .ems: ["邮政", "ems", "中国邮政", "邮储"]
    case .jt: ["极兔", "j&t", "jt"]
    case .best: ["百世", "best", "汇通"]
    case .deppon: ["德邦", "deppon"]
    }
  }

  /// Whether `waybill` (already cleaned to upper-case letters and digits) has this carrier's
  /// format. A mismatch is worth a remark, never a reject: formats change.
  public func accepts(waybill: String) -> Bool {
    let digits = waybill.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    let count = waybill.utf8.count  // cleaned waybills are ASCII
    switch self {
    case .sf: return (waybill.hasPrefix("SF") && count == 15) || (digits && count == 12)
    case .zto: return digits && (12...15).contains(count)
    case .yto: return (waybill.hasPrefix("YT") && count == 15) || (digits && count == 10)
    case .yunda: return digits && (13...15).contains(count)
    case .sto: return digits && (12...15).contains(count)
    case .jd: return (waybill.hasPrefix("JD") && (13...17).contains(count)) || (digits && count == 12)
    case .ems: return (count == 13 && waybill.hasSuffix("CN")) || (digits && count == 13)
    case .jt: return waybill.hasPrefix("JT") && count == 15
    case .best, .deppon: return digits && (10...15).contains(count)
    }
  }

  /// A waybill as a key: NFKC, letters upper-cased, everything but letters and digits removed.
  public static func cleanWaybill(_ raw: String) -> String {
    // Fast path: already ASCII letters and digits (nearly every waybill).
    if raw.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) {
      return String(decoding: raw.utf8.map { $0 >= 0x61 ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
    return String(TextNormalization.compact(raw).uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
