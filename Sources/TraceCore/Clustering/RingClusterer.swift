import Foundation

/// Groups stores into rings.
///
/// Stores are linked through the entities they share (phones, addresses, suppliers, accounts;
/// person names alone are too weak to link), hubs excluded; the connected components of that
/// store–entity graph, computed by igraph, are the candidate rings. A ring has ≥ 2 stores.
public enum RingClusterer {
  public struct Result: Sendable {
    public var rings: [Ring]
    public var ringOfStore: [Int32]
  }

  /// Entity kinds that link stores on their own.
  static let linkingKinds: Set<EntityKind> = [.supplier, .address, .account, .phone]

  public static func rings(in graph: EvidenceGraph, hubs: [Hub], options: AnalysisOptions)
    throws(IGraphError) -> Result
  {
    let storeCount = graph.stores.count
    let hubSet = Set(hubs.map(\.entity))
    var edges: [Int64] = []
    edges.reserveCapacity(graph.linkEntities.count * 2)
    for store in 0..<storeCount {
      for link in graph.links(ofStore: store) {
        let entity = graph.linkEntities[link]
        let node = graph.entities[Int(entity)]
        guard node.storeCount >= 2, !hubSet.contains(entity), linkingKinds.contains(node.key.kind)
        else { continue }
        edges.append(Int64(store))
        edges.append(Int64(storeCount) + Int64(entity))
      }
    }
    let membership = try IGraph.connectedComponents(
      vertexCount: storeCount + graph.entities.count, edges: edges)

    // Group stores by component (stores are in key order, so each group is sorted).
    var groups: [Int: [Int32]] = [:]
    for store in 0..<storeCount { groups[membership[store], default: []].append(Int32(store)) }
    let ringGroups = groups.values.filter { $0.count >= 2 }

    var rings = ringGroups.map { stores in
      UpstreamRanker.ring(stores: stores, graph: graph, hubs: hubSet)
    }
    rings.sort { a, b in
      if a.score != b.score { return a.score > b.score }
      if a.stores.count != b.stores.count { return a.stores.count > b.stores.count }
      return graph.stores[Int(a.stores[0])].key < graph.stores[Int(b.stores[0])].key
    }
    var ringOfStore = [Int32](repeating: -1, count: storeCount)
    for index in rings.indices {
      rings[index].id = String(format: "C%04d", index + 1)
      for store in rings[index].stores { ringOfStore[Int(store)] = Int32(index) }
    }
    return Result(rings: rings, ringOfStore: ringOfStore)
  }
}
