import Foundation
import ZIPFoundation

/// Writes a minimal but valid `.xlsx` workbook (one sheet, inline strings) with ZIPFoundation.
/// Excel, LibreOffice and `XLSXReader` open it.
enum XLSXWriter {
  /// 2024-01-01 12:00 UTC: the modification date of every part.
  static let entryDate = Date(timeIntervalSince1970: 1_704_110_400)

  static func write(header: [String], rows: [[String]], to url: URL) throws {
    try? FileManager.default.removeItem(at: url)
    let archive = try Archive(url: url, accessMode: .create)
    func add(_ path: String, _ text: String) throws {
      let data = Data(text.utf8)
      // A fixed date, so the same seed gives the same bytes whenever it runs.
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
        compressionMethod: .deflate,
        provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
    }
    try add(
      "[Content_Types].xml",
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
      """)
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
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
      """)
    var sheet = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      """
    sheet.reserveCapacity(rows.count * 400)
    for (index, row) in ([header] + rows).enumerated() {
      let r = index + 1
      sheet += "<row r=\"\(r)\">"
      for (column, value) in row.enumerated() where !value.isEmpty {
        sheet += "<c r=\"\(columnName(column))\(r)\" t=\"inlineStr\"><is><t>\(xmlEscaped(value))</t></is></c>"
      }
      sheet += "</row>"
    }
    sheet += "</sheetData></worksheet>"
    try add("xl/worksheets/sheet1.xml", sheet)
  }

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

  static func xmlEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default:
        if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
