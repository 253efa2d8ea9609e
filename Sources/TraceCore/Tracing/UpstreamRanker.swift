import BitCollections
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
/// - **pagerank**: personalised PageRank (`PageRank`, igraph's results) on the ring's reversed
///   supply graph — stores point at the values they were shipped from, lower tiers at higher
///   tiers named with them — restarted at the ring's stores, so mass gathers where the supply
///   chains converge.
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

  /// Builds a ring (without its id) from its stores (ascending store indexes).
  ///
  /// Everything is numbered locally: stores by position in the ring (sets of them are
  /// `StoreBits`), the values attached to the ring by their rank among its entity ids, the
  /// ring's leads by their rank among its lead ids. Most rings have two or three stores and a
  /// handful of values, and there are tens of thousands of them: no dictionary or `Set` per
  /// ring, only small arrays.
  static func ring(
    stores: [Int32], graph: EvidenceGraph, isHub: BitSet, publisherOrder: PublisherOrder
  ) throws(IGraphError) -> Ring {
    let storeCount = stores.count
    // The ring's non-hub links and its leads.
    // Sized first: growing these lists (and the naming and edge lists below) by doubling
    // was a third of a million reallocations at 200k leads.
    var linkCount = 0, leadCount = 0, namingCount = 0
    for store in stores {
      let links = graph.links(ofStore: Int(store))
      linkCount += links.count
      leadCount += graph.stores.leadCount(of: Int(store))
      if !links.isEmpty { namingCount += Int(graph.linkLeadOffsets[links.upperBound] - graph.linkLeadOffsets[links.lowerBound]) }
    }
    var attached: [Int32] = []
    var ringLeads: [Int32] = []
    attached.reserveCapacity(linkCount)
    ringLeads.reserveCapacity(leadCount)
    for store in stores {
      graph.stores.withLeads(of: Int(store)) { ringLeads += $0 }
      for link in graph.links(ofStore: Int(store)) where !isHub.contains(Int(graph.linkEntities[link])) {
        attached.append(graph.linkEntities[link])
      }
    }
    ringLeads.sort()
    attached.sort()
    let entities = attached.uniquedSorted()  // local entity index: rank
    func localEntity(_ entity: Int32) -> Int { entities.lowerBound(of: entity) }
    func localLead(_ lead: Int32) -> Int { ringLeads.lowerBound(of: lead) }
    let entityCount = entities.count
    let kinds = entities.map { graph.entities[Int($0)].kind }
    let tiers = kinds.map(tier)

    // Each value's ring stores; each (value, lead) naming, in order of store, link, lead;
    // then each value's leads and each lead's values, as flat lists in that order.
    var direct = [StoreBits](repeating: StoreBits(count: storeCount), count: entityCount)
    var namingEntity: [Int32] = [], namingLead: [Int32] = []
    namingEntity.reserveCapacity(namingCount)
    namingLead.reserveCapacity(namingCount)
    for (position, store) in stores.enumerated() {
      for link in graph.links(ofStore: Int(store)) where !isHub.contains(Int(graph.linkEntities[link])) {
        let entity = localEntity(graph.linkEntities[link])
        direct[entity].insert(position)
        // By position, not through `leads(ofLink:)`: its slice retained the graph's list,
        // which both cores share.
        for index in Int(graph.linkLeadOffsets[link])..<Int(graph.linkLeadOffsets[link + 1]) {
          let lead = graph.linkLeads[index]
          namingEntity.append(Int32(entity))
          namingLead.append(Int32(localLead(lead)))
        }
      }
    }
    let namingsOfEntity = Grouping(keys: namingEntity, groupCount: entityCount)
    let namingsOfLead = Grouping(keys: namingLead, groupCount: ringLeads.count)
    // Runs of these two lists are read in every loop below, hundreds of times a ring: as
    // slices of buffers of the ring's own, not `ArraySlice`s, each of which retained and
    // released its array.
    let leadsOfEntity = RingScratch(namingsOfEntity.members.lazy.map { namingLead[Int($0)] })
    let entitiesOfLeadFlat = RingScratch(namingsOfLead.members.lazy.map { namingEntity[Int($0)] })
    defer {
      leadsOfEntity.free()
      entitiesOfLeadFlat.free()
    }
    func leadsOf(_ entity: Int) -> Slice<UnsafeBufferPointer<Int32>> {
      leadsOfEntity.items[namingsOfEntity.start[entity]..<namingsOfEntity.start[entity + 1]]
    }
    func entitiesOfLead(_ lead: Int32) -> Slice<UnsafeBufferPointer<Int32>> {
      entitiesOfLeadFlat.items[namingsOfLead.start[Int(lead)]..<namingsOfLead.start[Int(lead) + 1]]
    }

    // Parties, in order of their representative's id; members by tier, then by the ring's
    // leads that name them (most first: a wholesaler on 64 leads keys and labels the party,
    // not a printer named with the same phone on 2), then id. A party's members are a run of
    // `partyMembers`.
    // A supplier written without its place, with the phone and warehouse named with it, is
    // one party with its registered company where the ring's stores name that company too
    // (`EvidenceGraph.registeredCompany`), after it: the registered name keys and labels the
    // party.
    var isAlias = [Bool](repeating: false, count: entityCount)
    var partyMembers = (0..<entityCount).map { (party: graph.partyOf[Int(entities[$0])], member: $0) }
    if !graph.registeredCompany.isEmpty {
      var joined: [(party: Int32, into: Int32)] = []  // few: an alias or two a ring at most
      for member in 0..<entityCount {
        guard let company = graph.registeredCompany[entities[member]] else { continue }
        let position = entities.lowerBound(of: company)
        guard position < entityCount, entities[position] == company else { continue }
        joined.append((partyMembers[member].party, graph.partyOf[Int(company)]))
        isAlias[member] = true
      }
      for (party, into) in joined {
        for index in partyMembers.indices where partyMembers[index].party == party { partyMembers[index].party = into }
      }
    }
    let namings = (0..<entityCount).map { namingsOfEntity.count(of: $0) }
    partyMembers.sort { a, b in
      if a.party != b.party { return a.party < b.party }
      if tiers[a.member] != tiers[b.member] { return tiers[a.member] > tiers[b.member] }
      if isAlias[a.member] != isAlias[b.member] { return !isAlias[a.member] }
      if namings[a.member] != namings[b.member] { return namings[a.member] > namings[b.member] }
      return a.member < b.member
    }
    let members = partyMembers.map(\.member)
    var groupStart: [Int] = []
    for index in partyMembers.indices where index == 0 || partyMembers[index - 1].party != partyMembers[index].party {
      groupStart.append(index)
    }
    groupStart.append(entityCount)
    let groupCount = groupStart.count - 1
    func group(_ index: Int) -> ArraySlice<Int> { members[groupStart[index]..<groupStart[index + 1]] }
    var partyOfEntity = [Int](repeating: 0, count: entityCount)
    for index in 0..<groupCount { for member in group(index) { partyOfEntity[member] = index } }
    let size = Double(storeCount)

    // What each value reaches through the values below it named in its leads, computed once.
    var below = [StoreBits?](repeating: nil, count: entityCount)
    func reachBelow(_ value: Int) -> StoreBits {
      if let known = below[value] { return known }
      var reached = StoreBits(count: storeCount)
      for lead in leadsOf(value) {
        for lower in entitiesOfLead(lead) where kinds[Int(lower)] != .person && tiers[Int(lower)] < tiers[value] {
          reached.formUnion(direct[Int(lower)])
        }
      }
      below[value] = reached
      return reached
    }

    var reach: [StoreBits] = []
    var candidates: [UpstreamCandidate] = []
    var inGroup = [Bool](repeating: false, count: entityCount)
    var isIntermediary = [Bool](repeating: false, count: entityCount)
    var leadSeen = [Bool](repeating: false, count: ringLeads.count)
    // Each ring lead's publishers, looked up once: a lead is named by several candidates,
    // and reaching its sources in the whole table is a cache miss each time.
    var publisherStart: [Int32] = [0], leadPublishers: [Int32] = []
    publisherStart.reserveCapacity(ringLeads.count + 1)
    leadPublishers.reserveCapacity(ringLeads.count)
    for lead in ringLeads {
      graph.table.forEachSource(Int(lead)) { leadPublishers.append($0.publisher) }
      publisherStart.append(Int32(leadPublishers.count))
    }
    // The ring's publishers (its stores' publishers are those of their leads), as ranks of
    // their names: few, so a small array.
    var publisherRanks: [Int32] = []
    for publisher in leadPublishers {
      let rank = publisherOrder.rank(of: publisher)
      if !publisherRanks.contains(rank) { publisherRanks.append(rank) }
    }
    publisherRanks.sort()
    // Every candidate's party members, as entity ids, in one list for the ring: candidate
    // `i`'s are the run `group(i)`.
    let memberEntities = members.map { entities[$0] }
    // Scratch lists, emptied for each candidate.
    var leads: [Int32] = [], intermediaries: [Int] = [], publishers: [Int32] = []
    for groupIndex in 0..<groupCount {
      let group = group(groupIndex)
      for member in group { inGroup[member] = true }
      var reached = StoreBits(count: storeCount)
      leads.removeAll(keepingCapacity: true)
      var links = 0, ringLinks = 0
      for member in group {
        reached.formUnion(direct[member])
        for lead in leadsOf(member) where !leadSeen[Int(lead)] {
          leadSeen[Int(lead)] = true
          leads.append(lead)
        }
        links += graph.entities[Int(entities[member])].storeCount
        ringLinks += direct[member].count
      }
      // Intermediaries: other values named in the candidate's leads (each counted once).
      intermediaries.removeAll(keepingCapacity: true)
      for lead in leads {
        for other in entitiesOfLead(lead) where !inGroup[Int(other)] && !isIntermediary[Int(other)]
          && kinds[Int(other)] != .person
        {
          isIntermediary[Int(other)] = true
          intermediaries.append(Int(other))
        }
      }
      var through = StoreBits(count: storeCount)
      let topTier = tiers[group.first!]
      for other in intermediaries {
        through.formUnion(direct[other])
        // Down the supply chain: an intermediary below this candidate passes on what it
        // reaches through values further below it (supplier → origin → its senders).
        if tiers[other] < topTier { through.formUnion(reachBelow(other)) }
      }
      publishers.removeAll(keepingCapacity: true)
      for lead in leads {
        for publisher in leadPublishers[Int(publisherStart[Int(lead)])..<Int(publisherStart[Int(lead) + 1])]
        where !publishers.contains(publisher) {
          publishers.append(publisher)
        }
      }
      for member in group { inGroup[member] = false }
      for other in intermediaries { isIntermediary[other] = false }
      for lead in leads { leadSeen[Int(lead)] = false }

      let directCount = reached.count
      let covers = reached.unionCount(through)
      let top = graph.entities[Int(entities[group.first!])]
      let reachShare = Double(covers) / size
      let directShare = Double(directCount) / size
      let specificity = min(1, Double(ringLinks) / Double(max(1, links)))
      let evidence = 0.5 * min(1, Double(publishers.count) / 3) + 0.5 * min(1, log2(1 + Double(leads.count)) / 5)
      reach.append(reached.union(through))
      candidates.append(
        UpstreamCandidate(
          entity: entities[group.first!], kind: top.kind,
          members: memberEntities[group.indices],
          score: 0, covers: covers,
          components: ScoreComponents(
            reach: rounded(reachShare), direct: rounded(directShare), tier: tier(top.kind),
            specificity: rounded(specificity), evidence: rounded(evidence))))
    }
    // Personalised PageRank on the reversed supply graph: stores → parties they were
    // shipped from; lower-tier parties → higher-tier parties named in the same lead.
    if candidates.count >= 2 {
      var edges: [Int64] = []
      var weights: [Double] = []
      var upward: [Int64] = []  // packed (from, to), once per lead that names both
      // Each store–party edge comes from a naming; upward edges are most often as many.
      edges.reserveCapacity(4 * namingCount)
      weights.reserveCapacity(2 * namingCount)
      upward.reserveCapacity(namingCount)
      for index in 0..<groupCount {
        let node = Int64(storeCount + index)
        for member in group(index) {
          for position in 0..<storeCount where direct[member].contains(position) {
            edges.append(Int64(position))  // two appends: `+= [a, b]` made an array each time
            edges.append(node)
            weights.append(1)
          }
          for lead in leadsOf(member) {
            for other in entitiesOfLead(lead) {
              let target = partyOfEntity[Int(other)]
              guard target != index, tiers[Int(other)] > tiers[member] else { continue }
              upward.append(node << 32 | Int64(storeCount + target))
            }
          }
        }
      }
      upward.sort()
      var cursor = 0
      while cursor < upward.count {
        let packed = upward[cursor]
        var weight = 0.0
        while cursor < upward.count, upward[cursor] == packed {
          weight += 1
          cursor += 1
        }
        edges.append(packed >> 32)
        edges.append(packed & 0xFFFF_FFFF)
        weights.append(weight)
      }
      let vertexCount = storeCount + candidates.count
      var resetVector = [Double](repeating: 0, count: vertexCount)
      for i in 0..<storeCount { resetVector[i] = 1 }
      let ranks = try PageRank.personalized(
        vertexCount: vertexCount, edges: edges, weights: weights, reset: resetVector)
      let partyRanks = ranks.count == vertexCount ? Array(ranks[storeCount...]) : []
      let best = partyRanks.max() ?? 0
      if best > 0 {
        for index in candidates.indices {
          candidates[index].components.pagerank = rounded(partyRanks[index] / best)
        }
      }
    } else if !candidates.isEmpty {
      candidates[0].components.pagerank = 1
    }
    for index in candidates.indices {
      let c = candidates[index].components
      candidates[index].score = rounded(
        Weights.reach * c.reach + Weights.direct * c.direct + Weights.tier * c.tier
          + Weights.specificity * c.specificity + Weights.evidence * c.evidence + Weights.pagerank * c.pagerank)
    }
    let order = candidates.indices.sorted { a, b in
      let (x, y) = (candidates[a], candidates[b])
      if x.score != y.score { return x.score > y.score }
      if x.covers != y.covers { return x.covers > y.covers }
      // Entities are numbered in (kind, key) order: the order of their ids is that of
      // `(kind, key)`, without comparing strings.
      return x.entity < y.entity
    }
    let ranked = order.map { candidates[$0] }
    let takedown = plan(reach: order.map { reach[$0] }, storeCount: storeCount).map {
      graph.key(ofEntity: ranked[$0].entity).description
    }
    // Evidence strength: how much shared, specific evidence holds the ring together.
    let strength = ranked.reduce(0.0) { sum, c in
      c.covers >= 2 ? sum + c.kind.weight * Double(c.covers - 1) : sum
    }
    // Each lead is about one store, so the ring's distinct leads are its stores' leads.
    let score = rounded(
      Double(publisherRanks.count) + log2(1 + Double(ringLeads.count)) + log2(1 + strength))
    return Ring(
      id: "", stores: stores, score: score, publishers: publisherRanks.map { publisherOrder.names[Int($0)] },
      leads: ringLeads.count, upstream: ranked, takedown: takedown)
  }

  /// The smallest set of candidates whose reach covers ≥ 90% of the stores: exact (by
  /// increasing set size, at most 3) for rings with few candidates, greedy otherwise (lazy
  /// evaluation: stale gains are re-checked only when they could still be best).
  /// - Parameter reach: the stores each ranked candidate reaches, best candidate first.
  /// - Returns: the positions of the chosen candidates.
  static func plan(reach: [StoreBits], storeCount: Int) -> [Int] {
    let needed = Int((takedownCoverage * Double(storeCount)).rounded(.up))
    if reach.count <= exactPlanCandidates {
      let n = reach.count
      for i in 0..<n where reach[i].count >= needed { return [i] }
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) where reach[i].unionCount(reach[j]) >= needed {
          return [i, j]
        }
      }
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) {
          for k in (j + 1)..<max(j + 1, n) where reach[i].unionCount(reach[j], reach[k]) >= needed {
            return [i, j, k]
          }
        }
      }
    }
    var covered = StoreBits(count: storeCount)
    var chosen: [Int] = []
    var heap = Heap(reach.indices.map { (gain: reach[$0].count, rank: $0) }) { a, b in
      a.gain != b.gain ? a.gain > b.gain : a.rank < b.rank
    }
    while covered.count < needed, let top = heap.pop() {
      let fresh = reach[top.rank].countSubtracting(covered)
      if fresh == 0 { continue }
      if let next = heap.peek(), fresh < next.gain || (fresh == next.gain && next.rank < top.rank) {
        heap.push((fresh, top.rank))
        continue
      }
      covered.formUnion(reach[top.rank])
      chosen.append(top.rank)
    }
    return chosen
  }

  static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}

/// A list of a ring's own in a buffer it frees itself (`free()`), read as slices that hold no
/// reference.
private struct RingScratch {
  let items: UnsafeBufferPointer<Int32>

  init(_ values: some Collection<Int32>) {
    let buffer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: values.count)
    _ = buffer.initialize(fromContentsOf: values)
    items = UnsafeBufferPointer(buffer)
  }

  func free() { items.deallocate() }
}
