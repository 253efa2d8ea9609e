import Foundation

/// The dates cairo writes into a PDF (`/CreationDate (D:20261203184234Z)`, and `/ModDate`),
/// fixed, so the same graph gives the same bytes run after run. cairo 1.16, Debian's, reads
/// no `SOURCE_DATE_EPOCH`; the date is overwritten in place with one of the same length, so
/// no offset in the file's cross-reference table moves.
enum PDFDates {
  /// The date written instead, as PDF writes dates: `SOURCE_DATE_EPOCH` (the reproducible
  /// builds convention) when set, else the Unix epoch.
  static let fixed = Array(date(epoch: sourceDateEpoch() ?? 0).utf8)

  /// `SOURCE_DATE_EPOCH` from the environment, if it is a number of seconds.
  static func sourceDateEpoch() -> Int? {
    guard let text = getenv("SOURCE_DATE_EPOCH").map({ String(cString: $0) }), let seconds = Int(text), seconds >= 0 else {
      return nil
    }
    return seconds
  }

  /// `YYYYMMDDHHMMSS` of `epoch` seconds, UTC (a civil date from days, as in Howard Hinnant's
  /// `civil_from_days`: no calendar or locale involved).
  static func date(epoch: Int) -> String {
    let days = epoch / 86_400, seconds = epoch % 86_400
    let z = days + 719_468
    let era = z / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return String(min(year, 9999)) + two(month) + two(day) + two(seconds / 3600) + two(seconds / 60 % 60) + two(seconds % 60)
  }

  /// `pdf` with every `/CreationDate (D:…` and `/ModDate (D:…` date's fourteen digits set to
  /// `fixed`.
  static func fixingDates(of pdf: [UInt8]) -> [UInt8] {
    var bytes = pdf
    for marker in markers {
      var from = 0
      while let found = bytes[from...].firstRange(of: marker) {
        let start = found.upperBound
        let end = start + fixed.count
        guard end <= bytes.count, bytes[start..<end].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
          from = start
          continue
        }
        bytes.replaceSubrange(start..<end, with: fixed)
        from = end
      }
    }
    return bytes
  }

  static let markers = ["/CreationDate (D:", "/ModDate (D:"].map { Array($0.utf8) }
}
