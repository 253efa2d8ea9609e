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
  /// - Complexity: O(links).
  static func superSources(graph: EvidenceGraph, hubs: [Hub], ringOfStore: [Int32]) -> [SuperSource] {
    let hubs = Set(hubs.map(\.entity))
    var ringsOf: [Int32: Set<Int>] = [:]
    var storesOf: [Int32: Int] = [:]
    for store in graph.stores.indices where ringOfStore[store] >= 0 {
      for link in graph.links(ofStore: store) {
        let entity = graph.linkEntities[link]
        guard !hubs.contains(entity), graph.entities[Int(entity)].key.kind != .person else { continue }
        ringsOf[entity, default: []].insert(Int(ringOfStore[store]))
        storesOf[entity, default: 0] += 1
      }
    }
    return ringsOf.filter { $0.value.count >= 2 }
      .map { SuperSource(entity: $0.key, rings: $0.value.sorted(), stores: storesOf[$0.key] ?? 0) }
      .sorted { a, b in
        a.rings.count != b.rings.count ? a.rings.count > b.rings.count
          : a.stores != b.stores ? a.stores > b.stores : a.entity < b.entity
      }
  }
}
