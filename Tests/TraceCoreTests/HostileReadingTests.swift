import Foundation
import Testing

@testable import TraceCore

#if canImport(Glibc)
  import Glibc
#endif

/// Readers and writers on files from strangers and on unlucky file systems (issue 28).
@Suite struct HostileReadingTests {
  static func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A workbook part inflating past --max-part-bytes, or a thousand times its size (1 MB of
  /// workbook holding 1 GB of white space took 2 GB of memory), is refused as it inflates.
  @Test func aZipBombIsRefusedAsItInflates() throws {
    let padding = [UInt8](repeating: 0x20, count: 40 << 20)
    let sheet = Array(DamagedWorkbookTests.sheet.dropLast("</sheetData></worksheet>".utf8.count)) + padding
      + Array("</sheetData></worksheet>".utf8)
    let result = try DamagedWorkbookTests.read([
      ("xl/workbook.xml", DamagedWorkbookTests.workbookXML), ("xl/_rels/workbook.xml.rels", DamagedWorkbookTests.relationships),
      ("xl/worksheets/sheet1.xml", sheet),
    ])
    let why = try #require(DamagedWorkbookTests.badWorkbookReason(result))
    #expect(why.contains("xl/worksheets/sheet1.xml"))
    #expect(why.contains("--max-compression-ratio") || why.contains("bytes of XML"))
  }

  @Test func aSharedStringsBombIsRefusedByItsRatio() throws {
    let strings = Array("<sst><si><t>".utf8) + [UInt8](repeating: 0x41, count: 40 << 20) + Array("</t></si></sst>".utf8)
    let result = try DamagedWorkbookTests.read([
      ("xl/workbook.xml", DamagedWorkbookTests.workbookXML), ("xl/_rels/workbook.xml.rels", DamagedWorkbookTests.relationships),
      ("xl/worksheets/sheet1.xml", DamagedWorkbookTests.sheet), ("xl/sharedStrings.xml", strings),
    ])
    #expect(DamagedWorkbookTests.badWorkbookReason(result)?.contains("xl/sharedStrings.xml inflates to over 200 times") == true)
  }

  /// A one-line CSV of millions of cells (2.7 GB and 28 s in `check`) is refused at its
  /// header, and fast.
  @Test func aHeaderOfMillionsOfCellsIsRefused() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("one-line.csv")
    try Data(("publisher,store_id" + String(repeating: ",x", count: 2_000_000) + "\n").utf8).write(to: file)
    #expect(throws: LeadFileError(file: file.path, reason: .headerTooWide(limit: 1_024))) {
      try LeadSheetReader.read(path: file.path)
    }
  }

  /// A file over --max-file-bytes, and anything but a regular file, is refused by name.
  @Test func largeFilesAndFIFOsAreRefused() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("leads.csv")
    try Data("publisher,store_id\n人民,S1\n".utf8).write(to: file)
    #expect(throws: LeadFileError(file: file.path, reason: .tooLarge(bytes: 29, limit: 10))) {
      try LeadSheetReader.read(path: file.path, options: LeadReadOptions(limits: ReadLimits(fileBytes: 10)))
    }
    let fifo = folder.appendingPathComponent("fifo.csv").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(throws: LeadFileError(file: fifo, reason: .notRegularFile)) { try LeadSheetReader.read(path: fifo) }
  }

  /// The JSON Lines reader holds objects to the same limits.
  @Test func jsonLinesObjectsOverTheLimitsAreRejected() throws {
    let text = #"{"publisher":"人民","store_id":"S1"}"# + "\n" + #"{"publisher":"人民","store_id":""# + String(repeating: "x", count: 600)
      + "\"}\n"
    let options = LeadReadOptions(limits: ReadLimits(cellBytes: 512))
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "x.jsonl", options: options)
    #expect(result.leadCount == 1)
    #expect(result.rejects.map(\.reason) == [.oversizedRow])
    #expect(result.rejects.first?.line == 2)
  }

  /// A rejected row's text is kept to 16 KB, and says how long it was.
  @Test func aRejectedRowsTextIsBounded() {
    let row = RejectedRow(file: "f", line: 2, reason: .oversizedRow, raw: String(repeating: "长", count: 100_000))
    #expect(row.raw.utf8.count < RejectedRow.rawLimit + 200)
    #expect(row.raw.contains("300000"))
  }

  /// A symbolic link planted as an output's partial file is removed, never written through.
  @Test func aPlantedPartialLinkIsNotFollowed() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let victim = folder.appendingPathComponent("victim.txt")
    try Data("precious".utf8).write(to: victim)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent(".stores.csv.partial").path, withDestinationPath: victim.path)
    try OutputFile.write("new", to: folder.appendingPathComponent("stores.csv"))
    #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    #expect(try String(contentsOf: folder.appendingPathComponent("stores.csv"), encoding: .utf8) == "new")
  }

  /// A folder standing where the file goes: an error (the stream closed once: it was a
  /// double close, SIGABRT), and no partial file left behind.
  @Test func aFolderWhereTheFileGoesIsAnErrorAndLeavesNothing() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("stores.csv/inside"), withIntermediateDirectories: true)
    #expect(throws: CocoaError.self) { try OutputFile.write("x", to: folder.appendingPathComponent("stores.csv")) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["stores.csv"])
  }

  @Test(arguments: [
    ("Invoice\u{202E}fdp.exe", "Invoice⟨U+202E⟩fdp.exe"), ("a\u{2066}b\u{2069}", "a⟨U+2066⟩b⟨U+2069⟩"),
    ("tab\tand\nline", "tab\tand\nline"), ("中文 · …", "中文 · …"),
    ("\u{85}\u{7F}\u{0}", "⟨U+0085⟩⟨U+007F⟩⟨U+0000⟩"),
  ])
  func activeCharactersAreShownAsCodes(text: String, shown: String) { #expect(InertText.visible(text) == shown) }

  /// Noncharacters (which Swift Testing's argument macro cannot spell).
  @Test func noncharactersAreShownAsCodes() {
    let text = String(String.UnicodeScalarView([0xFFFE, 0xFDD0, 0x1FFFF].compactMap(Unicode.Scalar.init)))
    #expect(InertText.visible(text) == "⟨U+FFFE⟩⟨U+FDD0⟩⟨U+1FFFF⟩")
  }
}

/// Findings of the fuzzers (`Scripts/fuzz.sh`), each kept as a fixture.
@Suite struct FuzzFindingTests {
  /// A part whose deflate stream ends before its last block made ZIPFoundation's inflater
  /// read on at the end of the file forever (fuzzer `xlsx`, timeout): now the part is cut off.
  @Test func aDeflateStreamCutShortIsADamagedPartNotAHang() throws {
    let path = FixtureFiles.path("truncated-deflate-stream.xlsx")
    let failure = try #require(LeadSheetReader.read(paths: [path], options: LeadReadOptions()).first)
    guard case .failure(let error) = failure else {
      Issue.record("the damaged workbook was read")
      return
    }
    #expect(error == LeadFileError(file: path, reason: .badWorkbook("xl/styles.xml is cut off (its deflate stream ends before its last block)")))
  }
}
