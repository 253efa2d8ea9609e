import BitCollections

/// Finds the shared values that must not link stores: courier hubs, platform warehouses,
/// 400/800 numbers, without a fixed cap on store count.
///
/// Two rules. By form: 400/800 numbers and addresses of sorting centres, transit depots and
/// platform warehouses are infrastructure whatever their count. By structure: a value shared
/// by at least `candidateStores` stores is judged by how those stores connect *otherwise*.
/// A ring warehouse's stores are tied together by the ring's own senders, origins and
/// accounts, so they fall into a few groups; a courier depot's stores come from many rings and
/// honest sellers, so they fall into many. Groups are counted as the inverse Simpson index of
/// the store groups (connected components of the other links), and a value whose stores form
/// at least `max(minimumGroups, groupShare × stores)` effective groups is a hub. Candidates are
/// judged from the largest down, each against every other value not already found a hub.
public enum HubDetector {
  public static let candidateStores = 12
  public static let minimumGroups = 6.0
  public static let groupShare = 0.25

  /// - Returns: the hubs, ordered by entity id (which is key order).
  /// - Complexity: O(links · α(n)) with union–find, plus a sort of the candidates.
  public static func hubs(in graph: EvidenceGraph) -> [Hub] {
    var hubs: [Hub] = []
    var isHub = BitSet(reservingCapacity: graph.entities.count)  // read for every link of every candidate
    // Parsing every shared phone and address is per entity: on every core.
    let infrastructure = Array(graph.entities.indices).parallelMap {
      graph.entities[$0].storeCount >= 2 && isInfrastructure(graph.key(ofEntity: $0))
    }
    for index in graph.entities.indices where infrastructure[index] {
      isHub.insert(index)
      hubs.append(
        Hub(
          entity: Int32(index), key: graph.key(ofEntity: index), label: graph.label(ofEntity: index),
          stores: graph.entities[index].storeCount, reason: .infrastructure, groups: 0))
    }
    // Candidates, largest first: each is judged by how its stores connect through every
    // other linking value that is not already a hub. Values that can link stores at all (a
    // linking kind, two stores or more) are bits, read for every link of every candidate's
    // stores, where reaching each `Entity` was a cache miss into an array of a hundred
    // megabytes.
    let linkable = graph.entitySet { $0.storeCount >= 2 && RingClusterer.isLinking($0.kind) }
    var candidates: [Int] = linkable.filter { !isHub.contains($0) && graph.entities[$0].storeCount >= candidateStores }
    let storesOf = graph.stores(ofEntities: candidates)
    candidates.sort { (graph.entities[$0].storeCount, $1) > (graph.entities[$1].storeCount, $0) }
    var firstStoreOf = [Int32](repeating: -1, count: graph.entities.count)
    for candidate in candidates {
      let stores = storesOf[candidate] ?? []
      let effective = effectiveGroups(
        of: candidate, stores: stores, graph: graph, linkable: linkable, excluding: isHub,
        firstStoreOf: &firstStoreOf)
      if effective >= max(minimumGroups, groupShare * Double(stores.count)) {
        isHub.insert(candidate)
        hubs.append(
          Hub(
            entity: Int32(candidate), key: graph.key(ofEntity: candidate), label: graph.label(ofEntity: candidate),
            stores: graph.entities[candidate].storeCount, reason: .unrelatedStores,
            groups: (effective * 100).rounded() / 100))
      }
    }
    return hubs.sorted { $0.entity < $1.entity }
  }

  /// The effective number of groups (inverse Simpson index) that `stores`, the stores of
  /// `entity`, form when linked through every other `linkable` value that is not a hub.
  /// `firstStoreOf` is scratch, −1 for every entity, and is left so: one array serves every
  /// candidate, where a dictionary each was most of the hub search.
  /// - Complexity: O(Σ degree of `stores`).
  static func effectiveGroups(
    of entity: Int, stores: [Int32], graph: EvidenceGraph, linkable: BitSet, excluding isHub: BitSet,
    firstStoreOf: inout [Int32]
  ) -> Double {
    var groups = UnionFind(count: stores.count)
    var touched: [Int32] = []
    for (index, store) in stores.enumerated() {
      for link in graph.links(ofStore: Int(store)) {
        let other = graph.linkEntities[link]
        guard Int(other) != entity, linkable.contains(Int(other)), !isHub.contains(Int(other)) else { continue }
        let first = firstStoreOf[Int(other)]
        if first >= 0 {
          groups.union(first, Int32(index))
        } else {
          firstStoreOf[Int(other)] = Int32(index)
          touched.append(other)
        }
      }
    }
    for other in touched { firstStoreOf[Int(other)] = -1 }
    // Group sizes by representative, summed in index order: a dictionary's order changes
    // from run to run, and so would the last bits of a floating-point sum over it.
    var sizes = [Int](repeating: 0, count: stores.count)
    for index in stores.indices { sizes[Int(groups.find(Int32(index)))] += 1 }
    let total = Double(stores.count)
    return 1 / sizes.reduce(0.0) { $1 == 0 ? $0 : $0 + (Double($1) / total) * (Double($1) / total) }
  }

  /// 400/800 service numbers and addresses of sorting centres, transit depots and platform
  /// warehouses.
  public static func isInfrastructure(_ key: EntityKey) -> Bool {
    switch key.kind {
    case .phone: PhoneNumber(key.key)?.isInfrastructure ?? false
    case .address: PostalAddress.infrastructureWords.contains { TextNormalization.contains(key.key, $0) }
    default: false
    }
  }
}

extension EvidenceGraph {
  /// The stores linked to each of `entities` (a few), ascending: one pass over the links,
  /// without a list for every entity. The links are read in runs of stores on every core,
  /// each run's (entity, store) pairs then added to the lists in store order.
  func stores(ofEntities entities: [Int]) -> [Int: [Int32]] {
    var slot = [Int32](repeating: -1, count: self.entities.count)
    for (index, entity) in entities.enumerated() { slot[entity] = Int32(index) }
    let slotOfEntity = slot, storeCount = stores.count, run = 1 << 15
    let runs = Array(stride(from: 0, to: storeCount, by: run)).parallelMap(serialBelow: 2) {
      first -> [(slot: Int32, store: Int32)] in
      var pairs: [(slot: Int32, store: Int32)] = []
      for store in first..<min(first + run, storeCount) {
        for link in links(ofStore: store) where slotOfEntity[Int(linkEntities[link])] >= 0 {
          pairs.append((slotOfEntity[Int(linkEntities[link])], Int32(store)))
        }
      }
      return pairs
    }
    var lists = [[Int32]](repeating: [], count: entities.count)
    for pairs in runs {
      for pair in pairs { lists[Int(pair.slot)].append(pair.store) }
    }
    return Dictionary(uniqueKeysWithValues: zip(entities, lists))
  }

  /// For each entity, the stores linked to it, ascending.
  public func storesByEntity() -> [[Int32]] {
    var result = [[Int32]](repeating: [], count: entities.count)
    for store in stores.indices {
      for link in links(ofStore: store) { result[Int(linkEntities[link])].append(Int32(store)) }
    }
    return result
  }
}
