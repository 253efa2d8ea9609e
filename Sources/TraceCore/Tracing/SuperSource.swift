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
  /// Every (value, ring) link is packed into one integer and the list sorted: a value's rings
  /// are then one ascending run, with no dictionary or set per value.
  /// - Complexity: O(links · log links).
  static func superSources(graph: EvidenceGraph, hubs: [Hub], ringOfStore: [Int32]) -> [SuperSource] {
    var excluded = graph.entities.map { $0.key.kind == .person }
    for hub in hubs { excluded[Int(hub.entity)] = true }
    var storesOf = [Int](repeating: 0, count: graph.entities.count)
    var links: [UInt64] = []
    for store in graph.stores.indices where ringOfStore[store] >= 0 {
      for link in graph.links(ofStore: store) {
        let entity = graph.linkEntities[link]
        guard !excluded[Int(entity)] else { continue }
        links.append(UInt64(UInt32(entity)) << 32 | UInt64(UInt32(ringOfStore[store])))
        storesOf[Int(entity)] += 1
      }
    }
    links.sort()
    var sources: [SuperSource] = []
    var cursor = 0
    while cursor < links.count {
      let entity = Int32(links[cursor] >> 32)
      var rings: [Int] = []
      while cursor < links.count, Int32(links[cursor] >> 32) == entity {
        let ring = Int(links[cursor] & 0xFFFF_FFFF)
        if rings.last != ring { rings.append(ring) }
        cursor += 1
      }
      if rings.count >= 2 { sources.append(SuperSource(entity: entity, rings: rings, stores: storesOf[Int(entity)])) }
    }
    return sources.sorted { a, b in
      a.rings.count != b.rings.count ? a.rings.count > b.rings.count
        : a.stores != b.stores ? a.stores > b.stores : a.entity < b.entity
    }
  }
}
