internal import CGraphviz
import Foundation
import Synchronization

/// Output formats Graphviz renders in process.
public enum RenderFormat: String, Sendable, CaseIterable {
  case svg, png, pdf, dot

  /// The Graphviz device name: `dot` asks for the laid-out graph with positions.
  var device: String {
    switch self {
    case .svg: "svg"
    case .png: "png:cairo"
    case .pdf: "pdf:cairo"
    case .dot: "dot"
    }
  }
}

/// Layout engines; `dot` for layered drawings of up to a few hundred nodes, `sfdp` above.
public enum LayoutEngine: String, Sendable, CaseIterable {
  case dot, neato, fdp, sfdp, circo, twopi
}

/// Size limits that keep every layout bounded, whatever DOT it is given.
public enum LayoutLimits {
  /// Above this many nodes plus edges, a graph that names no engine is laid out with sfdp:
  /// dot's crossing minimisation grows much faster than linearly.
  public static let dotSize = 6000
  /// Above this many nodes plus edges, dot runs with bounded network-simplex and
  /// crossing-minimisation iterations (unless the graph sets them itself).
  public static let boundedDotSize = 1000
  static let dotBounds = [("nslimit", "4"), ("nslimit1", "4"), ("mclimit", "0.3"), ("searchsize", "30")]
  /// Set on every graph from a stranger, over its own values: dot's passes as for large
  /// graphs, and the force-directed engines' iterations.
  static let untrustedBounds = dotBounds + [("maxiter", "600"), ("remincross", "false")]
}

/// The one door to Graphviz's C library (cgraph + gvc), used in process: no `dot` executable.
///
/// Graphviz keeps global state and is not thread-safe, so every call runs under one
/// process-wide lock. Errors and warnings are captured instead of printed to stderr.
public enum Graphviz {
  private static let lock = Mutex(())

  /// Lays out DOT text and renders it.
  ///
  /// - Parameters:
  ///   - dot: the graph in the DOT language.
  ///   - format: the output format.
  ///   - engine: the layout engine; `nil` uses the graph's `layout` attribute, else `dot`.
  /// - Returns: the rendered bytes.
  /// - Throws: `GraphvizError` with Graphviz's message (syntax errors name their line).
  public static func render(dot: String, format: RenderFormat, engine: LayoutEngine? = nil)
    throws(GraphvizError) -> [UInt8]
  {
    try lock.withLock { (_: inout Void) throws(GraphvizError) -> [UInt8] in
      try renderLocked(dot: dot, format: format, engine: engine)
    }
  }

  /// Lays out and renders DOT text from a stranger (`render`): checked and cleaned by
  /// `UntrustedDOT` before layout (no file read outside `allowFilesIn`, none at all without
  /// it; no script or unsafe link; shape within `budget`), dot's passes bounded.
  /// - Returns: the rendered bytes and a note for each kind of attribute removed.
  /// - Throws: `UntrustedDOT.Refusal` for a graph over budget; `GraphvizError` as `render`.
  public static func renderUntrusted(
    dot: String, format: RenderFormat, engine: LayoutEngine? = nil, allowFilesIn folder: URL?,
    budget: UntrustedDOT.Budget = UntrustedDOT.Budget()
  ) throws -> (bytes: [UInt8], notes: [String]) {
    try UntrustedDOT.checkText(Array(dot.utf8), budget: budget)
    var notes: [String] = []
    let bytes = try lock.withLock { (_: inout Void) throws -> [UInt8] in
      try renderLocked(dot: dot, format: format, engine: engine, boundingPasses: true) { graph in
        try UntrustedDOT.checkShape(graph, format: format, budget: budget)
        notes = UntrustedDOT.sanitize(graph, allowFilesIn: folder)
      }
    }
    return (bytes, notes)
  }

  /// Parses DOT text and counts its nodes and edges (used to check escaping in tests and
  /// to pick an engine by size).
  public static func parseCounts(dot: String) throws(GraphvizError) -> (nodes: Int, edges: Int) {
    try lock.withLock { (_: inout Void) throws(GraphvizError) -> (nodes: Int, edges: Int) in
      CGraphviz_beginCapture()
      guard let graph = CGraphviz_memread(trimmed(dot)) else { throw parseError() }
      defer { agclose(graph) }
      return (Int(CGraphviz_nodeCount(graph)), Int(CGraphviz_edgeCount(graph)))
    }
  }

