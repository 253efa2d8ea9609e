/// The shortest chain of evidence between two stores or entities, hop by hop, with the
/// leads behind every hop — the answer to "why are these two in one ring?".
public struct EvidencePath: Sendable {
  /// A node of the evidence graph: a store or an entity.
  public enum Node: Sendable, Hashable {
    case store(Int32)
    case entity(Int32)
  }

  /// One hop: a store and an entity it is linked to, with the leads that show the link.
  public struct Hop: Sendable {
    public var store: Int32
    public var entity: Int32
    public var leads: [Int32]
  }

  public enum Outcome: Sendable {
    /// Linked without hubs: the nodes from A to B and the hops between them.
    case linked(nodes: [Node], hops: [Hop])
    /// Linked only through values kept out of linking (hubs): the path found through them.
    case onlyThroughHubs(nodes: [Node], hops: [Hop], hubs: [Int32])
    /// Not linked at all.
    case unlinked
  }

  /// Resolves a store key (`抖音:DY1`) or an entity key (`phone:13800138000`).
  public static func node(named name: String, in graph: EvidenceGraph) -> Node? {
    if let key = EntityKey(parsing: name), let entity = graph.entityIndex(for: key) { return .entity(entity) }
    return graph.storeIndex(forKey: name).map { .store($0) }
  }

  /// Breadth-first search over store–entity links (linking kinds only; person names alone
  /// never link). Hubs are avoided; if no path exists without them, one through them is
  /// reported as such. Neighbours are visited in id order, so the path is deterministic.
  /// - Complexity: O(V + E).
  public static func find(from a: Node, to b: Node, in graph: EvidenceGraph, hubs: Set<Int32>)
    -> Outcome
  {
    let storesOf = graph.storesByEntity()
    if let path = search(a, b, graph: graph, storesOf: storesOf, allowed: { !hubs.contains($0) }) {
      return .linked(nodes: path, hops: hops(path, graph: graph))
    }
    if let path = search(a, b, graph: graph, storesOf: storesOf, allowed: { _ in true }) {
      let used = path.compactMap { node -> Int32? in
        if case .entity(let e) = node, hubs.contains(e) { return e }
        return nil
      }
      return .onlyThroughHubs(nodes: path, hops: hops(path, graph: graph), hubs: used)
    }
    return .unlinked
  }

  static func search(
    _ a: Node, _ b: Node, graph: EvidenceGraph, storesOf: [[Int32]], allowed: (Int32) -> Bool
  ) -> [Node]? {
    if a == b { return [a] }
    var previous: [Node: Node] = [a: a]
    var queue = [a]
    var head = 0
    func linking(_ entity: Int32) -> Bool {
      RingClusterer.isLinking(graph.entities[Int(entity)].kind) && allowed(entity)
    }
    while head < queue.count {
      let node = queue[head]
      head += 1
      var next: [Node] = []
      switch node {
      case .store(let s):
        for link in graph.links(ofStore: Int(s)) where linking(graph.linkEntities[link]) {
          next.append(.entity(graph.linkEntities[link]))
        }
      case .entity(let e):
        // The start or end may be a non-linking entity (a person): leave it, never pass through.
        if node == a || linking(e) { next = storesOf[Int(e)].map { .store($0) } }
      }
      for neighbour in next where previous[neighbour] == nil {
        previous[neighbour] = node
        if neighbour == b {
          var path = [b]
          var cursor = b
          while cursor != a, let back = previous[cursor] {
            path.append(back)
            cursor = back
          }
          return path.reversed()
        }
        queue.append(neighbour)
      }
    }
    return nil
  }

  static func hops(_ path: [Node], graph: EvidenceGraph) -> [Hop] {
    zip(path, path.dropFirst()).compactMap { pair -> Hop? in
      let (store, entity): (Int32, Int32)
      switch pair {
      case (.store(let s), .entity(let e)), (.entity(let e), .store(let s)): (store, entity) = (s, e)
      default: return nil
      }
      guard let link = graph.links(ofStore: Int(store)).first(where: { graph.linkEntities[$0] == entity })
      else { return nil }
      return Hop(store: store, entity: entity, leads: Array(graph.leads(ofLink: link)))
    }
  }
}
