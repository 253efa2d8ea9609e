import BitCollections
import Foundation

/// Groups stores into rings.
///
/// Stores are linked through the entities they share (phones, addresses, suppliers, accounts;
/// person names alone are too weak to link), hubs excluded. By default (`Method.rings`) the
/// values are grouped by the structure of the stores they share (`SupplyStructure`), each
/// store joins the group it shares most with, and a store linked into another group too is
/// kept as a bridge (`Ring.bridges`). `Method.leiden`, the method before it, splits connected
/// components of at least `leidenMinimumStores` stores by Leiden with the modularity objective
/// (`LinkWeights`, seeded, at one resolution for every component); `Method.components` is the
/// naive baseline. A ring has ≥ 2 stores; rings are ordered by score, ties by size then
/// smallest store key, and numbered C0001….
public enum RingClusterer {
  public struct Result: Sendable {
    public var rings: [Ring]
    public var ringOfStore: [Int32]
    /// Stores linked into a group other than their own (`SupplyStructure`; empty for the
    /// other methods).
    public var bridges: [SupplyStructure.Bridge] = []
    /// Values kept from linking because they serve several rings (`SupplyStructure`).
    public var spanning: [Int32] = []
  }

  /// Entity kinds that link stores on their own.
  static let linkingKinds: Set<EntityKind> = [.supplier, .address, .account, .phone]
  private static let linkingByOrder = EntityKind.allCases.map(linkingKinds.contains)

  /// Whether values of `kind` link stores on their own (`linkingKinds`), without hashing.
  static func isLinking(_ kind: EntityKind) -> Bool { linkingByOrder[kind.order] }
  /// Components with at least this many stores are split with Leiden.
  public static let leidenMinimumStores = 16

  public static func rings(in graph: EvidenceGraph, hubs: [Hub], options: AnalysisOptions)
    throws(IGraphError) -> Result
  {
    var timings = StageTimings()
    return try rings(in: graph, hubs: hubs, options: options, timings: &timings)
  }