  private static func parseError() -> GraphvizError {
    let message = String(cString: CGraphviz_capturedErrors())
    return GraphvizError(stage: .parse, message: message, line: lineNumber(in: message))
  }

  /// The DOT text without trailing whitespace. Graphviz's lexer keeps the unread tail of the
  /// previous input (its final newline) and counts it in the next parse, which would put every
  /// later syntax error one line too low; with no trailing newline there is no tail.
  static func trimmed(_ dot: String) -> String {
    var end = dot.endIndex
    while end > dot.startIndex, dot[dot.index(before: end)].isWhitespace { end = dot.index(before: end) }
    return String(dot[..<end])
  }

  /// "syntax error in line 3 near '}'" → 3.
  static func lineNumber(in message: String) -> Int? {
    guard let range = message.range(of: "line ") else { return nil }
    return Int(message[range.upperBound...].prefix(while: \.isNumber))
  }

  private static func renderLocked(dot: String, format: RenderFormat, engine: LayoutEngine?)
    throws(GraphvizError) -> [UInt8]
  {
    do {
      return try renderLocked(dot: dot, format: format, engine: engine, boundingPasses: false) { _ in }
    } catch let error as GraphvizError {
      throw error
    } catch {
      throw GraphvizError(stage: .layout, message: "\(error)")
    }
  }

  /// Renders, calling `prepare` on the parsed graph before layout. With `boundingPasses`,
  /// dot's passes are bounded whatever the graph sets (a stranger's `nslimit=1e9`), and the
  /// force-directed engines' iterations too.
  private static func renderLocked(
    dot: String, format: RenderFormat, engine: LayoutEngine?, boundingPasses: Bool,
    prepare: (UnsafeMutablePointer<Agraph_t>) throws -> Void
  ) throws -> [UInt8] {
    CGraphviz_beginCapture()
    guard let context = gvContext() else {
      throw GraphvizError(stage: .context, message: "gvContext returned nil")
    }
    defer { gvFreeContext(context) }
    guard let graph = CGraphviz_memread(trimmed(dot)) else { throw parseError() }
    defer { agclose(graph) }
    try prepare(graph)
    let size = Int(CGraphviz_nodeCount(graph)) + Int(CGraphviz_edgeCount(graph))
    let chosen: String
    if let engine {
      chosen = engine.rawValue
    } else if let attribute = CGraphviz_get(graph, "layout"), attribute.pointee != 0 {
      chosen = String(cString: attribute)
    } else {
      chosen = (size > LayoutLimits.dotSize ? LayoutEngine.sfdp : LayoutEngine.dot).rawValue
    }
    /// Sets a graph attribute the DOT text left unset; the graph's own settings win.
    func setDefault(_ name: String, _ value: String) {
      if CGraphviz_get(graph, name).map({ $0.pointee == 0 }) ?? true { _ = CGraphviz_safeset(graph, name, value, "") }
    }
    if boundingPasses {
      for (name, value) in LayoutLimits.untrustedBounds { _ = CGraphviz_safeset(graph, name, value, "") }
    } else if chosen == LayoutEngine.dot.rawValue && size > LayoutLimits.boundedDotSize {
      for (name, value) in LayoutLimits.dotBounds { setDefault(name, value) }
    }
    if chosen == LayoutEngine.sfdp.rawValue { setDefault("overlap", "prism") }
    // Packing many components with the default polyomino method grows much faster than
    // linearly (seconds for 500 isolated nodes); array packing stays fast.
    if chosen != LayoutEngine.dot.rawValue, size > LayoutLimits.boundedDotSize / 2 { setDefault("packmode", "array") }
    guard CGraphviz_layout(context, graph, chosen) == 0 else {
      throw GraphvizError(stage: .layout, message: String(cString: CGraphviz_capturedErrors()))
    }
    defer { gvFreeLayout(context, graph) }
    var data: UnsafeMutablePointer<CChar>? = nil
    var length: UInt32 = 0
    guard CGraphviz_render(context, graph, format.device, &data, &length) == 0, let data else {
      throw GraphvizError(stage: .render, message: String(cString: CGraphviz_capturedErrors()))
    }
    defer { gvFreeRenderData(data) }
    let bytes = data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
      Array(UnsafeBufferPointer(start: $0, count: Int(length)))
    }
    return format == .pdf ? PDFDates.fixingDates(of: bytes) : bytes
  }
}
