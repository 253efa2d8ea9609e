/// The shared strings of a workbook (`xl/sharedStrings.xml`): the text that the cells of a
/// workbook saved by Excel point at (`t="s"`), every string's UTF-8 bytes end to end.
///
/// Scanned from the part's bytes, as the worksheet is (`WorksheetScanner`), not run through
/// `XMLParser`: a sheet of 40,000 leads saved this way holds 220,000 shared strings, and
/// `XMLParser`'s callbacks with a `String` for each made reading it ten times slower than
/// reading the same leads as CSV (0.9 s against 0.09 s).
struct SharedStrings {
  /// The strings' bytes, end to end.
  private var text = ByteBuffer()
  /// String `i` ends at `ends[i]` in `text`, and starts where string `i - 1` ends.
  private var ends: [Int] = []

  /// The number of strings.
  var count: Int { ends.count }

  /// No strings: a workbook without the part.
  init() {}

  /// The strings of a shared-strings part: each `<si>`'s text runs (`<t>`, in rich text one
  /// per `<r>`) joined, phonetic runs (`<rPh>`) skipped, entities decoded. Elements are known
  /// by their local names, with or without a namespace prefix.
  init(scanning bytes: UnsafeBufferPointer<UInt8>) {
    text.reserveCapacity(bytes.count / 2)
    var i = 0
    let n = bytes.count
    var inString = false
    var phoneticDepth = 0
    while i < n {
      guard bytes[i] == UInt8(ascii: "<") else {
        i += 1  // white space between elements; text outside `<t>` is not part of a string
        continue
      }
      let tag = XMLTag(in: bytes, at: i)
      let (closing, selfClosing) = (tag.closing, tag.selfClosing)
      let name = UnsafeBufferPointer(rebasing: bytes[tag.name])
      i = tag.after
      if WorksheetScanner.same(name, "t") {
        guard !closing, !selfClosing, inString, phoneticDepth == 0 else { continue }
        let k = WorksheetScanner.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: i)
        XMLText.decode(UnsafeBufferPointer(rebasing: bytes[i..<k]), into: &text)
        i = k
      } else if WorksheetScanner.same(name, "si") {
        if closing || selfClosing {
          ends.append(text.count)
          inString = false
        } else {
          inString = true
        }
      } else if WorksheetScanner.same(name, "rPh"), !selfClosing {
        phoneticDepth = max(0, phoneticDepth + (closing ? -1 : 1))
      }
    }
  }

  /// Appends string `index` to `out`.
  /// - Returns: `false` when there is no such string.
  func append(_ index: Int, to out: inout ByteBuffer) -> Bool {
    guard index >= 0, index < ends.count else { return false }
    let start = index == 0 ? 0 : ends[index - 1]
    text.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    return true
  }

  /// String `index` (tests).
  subscript(index: Int) -> String {
    var out = ByteBuffer()
    _ = append(index, to: &out)
    return String(decoding: out.bytes, as: UTF8.self)
  }
}
