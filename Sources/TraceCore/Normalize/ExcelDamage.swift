/// Values Excel damaged before they reached us: long numbers saved in scientific notation.
///
/// A column of phone numbers, numeric store ids, waybills or bank accounts that Excel took
/// for numbers is saved to CSV as `1.38001E+10`: the digits after the sixth are gone, and
/// different numbers become the same text. Such a value identifies nothing. Read as a phone
/// it became `13800110`, and stores that share no phone were linked into a ring through it;
/// as a store id or a lead id it merged different stores or leads. So it is kept with its
/// lead as written, but never used as a key, and `check` tells the sender how to export the
/// column intact.
public enum ExcelDamage {
  /// Whether `utf8` is a number in Excel's scientific notation: a digit, optionally a point
  /// and more digits, then `E+` (or `e+`) and the exponent's digits, e.g. `1.38001E+10` or
  /// `6E+15`. Fails on the first byte or two for any other value.
  public static func isScientificNotation(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = utf8.count
    guard count >= 4, count <= 24, isDigit(utf8[0]) else { return false }
    var index = 1
    if utf8[index] == UInt8(ascii: ".") {
      index += 1
      let digits = index
      while index < count, isDigit(utf8[index]) { index += 1 }
      guard index > digits else { return false }
    }
    guard index + 2 < count, utf8[index] == UInt8(ascii: "E") || utf8[index] == UInt8(ascii: "e"),
      utf8[index + 1] == UInt8(ascii: "+")
    else { return false }
    index += 2
    let exponent = index
    while index < count, isDigit(utf8[index]) { index += 1 }
    return index == count && index > exponent
  }

  /// `isScientificNotation` of a `String`.
  public static func isScientificNotation(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { isScientificNotation($0) }
  }

  @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
