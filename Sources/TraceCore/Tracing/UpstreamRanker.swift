import Foundation

/// Ranks the entities attached to a ring's stores as candidate upstream sources, and picks a
/// takedown plan.
///
/// The score of a candidate is its kind's upstream weight (supplier > address > account >
/// phone > person) times the share of the ring's stores it reaches, plus a small bonus for
/// the number of publishers whose leads name it. Hubs never compete.
public enum UpstreamRanker {
  /// The share of a ring's stores a takedown plan must reach.
  public static let takedownCoverage = 0.9

  /// Builds a ring (without its id) from its stores.
  static func ring(stores: [Int32], graph: EvidenceGraph, hubs: Set<Int32>) -> Ring {
    var covers: [Int32: Set<Int32>] = [:]
    var publishersOf: [Int32: Set<Int32>] = [:]
    var leadSet = Set<Int32>()
    var publisherSet = Set<String>()
    for store in stores {
      let node = graph.stores[Int(store)]
      leadSet.formUnion(node.leads)
      publisherSet.formUnion(node.publishers)
      for link in graph.links(ofStore: Int(store)) {
        let entity = graph.linkEntities[link]
        guard !hubs.contains(entity) else { continue }
        covers[entity, default: []].insert(store)
        for lead in graph.leads(ofLink: link) {
          publishersOf[entity, default: []].formUnion(graph.publisherIDs(ofLead: lead))
        }
      }
    }
    let size = Double(stores.count)
    var candidates: [UpstreamCandidate] = covers.map { entity, reached in
      let node = graph.entities[Int(entity)]
      let coverage = Double(reached.count) / size
      let kindWeight = node.key.kind.weight
      let publisherBonus = 0.05 * log2(1 + Double(publishersOf[entity]?.count ?? 0))
      let score = rounded(kindWeight * coverage + publisherBonus)
      return UpstreamCandidate(
        entity: entity, kind: node.key.kind, key: node.key.key, label: node.label, score: score,
        covers: reached.count,
        components: [
          ("kind", kindWeight), ("coverage", rounded(coverage)),
          ("publishers", rounded(publisherBonus)),
        ])
    }
    candidates.sort { a, b in
      if a.score != b.score { return a.score > b.score }
      if a.covers != b.covers { return a.covers > b.covers }
      return (a.kind, a.key) < (b.kind, b.key)
    }
    let takedown = plan(candidates: candidates, covers: covers, storeCount: stores.count)
    // Evidence strength: how much shared, specific evidence holds the ring together.
    let evidence = candidates.reduce(0.0) { sum, c in
      c.covers >= 2 ? sum + c.kind.weight * Double(c.covers - 1) : sum
    }
    let score = rounded(
      Double(publisherSet.count) + log2(1 + Double(leadSet.count)) + log2(1 + evidence))
    return Ring(
      id: "", stores: stores, score: score, publishers: publisherSet.sorted(),
      leads: leadSet.count, upstream: candidates, takedown: takedown)
  }

  /// Greedy set cover: take the candidate reaching most uncovered stores (ties: rank order)
  /// until ≥ 90% of the stores are reached. Gains only shrink as stores are covered, so
  /// stale gains are re-evaluated lazily (Minoux's accelerated greedy): each step re-checks
  /// only candidates whose stored gain could still be the best.
  /// - Complexity: O(C log C + Σ re-evaluations × |covers|), near-linear in practice.
  static func plan(candidates: [UpstreamCandidate], covers: [Int32: Set<Int32>], storeCount: Int)
    -> [String]
  {
    let needed = Int((takedownCoverage * Double(storeCount)).rounded(.up))
    var covered = Set<Int32>()
    var chosen: [String] = []
    // (gain, rank) — larger gain first, then better rank.
    var gains = candidates.indices.map { (gain: covers[candidates[$0].entity, default: []].count, rank: $0) }
    var heap = Heap(gains) { a, b in a.gain != b.gain ? a.gain > b.gain : a.rank < b.rank }
    gains.removeAll()
    while covered.count < needed, let top = heap.pop() {
      let fresh = covers[candidates[top.rank].entity, default: []].subtracting(covered).count
      if fresh == 0 { continue }
      if let next = heap.peek(), fresh < next.gain || (fresh == next.gain && next.rank < top.rank) {
        heap.push((fresh, top.rank))
        continue
      }
      let pick = candidates[top.rank]
      covered.formUnion(covers[pick.entity, default: []])
      chosen.append("\(pick.kind.rawValue):\(pick.key)")
    }
    return chosen
  }

  static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}
