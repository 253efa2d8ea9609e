import Foundation
import Testing
@testable import TraceCore

@Suite struct LeadSheetReaderTests {
  @Test(arguments: [
    ("utf8-bom.csv", TextEncoding.utf8BOM, LeadFileFormat.csv),
    ("gb18030.csv", .gb18030, .csv),
    ("utf16le.txt", .utf16LE, .tsv),
    ("utf16le-no-bom.txt", .utf16LE, .tsv),
    ("utf16be.tsv", .utf16BE, .tsv),
  ])
  func encodingsAndFormats(name: String, encoding: TextEncoding, format: LeadFileFormat) throws {
    let result = try LeadSheetReader.read(path: FixtureFiles.path(name))
    #expect(result.encoding == encoding)
    #expect(result.format == format)
    try #require(result.leads.count == 2)
    #expect(result.rejects.isEmpty)
    #expect(result.leads[0][.publisher] == "人民文学出版社")
    #expect(result.leads[1][.platform] == "淘宝网")
    #expect(result.columns.map(\.field) == [
      .leadID, .publisher, .reportedAt, .platform, .storeID, .storeName, .title, .isbn,
      .senderPhone, .originAddress,
    ])
    #expect(result.sha256.count == 64)
  }

  @Test func everyRejectReasonWithItsPhysicalLine() throws {
    let result = try LeadSheetReader.read(path: FixtureFiles.path("rejects.csv"))
    let found = result.rejects.map { "\($0.line) \($0.reason.rawValue)" }
    #expect(found == [
      "5 missing_publisher", "6 missing_store", "7 bad_isbn", "8 bad_date", "9 bad_date",
      "10 wrong_field_count", "11 wrong_field_count", "14 empty_row", "15 unbalanced_quote",
    ])
    try #require(result.leads.map { $0.origin.line } == [2, 13])
    #expect(result.leads[0][.notes] == "line one\r\nline two\r\nline three")
    #expect(result.leads[1][.storeName] == "Store \"nine\"")
    #expect(result.rows == result.leads.count + result.rejects.count)
  }

  @Test func publisherOptionFillsMissingPublisher() throws {
    let result = try LeadSheetReader.read(
      path: FixtureFiles.path("rejects.csv"), options: LeadReadOptions(publisher: "Given"))
    #expect(!result.rejects.contains { $0.reason == .missingPublisher })
    #expect(result.leads.contains { $0[.publisher] == "Given" })
  }

  @Test func jsonLinesWithAliasesAndBadLines() throws {
    let result = try LeadSheetReader.read(path: FixtureFiles.path("leads.jsonl"))
    #expect(result.format == .jsonLines)
    try #require(result.leads.map { $0.origin.line } == [1, 5])
    #expect(result.leads[0][.senderPhone] == "13957912345")
    #expect(result.leads[1][.storeName] == "名字店")
    #expect(result.rejects.map { "\($0.line) \($0.reason.rawValue)" } == ["2 bad_date", "3 malformed_row"])
  }

  @Test func workbookNamedSheetDatesAndExtras() throws {
    let result = try LeadSheetReader.read(
      path: FixtureFiles.path("workbook.xlsx"), options: LeadReadOptions(sheet: "线索"))
    #expect(result.format == .xlsx)
    #expect(result.sheet == "线索")
    try #require(result.leads.count == 1)
    #expect(result.leads[0][.reportedAt] == "2024-03-05")
    #expect(result.leads[0][.senderPhone] == "13957912345")
    #expect(result.leads[0].extras == [Lead.Extra(name: "备注列", value: "附加")])
    #expect(result.rejects.map { "\($0.line) \($0.reason.rawValue)" } == ["4 bad_date"])
  }

  @Test func workbookFirstSheetWithoutHeaderIsAnError() {
    #expect(throws: LeadFileError.self) {
      try LeadSheetReader.read(path: FixtureFiles.path("workbook.xlsx"))
    }
  }

  @Test(arguments: ["binary.csv", "no-header.csv", "missing.csv"])
  func notALeadSheetNamesTheFile(name: String) {
    let path = FixtureFiles.path(name)
    do {
      _ = try LeadSheetReader.read(path: path)
      Issue.record("expected an error for \(name)")
    } catch {
      #expect(error.file == path)
      #expect(error.description.hasPrefix(path))
    }
  }

  /// An Excel 97–2003 workbook, even renamed .xlsx, is named as such, with what to do, not
  /// called binary; one holding an `EncryptionInfo` stream is a workbook with a password.
  @Test func aLegacyOrPasswordProtectedWorkbookSaysWhatToDo() {
    let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
    for name in ["线索.xls", "线索.xlsx"] {
      #expect {
        try LeadSheetReader.read(bytes: ole2, path: name)
      } throws: { error in
        guard let error = error as? LeadFileError, error.reason == .legacyWorkbook else { return false }
        return error.description.hasPrefix("\(name): an Excel 97–2003 (.xls)") && error.description.contains("save it as .xlsx")
      }
    }
    let encryptionInfo = Array("EncryptionInfo".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    #expect {
      try LeadSheetReader.read(bytes: ole2 + encryptionInfo, path: "线索.xlsx")
    } throws: { error in
      (error as? LeadFileError)?.reason == .encryptedWorkbook
        && "\(error)".contains("a password-protected workbook, which cannot be read: remove the password")
    }
  }

  /// A title row above the header, as spreadsheets often have: the error says which line
  /// the header is on and what to do, for CSV and for a workbook.
  @Test func aHeaderBelowATitleRowIsNamedWithItsLine() throws {
    let csv = Array("2024年盗版线索汇总,,\n\n出版社,平台,店铺ID\n人民文学出版社,抖音,DY1\n".utf8)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("title-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try XLSXWriter.write(header: ["2024年盗版线索汇总"], rows: [["出版社", "平台", "店铺ID"], ["人民文学出版社", "抖音", "DY1"]], to: url)
    for (name, bytes, line) in [("title.csv", csv, 3), ("title.xlsx", Array(try Data(contentsOf: url)), 2)] {
      #expect {
        try LeadSheetReader.read(bytes: bytes, path: name)
      } throws: { error in
        (error as? LeadFileError)?.reason == .headerNotFirst(line: line)
          && "\(error)".hasPrefix("\(name):\(line): the header is on line \(line), not line 1: delete the rows above it")
      }
    }
  }

  @Test func headerAliasesIgnoreCaseWidthAndSpacing() {
    #expect(LeadField(header: " Store ID ") == .storeID)
    #expect(LeadField(header: "ＳＴＯＲＥ_ＩＤ") == .storeID)
    #expect(LeadField(header: "店铺 名称") == .storeName)
    #expect(LeadField(header: "快递单号") == .waybill)
    #expect(LeadField(header: "颜色") == nil)
  }

  @Test func fieldIndexIsTheDeclarationOrder() {
    #expect(LeadField.allCases.map(\.index) == Array(0..<LeadField.allCases.count))
  }

  /// Files are read costliest first, by size: a symbolic link counts as the file it points
  /// at, not as the few bytes of the link.
  @Test func aLinkedFileCostsWhatItsTargetCosts() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sizes-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("leads.csv"), link = folder.appendingPathComponent("link.csv")
    try Data(repeating: UInt8(ascii: "x"), count: 10_000).write(to: target)
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
    #expect(LeadSheetReader.fileSize(link.path) == 10_000)
    #expect(LeadSheetReader.estimatedCost(link.path) == LeadSheetReader.estimatedCost(target.path))
    #expect(LeadSheetReader.fileSize(folder.appendingPathComponent("missing.csv").path) == 0)
  }

  /// Text is weighted by its encoding as it costs to read a megabyte of it: GB18030 is
  /// converted first, UTF-16 decoded.
  @Test(arguments: [
    ("utf8-bom.csv", 10, 10), ("gb18030.csv", 16, 10), ("utf16le.txt", 11, 10), ("utf16le-no-bom.txt", 11, 10),
    ("utf16be.tsv", 11, 10),
  ])
  func costsWeighTheEncoding(name: String, numerator: Int, denominator: Int) {
    let path = FixtureFiles.path(name)
    #expect(LeadSheetReader.estimatedCost(path) == LeadSheetReader.fileSize(path) * numerator / denominator)
  }
}

