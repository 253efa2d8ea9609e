import TraceCore

/// A small left-to-right drawing of an evidence path: stores as boxes, shared values in their
/// kind's shape, each hop labelled with how many leads show it; hubs drawn dashed.
public enum PathDiagram {
  public static func dot(_ nodes: [EvidencePath.Node], hops: [EvidencePath.Hop], graph: EvidenceGraph, hubs: Set<Int32>)
    -> String
  {
    var dot = DOTWriter(
      graphName: "evidence path", directed: false,
      attributes: [("rankdir", "LR"), ("fontname", EntityStyle.font)])
    dot.defaults("node", [("fontname", EntityStyle.font), ("fontsize", "10")])
    dot.defaults("edge", [("fontname", EntityStyle.font), ("fontsize", "9")])
    for node in nodes {
      switch node {
      case .store(let s):
        let store = graph.stores[Int(s)]
        dot.node("s\(s)", EntityStyle.attributes(for: store))
      case .entity(let e):
        var attributes = EntityStyle.attributes(forEntity: e, in: graph, highlighted: false)
        if hubs.contains(e) { attributes += [("style", "dashed"), ("tooltip", "hub: kept out of linking")] }
        dot.node("e\(e)", attributes)
      }
    }
    for hop in hops {
      dot.edge(
        "s\(hop.store)", "e\(hop.entity)",
        [("label", "\(hop.leads.count) lead\(hop.leads.count == 1 ? "" : "s")")])
    }
    return dot.finished()
  }
}
