import Foundation
import TraceCore

/// What `analyze` writes besides the contract tables.
public struct OutputOptions: Sendable, Hashable {
  /// Which rings get a diagram under `clusters/`.
  public enum DiagramSelection: Sendable, Hashable {
    /// The best `n` rings by score.
    case best(Int)
    case all
  }

  /// Extra machine-readable copies of the graph.
  public enum Export: String, Sendable, CaseIterable {
    /// `graph.graphml`
    case graphml
    /// `nodes.csv` and `edges.csv`
    case csv
    /// `graph.json`
    case json
  }

  public var diagrams: DiagramSelection
  /// Image formats of every diagram: SVG always (the report inlines it), then any others
  /// asked for; the DOT is always written too.
  public var formats: [RenderFormat]
  public var exports: [Export]
  /// Whether to write `report.html` and `report/`.
  public var report: Bool

  public init(
    diagrams: DiagramSelection = .best(25), formats: [RenderFormat] = [.svg], exports: [Export] = [],
    report: Bool = true
  ) {
    self.diagrams = diagrams
    self.formats = [.svg] + formats.filter { $0 != .svg && $0 != .dot }
    self.exports = exports
    self.report = report
  }
}

/// Writes every file of `shared/spec/outputs.md` for one investigation into a folder.
public struct AnalysisOutput {
  public var directory: URL
  public var arguments: [String]
  public var options: OutputOptions

  public init(directory: URL, arguments: [String], options: OutputOptions = OutputOptions()) {
    self.directory = directory
    self.arguments = arguments
    self.options = options
  }

  /// The files written, relative to `directory`, in the order written.
  @discardableResult
  public func write(_ investigation: Investigation) throws -> [String] {
    var timings = StageTimings()
    return try write(investigation, timings: &timings)
  }

  /// Writes the files, recording "diagrams", "write", "render overview", "render rings" and
  /// "report" in `timings`.
  @discardableResult
  public func write(_ investigation: Investigation, timings: inout StageTimings) throws -> [String] {
    let fileManager = FileManager.default
    try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    var written: [String] = []
    func save(_ name: String, _ body: (inout OutputFile) throws -> Void) throws {
      try OutputFile.write(to: directory.appendingPathComponent(name), body)
      written.append(name)
    }
    func save(_ name: String, _ text: String) throws { try save(name) { try $0.write(text) } }
    func save(_ name: String, _ bytes: [UInt8]) throws { try save(name) { try $0.write(bytes) } }
    let (overview, rings) = timings.measure("diagrams") { diagrams(investigation) }
    let notes = ([overview.summary] + rings.map(\.diagram.summary)).compactMap { $0 }
    try timings.measure("write") {
      try save("stores.csv") { try ContractFiles.storesCSV(investigation, into: &$0) }
      try save("clusters.json") { try ContractFiles.clustersJSON(investigation, into: &$0) }
      try save("rejects.csv", ContractFiles.rejectsCSV(investigation))
      try save("hubs.csv", ContractFiles.hubsCSV(investigation))
      try save(
        "manifest.json",
        ContractFiles.manifestJSON(
          investigation, toolVersion: PiracyTraceVersion.current, arguments: arguments,
          diagrams: rings.map(\.ring.id), notes: notes
        ))
      if !options.exports.isEmpty {
        let export = GraphExport(investigation)
        for format in options.exports {
          switch format {
          case .graphml: try save("graph.graphml", export.graphML())
          case .csv:
            try save("nodes.csv", export.nodesCSV())
            try save("edges.csv", export.edgesCSV())
          case .json: try save("graph.json", export.json())
          }
        }
      }
    }
    var images: [String: [UInt8]] = [:]  // ring id → SVG, for the report
    var overviewSVG: [UInt8]? = nil
    try timings.measure("render overview") {
      try save("graph.dot", overview.dot)
      for format in options.formats {
        let bytes = try Graphviz.render(dot: overview.dot, format: format)
        if format == .svg { overviewSVG = bytes }
        try save("overview.\(format.rawValue)", bytes)
      }
    }
    try timings.measure("render rings") {
      if !rings.isEmpty {
        try fileManager.createDirectory(
          at: directory.appendingPathComponent("clusters"), withIntermediateDirectories: true)
      }
      for (ring, diagram) in rings {
        try save("clusters/\(ring.id).dot", diagram.dot)
        for format in options.formats {
          let bytes = try Graphviz.render(dot: diagram.dot, format: format)
          if format == .svg { images[ring.id] = bytes }
          try save("clusters/\(ring.id).\(format.rawValue)", bytes)
        }
      }
    }
    if options.report {
      try timings.measure("report") {
        let report = InvestigationReport(
          investigation: investigation, arguments: arguments, ringSVGs: images,
          diagramNotes: Dictionary(uniqueKeysWithValues: rings.compactMap { ring, diagram in
            diagram.summary.map { (ring.id, $0) }
          }),
          overviewSVG: overviewSVG, notes: notes)
        written += try report.write(to: directory)
      }
    }
    return written
  }

  /// The overview and the selected rings' diagrams, as DOT.
  func diagrams(_ investigation: Investigation) -> (overview: Diagram, rings: [(ring: Ring, diagram: Diagram)]) {
    let hubs = Set(investigation.hubs.map(\.entity))
    let selected: ArraySlice<Ring> =
      switch options.diagrams {
      case .all: investigation.rings[...]
      case .best(let count): investigation.rings.prefix(max(0, count))
      }
    // Gathering a ring's evidence is independent of the others: do it on every core.
    let rings = Array(selected)
    let drawn = rings.parallelMap(serialBelow: 2) { ring in
      RingDiagram.draw(
        RingEvidence(ring: ring, graph: investigation.graph, hubs: hubs), graph: investigation.graph,
        page: "../report/\(ring.id).html")
    }
    return (OverviewDiagram.draw(investigation), Array(zip(rings, drawn)))
  }
}
