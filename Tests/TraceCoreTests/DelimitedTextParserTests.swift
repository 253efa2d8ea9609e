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
            let reader = DelimitedTextParser.RecordReader(bytes: buffer, delimiter: delimiter)
            for start in 0..<min(3, bytes.count) {
              #expect(reader.endOfUnquotedField(from: start) == Self.naiveEnd(bytes, from: start, delimiter: delimiter))
            }
          }
        }
      }
    }
  }
}

/// The cursor parses two records ahead of the one it returns and interns them later
/// (`DelimitedTextParser.Cursor`): it must give exactly what parsing and interning one record
/// at a time gives, ids included.
@Suite struct PipelinedCursorTests {
  typealias Step = (line: Int, ids: [Int32], range: Range<Int>, unclosed: Bool)

  /// Each record parsed, then its fields interned one by one, before the next is parsed.
  static func oneAtATime(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, pool: inout ValuePool) -> [Step] {
    var reader = DelimitedTextParser.RecordReader(bytes: bytes, delimiter: delimiter)
    var record = DelimitedTextParser.PendingRecord()
    var steps: [Step] = []
    while reader.parse(into: &record) {
      steps.append((record.line, internFields(of: record, in: bytes, delimiter: delimiter, pool: &pool), record.range, record.unclosedQuote))
      if record.unclosedQuote { break }
    }
    return steps
  }

  /// A parsed record's fields, trimmed and interned one by one.
  static func internFields(
    of record: DelimitedTextParser.PendingRecord, in bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8,
    pool: inout ValuePool
  ) -> [Int32] {
    record.scratch.withUnsafeBufferPointer { scratch in
      record.fields.map { span in
        pool.intern(
          DelimitedTextParser.RecordReader.trimmed(span.inScratch ? scratch : bytes, span.start, span.end, delimiter: delimiter))
      }
    }
  }

  static func pipelined(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, pool: inout ValuePool) -> [Step] {
    var cursor = DelimitedTextParser.Cursor(bytes: bytes, delimiter: delimiter)
    var steps: [Step] = []
    while cursor.next(pool: &pool) { steps.append((cursor.line, cursor.fields, cursor.range, cursor.unclosedQuote)) }
    return steps
  }

  static let inputs = [
    "", "\n\n", "h", "h1,h2", "h1,h2\n", "h\nx", "h\nx\n", "h\n\"open", "\"open at once\nmore",
    "h1,h2\r\na,\"x\r\ny\nz\"\r\nb,c\n\nd,e", "a,b\nb,a\na,b\n,\n \"q\" ,x\n", "h\nok\n\"open\nmore\nlast\n",
    "h\na\nb\n\"never,closed\n", "x\ty\r\ry\tx\r\n\r\n", "a,\"\",\"\"\"\"\n\"a\"b,c\r",
  ]

  @Test(arguments: inputs)
  func givesWhatOneRecordAtATimeGives(text: String) {
    let bytes = Array(text.utf8)
    for delimiter in [UInt8(ascii: ","), 0x09] {
      bytes.withUnsafeBufferPointer { buffer in
        var expectedPool = ValuePool(), pool = ValuePool()
        let expected = Self.oneAtATime(buffer, delimiter: delimiter, pool: &expectedPool)
        let steps = Self.pipelined(buffer, delimiter: delimiter, pool: &pool)
        #expect(steps.map(\.line) == expected.map(\.line))
        #expect(steps.map(\.ids) == expected.map(\.ids))
        #expect(steps.map(\.range) == expected.map(\.range))
        #expect(steps.map(\.unclosed) == expected.map(\.unclosed))
        #expect(pool.count == expectedPool.count)
        #expect((0..<Int32(pool.count)).allSatisfy { pool[$0] == expectedPool[$0] })
      }
    }
  }

  /// A long file, with the pool changed between steps as the reader does (its validator
  /// interns too), and the table growing under the records parsed ahead.
  @Test func manyRecordsWithThePoolChangedBetweenSteps() {
    var text = "id,name,note\n"
    for index in 0..<5_000 {
      text += index % 7 == 0 ? "\(index),\"name \(index % 13)\nsecond line\",\"a \"\"quoted\"\" note\"\r\n" : "\(index), n\(index % 13) ,x\n"
      if index % 97 == 0 { text += "\n" }
    }
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var expectedPool = ValuePool(capacity: 16), pool = ValuePool(capacity: 16)
      var expected: [Step] = []
      var reader = DelimitedTextParser.RecordReader(bytes: buffer, delimiter: 0x2C)
      var record = DelimitedTextParser.PendingRecord()
      var cursor = DelimitedTextParser.Cursor(bytes: buffer, delimiter: 0x2C)
      var steps: [Step] = []
      while reader.parse(into: &record) {
        let ids = Self.internFields(of: record, in: buffer, delimiter: 0x2C, pool: &expectedPool)
        expected.append((record.line, ids, record.range, record.unclosedQuote))
        _ = expectedPool.intern("extra \(expected.count)")
        let advanced = cursor.next(pool: &pool)
        #expect(advanced)
        steps.append((cursor.line, cursor.fields, cursor.range, cursor.unclosedQuote))
        _ = pool.intern("extra \(steps.count)")
      }
      let ended = !cursor.next(pool: &pool)
      #expect(ended)
      #expect(steps.count == 5_001)
      #expect(steps.map(\.line) == expected.map(\.line))
      #expect(steps.map(\.ids) == expected.map(\.ids))
      #expect(steps.map(\.range) == expected.map(\.range))
      #expect(pool.count == expectedPool.count)
    }
  }
}
