import Foundation

/// Ranks the parties attached to a ring's stores as its likely upstream sources, and picks a
/// takedown plan.
///
/// Candidates are parties: a supplier merged with the phone and warehouse address it was named
/// with, or a single address, phone, account or person. Hubs never compete. A candidate's score
/// combines, with the weights in `Weights`:
/// - **reach**: the share of the ring's stores it reaches directly or through one intermediary
///   (a value named in the same lead: a supplier named with an origin address reaches every
///   store shipped from that address), and, weighted less, the share it reaches directly;
/// - **tier**: how far upstream its kind sits (supplier > address > account > phone > person);
/// - **specificity**: the share of its links that lead to this ring's stores;
/// - **evidence**: publishers and leads that name it;
/// - **pagerank**: personalised PageRank (igraph) on the ring's reversed supply graph — stores
///   point at the values they were shipped from, lower tiers at higher tiers named with them —
///   restarted at the ring's stores, so mass gathers where the supply chains converge.
public enum UpstreamRanker {
  /// The share of a ring's stores a takedown plan must reach.
  public static let takedownCoverage = 0.9
  /// Rings with at most this many candidates get an exact (smallest) plan.
  public static let exactPlanCandidates = 16

  enum Weights {
    static let reach = 0.30, direct = 0.02, tier = 0.40, specificity = 0.08, evidence = 0.05
    static let pagerank = 0.15
  }

  /// The upstream tier of a kind (0…1).
  static func tier(_ kind: EntityKind) -> Double {
    switch kind {
    case .supplier: 1.0
    case .address: 0.8
    case .account: 0.7
    case .phone: 0.6
    case .person: 0.3
    }
  }

  /// Builds a ring (without its id) from its stores.
  static func ring(stores: [Int32], graph: EvidenceGraph, hubs: Set<Int32>) throws(IGraphError) -> Ring {
    // Entities attached to the ring, their ring stores and leads; each lead's entities.
    var direct: [Int32: Set<Int32>] = [:]
    var leadsOf: [Int32: [Int32]] = [:]
    var entitiesOfLead: [Int32: [Int32]] = [:]
    var leadSet = Set<Int32>()
    var publisherSet = Set<String>()
    for store in stores {
      let node = graph.stores[Int(store)]
      leadSet.formUnion(node.leads)
      publisherSet.formUnion(node.publishers)
      for link in graph.links(ofStore: Int(store)) {
        let entity = graph.linkEntities[link]
        guard !hubs.contains(entity) else { continue }
        direct[entity, default: []].insert(store)
        for lead in graph.leads(ofLink: link) {
          leadsOf[entity, default: []].append(lead)
          entitiesOfLead[lead, default: []].append(entity)
        }
      }
    }
    // Parties.
    var members: [Int32: [Int32]] = [:]
    for entity in direct.keys { members[graph.partyOf[Int(entity)], default: []].append(entity) }
    let parties = members.keys.sorted()
    let size = Double(stores.count)
    // What each value reaches through the values below it named in its leads, computed once.
    var below: [Int32: Set<Int32>] = [:]
    func reachBelow(_ value: Int32) -> Set<Int32> {
      if let known = below[value] { return known }
      let valueTier = tier(graph.entities[Int(value)].key.kind)
      var reached = Set<Int32>()
      for lead in leadsOf[value] ?? [] {
        for lower in entitiesOfLead[lead] ?? []
        where graph.entities[Int(lower)].key.kind != .person && tier(graph.entities[Int(lower)].key.kind) < valueTier {
          reached.formUnion(direct[lower] ?? [])
        }
      }
      below[value] = reached
      return reached
    }
    var reach: [Int32: Set<Int32>] = [:]
    var candidates: [UpstreamCandidate] = []
    var partyIndex: [Int32: Int] = [:]
    for party in parties {
      let group = (members[party] ?? []).sorted { tier(graph.entities[Int($0)].key.kind) > tier(graph.entities[Int($1)].key.kind) || (tier(graph.entities[Int($0)].key.kind) == tier(graph.entities[Int($1)].key.kind) && $0 < $1) }
      let memberSet = Set(group)
      var reached = Set<Int32>()
      var leads = Set<Int32>()
      var links = 0, ringLinks = 0
      for member in group {
        reached.formUnion(direct[member] ?? [])
        leads.formUnion(leadsOf[member] ?? [])
        links += graph.entities[Int(member)].storeCount
        ringLinks += direct[member]?.count ?? 0
      }
      // Intermediaries: other values named in the candidate's leads (each counted once).
      var intermediaries = Set<Int32>()
      for lead in leads {
        for other in entitiesOfLead[lead] ?? [] where !memberSet.contains(other)
          && graph.entities[Int(other)].key.kind != .person
        {
          intermediaries.insert(other)
        }
      }
      var through = Set<Int32>()
      let topTier = tier(graph.entities[Int(group[0])].key.kind)
      for other in intermediaries {
        through.formUnion(direct[other] ?? [])
        // Down the supply chain: an intermediary below this candidate passes on what it
        // reaches through values further below it (supplier → origin → its senders).
        if tier(graph.entities[Int(other)].key.kind) < topTier {
          through.formUnion(reachBelow(other))
        }
      }
      let indirect = through.subtracting(reached)
      let publishers = Set(leads.flatMap { graph.publisherIDs(ofLead: $0) }).count
      let top = graph.entities[Int(group[0])]
      let reachShare = Double(reached.count + indirect.count) / size
      let directShare = Double(reached.count) / size
      let specificity = min(1, Double(ringLinks) / Double(max(1, links)))
      let evidence = 0.5 * min(1, Double(publishers) / 3) + 0.5 * min(1, log2(1 + Double(leads.count)) / 5)
      partyIndex[party] = candidates.count
      reach[party] = reached.union(indirect)
      candidates.append(
        UpstreamCandidate(
          entity: group[0], kind: top.key.kind, key: top.key.key, label: top.label,
          identifiers: group.map { graph.entities[Int($0)].key.description },
          score: 0, covers: reached.count + indirect.count,
          components: [
            ("reach", rounded(reachShare)), ("direct", rounded(directShare)), ("tier", tier(top.key.kind)),
            ("specificity", rounded(specificity)), ("evidence", rounded(evidence)), ("pagerank", 0),
          ]))
    }
    // Personalised PageRank on the reversed supply graph: stores → parties they were
    // shipped from; lower-tier parties → higher-tier parties named in the same lead.
    if candidates.count >= 2 {
      let storeLocal = Dictionary(uniqueKeysWithValues: stores.enumerated().map { ($1, Int64($0)) })
      var edges: [Int64] = []
      var weights: [Double] = []
      var upward: [Int64: Double] = [:]  // packed (from, to) → weight
      for (index, party) in parties.enumerated() {
        let node = Int64(stores.count + index)
        for member in members[party] ?? [] {
          for store in direct[member] ?? [] {
            edges += [storeLocal[store] ?? 0, node]
            weights.append(1)
          }
          for lead in leadsOf[member] ?? [] {
            for other in entitiesOfLead[lead] ?? [] {
              let otherParty = graph.partyOf[Int(other)]
              guard otherParty != party, let target = partyIndex[otherParty],
                tier(graph.entities[Int(other)].key.kind) > tier(graph.entities[Int(member)].key.kind)
              else { continue }
              upward[node << 32 | Int64(stores.count + target), default: 0] += 1
            }
          }
        }
      }
      for (packed, weight) in upward.sorted(by: { $0.key < $1.key }) {
        edges += [packed >> 32, packed & 0xFFFF_FFFF]
        weights.append(weight)
      }
      let vertexCount = stores.count + candidates.count
      var resetVector = [Double](repeating: 0, count: vertexCount)
      for i in 0..<stores.count { resetVector[i] = 1 }
      let ranks = try IGraph.personalizedPageRank(
        vertexCount: vertexCount, edges: edges, weights: weights, reset: resetVector)
      let partyRanks = ranks.count == vertexCount ? Array(ranks[stores.count...]) : []
      let best = partyRanks.max() ?? 0
      if best > 0 {
        for index in candidates.indices {
          candidates[index].components[5].value = rounded(partyRanks[index] / best)
        }
      }
    } else if !candidates.isEmpty {
      candidates[0].components[5].value = 1
    }
    for index in candidates.indices {
      let c = candidates[index].components
      candidates[index].score = rounded(
        Weights.reach * c[0].value + Weights.direct * c[1].value + Weights.tier * c[2].value
          + Weights.specificity * c[3].value + Weights.evidence * c[4].value + Weights.pagerank * c[5].value)
    }
    let order = candidates.indices.sorted { a, b in
      let (x, y) = (candidates[a], candidates[b])
      if x.score != y.score { return x.score > y.score }
      if x.covers != y.covers { return x.covers > y.covers }
      return (x.kind, x.key) < (y.kind, y.key)
    }
    let ranked = order.map { candidates[$0] }
    let reachOfRanked = order.map { reach[parties[$0]] ?? [] }
    let takedown = plan(ranked, reach: reachOfRanked, storeCount: stores.count)
    // Evidence strength: how much shared, specific evidence holds the ring together.
    let strength = ranked.reduce(0.0) { sum, c in
      c.covers >= 2 ? sum + c.kind.weight * Double(c.covers - 1) : sum
    }
    let score = rounded(
      Double(publisherSet.count) + log2(1 + Double(leadSet.count)) + log2(1 + strength))
    return Ring(
      id: "", stores: stores, score: score, publishers: publisherSet.sorted(),
      leads: leadSet.count, upstream: ranked, takedown: takedown)
  }

