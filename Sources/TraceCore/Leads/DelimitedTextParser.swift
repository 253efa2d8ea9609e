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
  ///
  /// Interning a field is a table probe, most often a cache miss (at a million leads the
  /// tables are tens of megabytes). So records are parsed four ahead of the one returned, in
  /// a pipeline: each step parses a record, hashing its fields as it finds them, and starts
  /// loading their table slots; starts loading the bytes those slots point at for the
  /// record parsed two steps before (its slots have arrived by now); and interns the record
  /// parsed four steps before, whose slots and bytes are in the cache. (Two and one steps
  /// were too few on this host: reading was 4 % slower, bench-ab.py.) Values are still
  /// interned one record after the other, field by field, so every id is what interning
  /// each record as it was read gives.
  public struct Cursor {
    var reader: RecordReader
    /// Records parsed and not yet returned, a ring of `depth`: `waiting` of them from `first`.
    var ahead = [PendingRecord](repeating: PendingRecord(), count: depth)
    var first = 0, waiting = 0
    var parsedAll = false
    static let depth = 5
    /// How many records after the one returned have their bytes prefetched.
    static let bytesAhead = 2
    /// The current record: its first line, field ids, byte range and whether a quote was left open.
    public private(set) var line = 0
    public private(set) var fields: [Int32] = []
    public private(set) var range: Range<Int> = 0..<0
    public private(set) var unclosedQuote = false
    /// The current record has a cell over `limits.cellBytes` or more than
    /// `limits.cellsPerRow` cells: its fields are not interned (`fields` is empty).
    public private(set) var oversized = false

    /// A cursor over `bytes`; records beyond `limits` are flagged `oversized`, and never
    /// held whole as fields.
    public init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, limits: ReadLimits = ReadLimits()) {
      reader = RecordReader(
        bytes: bytes, delimiter: delimiter, maxFields: max(1, limits.cellsPerRow), maxFieldBytes: limits.cellBytes)
    }

    /// Advances to the next record; `false` at the end of the input.
    public mutating func next(pool: inout ValuePool) -> Bool {
      // The ring is moved out and worked on through a buffer pointer: reached as `ahead[i]`,
      // records were copied at every step (their three arrays retained and released, a
      // uniqueness check per access: a tenth of reading at a million leads, perf).
      var ring = ahead
      ahead = []
      defer { ahead = ring }
      return ring.withUnsafeMutableBufferPointer { next(ring: $0, pool: &pool) }
    }

    private mutating func next(ring ahead: UnsafeMutableBufferPointer<PendingRecord>, pool: inout ValuePool) -> Bool {
      while waiting < Self.depth && !parsedAll {
        let slot = (first + waiting) % Self.depth
        guard reader.parse(into: &ahead[slot]) else {
          parsedAll = true
          break
        }
        ahead[slot].startProbes(in: pool)
        waiting += 1
        // A quote never closed ran to the end of the input.
        if ahead[slot].unclosedQuote { parsedAll = true }
      }
      guard waiting > 0 else { return false }
      if waiting > Self.bytesAhead {
        ahead[(first + Self.bytesAhead) % Self.depth].prefetchBytes(in: pool)
      }
      oversized = ahead[first].oversized
      if oversized {
        fields.removeAll()
      } else {
        ahead[first].intern(into: &pool, ids: &fields, bytes: reader.bytes)
      }
      line = ahead[first].line
      range = ahead[first].range
      unclosedQuote = ahead[first].unclosedQuote
      first = (first + 1) % Self.depth
      waiting -= 1
      return true
    }
  }

  /// A record parsed and not yet interned: where its fields are, and their hashes.
  struct PendingRecord {
    var line = 0
    var range: Range<Int> = 0..<0
    var unclosedQuote = false
    /// Over the reader's limits: a field too long, or too many fields (the later ones
    /// then overwrite the last span).
    var oversized = false
    /// How many fields the record has: the first `count` of `spans`.
    var count = 0
    /// Where each field lies, trimmed of white space, with its hash: room for at least as
    /// many fields as the longest record so far, so parsing a record writes into place
    /// (appended, each field was a capacity and a uniqueness check).
    var spans = [FieldSpan](repeating: FieldSpan(), count: 32)
    /// The bytes of quoted fields, whose doubled quotes are undone.
    var scratch: [UInt8] = []

    /// The record's fields.
    var fields: ArraySlice<FieldSpan> { spans[..<count] }

    /// Starts loading the fields' table slots (`ValuePool.prefetchSlot`).
    mutating func startProbes(in pool: ValuePool) {
      if oversized { return }
      spans.withUnsafeBufferPointer { spans in
        for index in 0..<count where spans[index].hash != 0 { pool.prefetchSlot(spans[index].hash) }
      }
    }

    // `prefetchBytes` and `intern` change nothing but are `mutating`: called on a record in
    // the cursor's ring (reached through a pointer), a non-mutating call copied the record.

    /// Starts loading the bytes the fields' slots point at (`ValuePool.prefetchBytes`).
    mutating func prefetchBytes(in pool: ValuePool) {
      if oversized { return }
      spans.withUnsafeBufferPointer { spans in
        for index in 0..<count where spans[index].hash != 0 { pool.prefetchBytes(spans[index].hash) }
      }
    }

    /// Interns the fields, hashed when parsed, into `ids`.
    mutating func intern(into pool: inout ValuePool, ids: inout [Int32], bytes: UnsafeBufferPointer<UInt8>) {
      if ids.count != count { ids = [Int32](repeating: 0, count: count) }
      // The scratch is opened only for a quoted field: each array opened costs a retain and
      // a release, and this runs once a record.
      spans.withUnsafeBufferPointer { spans in
        ids.withUnsafeMutableBufferPointer { ids in
          for index in 0..<count {
            let span = spans[index]
            if span.start == span.end {
              ids[index] = 0
            } else if span.inScratch {
              ids[index] = scratch.withUnsafeBufferPointer { scratch in
                pool.intern(UnsafeBufferPointer(rebasing: scratch[span.start..<span.end]), hash: span.hash)
              }
            } else {
              ids[index] = pool.intern(UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), hash: span.hash)
            }
          }
        }
      }
    }
  }

  /// Where one field of a record lies, trimmed of white space: in the input, or in the
  /// record's scratch; and the hash of its bytes (`ValuePool.hash`; 0 when empty).
  struct FieldSpan {
    var start = 0
    var end = 0
    var inScratch = false
    var hash: UInt64 = 0
  }

  /// Finds records in the input: where each field is, without interning anything.
  struct RecordReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    /// Fields kept of a record; a record with more is `oversized`.
    var maxFields = Int.max
    /// Bytes of a field; a longer one makes its record `oversized`.
    var maxFieldBytes = Int.max
    var position = 0
    var nextLine = 1

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, maxFields: Int = .max, maxFieldBytes: Int = .max) {
      self.bytes = bytes
      self.delimiter = delimiter
      self.maxFields = maxFields
      self.maxFieldBytes = maxFieldBytes
    }

    @inline(__always) static func isSpace(_ b: UInt8, delimiter: UInt8) -> Bool {
      b == 0x20 || (b == 0x09 && delimiter != 0x09) || b == 0x0A || b == 0x0D
    }

    /// `start..<end` of `buffer` without surrounding white space.
    @inline(__always)
    static func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8)
      -> UnsafeBufferPointer<UInt8>
    {
      var s = start, e = end
      while s < e, isSpace(buffer[s], delimiter: delimiter) { s += 1 }
      while e > s, isSpace(buffer[e - 1], delimiter: delimiter) { e -= 1 }
      return UnsafeBufferPointer(rebasing: buffer[s..<e])
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

    /// Parses the next record into `record` (its line, range, and fields, trimmed and
    /// hashed while their bytes are in the cache; quoted fields copied into its scratch);
    /// `false` at the end of the input.
    mutating func parse(into record: inout PendingRecord) -> Bool {
      let count = bytes.count
      let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
      // Blank lines are not records.
      while position < count, bytes[position] == lf || bytes[position] == cr {
        let b = bytes[position]
        position += 1
        if b == cr, position < count, bytes[position] == lf { position += 1 }
        nextLine += 1
      }
      guard position < count else { return false }
      record.line = nextLine
      record.unclosedQuote = false
      record.oversized = false
      let start = position
      record.scratch.removeAll(keepingCapacity: true)
      // The spans are moved out, to be written through a pointer while the scratch grows.
      var spans = record.spans
      record.spans = []
      var fields = 0
      while !spans.withUnsafeMutableBufferPointer({ parseFields(into: $0, count: &fields, record: &record) }) {
        if spans.count >= maxFields {
          // Too many fields: the rest are parsed over the last span, to find the record's end.
          record.oversized = true
          fields = spans.count - 1
        } else {
          spans.append(contentsOf: repeatElement(FieldSpan(), count: min(spans.count, maxFields)))  // out of room
        }
      }
      if fields > maxFields { record.oversized = true }
      record.spans = spans
      record.count = fields
      record.range = start..<position
      if position < count {
        let byte = bytes[position]
        position += 1
        if byte == cr, position < count, bytes[position] == lf { position += 1 }
        nextLine += 1
      }
      return true
    }

    /// Parses fields of the record at `position` into `spans` from `count` on: `true` at the
    /// end of the record (a quote never closed ends it at the end of the input), `false`
    /// when `spans` is full first.
    @inline(__always)
    private mutating func parseFields(
      into spans: UnsafeMutableBufferPointer<FieldSpan>, count fields: inout Int, record: inout PendingRecord
    ) -> Bool {
      let count = bytes.count
      let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
      while fields < spans.count {
        if position < count, bytes[position] == quote {
          // Quoted field: copied into scratch, undoubling quotes, counting line breaks.
          let fieldStart = record.scratch.count
          position += 1
          var closed = false
          while position < count {
            let byte = bytes[position]
            if byte == quote {
              if position + 1 < count, bytes[position + 1] == quote {
                record.scratch.append(quote)
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
            record.scratch.append(byte)
            position += 1
          }
          if closed {
            // Text after the closing quote is kept literally.
            while position < count {
              let byte = bytes[position]
              if byte == delimiter || byte == lf || byte == cr { break }
              record.scratch.append(byte)
              position += 1
            }
          }
          spans[fields] = record.scratch.withUnsafeBufferPointer {
            Self.span($0, fieldStart, $0.count, inScratch: true, delimiter: delimiter)
          }
          if record.scratch.count - fieldStart > maxFieldBytes { record.oversized = true }
          fields += 1
          if !closed {
            record.unclosedQuote = true
            return true
          }
        } else {
          let fieldStart = position
          position = endOfUnquotedField(from: position)
          spans[fields] = Self.span(bytes, fieldStart, position, inScratch: false, delimiter: delimiter)
          if position - fieldStart > maxFieldBytes { record.oversized = true }
          fields += 1
        }
        if position < count, bytes[position] == delimiter {
          position += 1
        } else {
          return true
        }
      }
      return false
    }

    /// The field `start..<end` of `buffer`, trimmed of white space and hashed.
    @inline(__always)
    static func span(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, inScratch: Bool, delimiter: UInt8)
      -> FieldSpan
    {
      let field = trimmed(buffer, start, end, delimiter: delimiter)
      let offset = field.isEmpty ? 0 : field.baseAddress! - buffer.baseAddress!
      return FieldSpan(
        start: offset, end: offset + field.count, inScratch: inScratch, hash: field.isEmpty ? 0 : ValuePool.hash(field))
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
