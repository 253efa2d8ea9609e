import Testing
@testable import TraceCore

@Suite struct DelimitedTextParserTests {
  let csv = DelimitedTextParser(delimiter: UInt8(ascii: ","))

  @Test func multiLineQuotedFieldKeepsPhysicalLines() {
    let text = "h1,h2\r\na,\"x\r\ny\nz\"\r\nb,c\n\nd,e"
    let records = csv.records(in: Array(text.utf8))
    #expect(records.map(\.line) == [1, 2, 5, 7])
    #expect(records[1].fields == ["a", "x\r\ny\nz"])
    #expect(records[3].fields == ["d", "e"])
  }

  @Test func doubledQuotesAndEmbeddedDelimiters() {
    let records = csv.records(in: Array("\"a,\"\"b\"\"\",c,\n".utf8))
    #expect(records[0].fields == ["a,\"b\"", "c", ""])
  }

  @Test func unclosedQuoteSwallowsTheRestAtItsStartLine() {
    let records = csv.records(in: Array("h\nok\n\"open\nmore\nlast\n".utf8))
    #expect(records.count == 3)
    #expect(records[2].line == 3)
    #expect(records[2].unclosedQuote)
    #expect(records[2].raw == "\"open\nmore\nlast\n")
  }

  @Test func tabSeparatedAndLoneCR() {
    let tsv = DelimitedTextParser(delimiter: 0x09)
    let records = tsv.records(in: Array("a\tb\rc\td".utf8))
    #expect(records.map(\.fields) == [["a", "b"], ["c", "d"]])
    #expect(records.map(\.line) == [1, 2])
  }
}
