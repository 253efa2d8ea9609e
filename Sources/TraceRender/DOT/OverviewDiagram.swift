import TraceCore

/// The whole evidence graph as DOT: each ring a `cluster_` box of its stores and the shared
/// values that tie them, sources above stores; hubs drawn apart, never as links.
///
/// Beyond `collapseAbove` nodes each ring becomes one node sized by its store count, laid
/// out with sfdp, so the overview never asks dot for more than it can lay out quickly.
public enum OverviewDiagram {
  /// The node count above which rings are collapsed.
  public static let collapseAbove = 400
  /// The most rings a collapsed overview draws (the best by score); sfdp lays out this many
  /// nodes in well under a second, while tens of thousands would take minutes.
  public static let collapsedRingBudget = 500

  /// The most super-sources a collapsed overview draws as links between rings.
  public static let collapsedSourceBudget = 100
  /// The most hubs a collapsed overview shows (apart, unlinked).
  public static let collapsedHubBudget = 40

  /// The overview of `investigation`; ring clusters link to `report/<id>.html`.
  public static func draw(_ investigation: Investigation) -> Diagram {
    let graph = investigation.graph
    // Stores and hubs alone may already call for collapsing: then the rings' entities are
    // never gathered (tens of thousands of rings on large inputs).
    let storeAndHubNodes = investigation.rings.reduce(0) { $0 + $1.stores.count } + investigation.hubs.count
    if storeAndHubNodes > collapseAbove { return collapsed(investigation, nodes: storeAndHubNodes) }
    let hubs = Set(investigation.hubs.map(\.entity))
    let ringEntities = investigation.rings.map { sharedEntities(of: $0, graph: graph, hubs: hubs) }
    let nodes = storeAndHubNodes + ringEntities.reduce(0, { $0 + $1.count })
    if nodes > collapseAbove { return collapsed(investigation, nodes: nodes) }

    var dot = DOTWriter(
      graphName: "piracy-trace overview",
      attributes: [
        ("rankdir", "LR"), ("fontname", EntityStyle.font), ("compound", "true"),
        ("label", "piracy-trace: \(investigation.rings.count) rings, \(graph.stores.count) stores"),
        ("labelloc", "t"), ("nslimit", "20"), ("mclimit", "2"),
      ])
    dot.defaults("node", [("fontname", EntityStyle.font), ("fontsize", "10")])
    dot.defaults("edge", [("color", "#555555"), ("arrowsize", "0.6")])
    for (ringIndex, ring) in investigation.rings.enumerated() {
      dot.beginSubgraph(
        "cluster_\(ring.id)",
        [
          ("label", "\(ring.id) · \(ring.stores.count) stores · score \(ring.score)"),
          ("style", "rounded"), ("color", "#b03030"), ("id", ring.id),
          ("URL", "report/\(ring.id).html"), ("tooltip", "\(ring.id): open its page in the report"),
        ])
      let top = ring.upstream.first?.entity
      for entity in ringEntities[ringIndex] {
        dot.node(
          "e\(entity)",
          EntityStyle.attributes(forEntity: entity, in: graph, highlighted: entity == top)
            + [("tooltip", "\(graph.entities[Int(entity)].kind.rawValue): \(graph.label(ofEntity: entity))")])
      }
      for store in ring.stores {
        let node = graph.stores[Int(store)]
        dot.node(
          "s\(store)",
          EntityStyle.attributes(for: node) + [("tooltip", "\(node.key): \(node.leads.count) leads")])
      }
      let members = Set(ringEntities[ringIndex])
      for store in ring.stores {
        for link in graph.links(ofStore: Int(store)) {
          let entity = graph.linkEntities[link]
          guard members.contains(entity) else { continue }
          let leads = graph.leads(ofLink: link).count
          dot.edge(
            "e\(entity)", "s\(store)",
            [("penwidth", String(min(4, 1 + leads / 2))), ("tooltip", "\(leads) leads")])
        }
      }
      dot.endSubgraph()
    }
    if !investigation.hubs.isEmpty {
      dot.beginSubgraph(
        "cluster_hubs",
        [("label", "hubs kept out of linking"), ("style", "dashed"), ("color", "#888888")])
      for hub in investigation.hubs {
        dot.node(
          "e\(hub.entity)",
          [
            ("label", "\(hub.label)\n\(hub.stores) stores"), ("shape", "octagon"),
            ("color", "#888888"), ("fontcolor", "#555555"),
            ("tooltip", "\(hub.key.kind.rawValue) hub: \(hub.reason.rawValue)"),
          ])
      }
      dot.endSubgraph()
    }
    return Diagram(dot: dot.finished())
  }