  /// The smallest set of candidates whose reach covers ≥ 90% of the stores: exact (by
  /// increasing set size, at most 3) for rings with few candidates, greedy otherwise (lazy
  /// evaluation: stale gains are re-checked only when they could still be best).
  static func plan(_ candidates: [UpstreamCandidate], reach: [Set<Int32>], storeCount: Int) -> [String] {
    let needed = Int((takedownCoverage * Double(storeCount)).rounded(.up))
    func name(_ i: Int) -> String { "\(candidates[i].kind.rawValue):\(candidates[i].key)" }
    if candidates.count <= exactPlanCandidates {
      let n = candidates.count
      for i in 0..<n where reach[i].count >= needed { return [name(i)] }
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) where reach[i].union(reach[j]).count >= needed {
          return [name(i), name(j)]
        }
      }
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) {
          let pair = reach[i].union(reach[j])
          for k in (j + 1)..<max(j + 1, n) where pair.union(reach[k]).count >= needed {
            return [name(i), name(j), name(k)]
          }
        }
      }
    }
    var covered = Set<Int32>()
    var chosen: [String] = []
    var heap = Heap(candidates.indices.map { (gain: reach[$0].count, rank: $0) }) { a, b in
      a.gain != b.gain ? a.gain > b.gain : a.rank < b.rank
    }
    while covered.count < needed, let top = heap.pop() {
      let fresh = reach[top.rank].subtracting(covered).count
      if fresh == 0 { continue }
      if let next = heap.peek(), fresh < next.gain || (fresh == next.gain && next.rank < top.rank) {
        heap.push((fresh, top.rank))
        continue
      }
      covered.formUnion(reach[top.rank])
      chosen.append(name(top.rank))
    }
    return chosen
  }

  static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}
