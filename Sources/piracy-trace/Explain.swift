import ArgumentParser
import Foundation
import TraceCore
import TraceRender

/// `piracy-trace explain --out DIR A B`: why are A and B linked?
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the shortest evidence path between two stores or shared values.",
    discussion: """
      DIR is a folder written by `analyze`; the analysis is re-run from its manifest (same \
      files, same flags: run it from the same working folder). A and B are store keys \
      (抖音:DY100201) or entity keys (phone:13957912345, address:…, supplier:…, account:…). \
      The path is printed with the leads behind each hop and drawn into DIR/explain/.
      """)

  @Option(name: .long, help: "An analyze output folder.")
  var out: String

  @Argument(help: "A store key or entity key.")
  var from: String

  @Argument(help: "Another store key or entity key.")
  var to: String

  func run() throws {
    let manifestURL = URL(fileURLWithPath: out).appendingPathComponent("manifest.json")
    guard let data = FileManager.default.contents(atPath: manifestURL.path),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let arguments = manifest["arguments"] as? [String], arguments.first == "analyze"
    else {
      throw ValidationError("\(manifestURL.path): not an analyze manifest (run `piracy-trace analyze` first)")
    }
    let analyze = try Analyze.parse(Array(arguments.dropFirst()))
    let investigation = try Investigation.run(paths: analyze.files, options: analyze.options)
    let graph = investigation.graph
    guard let a = EvidencePath.node(named: from, in: graph) else {
      throw ValidationError("'\(from)' is neither a store key nor an entity key in this analysis")
    }
    guard let b = EvidencePath.node(named: to, in: graph) else {
      throw ValidationError("'\(to)' is neither a store key nor an entity key in this analysis")
    }
    let hubs = Set(investigation.hubs.map(\.entity))
    let outcome = EvidencePath.find(from: a, to: b, in: graph, hubs: hubs)
    print(EvidenceText.describe(outcome, from: from, to: to, investigation: investigation))
    switch outcome {
    case .linked(let nodes, let hops), .onlyThroughHubs(let nodes, let hops, _):
      // Beside the result, in a folder of the tool's own (`ResultFolder` counts its drawings
      // as the tool's, removed with the result they explain); never through a link.
      let folder = URL(fileURLWithPath: out).appendingPathComponent("explain")
      if ResultFolder.isSymbolicLink(folder.path) {
        throw ValidationError("\(folder.path) is a symbolic link: explain draws only into a folder of its own")
      }
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let name = EvidenceText.fileName(from, to)
      let dot = PathDiagram.dot(nodes, hops: hops, graph: graph, hubs: hubs)
      try OutputFile.write(dot, to: folder.appendingPathComponent(name + ".dot"))
      try OutputFile.write(try Graphviz.render(dot: dot, format: .svg), to: folder.appendingPathComponent(name + ".svg"))
      print("drawn: \(folder.appendingPathComponent(name + ".svg").path)")
    case .unlinked:
      throw ExitCode(1)
    }
  }
}

/// The text `explain` prints.
enum EvidenceText {
  static func describe(_ outcome: EvidencePath.Outcome, from: String, to: String, investigation: Investigation) -> String {
    let graph = investigation.graph
    switch outcome {
    case .unlinked:
      return "\(from) and \(to) are not linked by any shared value in these leads."
    case .linked(let nodes, let hops):
      return "\(from) and \(to) are linked in \(hops.count) hop\(hops.count == 1 ? "" : "s"):\n"
        + path(nodes, hops, graph)
    case .onlyThroughHubs(let nodes, let hops, let hubs):
      let names = hubs.map { describe(.entity($0), graph) }.joined(separator: ", ")
      return "\(from) and \(to) are linked only through \(names), kept out of linking as a hub "
        + "(see hubs.csv): that is no evidence they work together.\n" + path(nodes, hops, graph)
    }
  }

  static func describe(_ node: EvidencePath.Node, _ graph: EvidenceGraph) -> String {
    switch node {
    case .store(let s):
      let store = graph.stores[Int(s)]
      return "store \(store.key)" + (store.name.isEmpty ? "" : " (\(store.name))")
    case .entity(let e):
      return "\(graph.entities[Int(e)].kind.rawValue) \(graph.label(ofEntity: e))"
    }
  }

  static func path(_ nodes: [EvidencePath.Node], _ hops: [EvidencePath.Hop], _ graph: EvidenceGraph) -> String {
    var lines: [String] = []
    for (index, node) in nodes.enumerated() {
      lines.append("  \(describe(node, graph))")
      guard index < hops.count else { continue }
      let hop = hops[index]
      for lead in hop.leads.prefix(5) { lines.append("      ↳ " + evidence(lead: Int(lead), graph)) }
      if hop.leads.count > 5 { lines.append("      ↳ … \(hop.leads.count - 5) more leads") }
    }
    return lines.joined(separator: "\n")
  }

  /// `file:line · publisher · date · waybill · sender · origin` for one lead.
  static func evidence(lead: Int, _ graph: EvidenceGraph) -> String {
    let table = graph.table
    let sources = table.sourceRefs(lead).map { ref in
      "\(table.files[Int(ref.file)]):\(ref.line) \(table.pool[ref.publisher])"
    }
    var parts = [sources.joined(separator: "; ")]
    for (field, name) in [
      (LeadField.reportedAt, "date"), (.waybill, "waybill"), (.senderName, "sender"),
      (.senderPhone, "phone"), (.originAddress, "from"), (.supplier, "supplier"),
    ] {
      let value = table.value(lead, field)
      if !value.isEmpty { parts.append("\(name) \(value)") }
    }
    return parts.joined(separator: " · ")
  }

  /// A file name for the pair, safe on every file system.
  static func fileName(_ a: String, _ b: String) -> String {
    let text = a + "--" + b
    return String(text.unicodeScalars.map { scalar -> Character in
      let bad: Set<Unicode.Scalar> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
      return bad.contains(scalar) || scalar.value < 0x20 ? "_" : Character(scalar)
    }.prefix(120))
  }
}
