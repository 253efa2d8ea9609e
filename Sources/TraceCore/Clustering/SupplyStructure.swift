import BitCollections

/// Groups stores into rings by how the values they share hang together, not by a global
/// resolution.
///
/// In the spirit of SCAN (Xu, Yuruk, Feng, Schweiger: "SCAN: a structural clustering
/// algorithm for networks", KDD 2007): two shared values belong to one supply structure when
/// their stores overlap structurally — the cosine of their store sets,
/// `|S(a) ∩ S(b)| / √(|S(a)|·|S(b)|)`, is at least `minimumSimilarity`, over at least
/// `minimumSharedStores` stores. A ring's senders, origins, warehouse and supplier are
/// shipped together for many of its stores; a store of one ring that once used another
/// ring's sender phone (a bridge) makes an overlap of one store out of dozens, which ties
/// nothing. The measure does not depend on the size of the graph, so a world of a million
/// leads splits as a world of a thousand does (modularity's resolution limit: Fortunato &
/// Barthélemy, PNAS 2007, is what merged rings joined by a few bridges).
///
/// Values tied directly or through others form a value group. Each store joins the group it
/// shares most with (the sum over its links into the group of leads × the kind's weight);
/// a store linked into other groups too is a bridge, kept as evidence (`Result.bridges`).
/// A value whose stores join `spanningGroups` groups or more serves several rings and honest
/// sellers alike (a dropshipping front 代发仓, a printer feeding several rings): it links
/// nothing, its stores are assigned again without it, and it is listed (`Result.spanning`).
public enum SupplyStructure {
  /// The least structural similarity of two values' store sets that ties them.
  public static let minimumSimilarity = 0.2
  /// The fewest stores two values must share to be tied: one store proves one shipment.
  public static let minimumSharedStores = 2
  /// A value whose stores fall into this many groups or more serves several rings.
  public static let spanningGroups = 3
  /// Two groups linked by this share of the smaller one's stores are one (`absorbingLinkedGroups`).
  public static let absorbedShare = 0.5
  /// The most rounds of absorbing groups.
  public static let absorbingRounds = 8
  /// A store's values paired for similarity: its first this many (a store with more is
  /// rare, and pairs grow as their square).
  public static let pairedValuesPerStore = 64

  /// A store of a group linked to a value at home in another group (`ValuePlacement.home`).
  public struct Bridge: Sendable, Hashable {
    public var store: Int32
    /// The value through which it reaches the other group.
    public var entity: Int32
    /// The value's group, as an index into `Result.groups`.
    public var group: Int32
  }

  public struct Result: Sendable {
    /// Stores of each group of ≥ 2 stores, each sorted; groups in order of their smallest store.
    public var groups: [[Int32]]
    /// Values that serve several groups, ascending.
    public var spanning: [Int32]
    /// Stores linked into a group other than their own, by store then entity.
    public var bridges: [Bridge]
  }

  /// Groups the stores of `graph` through the values in `linking`.
  public static func group(graph: EvidenceGraph, linking: BitSet) -> Result {
    let storeCount = graph.stores.count
    let groupOfEntity = valueGroups(graph: graph, linking: linking)
    func settled(_ active: BitSet) -> (assignment: [Int32], placement: ValuePlacement) {
      absorbingLinkedGroups(graph: graph, active: active, assignment: assign(graph: graph, active: active, groupOfEntity: groupOfEntity))
    }
    var active = linking
    var (assignment, placement) = settled(active)
    let spanning = active.filter { placement.groupCount[$0] >= spanningGroups }.map(Int32.init)
    if !spanning.isEmpty {
      for entity in spanning { active.remove(Int(entity)) }
      (assignment, placement) = settled(active)
    }
    // Groups of two stores or more, in order of their smallest store.
    var members = [[Int32]](repeating: [], count: graph.entities.count)
    for store in 0..<storeCount where assignment[store] >= 0 { members[Int(assignment[store])].append(Int32(store)) }
    let groups = members.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
    var indexOfGroup = [Int32](repeating: -1, count: graph.entities.count)
    for (index, group) in groups.enumerated() { indexOfGroup[Int(assignment[Int(group[0])])] = Int32(index) }
    // A bridge: a store of a group linked to a value at home in another group of two stores
    // or more.
    var bridges: [Bridge] = []
    for store in 0..<storeCount where assignment[store] >= 0 && indexOfGroup[Int(assignment[store])] >= 0 {
      for link in graph.links(ofStore: store) {
        let entity = graph.linkEntities[link]
        guard active.contains(Int(entity)) else { continue }
        let home = placement.home[Int(entity)]
        if home != assignment[store], indexOfGroup[Int(home)] >= 0 {
          bridges.append(Bridge(store: Int32(store), entity: entity, group: indexOfGroup[Int(home)]))
        }
      }
    }
    return Result(groups: groups, spanning: spanning, bridges: bridges)
  }

