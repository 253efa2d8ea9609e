/// The dates cairo writes into a PDF (`/CreationDate (D:20261203184234Z)`, and `/ModDate`),
/// fixed, so the same graph gives the same bytes run after run. cairo 1.16, Debian's, reads
/// no `SOURCE_DATE_EPOCH`; the date is overwritten in place with one of the same length, so
/// no offset in the file's cross-reference table moves.
enum PDFDates {
  /// The date written instead: the Unix epoch, as PDF writes dates.
  static let fixed = Array("19700101000000".utf8)

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