@Suite struct LeadNoteTests {
  @Test func oddWaybillsPricesAndCarriersAreNotesNotRejects() throws {
    let csv = """
      publisher,platform,store_id,carrier,waybill,price
      P,抖音,S1,顺丰,SF1234567890123,¥39.8
      P,抖音,S2,顺丰,12345,39.80元
      P,抖音,S3,飞鸽传书,X1,abc

      """
    let result = try LeadSheetReader.read(bytes: Array(csv.utf8), path: "notes.csv")
    #expect(result.rejects.isEmpty)
    #expect(result.leadCount == 3)
    let notes = LeadNote.notes(in: result.table).map { "\($0.line) \($0.kind.rawValue)" }
    #expect(notes == ["3 waybill_format", "4 unknown_carrier", "4 unreadable_price"])
  }
}

@Suite struct CRC32Tests {
  @Test func matchesTheStandardCheckValue() {
    let check = Array("123456789".utf8)
    #expect(check.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
    // Continuing over two halves gives the same as one pass.
    let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let whole = long.withUnsafeBytes { CRC32.checksum($0) }
    let first = long[..<333].withUnsafeBytes { CRC32.checksum($0) }
    #expect(long[333...].withUnsafeBytes { CRC32.checksum($0, continuing: first) } == whole)
  }
}