  /// The entities of a ring worth drawing: those linked to ≥ 2 of its stores (hubs
  /// excluded), plus its top candidate. Sorted by id.
  static func sharedEntities(of ring: Ring, graph: EvidenceGraph, hubs: Set<Int32>) -> [Int32] {
    var counts: [Int32: Int] = [:]
    for store in ring.stores {
      for link in graph.links(ofStore: Int(store)) where !hubs.contains(graph.linkEntities[link]) {
        counts[graph.linkEntities[link], default: 0] += 1
      }
    }
    var chosen = Set(counts.filter { $0.value >= 2 }.keys)
    if let top = ring.upstream.first { chosen.insert(top.entity) }
    return chosen.sorted()
  }

  /// One node per ring, sized by store count, for graphs too large to draw whole; values that
  /// feed several of the drawn rings link them; hubs stand apart, unlinked.
  static func collapsed(_ investigation: Investigation, nodes: Int) -> Diagram {
    let graph = investigation.graph
    let shown = investigation.rings.prefix(collapsedRingBudget)
    let ringNote =
      shown.count < investigation.rings.count
      ? "the best \(shown.count) of \(investigation.rings.count) rings" : "\(investigation.rings.count) rings"
    let sources = investigation.superSources.lazy
      .map { source in (source, source.rings.filter { $0 < shown.count }) }
      .filter { $0.1.count >= 2 }.prefix(collapsedSourceBudget)
    let hubs = investigation.hubs.sorted { ($0.stores, $1.key) > ($1.stores, $0.key) }.prefix(collapsedHubBudget)
    let summary =
      "overview collapsed: \(nodes) nodes exceed \(collapseAbove); \(ringNote) drawn as one node each, "
      + "\(Array(sources).count) values feeding several of them, \(hubs.count) of \(investigation.hubs.count) hubs apart"
    var dot = DOTWriter(
      graphName: "piracy-trace overview (rings collapsed)", directed: false,
      attributes: [
        // Most rings share nothing with each other: hundreds of components, which Graphviz's
        // default polyomino packing places in seconds; array packing takes a tenth of one.
        ("layout", "sfdp"), ("overlap", "prism"), ("packmode", "array"), ("outputorder", "edgesfirst"),
        ("fontname", EntityStyle.font), ("label", summary), ("labelloc", "t"),
      ])
    dot.defaults("node", [("fontname", EntityStyle.font), ("style", "filled")])
    for ring in shown {
      let width = 0.4 + 0.25 * Double(ring.stores.count).squareRoot()
      dot.node(
        ring.id,
        [
          ("label", "\(ring.id)\n\(ring.stores.count)"), ("width", String(format: "%.2f", width)),
          ("shape", "circle"), ("fillcolor", "#f4c7c3"), ("fixedsize", "true"),
          ("tooltip", "\(ring.id): \(ring.stores.count) stores, score \(ring.score)"),
          ("URL", "report/\(ring.id).html"), ("id", ring.id),
        ])
    }
    for (source, rings) in sources {
      let kind = graph.entities[Int(source.entity)].kind, label = graph.label(ofEntity: source.entity)
      dot.node(
        "e\(source.entity)",
        EntityStyle.attributes(forEntity: source.entity, in: graph, highlighted: false) + [
          ("tooltip", "\(kind.rawValue) \(label): feeds \(source.rings.count) rings"),
          ("id", "e\(source.entity)"),
        ])
      for ring in rings { dot.edge("e\(source.entity)", shown[ring].id, [("color", "#999999")]) }
    }
    for hub in hubs {
      dot.node(
        "h\(hub.entity)",
        [
          ("label", "hub \(hub.label)\n\(hub.stores) stores"), ("shape", "octagon"),
          ("fillcolor", "#eeeeee"), ("color", "#888888"), ("fontcolor", "#555555"),
          ("tooltip", "\(hub.key.kind.rawValue) hub (\(hub.reason.rawValue)): kept out of linking"),
        ])
    }
    return Diagram(dot: dot.finished(), summary: summary)
  }
}
