import Foundation
import Testing

@testable import TraceCore

/// Workbooks damaged the ways fuzzing `check` found crashing it: each must be an error
/// naming the file (or, inside a sheet, read as far as it makes sense), never a crash.
@Suite struct DamagedWorkbookTests {
  static let sheet = Array(
    (#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>publisher</t></is></c>"#
      + #"<c r="B1" t="inlineStr"><is><t>store_id</t></is></c></row>"#
      + #"<row r="2"><c r="A2" t="inlineStr"><is><t>人民文学出版社</t></is></c>"#
      + #"<c r="B2" t="inlineStr"><is><t>S1</t></is></c></row></sheetData></worksheet>"#).utf8)
  static let workbookXML = Array(
    #"<workbook xmlns:r="r"><sheets><sheet name="线索" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)
  static let relationships = Array(
    #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)

  /// A package of the given parts (name, bytes), written to a temporary file and read from it.
  static func read(_ parts: [(String, [UInt8])]) throws -> Result<LeadFileResult, LeadFileError> {
    var archive = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
    for (name, bytes) in parts { try archive.add(name, bytes) }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try archive.write(to: url)
    return try readFile(Array(Data(contentsOf: url)))
  }

  /// `bytes` written to a temporary `.xlsx` file and read from it, as `check` reads.
  static func readFile(_ bytes: [UInt8]) throws -> Result<LeadFileResult, LeadFileError> {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(bytes).write(to: url)
    return Result { () throws(LeadFileError) in try LeadSheetReader.read(path: url.path) }
  }

  static func badWorkbookReason(_ result: Result<LeadFileResult, LeadFileError>) -> String? {
    guard case .failure(let error) = result, case .badWorkbook(let why) = error.reason else { return nil }
    return why
  }

  @Test func theUndamagedPackageReads() throws {
    let result = try Self.read([
      ("xl/workbook.xml", Self.workbookXML), ("xl/_rels/workbook.xml.rels", Self.relationships),
      ("xl/worksheets/sheet1.xml", Self.sheet),
    ]).get()
    #expect(result.leadCount == 1)
  }

  /// Foundation's `XMLParser` crashed on element names that are not UTF-8.
  @Test(arguments: ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"])
  func aSmallPartThatIsNotUTF8IsABadWorkbook(part: String) throws {
    var parts = [
      ("xl/workbook.xml", Self.workbookXML), ("xl/_rels/workbook.xml.rels", Self.relationships),
      ("xl/worksheets/sheet1.xml", Self.sheet), ("xl/styles.xml", Array("<styleSheet/>".utf8)),
    ]
    let index = try #require(parts.firstIndex { $0.0 == part })
    parts[index].1 = Array("<x".utf8) + [0xFF, 0xFE, 0xAD] + parts[index].1
    #expect(Self.badWorkbookReason(try Self.read(parts)) == "\(part) is not valid UTF-8")
  }

  /// ZIPFoundation's in-memory reading trapped on a directory entry whose local header lies
  /// past the end of the package.
  @Test func aDirectoryPointingPastTheEndIsABadWorkbook() throws {
    var archive = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
    try archive.add("xl/workbook.xml", Self.workbookXML)
    try archive.add("xl/worksheets/sheet1.xml", Self.sheet)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("offset-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try archive.write(to: url)
    var bytes = Array(try Data(contentsOf: url))
    // The first central directory record (signature PK\1\2): its local header offset, at 42.
    let record = try #require((0..<bytes.count - 4).first { bytes[$0..<$0 + 4] == [0x50, 0x4B, 0x01, 0x02] })
    for byte in 0..<4 { bytes[record + 42 + byte] = 0x7F }
    #expect(Self.badWorkbookReason(try Self.readFile(bytes)) != nil)
  }

  /// A shared-strings part cut off inside a tag: the strings before it are kept.
  @Test func sharedStringsCutOffInsideATag() {
    for text in ["<sst><si><t>甲</t></si><si><t", "<sst><si><t>甲</t></si><si><t>乙", "<sst><si><t>甲</t></si><"] {
      let strings = Array(text.utf8).withUnsafeBufferPointer { SharedStrings(scanning: $0) }
      #expect(strings.count == 1 && strings[0] == "甲", "\(text)")
    }
  }

  /// A sheet cut off inside a tag, cell references past column XFD, row numbers of more
  /// than nine digits, a row opened inside a cell: the rows are read, the damage ignored.
  @Test func damagedCellReferencesAndRowNumbers() {
    let xml = Array(
      (#"<sheetData><row r="99999999999999999999999"><c r="ZZZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>a</t></is></c>"#
        + #"<c r="XFD1" t="inlineStr"><is><t>b</t></is></c></row><row r="5"><c r="A5"><v>1</v></c></row>"#
        + #"<row r="6"><c r="A6" t="inlineStr"><is><t>cell left open</t></is><row r="7"></c></row><row r"#)
        .utf8)
    var rows: [String] = []
    var number = 0
    xml.withUnsafeBufferPointer { bytes in
      _ = WorksheetScanner.scan(bytes, rowNumber: &number) { rows.append(WorksheetStreamTests.describe($0, $1, $2)); return true }
    }
    #expect(rows == ["1: 0=a 16383=b", "5: 0=1", "7:"])
    let columns = ["XFD7", "XFE7", "A1"].map { Array($0.utf8).withUnsafeBufferPointer { WorksheetScanner.columnIndex($0[...]) } }
    #expect(columns == [16_383, nil, 0])
  }
}