@Suite struct WorksheetStreamTests {
  /// A worksheet with a row without an `r` attribute (numbered after the row before it), an
  /// empty self-closing row, an entity, a phonetic run and a shared-string cell.
  static let sheet = Array(
    """
    <?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>\
    <row r="1"><c r="A1" t="inlineStr"><is><t>店铺</t></is></c><c r="B1" t="s"><v>0</v></c></row>\
    <row r="3"><c r="A3" t="inlineStr"><is><t>A &amp; B</t></is></c><c r="C3"><v>42</v></c></row>\
    <row><c t="inlineStr"><is><t>上海<rPh><t>しゃんはい</t></rPh></t></is></c></row>\
    <row r="7"/><row r="9"><c r="B9" t="inlineStr"><is><t>末行</t></is></c></row>\
    </sheetData></worksheet>
    """.utf8)

  /// Each row as "number: column=text …".
  static func describe(_ number: Int, _ cells: [WorksheetScanner.Cell], _ text: UnsafeBufferPointer<UInt8>) -> String {
    "\(number):" + cells.map { " \($0.column)=" + String(decoding: UnsafeBufferPointer(rebasing: text[$0.text]), as: UTF8.self) }.joined()
  }

  @Test func piecesOfEverySizeGiveTheRowsOfTheWholePart() {
    var whole: [String] = []
    var number = 0
    Self.sheet.withUnsafeBufferPointer { bytes in
      _ = WorksheetScanner.scan(bytes, rowNumber: &number) { whole.append(Self.describe($0, $1, $2)) ; return true }
    }
    #expect(whole == ["1: 0=店铺 1=0", "3: 0=A & B 2=42", "4: 0=上海", "7:", "9: 1=末行"])
    for size in 1...Self.sheet.count {
      var rows: [String] = []
      var stream = WorksheetStream()
      let handler: WorksheetStream.RowHandler = { rows.append(Self.describe($0, $1, $2)); return true }
      Self.sheet.withUnsafeBytes { bytes in
        for start in stride(from: 0, to: bytes.count, by: size) {
          stream.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + size, bytes.count)]), row: handler)
        }
      }
      stream.finish(row: handler)
      #expect(rows == whole, "pieces of \(size) bytes")
    }
  }

  /// The same sheet with every element prefixed (`x:`), and a cell text holding `row>`.
  @Test func prefixedElementsReadAsTheirLocalNames() {
    let plain = String(decoding: Self.sheet, as: UTF8.self).replacingOccurrences(of: "A &amp; B", with: "A &amp; B row>")
    var prefixed = plain
    for name in ["worksheet", "sheetData", "row", "c", "is", "t", "v", "rPh"] {
      prefixed = prefixed.replacingOccurrences(of: "<\(name)", with: "<x:\(name)")
        .replacingOccurrences(of: "</\(name)>", with: "</x:\(name)>")
    }
    func rows(_ text: String, pieceSize: Int) -> [String] {
      var rows: [String] = []
      var stream = WorksheetStream()
      let handler: WorksheetStream.RowHandler = { rows.append(Self.describe($0, $1, $2)); return true }
      Array(text.utf8).withUnsafeBytes { bytes in
        for start in stride(from: 0, to: bytes.count, by: pieceSize) {
          stream.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + pieceSize, bytes.count)]), row: handler)
        }
      }
      stream.finish(row: handler)
      return rows
    }
    let expected = rows(plain, pieceSize: plain.utf8.count)
    #expect(expected[1] == "3: 0=A & B row> 2=42")
    for size in [1, 2, 3, 5, 7, 11, 64, 4096] {
      #expect(rows(prefixed, pieceSize: size) == expected, "pieces of \(size) bytes")
      #expect(rows(plain, pieceSize: size) == expected, "pieces of \(size) bytes")
    }
    // A closing row tag is found whether or not it has a prefix; text holding `row>` is not one.
    #expect(WorksheetStream.endOfLastRow(in: Array("<x:row><x:c/></x:row>".utf8)) == 21)
    #expect(WorksheetStream.endOfLastRow(in: Array("<row><c><v>arrow></v></c>".utf8)) == nil)
  }

  @Test func aHandlerThatSaysStopIsCalledNoMore() {
    var rows = 0
    var stream = WorksheetStream()
    let handler: WorksheetStream.RowHandler = { _, _, _ in rows += 1; return false }
    Self.sheet.withUnsafeBytes { bytes in
      for start in stride(from: 0, to: bytes.count, by: 40) {
        stream.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + 40, bytes.count)]), row: handler)
      }
    }
    stream.finish(row: handler)
    #expect(rows == 1 && stream.stopped)
  }
}

