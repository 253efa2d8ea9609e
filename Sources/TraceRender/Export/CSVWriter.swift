/// Writes RFC 4180 CSV: fields holding a comma, quote, CR or LF are quoted, quotes doubled;
/// rows end with LF. Rows are built as UTF-8 bytes (a million-row table appended to a
/// `String` field by field spent most of its time in `String` growth checks).
public struct CSVWriter {
  public private(set) var bytes: [UInt8] = []

  public init(header: [String]) { row(header) }

  /// A writer for rows only (a piece of a table whose header is written elsewhere).
  public init() {}

  /// The table so far as text.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The rows written since the last call, removed: lets a long table go to a file in pieces.
  public mutating func drain() -> [UInt8] {
    defer { bytes.removeAll(keepingCapacity: true) }
    return bytes
  }

  public mutating func row(_ fields: [String]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      append(field)
    }
    bytes.append(0x0A)
  }

  private mutating func append(_ field: String) {
    var field = field
    field.withUTF8 { utf8 in
      let needsQuotes = utf8.contains {
        $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
      }
      guard needsQuotes else {
        bytes.append(contentsOf: utf8)
        return
      }
      bytes.append(UInt8(ascii: "\""))
      for byte in utf8 {
        if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        bytes.append(byte)
      }
      bytes.append(UInt8(ascii: "\""))
    }
  }
}
