import BitCollections

/// A value that feeds several rings — one printer behind three warehouses — found by the
/// rings its stores belong to.
public struct SuperSource: Sendable {
  public var entity: Int32
  /// Indexes into `Investigation.rings`, ascending (best ring first).
  public var rings: [Int]
  /// Its stores inside those rings.
  public var stores: Int
}

extension Investigation {
  /// Suppliers, addresses, accounts and phones (hubs excepted) linked to stores of two or
  /// more rings, most rings first (ties: more stores, then key order).
  ///
  /// The (value, ring) links are grouped by value with a counting sort (`Grouping`; values
  /// are numbered densely), and each value's few rings sorted: no dictionary or set per
  /// value, and no sort of every link (0.1 s of serial time at a million leads).
  /// - Complexity: O(links + values), plus sorting each value's rings.
  static func superSources(graph: EvidenceGraph, hubs: [Hub], ringOfStore: [Int32]) -> [SuperSource] {
    let entityCount = graph.entities.count
    // Values left out, as bits (read for every link): persons, hubs, and values of one store,
    // which feed one ring at most.
    var excluded = graph.entitySet { $0.kind == .person || $0.storeCount < 2 }
    excluded.formUnion(hubs.map { Int($0.entity) })
    var valueOfLink: [Int32] = [], ringOfLink: [Int32] = []
    for store in graph.stores.indices where ringOfStore[store] >= 0 {
      for link in graph.links(ofStore: store) where !excluded.contains(Int(graph.linkEntities[link])) {
        valueOfLink.append(graph.linkEntities[link])
        ringOfLink.append(ringOfStore[store])
      }
    }
    let linksOf = Grouping(keys: valueOfLink, groupCount: entityCount)
    var sources: [SuperSource] = []
    var rings: [Int] = []
    for entity in 0..<entityCount where linksOf.count(of: entity) >= 2 {
      rings.removeAll(keepingCapacity: true)
      for link in linksOf[entity] { rings.append(Int(ringOfLink[Int(link)])) }
      rings.sort()
      var distinct = 0
      for index in rings.indices where index == 0 || rings[index] != rings[index - 1] {
        rings[distinct] = rings[index]
        distinct += 1
      }
      if distinct >= 2 {
        sources.append(
          SuperSource(entity: Int32(entity), rings: Array(rings.prefix(distinct)), stores: linksOf.count(of: entity)))
      }
    }
    return sources.sorted { a, b in
      a.rings.count != b.rings.count ? a.rings.count > b.rings.count
        : a.stores != b.stores ? a.stores > b.stores : a.entity < b.entity
    }
  }
}
