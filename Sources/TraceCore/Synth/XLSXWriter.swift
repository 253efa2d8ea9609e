import Foundation

/// How a workbook keeps its cells' text.
public enum WorkbookStrings: String, Sendable, CaseIterable {
  /// In each cell (`t="inlineStr"`): what other tools write.
  case inline
  /// In one table of distinct strings (`xl/sharedStrings.xml`) that cells point at
  /// (`t="s"`): what Excel writes.
  case shared
}

/// Writes a minimal but valid `.xlsx` workbook (one sheet, inline or shared strings), zipped
/// by `ZipWriter`. Excel, LibreOffice and `XLSXReader` open it.
enum XLSXWriter {
  static func write(header: [String], rows: [[String]], strings: WorkbookStrings = .inline, to url: URL) throws {
    // Shared strings are numbered in the order first met, row by row, as Excel does; the
    // numbering is one pass over the cells, before the rows are written on every core.
    var shared: (ids: [[Int32]], strings: [String]) = ([], [])
    if strings == .shared {
      var idOf: [String: Int32] = [:]
      shared.ids.reserveCapacity(rows.count + 1)
      for row in CollectionOfOne(header) + rows {
        shared.ids.append(
          row.map { value in
            if value.isEmpty { return -1 }
            if let id = idOf[value] { return id }
            let id = Int32(shared.strings.count)
            idOf[value] = id
            shared.strings.append(value)
            return id
          })
      }
    }
    let sharedIDs = shared.ids
    // A fixed date for every part (2024-01-01 12:00), so the same seed gives the same bytes
    // whenever it runs.
    var archive = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
    func add(_ path: String, _ text: String) throws { try archive.add(path, Array(text.utf8)) }
    try add(
      "[Content_Types].xml",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
      """ + (strings == .shared
        ? #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        : "") + "</Types>")
    try add(
      "_rels/.rels",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
      """)
    try add(
      "xl/workbook.xml",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="线索" sheetId="1" r:id="rId1"/></sheets></workbook>
      """)
    try add(
      "xl/_rels/workbook.xml.rels",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
      """ + (strings == .shared
        ? #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        : "") + "</Relationships>")
    if strings == .shared { try archive.add("xl/sharedStrings.xml", sharedStringsPart(shared.strings)) }
    // The sheet is made as UTF-8 bytes, in pieces of rows on every core (a million-row sheet
    // built as one `String` took longer than everything else `synth` does).
    var sheet = Array(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      """.utf8)
    let pieces = SynthWriter.inPieces(header: header, rows: rows) { rows, firstNumber in
      var bytes: [UInt8] = []
      bytes.reserveCapacity(rows.count * 600)
      for (offset, row) in rows.enumerated() {
        if sharedIDs.isEmpty {
          appendRow(row, number: firstNumber + offset, to: &bytes)
        } else {
          appendRow(sharedIDs[firstNumber + offset - 1], number: firstNumber + offset, to: &bytes)
        }
      }
      return bytes
    }
    sheet.reserveCapacity(pieces.reduce(sheet.count + 64) { $0 + $1.count })
    for piece in pieces { sheet += piece }
    sheet += "</sheetData></worksheet>".utf8
    try archive.add("xl/worksheets/sheet1.xml", sheet)
    try archive.write(to: url)
  }

  /// One `<row>` with an inline-string cell for each non-empty value. The markup is appended
  /// from static strings and the cell references from bytes made once: appending
  /// `"…".utf8` took the generic sequence path, about 170 instructions a time, five times a
  /// cell (callgrind).
  static func appendRow(_ row: [String], number: Int, to bytes: inout [UInt8]) {
    appendRow(number: number, to: &bytes) { r, bytes in
      for (column, value) in row.enumerated() where !value.isEmpty {
        appendCellReference(column: column, row: r, to: &bytes)
        append("\" t=\"inlineStr\"><is><t>", to: &bytes)
        appendEscaped(value, to: &bytes)
        append("</t></is></c>", to: &bytes)
      }
    }
  }

  /// One `<row>` whose cells point at shared strings `ids` (-1: no cell).
  static func appendRow(_ ids: [Int32], number: Int, to bytes: inout [UInt8]) {
    appendRow(number: number, to: &bytes) { r, bytes in
      for (column, id) in ids.enumerated() where id >= 0 {
        appendCellReference(column: column, row: r, to: &bytes)
        append("\" t=\"s\"><v>", to: &bytes)
        withDecimalDigits(of: Int(id)) { bytes.append(contentsOf: $0) }
        append("</v></c>", to: &bytes)
      }
    }
  }

  /// `<row r="number">`, the cells `cells` appends (given the row number's digits), `</row>`.
  private static func appendRow(
    number: Int, to bytes: inout [UInt8], cells: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void
  ) {
    withDecimalDigits(of: number) { r in
      append("<row r=\"", to: &bytes)
      bytes.append(contentsOf: r)
      append("\">", to: &bytes)
      cells(r, &bytes)
      append("</row>", to: &bytes)
    }
  }

  /// `<c r="B12`: a cell's opening up to the end of its reference (column, then row digits).
  private static func appendCellReference(column: Int, row r: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
    append("<c r=\"", to: &bytes)
    if column < columnNames.count {
      bytes.append(contentsOf: columnNames[column])
    } else {
      bytes.append(contentsOf: columnName(column).utf8)
    }
    bytes.append(contentsOf: r)
  }

  /// `xl/sharedStrings.xml` holding `strings` in order.
  static func sharedStringsPart(_ strings: [String]) -> [UInt8] {
    var bytes = Array(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="\(strings.count)">
      """.utf8)
    for string in strings {
      append("<si><t xml:space=\"preserve\">", to: &bytes)
      appendEscaped(string, to: &bytes)
      append("</t></si>", to: &bytes)
    }
    append("</sst>", to: &bytes)
    return bytes
  }

  /// The tool's own markup, appended as it is.
  private static func append(_ text: StaticString, to bytes: inout [UInt8]) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// The names of the first columns (A … BZ), as bytes.
  private static let columnNames: [[UInt8]] = (0..<78).map { Array(columnName($0).utf8) }

  static func columnName(_ index: Int) -> String {
    var n = index + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return name
  }

  /// Appends `text` as XML character data: `& < > "` escaped, control characters other than
  /// tab and line feed dropped. All of those are ASCII, so this works on the UTF-8 bytes (a
  /// byte below 0x80 is never part of another scalar).
  static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    text.withUTF8 { utf8 in
      let plain = !utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }
      if plain {
        bytes.append(contentsOf: utf8)
        return
      }
      for byte in utf8 {
        switch byte {
        case UInt8(ascii: "&"): append("&amp;", to: &bytes)
        case UInt8(ascii: "<"): append("&lt;", to: &bytes)
        case UInt8(ascii: ">"): append("&gt;", to: &bytes)
        case UInt8(ascii: "\""): append("&quot;", to: &bytes)
        default:
          if byte < 0x20 && byte != 0x0A && byte != 0x09 { continue }
          bytes.append(byte)
        }
      }
    }
  }
}