  /// `rings(in:hubs:options:)`, recording "cluster" (components and Leiden) and "trace"
  /// (ranking each ring's upstream sources) in `timings`.
  public static func rings(
    in graph: EvidenceGraph, hubs: [Hub], options: AnalysisOptions, timings: inout StageTimings
  ) throws(IGraphError) -> Result {
    var phaseStart = StageTimings.now()
    let storeCount = graph.stores.count
    // Sets of entities as bits (`EvidenceGraph.entitySet`): read at random for every link.
    let isHub = BitSet(hubs.map { Int($0.entity) })
    let naive = options.method == .components
    var linking = graph.entitySet { $0.storeCount >= 2 && (naive || isLinking($0.kind)) }
    if !naive { linking.subtract(isHub) }
    var smallGroups: [[Int32]] = [], largeGroups: [[Int32]] = []
    var structure: SupplyStructure.Result? = nil
    if options.method == .rings {
      let found = SupplyStructure.group(graph: graph, linking: linking)
      smallGroups = found.groups
      structure = found
    } else {
      // Connected components by union–find over the linking links, numbered as igraph numbers
      // them (`UnionFind.labels`; a test checks both agree). igraph's
      // `igraph_connected_components` needs the graph built first, and `igraph_create` sorts
      // the edge list: 0.34 s of a 1M-lead world, where this takes a few hundredths.
      var linked = UnionFind(count: storeCount + graph.entities.count)
      for store in 0..<storeCount {
        for link in graph.links(ofStore: store) where linking.contains(Int(graph.linkEntities[link])) {
          linked.union(Int32(store), Int32(storeCount) + graph.linkEntities[link])
        }
      }
      let membership = linked.labels()

      // Stores by component (each group sorted); components in order of their id.
      let componentCount = (membership.prefix(storeCount).max() ?? -1) + 1
      let components = Grouping(keys: membership.prefix(storeCount), groupCount: componentCount)
      for component in 0..<componentCount where components.count(of: component) >= 2 {
        let group = Array(components[component])
        if group.count >= leidenMinimumStores && !naive { largeGroups.append(group) } else { smallGroups.append(group) }
      }
    }
    let (small, large) = (smallGroups, largeGroups)
    let linkingSet = linking
    let publisherOrder = graph.publisherOrder
    timings.lap("cluster", since: &phaseStart)

    // Leiden splits the large components on one core (igraph is serial) while the other
    // ranks the small ones, which are rings as they are; then both cores rank Leiden's rings.
    // Rings are ranked independently; the order they are ranked in does not matter, they
    // are sorted below. "cluster" records Leiden's time, "trace" the ranking not hidden by it.
    let rankedSmall = DisjointSlots<Swift.Result<Ring, IGraphError>>(count: small.count)
    let (splits, leidenSeconds) = overlapping({
      let start = StageTimings.now()
      let splits = Swift.Result { () throws(IGraphError) -> [[Int32]] in
        var groups: [[Int32]] = []
        for component in large { groups += try split(component, graph: graph, linking: linkingSet, options: options) }
        return groups
      }
      return (splits, Double(StageTimings.now() - start) / 1e9)
    }, with: small.count) { index in
      rankedSmall.set(index, Swift.Result { () throws(IGraphError) -> Ring in
        try UpstreamRanker.ring(stores: small[index], graph: graph, isHub: isHub, publisherOrder: publisherOrder)
      })
    }
    let rankedLarge = try splits.get().parallelMap(serialBelow: 2) { stores in
      Swift.Result { () throws(IGraphError) -> Ring in
        try UpstreamRanker.ring(stores: stores, graph: graph, isHub: isHub, publisherOrder: publisherOrder)
      }
    }
    var rings: [Ring] = []
    rings.reserveCapacity(small.count + rankedLarge.count)
    for result in rankedSmall.values() + rankedLarge { rings.append(try result.get()) }
    rings.sort { a, b in
      if a.score != b.score { return a.score > b.score }
      if a.stores.count != b.stores.count { return a.stores.count > b.stores.count }
      return a.stores[0] < b.stores[0]
    }
    var ringOfStore = [Int32](repeating: -1, count: storeCount)
    for index in rings.indices {
      rings[index].id = ringID(index + 1)
      for store in rings[index].stores { ringOfStore[Int(store)] = Int32(index) }
    }
    // Bridges: the other ring is the ring of the value's group (`SupplyStructure` groups are
    // `small`, each a ring).
    let bridges = structure?.bridges ?? []
    for bridge in bridges {
      let ring = ringOfStore[Int(bridge.store)], other = ringOfStore[Int(small[Int(bridge.group)][0])]
      rings[Int(ring)].bridges.append(RingBridge(store: bridge.store, entity: bridge.entity, ring: other))
    }
    timings.record("cluster", seconds: leidenSeconds)
    timings.lap("trace", since: &phaseStart)
    timings.record("trace", seconds: -leidenSeconds)
    return Result(
      rings: rings, ringOfStore: ringOfStore, bridges: bridges, spanning: structure?.spanning ?? [])
  }

  /// The id of the ring numbered `number` (from 1): `C` and at least four digits, as
  /// `String(format: "C%04d", number)` writes it, which cost 0.1–0.2 s for the 62,000 rings
  /// of a million leads.
  static func ringID(_ number: Int) -> String {
    let digits = String(number)
    return digits.count >= 4 ? "C" + digits : "C" + String(repeating: "0", count: 4 - digits.count) + digits
  }

  /// Splits one large component with Leiden on its weighted store–entity subgraph.
  /// - Returns: the stores of each community, each sorted, communities in order of their
  ///   smallest store (so the result does not depend on igraph's labels).
  static func split(
    _ stores: [Int32], graph: EvidenceGraph, linking: BitSet, options: AnalysisOptions
  ) throws(IGraphError) -> [[Int32]] {
    var entityLocal: [Int32: Int64] = [:]
    var edges: [Int64] = []
    var weights: [Double] = []
    for (index, store) in stores.enumerated() {
      for link in graph.links(ofStore: Int(store)) {
        let entity = graph.linkEntities[link]
        guard linking.contains(Int(entity)) else { continue }
        let node: Int64
        if let known = entityLocal[entity] {
          node = known
        } else {
          node = Int64(stores.count + entityLocal.count)
          entityLocal[entity] = node
        }
        edges.append(Int64(index))
        edges.append(node)
        weights.append(LinkWeights.weight(of: graph.entities[Int(entity)]))
      }
    }
    let (membership, _) = try IGraph.leiden(
      vertexCount: stores.count + entityLocal.count, edges: edges, weights: weights,
      resolution: options.resolution, seed: options.seed)
    var communities: [Int: [Int32]] = [:]
    for (index, store) in stores.enumerated() { communities[membership[index], default: []].append(store) }
    return communities.values.sorted { $0[0] < $1[0] }
  }
}
