import TraceCore

/// One ring drawn for an investigator: upstream values at the top, storefronts at the bottom,
/// one rank per supply tier (supplier → address → account → phone → sender → store).
///
/// The ranked source is starred and outlined in red. Node shape and colour follow the kind
/// (stores: their platform's colour); edges follow the supply chain found in the leads, styled
/// by the kind of link and as wide as their evidence. Every node and edge has an SVG `id`, a
/// tooltip naming its evidence, and a `URL` into the ring's report page (`#s12`, `#e7`: the
/// rows of store 12 and value 7 there; the SVG ids are `n_s12`, `n_e7`, so they never clash).
///
/// A ring above `nodeBudget` nodes or `edgeBudget` edges is summarised instead: its stores are
/// drawn as one node per platform and only its most shared values are kept; the returned
/// `summary` says so, for the outputs' notes.
public enum RingDiagram {
  /// The most nodes drawn one by one; dot lays out this many in tens of milliseconds.
  public static let nodeBudget = 300
  /// The most edges drawn one by one.
  public static let edgeBudget = 900
  /// The most shared values kept when a ring is summarised.
  public static let summarisedEntityLimit = 60

  /// - Parameters:
  ///   - page: the report page of the ring (relative to the diagram), the target of its links.
  public static func draw(_ evidence: RingEvidence, graph: EvidenceGraph, page: String) -> Diagram {
    let ring = evidence.ring
    let storeEdges = evidence.storeLinks.filter(\.nearest).count
    let nodes = ring.stores.count + evidence.entities.count
    let edges = storeEdges + evidence.chainLinks.count
    if nodes > nodeBudget || edges > edgeBudget {
      return summarised(evidence, graph: graph, page: page, nodes: nodes, edges: edges)
    }
    var dot = header(ring, graph: graph, subtitle: nil, large: nodes > 100 || edges > 300)
    let top = evidence.topSourceEntities()
    let storesOf = evidence.storeCountOfEntity
    tiers(&dot, evidence.entities, ring: ring, graph: graph, top: top, storesOf: storesOf, page: page)
    chainEdges(&dot, evidence, graph: graph) { _ in true }
    if ring.stores.count > storeGroupAbove {
      storeGroups(&dot, evidence, graph: graph, page: page)
    } else {
      dot.beginSubgraph("tier_store", [("rank", "max")])
      for store in ring.stores { dot.node("s\(store)", storeAttributes(store, graph: graph, page: page)) }
      dot.endSubgraph()
      for link in evidence.storeLinks where link.nearest {
        dot.edge(
          "e\(link.entity)", "s\(link.store)",
          edgeAttributes(kind: graph.entities[Int(link.entity)].kind, leads: link.leads, graph: graph)
            + [("id", "l\(link.entity)_\(link.store)")])
      }
    }
    legend(&dot)
    return Diagram(dot: dot.finished(), summary: nil)
  }

  /// Above this many stores, storefronts fed by exactly the same values are drawn as one
  /// node: a row of 200 boxes is tens of thousands of pixels wide, while the groups show the
  /// same structure (which sender feeds which stores) at a glance. No link is lost: each
  /// group's stores have exactly the group's links, and the report lists every store.
  public static let storeGroupAbove = 40