  /// Two groups linked by many of the smaller one's stores (`absorbedShare` or more, two at
  /// least) are one ring: a store links two groups when it ships through a value at home in
  /// the other (`ValuePlacement.home`). A ring whose senders and origins are mixed at random
  /// over single leads has values that overlap too little to tie (`minimumSimilarity`), and
  /// falls apart into a group per origin whose stores ship through the other groups' senders;
  /// a small ring with two origins and two senders falls in two halves joined by a store and
  /// an account. Such groups join; rounds go on until none is left (at most
  /// `absorbingRounds`). A ring reached by a few bridge stores is linked by a few of its
  /// stores, not most: it stays apart; so is a ring of two or three stores reached by one.
  /// - Returns: the stores' groups, and where the values are in them.
  static func absorbingLinkedGroups(graph: EvidenceGraph, active: BitSet, assignment: [Int32])
    -> (assignment: [Int32], placement: ValuePlacement)
  {
    var assignment = assignment
    let entityCount = graph.entities.count
    for _ in 0..<absorbingRounds {
      let placement = ValuePlacement(graph: graph, active: active, groupOfStore: assignment)
      let home = placement.home
      var size = [Int32](repeating: 0, count: entityCount)
      var reached: [UInt64] = []  // (group << 32 | other group), once per store
      var homes: [Int32] = []
      for store in 0..<graph.stores.count where assignment[store] >= 0 {
        let group = assignment[store]
        size[Int(group)] += 1
        homes.removeAll(keepingCapacity: true)
        for link in graph.links(ofStore: store) where active.contains(Int(graph.linkEntities[link])) {
          let other = home[Int(graph.linkEntities[link])]
          if other >= 0, other != group, !homes.contains(other) { homes.append(other) }
        }
        for other in homes { reached.append(UInt64(UInt32(group)) << 32 | UInt64(UInt32(other))) }
      }
      // The stores linking each pair of groups, either way: (smaller id << 32 | larger id),
      // once per store and pair, counted.
      var pairs = reached.map { pair -> UInt64 in
        let (a, b) = (pair >> 32, pair & 0xFFFF_FFFF)
        return a < b ? a << 32 | b : b << 32 | a
      }
      pairs.sort()
      var links: [(a: Int32, b: Int32, stores: Int)] = []
      for pair in pairs {
        if let last = links.last, UInt64(UInt32(last.a)) << 32 | UInt64(UInt32(last.b)) == pair {
          links[links.count - 1].stores += 1
        } else {
          links.append((Int32(truncatingIfNeeded: pair >> 32), Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF), 1))
        }
      }
      // Each group's closest group: the one the most stores link it with (ties: the smaller).
      var closest = [(other: Int32, stores: Int)](repeating: (-1, 0), count: entityCount)
      func consider(_ group: Int32, _ other: Int32, _ stores: Int) {
        let known = closest[Int(group)]
        if stores > known.stores || (stores == known.stores && (known.other < 0 || other < known.other)) {
          closest[Int(group)] = (other, stores)
        }
      }
      for link in links {
        consider(link.a, link.b, link.stores)
        consider(link.b, link.a, link.stores)
      }
      // The smaller group of a pair joins the larger when the larger is its closest and the
      // stores linking them are two at least and `absorbedShare` of the smaller group. One
      // store linking two groups of several is a bridge, whatever the share: a ring of two
      // stores, one of which once used another ring's sender, stays apart. A group of one
      // store has nothing else to hold it. A group joins one group a round, its closest: a
      // small group between two rings never joins them.
      var merges = UnionFind(count: entityCount)
      var merged = false
      for link in links {
        let (small, large) = size[Int(link.b)] < size[Int(link.a)] ? (link.b, link.a) : (link.a, link.b)
        guard closest[Int(small)].other == large else { continue }
        let smallSize = Int(size[Int(small)])
        if smallSize == 1 || (link.stores >= 2 && Double(link.stores) >= absorbedShare * Double(smallSize)) {
          merges.union(small, large)
          merged = true
        }
      }
      guard merged else { return (assignment, placement) }
      // Each merged group is named by its smallest member, as value groups are.
      var smallest = [Int32](repeating: -1, count: entityCount)
      for group in 0..<Int32(entityCount) where size[Int(group)] > 0 {
        let root = Int(merges.find(group))
        if smallest[root] < 0 { smallest[root] = group }
      }
      for store in assignment.indices where assignment[store] >= 0 {
        assignment[store] = smallest[Int(merges.find(assignment[store]))]
      }
    }
    return (assignment, ValuePlacement(graph: graph, active: active, groupOfStore: assignment))
  }

  /// The group of each linking value (the smallest entity id of its group), −1 for others.
  static func valueGroups(graph: EvidenceGraph, linking: BitSet) -> [Int32] {
    let storeCount = graph.stores.count
    // Pairs of values named by one store, packed (a << 32 | b, a < b); counted by sorting.
    let runs = Array(stride(from: 0, to: storeCount, by: 1 << 14)).parallelMap(serialBelow: 2) { first -> [UInt64] in
      var pairs: [UInt64] = []
      var values: [Int32] = []
      for store in first..<min(first + (1 << 14), storeCount) {
        values.removeAll(keepingCapacity: true)
        for link in graph.links(ofStore: store) where linking.contains(Int(graph.linkEntities[link])) {
          values.append(graph.linkEntities[link])
          if values.count == pairedValuesPerStore { break }
        }
        guard values.count >= 2 else { continue }
        for i in 0..<(values.count - 1) {
          for j in (i + 1)..<values.count { pairs.append(UInt64(UInt32(values[i])) << 32 | UInt64(UInt32(values[j]))) }
        }
      }
      pairs.sort()
      return pairs
    }
    var ties = UnionFind(count: graph.entities.count)
    for pairs in mergedCounts(runs) where pairs.shared >= minimumSharedStores {
      let a = Int32(truncatingIfNeeded: pairs.pair >> 32), b = Int32(truncatingIfNeeded: pairs.pair & 0xFFFF_FFFF)
      let product = Double(graph.entities[Int(a)].storeCount) * Double(graph.entities[Int(b)].storeCount)
      let shared = Double(pairs.shared)
      if shared * shared >= minimumSimilarity * minimumSimilarity * product { ties.union(a, b) }
    }
    // Each group named by its smallest member, so the result does not depend on union order.
    var smallest = [Int32](repeating: -1, count: graph.entities.count)
    var group = [Int32](repeating: -1, count: graph.entities.count)
    for entity in linking {
      let root = Int(ties.find(Int32(entity)))
      if smallest[root] < 0 { smallest[root] = Int32(entity) }
      group[entity] = smallest[root]
    }
    return group
  }

  /// Runs of equal pairs over sorted lists, merged: each distinct pair with its count.
  static func mergedCounts(_ runs: [[UInt64]]) -> [(pair: UInt64, shared: Int)] {
    var cursors = [Int](repeating: 0, count: runs.count)
    var heap = Heap(runs.indices.filter { !runs[$0].isEmpty }.map { (value: runs[$0][0], run: $0) }) { a, b in
      a.value != b.value ? a.value < b.value : a.run < b.run
    }
    var counts: [(pair: UInt64, shared: Int)] = []
    while let top = heap.pop() {
      if let last = counts.last, last.pair == top.value {
        counts[counts.count - 1].shared += 1
      } else {
        counts.append((top.value, 1))
      }
      cursors[top.run] += 1
      if cursors[top.run] < runs[top.run].count { heap.push((runs[top.run][cursors[top.run]], top.run)) }
    }
    return counts
  }

  /// The group each store joins: the one its links into weigh most (leads × kind weight;
  /// ties: more values, then the smaller group), −1 for a store with no active link.
  static func assign(graph: EvidenceGraph, active: BitSet, groupOfEntity: [Int32]) -> [Int32] {
    let storeCount = graph.stores.count
    return [Int32].parallelFill(count: storeCount, chunks: 8) { range, result in
      var tally: [(group: Int32, weight: Double, values: Int)] = []
      for store in range {
        tally.removeAll(keepingCapacity: true)
        for link in graph.links(ofStore: store) {
          let entity = graph.linkEntities[link]
          guard active.contains(Int(entity)) else { continue }
          let group = groupOfEntity[Int(entity)]
          let weight = Double(graph.linkLeadOffsets[link + 1] - graph.linkLeadOffsets[link]) * graph.entities[Int(entity)].kind.weight
          if let at = tally.firstIndex(where: { $0.group == group }) {
            tally[at].weight += weight
            tally[at].values += 1
          } else {
            tally.append((group, weight, 1))
          }
        }
        let best = tally.max { a, b in
          if a.weight != b.weight { return a.weight < b.weight }
          if a.values != b.values { return a.values < b.values }
          return a.group > b.group
        }
        result.initialize(store, to: best?.group ?? -1)
      }
    }
  }
}

