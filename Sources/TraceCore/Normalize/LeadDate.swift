import Foundation

/// A report date, read from the ways publishers write dates.
public struct LeadDate: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let year: Int, month: Int, day: Int

  /// Reads 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305, each optionally followed by
  /// a time; `nil` for anything else or an impossible date (2024-13-05, 2024/3/32, 2023-02-29).
  public init?(_ raw: String) {
    let text = TextNormalization.clean(raw)
    var numbers: [Int] = []
    var current = 0, digits = 0
    var index = text.unicodeScalars.startIndex
    let scalars = text.unicodeScalars
    func flush() -> Bool {
      guard digits > 0 else { return false }
      numbers.append(current)
      current = 0
      digits = 0
      return true
    }
    var separator: Unicode.Scalar? = nil
    while index < scalars.endIndex, numbers.count < 3 {
      let s = scalars[index]
      if ("0"..."9").contains(s) {
        current = current * 10 + Int(s.value - 48)
        digits += 1
        if digits > 8 { return nil }
      } else if s == "-" || s == "/" || s == "." || s == "年" || s == "月" {
        guard flush(), numbers.count < 3 else { return nil }
        let group: Unicode.Scalar = (s == "年" || s == "月") ? "年" : s
        if let separator, separator != group { return nil }
        separator = group
      } else if s == "日" || s == " " || s == "T" {
        break
      } else {
        return nil
      }
      index = scalars.index(after: index)
    }
    if digits > 0 { _ = flush() }
    if numbers.count == 1, separator == nil, String(numbers[0]).count == 8 {
      numbers = [numbers[0] / 10000, numbers[0] / 100 % 100, numbers[0] % 100]
    }
    guard numbers.count == 3 else { return nil }
    let (y, m, d) = (numbers[0], numbers[1], numbers[2])
    guard (1990...2100).contains(y), (1...12).contains(m),
      (1...LeadDate.days(inMonth: m, year: y)).contains(d)
    else { return nil }
    year = y
    month = m
    day = d
  }

  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), (1...LeadDate.days(inMonth: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  static func days(inMonth month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// ISO 8601: `2024-03-05`.
  public var description: String {
    func pad(_ n: Int, _ w: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (a: LeadDate, b: LeadDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }
}
