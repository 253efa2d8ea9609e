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
}
