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
/// unquoted field is kept as a literal character, as Excel does.
///
/// - Complexity: O(n) in the number of bytes, one pass.
public struct DelimitedTextParser: Sendable {
  public var delimiter: UInt8

  public init(delimiter: UInt8) { self.delimiter = delimiter }

  /// Splits `bytes` into records.
  public func records(in bytes: [UInt8]) -> [RawRecord] {
    var records: [RawRecord] = []
    bytes.withUnsafeBufferPointer { buffer in
      var parser = State(bytes: buffer, delimiter: delimiter)
      while let record = parser.next() { records.append(record) }
    }
    return records
  }

  private struct State {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    var position = 0
    var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
      self.bytes = bytes
      self.delimiter = delimiter
    }

    /// Consumes a line break at `position` if there is one, counting the line.
    mutating func consumeLineBreak() -> Bool {
      guard position < bytes.count else { return false }
      if bytes[position] == UInt8(ascii: "\n") {
        position += 1
        line += 1
        return true
      }
      if bytes[position] == UInt8(ascii: "\r") {
        position += 1
        if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
        line += 1
        return true
      }
      return false
    }

    mutating func next() -> RawRecord? {
      while position < bytes.count, consumeLineBreak() {}  // blank lines are not records
      guard position < bytes.count else { return nil }
      let startLine = line
      let start = position
      var fields: [String] = []
      var field: [UInt8] = []
      let quote = UInt8(ascii: "\"")
      while true {
        // At the start of a field.
        if position < bytes.count, bytes[position] == quote {
          position += 1
          var closed = false
          while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
              if position + 1 < bytes.count, bytes[position + 1] == quote {
                field.append(quote)
                position += 2
                continue
              }
              position += 1
              closed = true
              break
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
              let breakStart = position
              _ = consumeLineBreak()
              field.append(contentsOf: bytes[breakStart..<position])
              continue
            }
            field.append(byte)
            position += 1
          }
          if !closed {
            fields.append(String(decoding: field, as: UTF8.self))
            return RawRecord(
              line: startLine, fields: fields,
              raw: String(decoding: bytes[start..<bytes.count], as: UTF8.self),
              unclosedQuote: true)
          }
        }
        // Unquoted part (or the text after a closing quote, kept literally).
        while position < bytes.count {
          let byte = bytes[position]
          if byte == delimiter || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            break
          }
          field.append(byte)
          position += 1
        }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        if position < bytes.count, bytes[position] == delimiter {
          position += 1
          continue
        }
        let end = position
        _ = consumeLineBreak()
        return RawRecord(
          line: startLine, fields: fields,
          raw: String(decoding: bytes[start..<end], as: UTF8.self), unclosedQuote: false)
      }
    }
  }
}
