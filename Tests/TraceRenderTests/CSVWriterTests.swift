import Testing
@testable import TraceRender

@Suite struct CSVWriterTests {
  @Test func quotesOnlyFieldsThatNeedIt() {
    var csv = CSVWriter(header: ["a", "b"])
    csv.row(["plain 中文", "has,comma"])
    csv.row(["say \"hi\"", "two\nlines"])
    csv.row(["cr\r", ""])
    #expect(csv.text == "a,b\nplain 中文,\"has,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n\"cr\r\",\n")
  }

  /// A joined field is what `field(parts.joined(separator:))` writes, quoted or not.
  @Test(arguments: [
    [String](), ["人民邮电出版社"], ["作家出版社", "人民邮电出版社"], ["a,b", "c"], ["x", "say \"y\""],
    ["", ""], ["long enough to live on the heap, surely", "and another one"],
  ])
  func joinedFieldIsTheJoinedString(parts: [String]) {
    for separator: Character in [";", "、"] {
      var joined = CSVWriter()
      joined.field("first")
      joined.field(joining: parts, separator: separator)
      joined.endRow()
      var plain = CSVWriter()
      plain.row(["first", parts.joined(separator: String(separator))])
      #expect(joined.text == plain.text)
    }
  }

  /// A field a spreadsheet would take for a formula gets a leading `'`, quoted or not,
  /// joined or not; other fields are as they were.
  @Test(arguments: [
    ("=1+1", "'=1+1"), ("+86 139", "'+86 139"), ("-DY2", "'-DY2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("a=b", "a=b"), ("中文", "中文"),
  ])
  func formulasAreGuarded(field: String, written: String) {
    var csv = CSVWriter()
    csv.field(field)
    csv.endRow()
    #expect(csv.text == written + "\n")
    var joined = CSVWriter()
    joined.field(joining: [field, "x"], separator: ";")
    joined.endRow()
    var plain = CSVWriter()
    plain.field(field + ";x")
    plain.endRow()
    #expect(joined.text == plain.text)
  }

  @Test func activeCharactersAreShownAsCodes() {
    var csv = CSVWriter()
    csv.field("Invoice\u{202E}fdp.exe\u{FFFF}\u{7}")
    csv.endRow()
    #expect(csv.text == "Invoice⟨U+202E⟩fdp.exe⟨U+FFFF⟩⟨U+0007⟩\n")
  }
}
