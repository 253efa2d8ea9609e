import Foundation

/// Files an earlier `analyze` run left in the output folder that this run did not write.
///
/// Run again into the same folder with fewer diagrams, another `--format` or `--export`, or
/// new leads, an analysis used to leave the earlier run's files beside its own: a folder
/// handed on as evidence then held diagrams and pages of rings from another run, some under
/// ids that now name other rings. They are removed once this run's files are written.
/// Only what the tool writes is touched: ring files (`C0001.svg` …) in its `clusters/` and
/// `report/` folders, and the optional files it writes at the top (exports, the overview
/// in other formats, the report), and only if the folder held this tool's manifest before
/// the run, so a folder of the user's own is never cleaned.
struct StaleOutputs {
  let directory: URL
  /// Whether the folder held a manifest of this tool when the run began.
  let previousRun: Bool

  /// Looks at `directory` before anything is written to it.
  init(directory: URL) {
    self.directory = directory
    let manifest = directory.appendingPathComponent("manifest.json")
    let head = (try? FileHandle(forReadingFrom: manifest)).flatMap { handle in
      defer { try? handle.close() }
      return try? handle.read(upToCount: 4096)
    }
    previousRun = head.map { String(decoding: $0, as: UTF8.self).contains(#""tool": "piracy-trace""#) } ?? false
  }

  /// Removes the earlier run's files that are not in `written` (paths relative to the
  /// folder): every ring file in `clusters/` and `report/`, and each of `optional`.
  /// - Returns: the paths removed, sorted.
  @discardableResult
  func remove(keeping written: [String], optional: [String]) throws -> [String] {
    guard previousRun else { return [] }
    let kept = Set(written)
    var candidates = optional
    for folder in ["clusters", "report"] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
      candidates += names.filter(Self.isRingFile).map { "\(folder)/\($0)" }
    }
    var removed: [String] = []
    for path in candidates.sorted() where !kept.contains(path) {
      let url = directory.appendingPathComponent(path)
      guard FileManager.default.fileExists(atPath: url.path) else { continue }
      try FileManager.default.removeItem(at: url)
      removed.append(path)
    }
    return removed
  }

  /// A ring's file as the tool names it: `C`, digits, and one of its extensions.
  static func isRingFile(_ name: String) -> Bool {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, ["dot", "svg", "png", "pdf", "html"].contains(parts[1]) else { return false }
    let id = parts[0]
    return id.count >= 2 && id.first == "C" && id.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
  }
}