  /// One node per set of stores sharing the same nearest values, linked to those values.
  static func storeGroups(_ dot: inout DOTWriter, _ evidence: RingEvidence, graph: EvidenceGraph, page: String) {
    var nearestOf: [Int32: [Int32]] = [:]  // store → its nearest values, ascending
    var leadsOf: [Int64: Int] = [:]  // (entity, store) → leads
    for link in evidence.storeLinks where link.nearest {
      nearestOf[link.store, default: []].append(link.entity)
      leadsOf[Int64(link.entity) << 32 | Int64(link.store)] = link.leads.count
    }
    var groups: [[Int32]: [Int32]] = [:]  // nearest values → stores
    for store in evidence.ring.stores { groups[nearestOf[store] ?? [], default: []].append(store) }
    let ordered = groups.keys.sorted { a, b in
      let (x, y) = (groups[a]?.count ?? 0, groups[b]?.count ?? 0)
      return x != y ? x > y : a.lexicographicallyPrecedes(b)
    }
    dot.beginSubgraph("tier_store", [("rank", "max")])
    for (index, values) in ordered.enumerated() {
      let stores = groups[values] ?? []
      var platforms: [String: Int] = [:]
      for store in stores { platforms[graph.stores.platform(of: Int(store)), default: 0] += 1 }
      let mix = platforms.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
      let sample = stores.prefix(8).map { graph.stores.key(of: Int($0)) }.joined(separator: ", ")
      dot.node(
        "g\(index)",
        [
          ("label", stores.count == 1 ? graph.stores.key(of: Int(stores[0])) : "\(stores.count) stores\n\(mix.joined(separator: " · "))"),
          ("shape", "box3d"), ("style", "filled"),
          ("fillcolor", EntityStyle.platformColor(platforms.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "")),
          ("tooltip", "\(stores.count) stores fed by the same values: \(sample)\(stores.count > 8 ? " …" : "")"),
          ("URL", "\(page)#s\(stores[0])"), ("id", "n_g\(index)"),
        ])
    }
    dot.endSubgraph()
    for (index, values) in ordered.enumerated() {
      let stores = groups[values] ?? []
      for entity in values {
        let leads = stores.reduce(0) { $0 + (leadsOf[Int64(entity) << 32 | Int64($1)] ?? 0) }
        dot.edge(
          "e\(entity)", "g\(index)",
          [
            ("style", edgeStyle(graph.entities[Int(entity)].kind)), ("penwidth", width(leads)),
            ("tooltip", "\(leads) lead\(leads == 1 ? "" : "s") to \(stores.count) store\(stores.count == 1 ? "" : "s")"),
            ("id", "l\(entity)_g\(index)"),
          ])
      }
    }
  }

  /// The ring with its stores grouped by platform and only its most shared values.
  static func summarised(_ evidence: RingEvidence, graph: EvidenceGraph, page: String, nodes: Int, edges: Int)
    -> Diagram
  {
    let ring = evidence.ring
    let storesOf = evidence.storeCountOfEntity
    let top = evidence.topSourceEntities()
    let ranked = evidence.entities.sorted { a, b in
      let (x, y) = (top.contains(a) ? 1 : 0, top.contains(b) ? 1 : 0)
      if x != y { return x > y }
      let (sa, sb) = (storesOf[a] ?? 0, storesOf[b] ?? 0)
      return sa != sb ? sa > sb : a < b
    }
    let kept = Set(ranked.prefix(summarisedEntityLimit).filter { top.contains($0) || (storesOf[$0] ?? 0) >= 2 })
    var platforms: [String: [Int32]] = [:]
    for store in ring.stores { platforms[graph.stores.platform(of: Int(store)), default: []].append(store) }
    let platformNames = platforms.keys.sorted()
    let note =
      "summarised: \(nodes) nodes and \(edges) edges exceed the budget of \(nodeBudget) nodes and "
      + "\(edgeBudget) edges; \(ring.stores.count) stores drawn as \(platformNames.count) platform group(s), "
      + "\(kept.count) of \(evidence.entities.count) shared values drawn (the source and the most shared)"
    var dot = header(ring, graph: graph, subtitle: note, large: false)
    tiers(&dot, kept.sorted(), ring: ring, graph: graph, top: top, storesOf: storesOf, page: page)
    dot.beginSubgraph("tier_store", [("rank", "max")])
    for (index, platform) in platformNames.enumerated() {
      let count = platforms[platform]?.count ?? 0
      dot.node(
        "p\(index)",
        [
          ("label", "\(platform.isEmpty ? "?" : platform)\n\(count) stores"), ("shape", "box3d"),
          ("style", "filled"), ("fillcolor", EntityStyle.platformColor(platform)),
          ("tooltip", "\(count) stores on \(platform)"), ("URL", "\(page)#stores"), ("id", "p\(index)"),
        ])
    }
    dot.endSubgraph()
    chainEdges(&dot, evidence, graph: graph) { kept.contains($0) }
    var platformIndex: [String: Int] = [:]
    for (index, name) in platformNames.enumerated() { platformIndex[name] = index }
    var grouped: [Int64: Int] = [:]  // (entity, platform) → stores
    for link in evidence.storeLinks where kept.contains(link.entity) {
      let platform = platformIndex[graph.stores.platform(of: Int(link.store))] ?? 0
      grouped[Int64(link.entity) << 16 | Int64(platform), default: 0] += 1
    }
    for packed in grouped.keys.sorted() {
      let entity = Int32(packed >> 16), platform = Int(packed & 0xFFFF), stores = grouped[packed] ?? 0
      dot.edge(
        "e\(entity)", "p\(platform)",
        [
          ("label", "\(stores)"), ("penwidth", width(stores)),
          ("style", edgeStyle(graph.entities[Int(entity)].kind)),
          ("tooltip", "linked to \(stores) stores on \(platformNames[platform])"),
        ])
    }
    legend(&dot)
    return Diagram(dot: dot.finished(), summary: note)
  }

