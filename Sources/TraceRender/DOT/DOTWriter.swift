import TraceCore

/// Writes DOT text, escaping every id and attribute value by construction.
///
/// Attributes are written in the order given, so output is deterministic.
public struct DOTWriter {
  public private(set) var text = ""
  private var depth = 0

  public init(graphName: String, directed: Bool = true, attributes: [(String, String)] = []) {
    text = (directed ? "digraph " : "graph ") + DOTEscaping.quoted(graphName) + " {\n"
    depth = 1
    for (name, value) in attributes { line("\(name)=\(DOTEscaping.quoted(value, bounds: DOTEscaping.bounds(ofAttribute: name)));") }
  }

  private mutating func line(_ content: String) {
    text += String(repeating: "  ", count: depth) + content + "\n"
  }

  static func attributeList(_ attributes: [(String, String)]) -> String {
    guard !attributes.isEmpty else { return "" }
    return " [" + attributes.map { "\($0.0)=\(DOTEscaping.quoted($0.1, bounds: DOTEscaping.bounds(ofAttribute: $0.0)))" }
      .joined(separator: ", ")
      + "]"
  }

  /// Default attributes for every node (`node [...]`) or edge (`edge [...]`).
  public mutating func defaults(_ kind: String, _ attributes: [(String, String)]) {
    line(kind + DOTWriter.attributeList(attributes) + ";")
  }

  public mutating func node(_ id: String, _ attributes: [(String, String)] = []) {
    line(DOTEscaping.quoted(id) + DOTWriter.attributeList(attributes) + ";")
  }

  public mutating func edge(_ from: String, _ to: String, _ attributes: [(String, String)] = []) {
    let arrow = text.hasPrefix("digraph") ? " -> " : " -- "
    line(DOTEscaping.quoted(from) + arrow + DOTEscaping.quoted(to) + DOTWriter.attributeList(attributes) + ";")
  }

  /// A node whose label is a Graphviz HTML-like label. `html` is written unescaped, so it
  /// must be constant text of the tool's own: never pass anything read from a lead.
  public mutating func trustedHTMLNode(_ id: String, html: String, _ attributes: [(String, String)] = []) {
    let rest = DOTWriter.attributeList(attributes)
    let list = rest.isEmpty ? " [label=<\(html)>]" : " [label=<\(html)>, " + rest.dropFirst(2)
    line(DOTEscaping.quoted(id) + list + ";")
  }

  /// Opens a subgraph; names starting with `cluster_` are drawn as boxes by dot.
  public mutating func beginSubgraph(_ name: String, _ attributes: [(String, String)] = []) {
    line("subgraph " + DOTEscaping.quoted(name) + " {")
    depth += 1
    for (attribute, value) in attributes {
      line("\(attribute)=\(DOTEscaping.quoted(value, bounds: DOTEscaping.bounds(ofAttribute: attribute)));")
    }
  }

  public mutating func endSubgraph() {
    depth -= 1
    line("}")
  }

  /// The finished DOT text.
  public func finished() -> String { text + "}\n" }
}
