import Foundation

/// Paths of the committed fixture files (copied into the test bundle).
enum FixtureFiles {
  static func path(_ name: String) -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
      return "/missing-fixture/\(name)"
    }
    return url.path
  }

  /// The example leads of `Graphs/examples`, found from this source file.
  static func exampleLeads() -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("Graphs/examples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0).path }
  }
}