  /// The supply-chain edges between drawn values (`drawn` tells which are).
  static func chainEdges(
    _ dot: inout DOTWriter, _ evidence: RingEvidence, graph: EvidenceGraph, drawn: (Int32) -> Bool
  ) {
    for chain in evidence.chainLinks where drawn(chain.upper) && drawn(chain.lower) {
      dot.edge(
        "e\(chain.upper)", "e\(chain.lower)",
        edgeAttributes(kind: graph.entities[Int(chain.lower)].kind, leads: chain.leads, graph: graph)
          + [("id", "c\(chain.upper)_\(chain.lower)")])
    }
  }

  /// One `rank=same` subgraph per supply tier (suppliers at the top), holding `entities`.
  static func tiers(
    _ dot: inout DOTWriter, _ entities: [Int32], ring: Ring, graph: EvidenceGraph, top: Set<Int32>,
    storesOf: [Int32: Int], page: String
  ) {
    let rankOf = candidateRanks(ring)
    for tier in EntityKind.allCases {
      let members = entities.filter { graph.entities[Int($0)].kind == tier }
      guard !members.isEmpty else { continue }
      dot.beginSubgraph("tier_\(tier.rawValue)", [("rank", tier == .supplier ? "min" : "same")])
      for entity in members {
        dot.node(
          "e\(entity)",
          entityAttributes(
            entity, graph: graph, isTop: top.contains(entity), stores: storesOf[entity] ?? 0,
            rank: rankOf[entity], page: page))
      }
      dot.endSubgraph()
    }
  }

  static func header(_ ring: Ring, graph: EvidenceGraph, subtitle: String?, large: Bool) -> DOTWriter {
    var title = "\(ring.id) · \(ring.stores.count) stores · \(ring.leads) leads · score \(ring.score)"
    if let top = ring.upstream.first {
      title += "\n★ most likely source: \(EntityStyle.kindLabel(top.kind)) \(top.label(in: graph))"
    }
    if let subtitle { title += "\n" + subtitle }
    var attributes: [(String, String)] = [
      ("rankdir", "TB"), ("newrank", "true"), ("fontname", EntityStyle.font), ("label", title),
      ("labelloc", "t"), ("ranksep", "0.7"), ("nodesep", "0.25"), ("id", "ring_\(ring.id)"),
      ("tooltip", "\(ring.id): \(ring.stores.count) stores"),
    ]
    // Keep dot's network simplex and crossing minimisation bounded on the larger rings.
    if large { attributes += [("nslimit", "8"), ("nslimit1", "8"), ("mclimit", "0.5"), ("searchsize", "50")] }
    var dot = DOTWriter(graphName: "ring \(ring.id)", attributes: attributes)
    dot.defaults("node", [("fontname", EntityStyle.font), ("fontsize", "10")])
    dot.defaults("edge", [("color", "#555555"), ("arrowsize", "0.6")])
    return dot
  }