/// Workbooks large enough that their sheet is inflated and scanned in many pieces, whole and
/// damaged.
@Suite struct StreamedWorkbookTests {
  static let header = ["publisher", "platform", "store_id", "carrier", "waybill", "price"]
  /// 4,000 rows: about 2 MB of sheet XML, eight of the inflater's pieces.
  static let rows = (0..<4000).map { ["出版社\($0 % 7)", "抖音", "S\($0)", "顺丰", "SF\(1_234_567_890_000 + $0)", "39.8"] }

  static func workbook() throws -> [UInt8] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try XLSXWriter.write(header: header, rows: rows, to: url)
    return try Array(Data(contentsOf: url))
  }

  @Test func everyRowOfAManyPieceSheetIsALead() throws {
    let result = try LeadSheetReader.read(bytes: try Self.workbook(), path: "streamed.xlsx")
    #expect(result.rejects.isEmpty)
    try #require(result.leadCount == Self.rows.count)
    // Rows are numbered from the header (row 1) on, across the pieces.
    for index in [0, 1, 1999, 2000, 3999] {
      #expect(result.leads[index][.storeID] == "S\(index)")
      #expect(result.leads[index][.waybill] == Self.rows[index][4])
    }
    #expect(LeadNote.notes(in: result.table).isEmpty)
  }

  @Test func aDamagedSheetIsABadWorkbookNotACrash() throws {
    var bytes = try Self.workbook()
    // The sheet is nearly all of the package: its compressed bytes are in the middle.
    for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[offset] ^= 0x5A }
    #expect {
      try LeadSheetReader.read(bytes: bytes, path: "damaged.xlsx")
    } throws: { error in
      guard let error = error as? LeadFileError, case .badWorkbook = error.reason else { return false }
      return error.file == "damaged.xlsx"
    }
  }

  @Test func aTruncatedWorkbookIsAnErrorNamingTheFile() throws {
    let bytes = Array(try Self.workbook().prefix(100_000))
    #expect {
      try LeadSheetReader.read(bytes: bytes, path: "truncated.xlsx")
    } throws: { error in
      (error as? LeadFileError)?.file == "truncated.xlsx"
    }
  }
}

@Suite struct SharedStringsTests {
  @Test func richTextRunsJoinPhoneticRunsAreSkippedEntitiesDecoded() {
    let xml = Array(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
      <si><t>线索编号</t></si>
      <si><r><rPr><b/></rPr><t>上海</t></r><r><t xml:space="preserve"> 书店 </t></r></si>
      <si><t>東京</t><rPh sb="0" eb="2"><t>とうきょう</t></rPh></si>
      <si><t>A &amp; B &lt;script&gt; &#x4E2D;&#25991;</t></si>
      <si><t/></si>
      <si/>
      <x:si><x:t>前缀</x:t></x:si>
      </sst>
      """.utf8)
    let strings = xml.withUnsafeBufferPointer { SharedStrings(scanning: $0) }
    #expect(strings.count == 7)
    #expect((0..<strings.count).map { strings[$0] } == ["线索编号", "上海 书店 ", "東京", "A & B <script> 中文", "", "", "前缀"])
    var out = ByteBuffer()
    #expect(!strings.append(7, to: &out) && !strings.append(-1, to: &out) && out.isEmpty)
  }

  /// A sheet whose cells point at shared strings, as Excel saves it, reads as the same leads.
  @Test func sharedStringCellsReadAsTheirText() throws {
    var archive = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
    try archive.add(
      "xl/workbook.xml",
      Array(#"<workbook xmlns:r="r"><sheets><sheet name="线索" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8))
    try archive.add(
      "xl/_rels/workbook.xml.rels",
      Array(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8))
    try archive.add(
      "xl/sharedStrings.xml",
      Array(
        "<sst><si><t>publisher</t></si><si><t>platform</t></si><si><t>store_id</t></si><si><t>人民文学出版社</t></si><si><r><t>抖</t></r><r><t>音</t></r></si></sst>"
          .utf8))
    try archive.add(
      "xl/worksheets/sheet1.xml",
      Array(
        (#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#
          + #"<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>1234567</v></c></row></sheetData></worksheet>"#)
          .utf8))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try archive.write(to: url)
    let result = try LeadSheetReader.read(path: url.path)
    try #require(result.leadCount == 1)
    #expect(result.leads[0][.publisher] == "人民文学出版社")
    #expect(result.leads[0][.platform] == "抖音")
    #expect(result.leads[0][.storeID] == "1234567")
  }
}
