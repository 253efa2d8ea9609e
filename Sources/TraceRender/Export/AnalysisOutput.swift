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

    /// The files the export writes.
    var fileNames: [String] {
      switch self {
      case .graphml: ["graph.graphml"]
      case .csv: ["nodes.csv", "edges.csv"]
      case .json: ["graph.json"]
      }
    }
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

  /// Writes the files into a `ResultFolder` of `directory` (locked for the run, replaced
  /// whole at the end), recording the stages in `timings`.
  @discardableResult
  public func write(_ investigation: Investigation, timings: inout StageTimings) throws -> [String] {
    try write(investigation, into: ResultFolder(directory), timings: &timings)
  }

  /// Writes the files into `folder`'s staging folder and, once all are written, puts them
  /// in place (`ResultFolder.commit`); on any error the staging folder is removed and the
  /// earlier result is as it was.
  @discardableResult
  public func write(_ investigation: Investigation, into folder: ResultFolder, timings: inout StageTimings) throws
    -> [String]
  {
    var staged = self
    staged.directory = folder.staging
    do {
      let written = try staged.writeFiles(investigation, timings: &timings)
      try timings.measure("write") { () throws in try folder.commit(written: written) }
      return written
    } catch {
      folder.abandon()
      throw error
    }
  }

  /// Writes the files, recording "diagrams", "write", "render overview", "render rings" and
  /// "report" in `timings`; `manifest.json`, listing them all, is written last.
  ///
  /// Graphviz draws one diagram at a time (it is not thread-safe), and the drawings are what
  /// finish last, so they start first: the overview is drawn on a thread of its own while the
  /// rings' diagrams are made, then the rings. Beside the drawing, the contract files are
  /// written on this thread, and the report on a third: the pages of rings without a
  /// diagram, then the pages with one and the index, made with a hole where the drawing goes
  /// (`PageWithHole`). Once the drawings are done, they are put in and those pages written.
  /// The stages of writing therefore overlap, and their sum is more than the time they took.
  private func writeFiles(_ investigation: Investigation, timings: inout StageTimings) throws -> [String] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let overview = timings.measure("diagrams") { OverviewDiagram.draw(investigation) }
    let ringsToDraw = Handoff<[(ring: Ring, diagram: Diagram)]>()
    let drawing = OutputJob { timings in try draw(overview: overview, rings: ringsToDraw, timings: &timings) }
    drawing.start()
    let (rings, evidence) = timings.measure("diagrams") { ringDiagrams(investigation) }
    ringsToDraw.give(rings)

    let notes = ([overview.summary] + rings.map(\.diagram.summary)).compactMap { $0 }
    let diagramNotes = Dictionary(uniqueKeysWithValues: rings.compactMap { ring, diagram in
      diagram.summary.map { (ring.id, $0) }
    })
    let drawnIDs = Set(rings.map(\.ring.id))
    var report = InvestigationReport(
      investigation: investigation, arguments: arguments, diagramNotes: diagramNotes, notes: notes)
    report.drawnRings = options.formats.contains(.svg) ? drawnIDs : []
    let undrawnPages = report.pagedRings.map(\.id).filter { !drawnIDs.contains($0) }
    let drawnPages = report.pagedRings.map(\.id).filter { drawnIDs.contains($0) }

    let tables = OutputJob { timings in
      try timings.measure("write") { try writeTables(investigation) }
    }
    let plainReport = report  // pages and index before the drawings
    let pages = OutputJob { timings -> (pages: [(id: String, page: PageWithHole)], index: PageWithHole)? in
      guard options.report else { return nil }
      return try timings.measure("report") {
        try plainReport.writePages(of: undrawnPages, to: directory)
        return (plainReport.pagesWithHoles(of: drawnPages, evidence: evidence), plainReport.indexWithHole())
      }
    }
    // The pages and the tables use every core in their parallel loops, and fill the gaps of
    // the single thread of drawing. (Pages after the tables on one thread left a core idle
    // for 0.4 s at a million leads.)
    pages.start()
    tables.run()
    drawing.wait()
    pages.wait()
    let (drawnFiles, images, overviewSVG) = try drawing.result.get()
    var written = try tables.result.get() + drawnFiles + (options.report ? undrawnPages.map { "report/\($0).html" } : [])
    timings.append(tables.timings, drawing.timings, pages.timings)

    if let (withHoles, index) = try pages.result.get() {
      try timings.measure("report") {
        report.ringSVGs = images
        report.overviewSVG = overviewSVG
        let (drawnReport, directory) = (report, directory)
        let failures = withHoles.parallelMap(serialBelow: 2) { id, page -> (any Error)? in
          do {
            try drawnReport.writePage(page, of: id, to: directory)
            return nil
          } catch {
            return error
          }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        try report.writeIndex(index, to: directory)
        written += withHoles.map { "report/\($0.id).html" } + ["report.html"]
      }
    }
    written.append("manifest.json")
    let manifest = ContractFiles.manifestJSON(
      investigation, toolVersion: PiracyTraceVersion.current, arguments: arguments,
      diagrams: rings.map(\.ring.id), notes: notes, files: written.sorted())
    try timings.measure("write") { try OutputFile.write(manifest, to: directory.appendingPathComponent("manifest.json")) }
    return written
  }

  /// Every name the tool gives a file at the top of the folder: the contract files, the
  /// exports, the overview in each image format, the report.
  static let topLevelFiles: Set<String> = Set(
    ["stores.csv", "clusters.json", "rejects.csv", "hubs.csv", "manifest.json", "graph.dot", "report.html"]
      + OutputOptions.Export.allCases.flatMap(\.fileNames) + RenderFormat.allCases.map { "overview.\($0.rawValue)" })

  /// The contract files but the manifest (and any exports); returns their names.
  func writeTables(_ investigation: Investigation) throws -> [String] {
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
    if !options.exports.isEmpty {
      let export = GraphExport(investigation)
      for format in options.exports {
        switch format {
        case .graphml: try save(format.fileNames[0], export.graphML())
        case .csv:
          try save(format.fileNames[0], export.nodesCSV())
          try save(format.fileNames[1], export.edgesCSV())
        case .json: try save(format.fileNames[0], export.json())
        }
      }
    }
    return written
  }

  /// Draws the overview and the ring diagrams and saves them with their DOT; returns the
  /// names written, each ring's SVG by ring id, and the overview's SVG.
  func draw(overview: Diagram, rings ringsToDraw: Handoff<[(ring: Ring, diagram: Diagram)]>, timings: inout StageTimings)
    throws
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
    let rings = ringsToDraw.take()
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

  /// The selected rings' diagrams, as DOT, and the evidence each was drawn from (by ring
  /// id; their report pages show it too).
  func ringDiagrams(_ investigation: Investigation)
    -> (rings: [(ring: Ring, diagram: Diagram)], evidence: [String: RingEvidence])
  {
    let hubs = Set(investigation.hubs.map(\.entity))
    let selected: ArraySlice<Ring> =
      switch options.diagrams {
      case .all: investigation.rings[...]
      case .best(let count): investigation.rings.prefix(max(0, count))
      }
    // Gathering a ring's evidence is independent of the others: do it on every core. Only
    // rings with a report page keep theirs, for the page: with `--diagrams all`, the evidence
    // of every ring would be held until the end.
    let rings = Array(selected)
    let paged = Set(investigation.rings.prefix(InvestigationReport.ringPageLimit).map(\.id))
    let drawn = rings.parallelMap(serialBelow: 2) { ring -> (diagram: Diagram, evidence: RingEvidence?) in
      let evidence = RingEvidence(ring: ring, graph: investigation.graph, hubs: hubs)
      let diagram = RingDiagram.draw(evidence, graph: investigation.graph, page: "../report/\(ring.id).html")
      return (diagram, paged.contains(ring.id) ? evidence : nil)
    }
    var evidence: [String: RingEvidence] = [:]
    for (ring, drawing) in zip(rings, drawn) { evidence[ring.id] = drawing.evidence }
    return (Array(zip(rings, drawn.map(\.diagram))), evidence)
  }
}

/// A value one thread makes and another waits for.
final class Handoff<T>: @unchecked Sendable {
  private var value: T?
  private let ready = DispatchSemaphore(value: 0)

  /// Hands `value` over; call once.
  func give(_ value: T) {
    self.value = value
    ready.signal()
  }

  /// Waits until the value is given, and returns it; call once.
  func take() -> T {
    ready.wait()
    return value!
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
