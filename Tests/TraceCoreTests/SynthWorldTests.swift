import Foundation
import Testing
import ZIPFoundation
@testable import TraceCore

@Suite struct SynthWorldTests {
  struct Truth: Decodable {
    struct Bad: Decodable, Hashable {
      var file: String
      var line: Int
      var reason: String
    }
    var rows: Int
    var files: [String]
    var bad_rows: [Bad]
  }

  static func generate(leads: Int, seed: UInt64) throws -> (URL, Truth) {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("synth-test-\(seed)-\(UUID().uuidString)")
    try SynthWriter(world: SynthWorld(leads: leads, seed: seed)).write(to: folder)
    let truth = try JSONDecoder().decode(
      Truth.self, from: Data(contentsOf: folder.appendingPathComponent("truth.json")))
    return (folder, truth)
  }

  @Test(arguments: [3 as UInt64, 11, 2024])
  func rejectsEqualTheTruthsBadRowsExactly(seed: UInt64) throws {
    let (folder, truth) = try Self.generate(leads: 3000, seed: seed)
    defer { try? FileManager.default.removeItem(at: folder) }
    var rejects: [Truth.Bad] = []
    var leads = 0
    for name in truth.files {
      let result = try LeadSheetReader.read(path: folder.appendingPathComponent(name).path)
      leads += result.leads.count
      rejects += result.rejects.map {
        Truth.Bad(file: name, line: $0.line, reason: $0.reason.rawValue)
      }
    }
    #expect(Set(rejects) == Set(truth.bad_rows))
    #expect(rejects.count == truth.bad_rows.count)
    // Every reason a file can have is planted somewhere in a world this size.
    #expect(Set(truth.bad_rows.map(\.reason)).count >= 6)
    // Every other row became a lead (unclosed-quote rows are extra rows, one per text file).
    let unclosed = truth.bad_rows.filter { $0.reason == "unbalanced_quote" }.count
    #expect(leads == truth.rows - (truth.bad_rows.count - unclosed))
  }

  /// A world's workbook written with shared strings, as Excel saves it, reads as the same
  /// leads and rejects as with inline strings.
  @Test func sharedStringWorkbookReadsAsTheInlineOne() throws {
    let world = SynthWorld(leads: 2000, seed: 8)
    var results: [LeadFileResult] = []
    for strings in WorkbookStrings.allCases {
      let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("synth-\(strings)-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: folder) }
      try SynthWriter(world: world, workbookStrings: strings).write(to: folder)
      let workbook = folder.appendingPathComponent("synth-05.xlsx")
      let parts = try Archive(url: workbook, accessMode: .read).map(\.path)
      #expect(parts.contains("xl/sharedStrings.xml") == (strings == .shared))
      results.append(try LeadSheetReader.read(path: workbook.path))
    }
    try #require(results[0].leadCount > 300)
    #expect(results[0].leads.map(\.values) == results[1].leads.map(\.values))
    #expect(results[0].rejects.map { "\($0.line) \($0.reason.rawValue)" } == results[1].rejects.map { "\($0.line) \($0.reason.rawValue)" })
  }

  @Test func sameSeedSameBytes() throws {
    let (a, _) = try Self.generate(leads: 500, seed: 5)
    let (b, _) = try Self.generate(leads: 500, seed: 5)
    defer {
      try? FileManager.default.removeItem(at: a)
      try? FileManager.default.removeItem(at: b)
    }
    for name in SynthWriter.files.map(\.name) + ["truth.json"] where !name.hasSuffix(".xlsx") {
      let x = try Data(contentsOf: a.appendingPathComponent(name))
      let y = try Data(contentsOf: b.appendingPathComponent(name))
      #expect(x == y, "\(name) differs")
    }
  }

  @Test func generatorIsReproducible() {
    var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
    #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
  }
}