  /// Position (1-based) of each candidate's entity in the ring's ranking.
  static func candidateRanks(_ ring: Ring) -> [Int32: Int] {
    var ranks: [Int32: Int] = [:]
    for (index, candidate) in ring.upstream.enumerated() {
      for entity in candidate.members where ranks[entity] == nil { ranks[entity] = index + 1 }
    }
    return ranks
  }

  static func entityAttributes(
    _ entity: Int32, graph: EvidenceGraph, isTop: Bool, stores: Int, rank: Int?, page: String
  ) -> [(String, String)] {
    var attributes = EntityStyle.attributes(forEntity: entity, in: graph, highlighted: isTop)
    if isTop { attributes[0].1 = "★ " + attributes[0].1 }
    let ranking = rank.map { ", ranked #\($0) as source" } ?? ""
    return attributes + [
      ("tooltip", "\(graph.entities[Int(entity)].kind.rawValue) \(graph.label(ofEntity: entity)): linked to \(stores) of the ring's stores\(ranking)"),
      ("URL", "\(page)#e\(entity)"), ("id", "n_e\(entity)"),
    ]
  }

  static func storeAttributes(_ store: Int32, graph: EvidenceGraph, page: String) -> [(String, String)] {
    let node = graph.stores[Int(store)]
    return EntityStyle.attributes(for: node) + [
      ("tooltip", "\(node.key): \(node.leads.count) leads from \(node.publishers.joined(separator: ", "))"),
      ("URL", "\(page)#s\(store)"), ("id", "n_s\(store)"),
    ]
  }

  /// Style, width and tooltip of an edge shown by `leads`; `kind` is the lower end's kind.
  static func edgeAttributes(kind: EntityKind, leads: [Int32], graph: EvidenceGraph) -> [(String, String)] {
    let ids = leads.prefix(5).map { lead in
      let id = graph.table.value(Int(lead), .leadID)
      return id.isEmpty ? "#\(lead)" : id
    }
    let more = leads.count > 5 ? " …" : ""
    return [
      ("style", edgeStyle(kind)), ("penwidth", width(leads.count)),
      ("tooltip", "\(leads.count) lead\(leads.count == 1 ? "" : "s"): \(ids.joined(separator: ", "))\(more)"),
    ]
  }

  static func edgeStyle(_ kind: EntityKind) -> String {
    switch kind {
    case .supplier: "bold"
    case .address: "solid"
    case .account: "dotted"
    case .phone, .person: "dashed"
    }
  }

  /// 1 for one lead, growing with the logarithm of the evidence, at most 5.
  static func width(_ count: Int) -> String {
    var width = 1.0
    var n = count
    while n > 1, width < 5 { width += 0.75; n /= 2 }
    return String(width)
  }

  /// A legend of kinds and edge styles, as one HTML-table node (constant text only).
  static func legend(_ dot: inout DOTWriter) {
    var rows = EntityKind.allCases.map { kind in
      "<TR><TD BGCOLOR=\"\(EntityStyle.fillColor(kind))\">\(EntityStyle.kindLabel(kind)) \(kind.rawValue)</TD>"
        + "<TD>\(edgeStyle(kind)) line</TD></TR>"
    }
    rows.append("<TR><TD BGCOLOR=\"#eeeeee\">店铺 store (colour: platform)</TD><TD>width: leads</TD></TR>")
    rows.append("<TR><TD COLSPAN=\"2\"><FONT COLOR=\"#cc0000\">★ red outline: most likely source</FONT></TD></TR>")
    dot.trustedHTMLNode(
      "legend",
      html: "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\">"
        + "<TR><TD COLSPAN=\"2\"><B>图例 legend</B></TD></TR>" + rows.joined() + "</TABLE>",
      [("shape", "plaintext"), ("fontsize", "9"), ("id", "legend")])
  }
}
