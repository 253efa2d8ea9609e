import TraceCore

/// Writes RFC 4180 CSV: fields holding a comma, quote, CR or LF are quoted, quotes doubled;
/// rows end with LF.
///
/// Every field is made inert for a spreadsheet: one starting with `=`, `+`, `-`, `@`, tab or
/// CR, which Excel and LibreOffice would take as a formula, is written with a leading `'`
/// (`formulaGuard`; `shared/spec/outputs.md`), and characters that would act rather than
/// show are written as their codes (`InertText`). Rows are built as UTF-8 bytes (a million-row table appended to a
/// `String` field by field spent most of its time in `String` growth checks).
public struct CSVWriter {
  private var buffer = ByteBuffer()
  private var atRowStart = true

  public init(header: [String]) { row(header) }

  /// A writer for rows only (a piece of a table whose header is written elsewhere).
  public init() {}

  /// The table so far as text.
  public var text: String { String(decoding: buffer.bytes, as: UTF8.self) }

  /// The rows written since the last call, removed: lets a long table go to a file in pieces.
  public mutating func drain() -> [UInt8] { buffer.drain() }

  /// Appends one field of the current row (after a comma unless it is the row's first).
  public mutating func field(_ value: String) {
    var value = value
    value.withUTF8 { field(utf8: $0) }
  }

  /// `field(_:)` of a value given as UTF-8 bytes.
  public mutating func field(utf8: UnsafeBufferPointer<UInt8>) {
    if !atRowStart { buffer.append(UInt8(ascii: ",")) }
    if InertText.mayHoldActive(utf8) {
      var shown = InertText.visible(String(decoding: utf8, as: UTF8.self))
      shown.withUTF8 { append(utf8: $0) }
    } else {
      append(utf8: utf8)
    }
    atRowStart = false
  }

  /// The mark written before a field a spreadsheet would take for a formula.
  public static let formulaGuard = UInt8(ascii: "'")

  /// Whether a field starting with `byte` would be taken for a formula (OWASP's list).
  @inline(__always)
  static func startsFormula(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
      || byte == 0x09 || byte == 0x0D
  }

  /// Appends one field made of `parts` joined by `separator` (a character that needs no
  /// quoting), without making the joined string unless it must be quoted.
  public mutating func field(joining parts: [String], separator: Character) {
    let plain = parts.allSatisfy { part in
      var part = part
      return part.withUTF8 { !$0.contains(where: Self.needsQuotes) && !InertText.mayHoldActive($0) }
    } && !(parts.first?.utf8.first.map(Self.startsFormula) ?? false)
    guard plain else { return field(parts.joined(separator: String(separator))) }
    if !atRowStart { buffer.append(UInt8(ascii: ",")) }
    var separatorText = String(separator)  // a small string: its bytes are not on the heap
    separatorText.withUTF8 { separatorBytes in
      for (index, part) in parts.enumerated() {
        if index > 0 { buffer.append(separatorBytes) }
        var part = part
        part.withUTF8 { buffer.append($0) }
      }
    }
    atRowStart = false
  }

  /// Ends the current row.
  public mutating func endRow() {
    buffer.append(0x0A)
    atRowStart = true
  }

  public mutating func row(_ fields: [String]) {
    for value in fields { field(value) }
    endRow()
  }

  /// Whether a field holding `byte` must be quoted.
  static func needsQuotes(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
  }

  private mutating func append(utf8: UnsafeBufferPointer<UInt8>) {
    let guarded = utf8.first.map(Self.startsFormula) ?? false
    guard utf8.contains(where: Self.needsQuotes) else {
      if guarded { buffer.append(Self.formulaGuard) }
      buffer.append(utf8)
      return
    }
    buffer.append(UInt8(ascii: "\""))
    if guarded { buffer.append(Self.formulaGuard) }
    for byte in utf8 {
      if byte == UInt8(ascii: "\"") { buffer.append(byte) }
      buffer.append(byte)
    }
    buffer.append(UInt8(ascii: "\""))
  }
}
