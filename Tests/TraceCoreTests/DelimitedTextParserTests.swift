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

@Suite struct UnquotedFieldEndTests {
  /// Where a byte-at-a-time scan says the field starting at `start` ends.
  static func naiveEnd(_ bytes: [UInt8], from start: Int, delimiter: UInt8) -> Int {
    var position = start
    while position < bytes.count, bytes[position] != delimiter, bytes[position] != 0x0A, bytes[position] != 0x0D {
      position += 1
    }
    return position
  }

  @Test(arguments: [UInt8(ascii: ","), 0x09])
  func endsWhereAByteAtATimeScanEnds(delimiter: UInt8) {
    // Every stop byte at every distance up to 20, after ASCII, Chinese (high bytes) or
    // bytes one above and below the stop bytes (which a word trick could confuse).
    let fillers: [[UInt8]] = [Array("abc".utf8), Array("书店".utf8), [0x0B, 0x0C, 0x0E, 0x2B, 0x2D, 0x08, 0x01, 0x80]]
    for filler in fillers {
      for length in 0...20 {
        for stop in [delimiter, 0x0A, 0x0D, nil] {
          var bytes = (0..<length).map { filler[$0 % filler.count] }
          if let stop { bytes.append(stop) }
          bytes += Array("tail,\n".utf8)
          bytes.withUnsafeBufferPointer { buffer in
            let cursor = DelimitedTextParser.Cursor(bytes: buffer, delimiter: delimiter)
            for start in 0..<min(3, bytes.count) {
              #expect(cursor.endOfUnquotedField(from: start) == Self.naiveEnd(bytes, from: start, delimiter: delimiter))
            }
          }
        }
      }
    }
  }
}
