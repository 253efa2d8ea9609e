extension EvidenceGraph {
  /// Builds the graph from deduplicated leads.
  ///
  /// Each lead links its store to its sender phone, sender person, origin address, supplier
  /// (with the supplier's phone and address) and payment account.
  ///
  /// - Complexity: O(n log n) in the number of lead–entity mentions (one sort).
  public init(leads rawLeads: [Lead]) {
    self.init()
    self.rawLeads = rawLeads
    leads = rawLeads.map(NormalizedLead.init)

    // Intern stores in sorted key order so ids are stable whatever the input order.
    let storeKeys = Set(leads.map(\.storeKey)).sorted()
    for (index, key) in storeKeys.enumerated() { storeIndexByKey[key] = Int32(index) }

    var mentions: [(store: Int32, entity: EntityKey, label: String, lead: Int32)] = []
    mentions.reserveCapacity(leads.count * 4)
    for (index, lead) in leads.enumerated() {
      guard let store = storeIndexByKey[lead.storeKey] else { continue }
      let raw = rawLeads[index]
      let leadID = Int32(index)
      func add(_ kind: EntityKind, _ key: String?, _ label: String) {
        guard let key, !key.isEmpty else { return }
        mentions.append((store, EntityKey(kind: kind, key: key), label, leadID))
      }
      add(.phone, lead.senderPhone?.key, raw[.senderPhone])
      add(.person, lead.senderName?.key, raw[.senderName])
      add(.address, lead.origin?.key, raw[.originAddress])
      add(.supplier, lead.supplier?.key, raw[.supplier])
      add(.phone, lead.supplierPhone?.key, raw[.supplierPhone])
      add(.address, lead.supplierAddress?.key, raw[.supplierAddress])
      add(.account, lead.account, raw[.paymentAccount])
    }

    // Near-identical addresses (a typo, a missing district) are one place.
    var addressCounts: [String: Int] = [:]
    for mention in mentions where mention.entity.kind == .address {
      addressCounts[mention.entity.key, default: 0] += 1
    }
    let resolved = AddressResolver.canonicalKeys(counts: addressCounts)
    if !resolved.isEmpty {
      for index in mentions.indices where mentions[index].entity.kind == .address {
        if let canonical = resolved[mentions[index].entity.key] {
          mentions[index].entity.key = canonical
        }
      }
    }

    // Intern entities in sorted order, then gather labels.
    let entityKeys = Set(mentions.map(\.entity)).sorted()
    for (index, key) in entityKeys.enumerated() { entityIndexByKey[key] = Int32(index) }
    var labelCounts = [[String: Int]](repeating: [:], count: entityKeys.count)
    var triples: [(store: Int32, entity: Int32, lead: Int32)] = []
    triples.reserveCapacity(mentions.count)
    for mention in mentions {
      guard let entity = entityIndexByKey[mention.entity] else { continue }
      labelCounts[Int(entity)][mention.label, default: 0] += 1
      triples.append((mention.store, entity, mention.lead))
    }
    triples.sort { ($0.store, $0.entity, $0.lead) < ($1.store, $1.entity, $1.lead) }

    // CSR: store → links, link → leads.
    var storeCounts = [Int](repeating: 0, count: entityKeys.count)
    linkOffsets = [0]
    linkOffsets.reserveCapacity(storeKeys.count + 1)
    var cursor = 0
    for store in 0..<storeKeys.count {
      while cursor < triples.count, triples[cursor].store == Int32(store) {
        let entity = triples[cursor].entity
        linkEntities.append(entity)
        storeCounts[Int(entity)] += 1
        var previous: Int32 = -1
        while cursor < triples.count, triples[cursor].store == Int32(store),
          triples[cursor].entity == entity
        {
          if triples[cursor].lead != previous { linkLeads.append(triples[cursor].lead) }
          previous = triples[cursor].lead
          cursor += 1
        }
        linkLeadOffsets.append(Int32(linkLeads.count))
      }
      linkOffsets.append(Int32(linkEntities.count))
    }

    entities = entityKeys.enumerated().map { index, key in
      Entity(key: key, label: Self.mostCommon(labelCounts[index]), storeCount: storeCounts[index])
    }

    // Stores: their leads, publishers and the most common name.
    var storeLeads = [[Int32]](repeating: [], count: storeKeys.count)
    var storeNames = [[String: Int]](repeating: [:], count: storeKeys.count)
    for (index, lead) in leads.enumerated() {
      guard let store = storeIndexByKey[lead.storeKey] else { continue }
      storeLeads[Int(store)].append(Int32(index))
      if !lead.storeName.isEmpty { storeNames[Int(store)][lead.storeName, default: 0] += 1 }
    }
    stores = storeKeys.enumerated().map { index, key in
      let first = leads[Int(storeLeads[index][0])]
      let publishers = Set(storeLeads[index].flatMap { rawLeads[Int($0)].sources.map(\.publisher) })
      return Store(
        key: key, platform: first.platform, storeID: first.storeID,
        name: Self.mostCommon(storeNames[index]), leads: storeLeads[index],
        publishers: publishers.sorted())
    }
  }

  /// The most frequent key, ties broken by the smallest: deterministic labels.
  static func mostCommon(_ counts: [String: Int]) -> String {
    counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? ""
  }
}
