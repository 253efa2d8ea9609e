extension EvidenceGraph {
  /// The lead fields that name an entity, with the kind of entity each names.
  static let entityFields: [(LeadField, EntityKind)] = [
    (.senderPhone, .phone), (.senderName, .person), (.originAddress, .address),
    (.supplier, .supplier), (.supplierPhone, .phone), (.supplierAddress, .address),
    (.paymentAccount, .account),
  ]

  /// Builds the graph from deduplicated leads.
  ///
  /// Each lead links its store to its sender phone, sender person, origin address, supplier
  /// (with the supplier's phone and address) and payment account. Every distinct cell value
  /// is normalised once; near-identical addresses are merged by `AddressResolver`; stores and
  /// entities get ids in sorted key order, so the graph does not depend on input order.
  ///
  /// - Complexity: O(n log n) in the number of lead–entity mentions (one sort).
  public init(table: LeadTable) {
    self.init()
    self.table = table
    let pool = table.pool

    // 1. Normalised key of every distinct value, per kind.
    var phone = ValueMemo(capacity: pool.count) { PhoneNumber($0)?.key }
    var person = ValueMemo(capacity: pool.count) { PartyName($0)?.key }
    var address = ValueMemo(capacity: pool.count) { PostalAddress($0)?.key }
    var account = ValueMemo(capacity: pool.count) { raw -> String? in
      let key = TextNormalization.compact(raw)
      return key.isEmpty ? nil : key
    }
    func key(_ kind: EntityKind, _ id: Int32) -> String? {
      guard id != 0 else { return nil }
      switch kind {
      case .phone: return phone.value(id, in: pool)
      case .person, .supplier: return person.value(id, in: pool)
      case .address: return address.value(id, in: pool)
      case .account: return account.value(id, in: pool)
      }
    }

    // 2. Mentions: (store key index, entity key, label value id, lead).
    let storeKeys = StoreKeys(table)
    var mentionKeys: [EntityKey] = []
    var mentionRest: [(store: Int32, label: Int32, lead: Int32)] = []
    mentionKeys.reserveCapacity(table.count * 4)
    mentionRest.reserveCapacity(table.count * 4)
    var addressCounts: [String: Int] = [:]
    for lead in 0..<table.count {
      let store = storeKeys.keyOfLead[lead]
      for (field, kind) in Self.entityFields {
        let id = table.id(lead, field)
        guard let normalised = key(kind, id) else { continue }
        mentionKeys.append(EntityKey(kind: kind, key: normalised))
        mentionRest.append((store, id, Int32(lead)))
        if kind == .address { addressCounts[normalised, default: 0] += 1 }
      }
    }
    // Near-identical addresses (a typo, a missing district) are one place.
    let resolved = AddressResolver.canonicalKeys(counts: addressCounts)
    if !resolved.isEmpty {
      for index in mentionKeys.indices where mentionKeys[index].kind == .address {
        if let canonical = resolved[mentionKeys[index].key] { mentionKeys[index].key = canonical }
      }
    }

    // 3. Stores and entities in sorted key order.
    let storeOrder = storeKeys.keys.indices.sorted { storeKeys.keys[$0] < storeKeys.keys[$1] }
    var storeIndexOfKey = [Int32](repeating: 0, count: storeKeys.keys.count)
    for (index, keyIndex) in storeOrder.enumerated() {
      storeIndexOfKey[keyIndex] = Int32(index)
      storeIndexByKey[storeKeys.keys[keyIndex]] = Int32(index)
    }
    let entityKeys = Set(mentionKeys).sorted()
    for (index, key) in entityKeys.enumerated() { entityIndexByKey[key] = Int32(index) }

    var triples: [(store: Int32, entity: Int32, lead: Int32)] = []
    triples.reserveCapacity(mentionKeys.count)
    var labelCounts: [UInt64: Int] = [:]
    for (key, rest) in zip(mentionKeys, mentionRest) {
      guard let entity = entityIndexByKey[key] else { continue }
      labelCounts[UInt64(UInt32(entity)) << 32 | UInt64(UInt32(bitPattern: rest.label)), default: 0] += 1
      triples.append((storeIndexOfKey[Int(rest.store)], entity, rest.lead))
    }
    triples.sort { ($0.store, $0.entity, $0.lead) < ($1.store, $1.entity, $1.lead) }

    // 4. CSR: store → links, link → leads.
    var storeCounts = [Int](repeating: 0, count: entityKeys.count)
    linkOffsets = [0]
    linkOffsets.reserveCapacity(storeOrder.count + 1)
    var cursor = 0
    for store in 0..<storeOrder.count {
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

    // 5. Labels: the form most often written (ties: the smallest).
    var bestLabel = [(count: Int, label: String)](repeating: (0, ""), count: entityKeys.count)
    for (packed, count) in labelCounts {
      let entity = Int(packed >> 32)
      let label = pool[Int32(bitPattern: UInt32(packed & 0xFFFF_FFFF))]
      let best = bestLabel[entity]
      if count > best.count || (count == best.count && label < best.label) {
        bestLabel[entity] = (count, label)
      }
    }
    entities = entityKeys.enumerated().map { index, key in
      Entity(key: key, label: bestLabel[index].label, storeCount: storeCounts[index])
    }

    // 6. Stores: their leads, publishers and most common name.
    var storeLeads = [[Int32]](repeating: [], count: storeOrder.count)
    for lead in 0..<table.count {
      storeLeads[Int(storeIndexOfKey[Int(storeKeys.keyOfLead[lead])])].append(Int32(lead))
    }
    stores = storeOrder.enumerated().map { index, keyIndex in
      let leads = storeLeads[index]
      var names: [Int32: Int] = [:]
      var publishers = Set<Int32>()
      for lead in leads {
        let name = table.id(Int(lead), .storeName)
        if name != 0 { names[name, default: 0] += 1 }
        publishers.formUnion(publisherIDs(ofLead: lead))
      }
      let name = names.max { a, b in a.value != b.value ? a.value < b.value : pool[a.key] > pool[b.key] }
      return Store(
        key: storeKeys.keys[keyIndex], platform: storeKeys.platforms[keyIndex],
        storeID: storeKeys.storeIDs[keyIndex], name: name.map { pool[$0.key] } ?? "",
        leads: leads, publishers: publishers.map { pool[$0] }.sorted())
    }
  }

  /// Builds the graph from leads given as values (tests and small inputs).
  public init(leads: [Lead]) { self.init(table: LeadTable(leads: leads)) }
}
