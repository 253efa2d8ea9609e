/// Everything the evidence says about one ring, gathered for drawing and reporting: its
/// stores, the shared values attached to them (hubs left out), which leads tie each store to
/// each value, and which values were named together in one lead (the supply chain).
///
/// All arrays are sorted, so what is drawn or printed from them is deterministic.
public struct RingEvidence: Sendable {
  /// A store's link to a shared value, with the leads that show it (ascending).
  public struct StoreLink: Sendable, Hashable {
    public var store: Int32
    public var entity: Int32
    public var leads: [Int32]
    /// Whether the value is the lowest supply tier named in at least one of those leads: the
    /// hop that reaches the store in a drawing of the chain (supplier → origin → sender → store).
    public var nearest: Bool
  }

  /// Two values of different supply tiers named in the same leads: `upper` sits upstream
  /// (a supplier above the origin address it shipped from, an address above its sender).
  public struct ChainLink: Sendable, Hashable {
    public var upper: Int32
    public var lower: Int32
    public var leads: [Int32]
  }

  public var ring: Ring
  /// Non-hub entities linked to the ring's stores, in (kind, key) order.
  public var entities: [Int32]
  /// Ordered by (store, entity).
  public var storeLinks: [StoreLink]
  /// Ordered by (upper, lower); only adjacent tiers present in a lead are chained.
  public var chainLinks: [ChainLink]
  /// The ring's leads, ascending.
  public var leads: [Int32]

  /// Gathers the evidence of `ring` from `graph`, leaving `hubs` out.
  /// - Complexity: O(links and leads of the ring's stores).
  public init(ring: Ring, graph: EvidenceGraph, hubs: Set<Int32>) {
    self.ring = ring
    var entitySet = Set<Int32>()
    var links: [StoreLink] = []
    var entitiesOfLead: [Int32: [Int32]] = [:]
    var leadSet = Set<Int32>()
    for store in ring.stores {
      leadSet.formUnion(graph.stores[Int(store)].leads)
      for link in graph.links(ofStore: Int(store)) {
        let entity = graph.linkEntities[link]
        guard !hubs.contains(entity) else { continue }
        entitySet.insert(entity)
        let leads = Array(graph.leads(ofLink: link)).sorted()
        links.append(StoreLink(store: store, entity: entity, leads: leads, nearest: false))
        for lead in leads { entitiesOfLead[lead, default: []].append(entity) }
      }
    }
    var lowestKindOfLead: [Int32: EntityKind] = [:]
    var chains: [Int64: [Int32]] = [:]
    for (lead, named) in entitiesOfLead {
      // Upstream-most first; each value is chained to the next tier down in the same lead.
      // (Kinds are looked up once each, not in every comparison.)
      let ordered = named.map { (kind: graph.entities[Int($0)].key.kind, entity: $0) }
        .sorted { ($0.kind, $0.entity) < ($1.kind, $1.entity) }
      lowestKindOfLead[lead] = ordered.last?.kind
      for (upper, lower) in zip(ordered, ordered.dropFirst()) where upper.kind != lower.kind {
        chains[Int64(upper.entity) << 32 | Int64(lower.entity), default: []].append(lead)
      }
    }
    for index in links.indices {
      let kind = graph.entities[Int(links[index].entity)].key.kind
      links[index].nearest = links[index].leads.contains { lowestKindOfLead[$0] == kind }
    }
    entities = entitySet.sorted()
    storeLinks = links.sorted { ($0.store, $0.entity) < ($1.store, $1.entity) }
    chainLinks = chains.keys.sorted().map { packed in
      ChainLink(
        upper: Int32(packed >> 32), lower: Int32(truncatingIfNeeded: packed & 0xFFFF_FFFF),
        leads: (chains[packed] ?? []).sorted())
    }
    leads = leadSet.sorted()
  }

  /// How many of the ring's stores each entity is linked to.
  public var storeCountOfEntity: [Int32: Int] {
    storeLinks.reduce(into: [:]) { $0[$1.entity, default: 0] += 1 }
  }

  /// The entity ids of the ring's first-ranked source: every identifier of that party.
  public func topSourceEntities() -> Set<Int32> {
    guard let top = ring.upstream.first else { return [] }
    return Set(top.members)
  }
}

extension EntityKey {
  /// Parses `kind:key` as written in `clusters.json` and `Ring.takedown`.
  public init?(parsing text: String) {
    guard let colon = text.firstIndex(of: ":"), let kind = EntityKind(rawValue: String(text[..<colon]))
    else { return nil }
    self.init(kind: kind, key: String(text[text.index(after: colon)...]))
  }
}