/// Where each active value's stores are: the group most of them joined (its home; ties: the
/// smaller group; −1 when none joined one) and how many groups they joined. From the
/// distinct (value, group) pairs of every link, sorted, counted per value.
struct ValuePlacement {
  var home: [Int32]
  var groupCount: [Int]

  init(graph: EvidenceGraph, active: BitSet, groupOfStore: [Int32]) {
    var pairs: [UInt64] = []
    for store in 0..<graph.stores.count where groupOfStore[store] >= 0 {
      let group = UInt64(UInt32(groupOfStore[store]))
      for link in graph.links(ofStore: store) where active.contains(Int(graph.linkEntities[link])) {
        pairs.append(UInt64(UInt32(graph.linkEntities[link])) << 32 | group)
      }
    }
    let sorted = pairs.parallelSorted(by: <)
    home = [Int32](repeating: -1, count: graph.entities.count)
    groupCount = [Int](repeating: 0, count: graph.entities.count)
    var index = 0
    while index < sorted.count {
      let entity = Int(sorted[index] >> 32)
      var best: (group: Int32, stores: Int) = (-1, 0)
      var groups = 0
      while index < sorted.count, Int(sorted[index] >> 32) == entity {
        let pair = sorted[index]
        var count = 0
        while index < sorted.count, sorted[index] == pair {
          count += 1
          index += 1
        }
        groups += 1
        if count > best.stores { best = (Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF), count) }
      }
      home[entity] = best.group
      groupCount[entity] = groups
    }
  }
}
