/// One record of a delimited text file, with where it starts.
public struct RawRecord: Sendable, Equatable {
  /// The 1-based physical line the record starts on.
  public var line: Int
  public var fields: [String]
  /// The record's text as in the file, line breaks inside quoted fields included.
  public var raw: String
  /// The record opened a quote that was never closed: it runs to the end of the file.
  public var unclosedQuote: Bool
}

/// An RFC 4180 parser for CSV and TSV over UTF-8 bytes.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks (LF, CRLF or CR). Every
/// physical line is counted, so a record's `line` is where it starts in the file even after
/// multi-line fields. Blank lines are not records. A quote that is never closed makes one
/// record of the rest of the file, flagged `unclosedQuote`. A quote in the middle of an
/// unquoted field is kept as a literal character, as Excel does. Fields are trimmed of ASCII
/// white space and interned into a `ValuePool` straight from the bytes.
///
/// - Complexity: O(n) in the number of bytes, one pass, no allocation per known value.
public struct DelimitedTextParser: Sendable {
  public var delimiter: UInt8

  public init(delimiter: UInt8) { self.delimiter = delimiter }

  /// Walks the records of a buffer one at a time; the pool is passed to each step, so the
  /// caller can use it between steps.
  public struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    var position = 0
    var nextLine = 1
    var scratch: [UInt8] = []
    /// The current record: its first line, field ids, byte range and whether a quote was left open.
    public private(set) var line = 0
    public private(set) var fields: [Int32] = []
    public private(set) var range: Range<Int> = 0..<0
    public private(set) var unclosedQuote = false

    public init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
      self.bytes = bytes
      self.delimiter = delimiter
    }

    @inline(__always) func isSpace(_ b: UInt8) -> Bool {
      b == 0x20 || (b == 0x09 && delimiter != 0x09) || b == 0x0A || b == 0x0D
    }

    /// Where one field of the current record lies: in the input, or (quoted fields, whose
    /// doubled quotes are undone) in `scratch`.
    struct Span {
      var start: Int
      var end: Int
      var inScratch: Bool
    }

    /// The current record's fields, found before any is interned.
    var spans: [Span] = []

    /// `start..<end` of `buffer` without surrounding white space.
    func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
      var s = start, e = end
      while s < e, isSpace(buffer[s]) { s += 1 }
      while e > s, isSpace(buffer[e - 1]) { e -= 1 }
      return UnsafeBufferPointer(rebasing: buffer[s..<e])
    }

    /// Interns the current record's fields, trimmed, into `fields`: all at once, so their
    /// table probes overlap.
    mutating func internFields(pool: inout ValuePool) {
      let spans = self.spans, bytes = self.bytes
      var ids = fields
      fields = []  // `ids` is then the only reference: no copy
      scratch.withUnsafeBufferPointer { scratch in
        pool.intern(
          count: spans.count,
          { index in
            let span = spans[index]
            return trimmed(span.inScratch ? scratch : bytes, span.start, span.end)
          }, into: &ids)
      }
      fields = ids
    }

    /// Where the unquoted field starting at `start` ends: the first delimiter or line break
    /// from there, or the end of the input. Eight bytes are looked at a step (a byte equal to
    /// one of the three is found as a zero byte of the word XORed with it), then the last few
    /// one by one.
    @inline(__always)
    func endOfUnquotedField(from start: Int) -> Int {
      let count = bytes.count
      var position = start
      guard let base = UnsafeRawPointer(bytes.baseAddress) else { return position }
      let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
      let delimiters = UInt64(delimiter) &* ones, lfs = 0x0A &* ones, crs = 0x0D &* ones
      @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
      while position + 8 <= count {
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        let found = zeroBytes(word ^ delimiters) | zeroBytes(word ^ lfs) | zeroBytes(word ^ crs)
        // The lowest flagged byte is always a true match (a false flag needs a borrow from a
        // lower byte, which only a lower match makes).
        if found != 0 { return position + found.trailingZeroBitCount / 8 }
        position += 8
      }
      while position < count {
        let byte = bytes[position]
        if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
        position += 1
      }
      return position
    }

    /// Advances to the next record; `false` at the end of the input.
    public mutating func next(pool: inout ValuePool) -> Bool {
      if unclosedQuote { return false }
      let count = bytes.count
      let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
      // Blank lines are not records.
      while position < count, bytes[position] == lf || bytes[position] == cr {
        let b = bytes[position]
        position += 1
        if b == cr, position < count, bytes[position] == lf { position += 1 }
        nextLine += 1
      }
      guard position < count else { return false }
      line = nextLine
      let start = position
      spans.removeAll(keepingCapacity: true)
      scratch.removeAll(keepingCapacity: true)
      var endOfRecord = false
      while !endOfRecord {
        if position < count, bytes[position] == quote {
          // Quoted field: copied into scratch, undoubling quotes, counting line breaks.
          let fieldStart = scratch.count
          position += 1
          var closed = false
          while position < count {
            let byte = bytes[position]
            if byte == quote {
              if position + 1 < count, bytes[position + 1] == quote {
                scratch.append(quote)
                position += 2
                continue
              }
              position += 1
              closed = true
              break
            }
            if byte == lf || (byte == cr && !(position + 1 < count && bytes[position + 1] == lf)) {
              nextLine += 1
            }
            scratch.append(byte)
            position += 1
          }
          if !closed {
            spans.append(Span(start: fieldStart, end: scratch.count, inScratch: true))
            internFields(pool: &pool)
            unclosedQuote = true
            range = start..<count
            return true
          }
          // Text after the closing quote is kept literally.
          while position < count {
            let byte = bytes[position]
            if byte == delimiter || byte == lf || byte == cr { break }
            scratch.append(byte)
            position += 1
          }
          spans.append(Span(start: fieldStart, end: scratch.count, inScratch: true))
        } else {
          let fieldStart = position
          position = endOfUnquotedField(from: position)
          spans.append(Span(start: fieldStart, end: position, inScratch: false))
        }
        if position < count, bytes[position] == delimiter {
          position += 1
        } else {
          endOfRecord = true
        }
      }
      internFields(pool: &pool)
      range = start..<position
      if position < count {
        let byte = bytes[position]
        position += 1
        if byte == cr, position < count, bytes[position] == lf { position += 1 }
        nextLine += 1
      }
      return true
    }
  }

  /// Splits `bytes` into records with string fields (tests and small files).
  public func records(in bytes: [UInt8]) -> [RawRecord] {
    var pool = ValuePool()
    var found: [(line: Int, ids: [Int32], range: Range<Int>, unclosed: Bool)] = []
    bytes.withUnsafeBufferPointer { buffer in
      var cursor = Cursor(bytes: buffer, delimiter: delimiter)
      while cursor.next(pool: &pool) {
        found.append((cursor.line, cursor.fields, cursor.range, cursor.unclosedQuote))
      }
    }
    return found.map { record in
      RawRecord(
        line: record.line, fields: record.ids.map { pool[$0] },
        raw: String(decoding: bytes[record.range], as: UTF8.self), unclosedQuote: record.unclosed)
    }
  }
}
