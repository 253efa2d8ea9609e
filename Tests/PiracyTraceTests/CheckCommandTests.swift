import Foundation
import Testing
@testable import TraceCore
import ArgumentParser
@testable import piracy_trace

@Suite struct CheckCommandTests {
  @Test func reportNamesFormatColumnsAndRejectLines() throws {
    let result = try LeadSheetReader.read(path: AnalyzeCommandTests.fixture("rejects.csv"))
    let text = Check.report(result)
    #expect(text.contains("format: CSV, encoding: UTF-8"))
    #expect(text.contains("store_id → store_id"))
    #expect(text.contains("rows: 11, leads: 2, rejects: 9"))
    #expect(text.contains("bad_date: 2 (lines 8, 9)"))
    #expect(text.contains("unbalanced_quote: 1 (lines 15)"))
    #expect(text.contains("not present: sender_phone, origin_address"))
    // Each reason is explained in Chinese too, for the publishers' staff who run check.
    #expect(text.contains("bad_date: 2 (lines 8, 9) — the date cannot be read；日期无法识别"))
  }

  @Test func strictFailsOnRejectsAndUnreadableFiles() throws {
    var strict = try PiracyTrace.parseAsRoot(["check", "--strict", AnalyzeCommandTests.fixture("rejects.csv")])
    #expect(throws: ExitCode.self) { try strict.run() }
    var binary = try PiracyTrace.parseAsRoot(["check", "--strict", AnalyzeCommandTests.fixture("binary.csv")])
    #expect(throws: ExitCode.self) { try binary.run() }
    var lenient = try PiracyTrace.parseAsRoot(["check", AnalyzeCommandTests.fixture("rejects.csv")])
    try lenient.run()
    var clean = try PiracyTrace.parseAsRoot(["check", "--strict", AnalyzeCommandTests.fixture("hostile.csv")])
    try clean.run()
  }
}
