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
  ///
  /// Built from sorted arrays, not sets and dictionaries: it runs for each of the 500 ring
  /// pages of a report, and hashing every lead and link was a fifth of making a page.
  /// - Complexity: O(n log n) in the links and leads of the ring's stores.
  public init(ring: Ring, graph: EvidenceGraph, hubs: Set<Int32>) {
    self.ring = ring
    var ringLeads: [Int32] = []
    var links: [StoreLink] = []
    // Each (lead, value) naming with the value's kind, to order a lead's values by tier.
    var namings: [Naming] = []
    for store in ring.stores {
      graph.stores.withLeads(of: Int(store)) { ringLeads += $0 }
      for link in graph.links(ofStore: Int(store)) {
        let entity = graph.linkEntities[link]
        guard !hubs.contains(entity) else { continue }
        let leads = Array(graph.leads(ofLink: link))  // ascending already
        links.append(StoreLink(store: store, entity: entity, leads: leads, nearest: false))
        let kind = graph.entities[Int(entity)].kind
        for lead in leads { namings.append(Naming(lead: lead, kind: kind, entity: entity)) }
      }
    }
    // A lead's values upstream-most first; each is chained to the next tier down in it.
    namings.sort { a, b in
      if a.lead != b.lead { return a.lead < b.lead }
      if a.kind != b.kind { return a.kind < b.kind }
      return a.entity < b.entity
    }
    var namedLeads: [Int32] = [], lowestKinds: [EntityKind] = []
    var chainedPairs: [(upper: Int32, lower: Int32, lead: Int32)] = []
    var runStart = 0
    while runStart < namings.count {
      var runEnd = runStart + 1
      while runEnd < namings.count, namings[runEnd].lead == namings[runStart].lead { runEnd += 1 }
      for index in runStart..<(runEnd - 1) where namings[index].kind != namings[index + 1].kind {
        chainedPairs.append((namings[index].entity, namings[index + 1].entity, namings[runStart].lead))
      }
      namedLeads.append(namings[runStart].lead)
      lowestKinds.append(namings[runEnd - 1].kind)
      runStart = runEnd
    }
    for index in links.indices {
      let kind = graph.entities[Int(links[index].entity)].kind
      links[index].nearest = links[index].leads.contains { lowestKinds[namedLeads.lowerBound(of: $0)] == kind }
    }
    // In (store, entity) order already when the ring's stores are ascending, as rings keep them.
    func before(_ a: StoreLink, _ b: StoreLink) -> Bool { (a.store, a.entity) < (b.store, b.entity) }
    if zip(links, links.dropFirst()).contains(where: { !before($0, $1) }) { links.sort(by: before) }
    storeLinks = links
    entities = links.map(\.entity).sorted().uniquedSorted()
    chainedPairs.sort { ($0.upper, $0.lower, $0.lead) < ($1.upper, $1.lower, $1.lead) }
    var chains: [ChainLink] = []
    for pair in chainedPairs {
      if let last = chains.last, last.upper == pair.upper, last.lower == pair.lower {
        chains[chains.count - 1].leads.append(pair.lead)
      } else {
        chains.append(ChainLink(upper: pair.upper, lower: pair.lower, leads: [pair.lead]))
      }
    }
    chainLinks = chains
    ringLeads.sort()
    leads = ringLeads.uniquedSorted()
  }

  /// A value named in a lead, with its kind.
  private struct Naming {
    var lead: Int32
    var kind: EntityKind
    var entity: Int32
  }

  /// How many of the ring's stores each of `entities` is linked to, in the same order.
  public var storeCounts: [Int] {
    var counts = [Int](repeating: 0, count: entities.count)
    for link in storeLinks { counts[entities.lowerBound(of: link.entity)] += 1 }
    return counts
  }

  /// How many of the ring's stores each entity is linked to: `storeCounts` by entity id.
  public var storeCountOfEntity: [Int32: Int] {
    Dictionary(uniqueKeysWithValues: zip(entities, storeCounts))
  }

  /// Store `store`'s links: a run of `storeLinks`, found by binary search.
  public func links(ofStore store: Int32) -> ArraySlice<StoreLink> {
    var low = 0, high = storeLinks.count
    while low < high {
      let mid = (low + high) / 2
      if storeLinks[mid].store < store { low = mid + 1 } else { high = mid }
    }
    var end = low
    while end < storeLinks.count, storeLinks[end].store == store { end += 1 }
    return storeLinks[low..<end]
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
