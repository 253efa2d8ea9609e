import Foundation
import Testing
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
