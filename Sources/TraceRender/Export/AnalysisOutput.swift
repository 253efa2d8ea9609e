import Foundation
import TraceCore

/// Writes every file of `shared/spec/outputs.md` for one investigation into a folder.
public struct AnalysisOutput {
  public var directory: URL
  public var arguments: [String]

  public init(directory: URL, arguments: [String]) {
    self.directory = directory
    self.arguments = arguments
  }

  /// The files written, relative to `directory`, in the order written.
  @discardableResult
  public func write(_ investigation: Investigation) throws -> [String] {
    var timings = StageTimings()
    return try write(investigation, timings: &timings)
  }

  /// Writes the files, recording "write" and "render" in `timings`.
  @discardableResult
  public func write(_ investigation: Investigation, timings: inout StageTimings) throws -> [String] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var written: [String] = []
    func save(_ name: String, _ text: String) throws {
      try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
      written.append(name)
    }
    try timings.measure("write") { try writeTables(investigation, save: save) }
    let overview = OverviewDiagram.dot(investigation)
    try save("graph.dot", overview)
    let svg = try timings.measure("render") { try Graphviz.render(dot: overview, format: .svg) }
    try Data(svg).write(to: directory.appendingPathComponent("overview.svg"), options: .atomic)
    written.append("overview.svg")
    return written
  }

  private func writeTables(_ investigation: Investigation, save: (String, String) throws -> Void) throws {
    try save("stores.csv", ContractFiles.storesCSV(investigation))
    try save("clusters.json", ContractFiles.clustersJSON(investigation))
    try save("rejects.csv", ContractFiles.rejectsCSV(investigation))
    try save("hubs.csv", ContractFiles.hubsCSV(investigation))
    try save(
      "manifest.json",
      ContractFiles.manifestJSON(
        investigation, toolVersion: PiracyTraceVersion.current, arguments: arguments))
  }
}
