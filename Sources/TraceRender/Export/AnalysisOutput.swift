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

  /// The files written, relative to `directory`: the tables, then the drawings, then the
  /// report.
  @discardableResult
  public func write(_ investigation: Investigation) throws -> [String] {
    var timings = StageTimings()
    return try write(investigation, timings: &timings)
  }

  /// Writes the files, recording "diagrams", "write", "render overview", "render rings" and
  /// "report" in `timings`.
  ///
  /// Graphviz draws one diagram at a time (it is not thread-safe), so drawing runs beside
  /// the rest: the diagrams are drawn on one thread, the report pages of rings without a
  /// diagram are written on another, and the contract files on a third. The pages with a
  /// diagram and the index, which inline the drawings, come last. The stages of writing
  /// therefore overlap, and their sum is more than the time they took.
  @discardableResult
  public func write(_ investigation: Investigation, timings: inout StageTimings) throws -> [String] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let (overview, rings) = timings.measure("diagrams") { diagrams(investigation) }
    let notes = ([overview.summary] + rings.map(\.diagram.summary)).compactMap { $0 }
    let diagramNotes = Dictionary(uniqueKeysWithValues: rings.compactMap { ring, diagram in
      diagram.summary.map { (ring.id, $0) }
    })
    var report = InvestigationReport(
      investigation: investigation, arguments: arguments, diagramNotes: diagramNotes, notes: notes)
    let drawnIDs = Set(rings.map(\.ring.id))
    let undrawnPages = report.pagedRings.map(\.id).filter { !drawnIDs.contains($0) }

    let plainReport = report  // the pages without a diagram need no drawing
    let tables = OutputJob { timings in
      try timings.measure("write") { try writeTables(investigation, diagrams: rings.map(\.ring.id), notes: notes) }
    }
    let drawing = OutputJob { timings in try draw(overview: overview, rings: rings, timings: &timings) }
    let pages = OutputJob { timings in
      guard options.report else { return [String]() }
      try timings.measure("report") { try plainReport.writePages(of: undrawnPages, to: directory) }
      return undrawnPages.map { "report/\($0).html" }
    }
    // Drawing (serial: Graphviz) and the pages without a diagram get a thread each; the
    // tables run on this one. The pages and the tables use every core in their parallel
    // loops, and all three fill each other's gaps: the tables' serial writes of finished
    // pieces, the pages' file creation, the single thread of drawing. (Pages after the
    // tables on one thread left a core idle for 0.4 s at a million leads.)
    drawing.start()
    pages.start()
    tables.run()
    drawing.wait()
    pages.wait()
    let (drawnFiles, images, overviewSVG) = try drawing.result.get()
    var written = try tables.result.get() + drawnFiles + pages.result.get()
    timings.append(tables.timings, drawing.timings, pages.timings)

    if options.report {
      try timings.measure("report") {
        report.ringSVGs = images
        report.overviewSVG = overviewSVG
        let drawnPages = report.pagedRings.map(\.id).filter { drawnIDs.contains($0) }
        try report.writePages(of: drawnPages, to: directory)
        try report.writeIndex(to: directory)
        written += drawnPages.map { "report/\($0).html" } + ["report.html"]
      }
    }
    return written
  }

  /// The contract files (and any exports); returns their names.
  func writeTables(_ investigation: Investigation, diagrams: [String], notes: [String]) throws -> [String] {
    var written: [String] = []
    func save(_ name: String, _ body: (inout OutputFile) throws -> Void) throws {
      try OutputFile.write(to: directory.appendingPathComponent(name), body)
      written.append(name)
    }
    func save(_ name: String, _ text: String) throws { try save(name) { try $0.write(text) } }
    try save("stores.csv") { try ContractFiles.storesCSV(investigation, into: &$0) }
    try save("clusters.json") { try ContractFiles.clustersJSON(investigation, into: &$0) }
    try save("rejects.csv", ContractFiles.rejectsCSV(investigation))
    try save("hubs.csv", ContractFiles.hubsCSV(investigation))
    try save(
      "manifest.json",
      ContractFiles.manifestJSON(
        investigation, toolVersion: PiracyTraceVersion.current, arguments: arguments,
        diagrams: diagrams, notes: notes))
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
    return written
  }

  /// Draws the overview and the ring diagrams and saves them with their DOT; returns the
  /// names written, each ring's SVG by ring id, and the overview's SVG.
  func draw(overview: Diagram, rings: [(ring: Ring, diagram: Diagram)], timings: inout StageTimings) throws
    -> (written: [String], images: [String: [UInt8]], overviewSVG: [UInt8]?)
  {
    var written: [String] = []
    func save(_ name: String, _ bytes: [UInt8]) throws {
      try OutputFile.write(bytes, to: directory.appendingPathComponent(name))
      written.append(name)
    }
    func save(_ name: String, _ text: String) throws {
      try OutputFile.write(text, to: directory.appendingPathComponent(name))
      written.append(name)
    }
    var images: [String: [UInt8]] = [:]
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
        try FileManager.default.createDirectory(
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
    return (written, images, overviewSVG)
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

/// One of the jobs `AnalysisOutput.write` runs side by side: its body, its stage timings and
/// its result, kept for reading once both jobs are done.
final class OutputJob<T>: @unchecked Sendable {
  private let body: (inout StageTimings) throws -> T
  private(set) var timings = StageTimings()
  private(set) var result: Result<T, any Error> = .failure(CancellationError())

  init(_ body: @escaping (inout StageTimings) throws -> T) { self.body = body }

  private let done = DispatchSemaphore(value: 0)

  /// Runs the body on the calling thread.
  func run() {
    var timings = StageTimings()
    result = Result { try body(&timings) }
    self.timings = timings
  }

  /// Runs the body on a new thread; `wait()` for it.
  func start() {
    let thread = Thread { [self] in
      run()
      done.signal()
    }
    thread.stackSize = 8 << 20  // Graphviz recurses deeply on large layouts
    thread.start()
  }

  /// Waits until the body started by `start()` has finished.
  func wait() { done.wait() }
}
