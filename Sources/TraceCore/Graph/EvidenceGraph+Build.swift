import BitCollections
import Foundation

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
  /// - Complexity: O(n) in the lead–entity mentions (bucketed by store), plus sorting the
  ///   distinct keys.
  public init(table: LeadTable) { self.init(table: table, storeKeys: StoreKeys(table)) }

  /// Builds the graph from deduplicated leads whose store keys are already known.
  public init(table: LeadTable, storeKeys: StoreKeys) {
    var timings = StageTimings()
    self.init(table: table, storeKeys: storeKeys, timings: &timings)
  }

  /// Builds the graph, recording its phases in `timings`: "normalise" (every distinct value
  /// normalised), "resolve" (near-identical addresses merged) and "graph" (entities, stores
  /// and links).
  public init(table: LeadTable, storeKeys: StoreKeys, timings: inout StageTimings) {
    self.init()
    self.table = table
    let pool = table.pool
    var phaseStart = StageTimings.now()

    // 0. A slot for each distinct value named in an entity field (most of the pool is lead
    //    ids, waybills and titles): the per-kind tables below are sized by slots, not by
    //    the whole pool. Slots follow value ids, so everything below runs in id order.
    //    The values the fields name are marked a bit per value (a bit set of the pool stays
    //    in the cache), each half of the leads on a core, every lead's row read once: read
    //    once per field, here and in counting below, the table (76 MB at a million leads)
    //    was read fourteen times over for one cell a row.
    let fieldOffsets = Self.entityFields.map(\.0.index), width = LeadTable.width
    let halves = [0..<table.count / 2, table.count / 2..<table.count]
    let halfMarks = halves.parallelMap(serialBelow: 2) { leads -> [UInt64] in
      var marks = [UInt64](repeating: 0, count: (pool.count + 63) / 64)
      marks.withUnsafeMutableBufferPointer { marks in
        table.cells.withUnsafeBufferPointer { cells in
          for lead in leads {
            for offset in fieldOffsets {
              let id = Int(cells[lead * width + offset])
              marks[id >> 6] |= 1 << UInt64(id & 63)
            }
          }
        }
      }
      return marks
    }
    var slotOf = [Int32](repeating: -1, count: pool.count)
    var valueOfSlot: [Int32] = []
    for word in halfMarks[0].indices {
      var bits = halfMarks[0][word] | halfMarks[1][word]
      if word == 0 { bits &= ~1 }  // the empty value names nothing
      while bits != 0 {
        let id = word << 6 + bits.trailingZeroBitCount
        slotOf[id] = Int32(valueOfSlot.count)
        valueOfSlot.append(Int32(id))
        bits &= bits - 1
      }
    }
    let slots = valueOfSlot.count
    let valueIDs = valueOfSlot

    // 1. Normalised key of every distinct value used in an entity field, per kind, interned
    //    in a pool per kind (byte hashing, no String hashing); mention counts per value.
    let kinds = EntityKind.allCases
    // Counted in two groups of kinds side by side (three fields and four), each in one pass
    // over the leads.
    let slotOfValue = slotOf
    let kindGroups = [[.phone, .person], kinds.filter { $0 != .phone && $0 != .person }]
    let countsOfGroup = kindGroups.parallelMap(serialBelow: 2) { group -> [Int32] in
      let fields = Self.entityFields.compactMap { field, kind in group.firstIndex(of: kind).map { (field.index, $0 * slots) } }
      var counts = [Int32](repeating: 0, count: group.count * slots)
      counts.withUnsafeMutableBufferPointer { counts in
        slotOfValue.withUnsafeBufferPointer { slotOfValue in
          table.cells.withUnsafeBufferPointer { cells in
            for lead in 0..<table.count {
              for (offset, base) in fields {
                let slot = slotOfValue[Int(cells[lead * width + offset])]
                if slot >= 0 { counts[base + Int(slot)] += 1 }
              }
            }
          }
        }
      }
      return counts
    }
    let mentionCount = MentionCounts(groups: countsOfGroup, of: kindGroups, slots: slots)
    // Normalising is pure and per value: every kind's values normalised and interned on
    // every core (`internedInRuns`), each kind into its own pool, in slot order.
    let used = kinds.parallelMap(serialBelow: 2) { kind in
      (0..<Int32(slots)).filter { mentionCount[kind.order, Int($0)] > 0 }
    }
    let keysOfKind = ValuePool.internedInRuns(counts: used.map(\.count)) { kind, index, keys in
      pool.withBytes(valueIDs[Int(used[kind][index])]) { Self.internNormalisedKey(kinds[kind], utf8: $0, into: &keys) }
    }
    let interned = Array(kinds.indices).parallelMap(serialBelow: 2) { kind -> (pool: ValuePool, keyOfSlot: [Int32]) in
      var keyOfSlot = [Int32](repeating: 0, count: slots)  // 0: no key
      for (index, key) in keysOfKind[kind].ids.enumerated() { keyOfSlot[Int(used[kind][index])] = key }
      return (keysOfKind[kind].pool, keyOfSlot)
    }
    let keyPools = interned.map(\.pool)
    var keyOf = interned.map(\.keyOfSlot)
    timings.lap("normalise", since: &phaseStart)
    // Near-identical addresses (a typo, a missing district) are one place.
    let a = EntityKind.address.order
    var addressCounts = [Int](repeating: 0, count: keyPools[a].count)
    for slot in 0..<slots where keyOf[a][slot] != 0 { addressCounts[Int(keyOf[a][slot])] += Int(mentionCount[a, slot]) }
    let canonical = AddressResolver.canonicalIndexes(keys: keyPools[a], counts: addressCounts)
    for slot in 0..<slots { keyOf[a][slot] = Int32(canonical[Int(keyOf[a][slot])]) }
    // Suppliers: placed names of one company merged; a name without its place links nothing
    // when several placed companies bear it (`SupplierResolver`).
    let s = EntityKind.supplier.order
    var supplierCounts = [Int](repeating: 0, count: keyPools[s].count)
    for slot in 0..<slots where keyOf[s][slot] != 0 { supplierCounts[Int(keyOf[s][slot])] += Int(mentionCount[s, slot]) }
    let suppliers = SupplierResolver.resolve(keys: keyPools[s], counts: supplierCounts)
    var ambiguous: [(id: Int32, kind: EntityKind, reason: UnlinkedValues.Reason, mentions: Int)] = []
    var placedSlot = [Bool](repeating: false, count: slots)
    for slot in 0..<slots where keyOf[s][slot] != 0 {
      let key = Int(keyOf[s][slot])
      placedSlot[slot] = suppliers.isPlaced[key]
      if suppliers.canonical[key] == 0 {
        ambiguous.append((valueIDs[slot], .supplier, .ambiguousCompany, Int(mentionCount[s, slot])))
      }
      keyOf[s][slot] = Int32(suppliers.canonical[key])
    }
    unlinked = Self.unlinkedValues(
      kinds: kinds, used: used, keyOfSlot: interned.map(\.keyOfSlot), mentionCount: mentionCount, valueIDs: valueIDs,
      pool: pool, also: ambiguous)
    timings.lap("resolve", since: &phaseStart)
    // 2. Entities in (kind, key) order, keys compared as UTF-8 bytes (the order of their
    //    scalars); each slot → entity index, per kind. Each kind's keys, and the store keys
    //    (needed in step 3), are sorted side by side, the most keys first.
    let keyOfSlot = keyOf
    let storeKeyText = storeKeys.keyText()
    let sortJobs = (0...kinds.count).sorted { a, b in
      func size(_ job: Int) -> Int { job == kinds.count ? storeKeys.count : keyPools[job].count }
      return size(a) != size(b) ? size(a) > size(b) : a < b
    }
    let sortedJobs = sortJobs.parallelMap(serialBelow: 2) { job -> [Int32] in
      if job == kinds.count { return storeKeyText.positionsSortedByBytes(of: Array(0..<Int32(storeKeyText.count))) }
      var used = [Bool](repeating: false, count: keyPools[job].count)
      for slot in 0..<slots where keyOfSlot[job][slot] != 0 { used[Int(keyOfSlot[job][slot])] = true }
      let usedKeys = (1..<Int32(keyPools[job].count)).filter { used[Int($0)] }
      return keyPools[job].positionsSortedByBytes(of: usedKeys).map { usedKeys[Int($0)] }
    }
    var sorted = [[Int32]](repeating: [], count: kinds.count + 1)
    for (job, order) in zip(sortJobs, sortedJobs) { sorted[job] = order }
    var entityOfKey = [[Int32]](repeating: [], count: kinds.count)
    var orderedKeys: [(kind: EntityKind, key: Int32)] = []
    for kind in kinds {
      let k = kind.order
      let keys = keyPools[k]
      let order = sorted[k]
      var map = [Int32](repeating: -1, count: keys.count)
      for key in order {
        map[Int(key)] = Int32(orderedKeys.count)
        orderedKeys.append((kind, key))
      }
      entityOfKey[k] = map
    }
    // Each supplier named without its place whose registered name is known (`SupplierResolver`).
    for key in suppliers.registered.indices where suppliers.registered[key] >= 0 {
      let alias = entityOfKey[s][key], company = entityOfKey[s][suppliers.registered[key]]
      if alias >= 0, company >= 0 { registeredCompany[alias] = company }
    }
    // Each entity's key, packed in entity order (each kind's keys in their sorted order, the
    // kinds one after another): in runs of entities on every core, each run reading the
    // pools in place (a `String` per entity was a heap object each).
    let entityCount = orderedKeys.count
    entityKeys = PackedStrings(values: kinds.map { (keyPools[$0.order], sorted[$0.order]) })
    // Each kind's slots → entities, with its entities' labels: the kinds side by side (their
    // entities are contiguous, in kind order).
    let placedSupplierSlot = placedSlot
    let entityOfKeyOfKind = entityOfKey, firstEntity = sorted.prefix(kinds.count).reduce(into: [0]) { $0.append($0.last! + $1.count) }
    let perKind = kinds.parallelMap(serialBelow: 2) { kind -> (map: [Int32], labels: [(count: Int32, label: Int32)]) in
      let k = kind.order, first = firstEntity[k]
      var map = [Int32](repeating: -1, count: slots)
      var labels = [(count: Int32, label: Int32)](repeating: (0, 0), count: firstEntity[k + 1] - first)
      var bestPlacedOfEntity = [Bool](repeating: false, count: kind == .supplier ? firstEntity[k + 1] - first : 0)
      for slot in 0..<slots where keyOfSlot[k][slot] != 0 {
        let entity = entityOfKeyOfKind[k][Int(keyOfSlot[k][slot])]
        map[slot] = entity
        // The label is the form most often written (ties: the smallest).
        let id = valueIDs[slot]
        let count = mentionCount[k, slot]
        let best = labels[Int(entity) - first]
        // A supplier's label names its place when any form does (the registered name).
        let placed = kind == .supplier && placedSupplierSlot[slot]
        let bestPlaced = kind == .supplier && best.count > 0 && bestPlacedOfEntity[Int(entity) - first]
        if (placed && !bestPlaced) || (placed == bestPlaced && (count > best.count || (count == best.count && pool.precedes(id, best.label)))) {
          if kind == .supplier { bestPlacedOfEntity[Int(entity) - first] = placed }
          labels[Int(entity) - first] = (count, id)
        }
      }
      return (map, labels)
    }
    let entityOfSlot = perKind.map(\.map)
    let bestLabel = perKind.flatMap(\.labels)
    // Each lead's entity per entity field (-1: none), looked up once for the three passes
    // below, with the slots of a lead a few places on prefetched (they are cache misses).
    let fieldCount = Self.entityFields.count
    let slotOfLeadValue = slotOf
    let leadEntities = [Int32].parallelFill(count: table.count * fieldCount, chunks: 8) { range, entities in
      for index in range {
        let (lead, field) = index.quotientAndRemainder(dividingBy: fieldCount)
        if field == 0, lead + prefetchLookahead < table.count {
          for (field, _) in Self.entityFields { slotOfLeadValue.prefetch(Int(table.id(lead + prefetchLookahead, field))) }
        }
        let slot = slotOfLeadValue[Int(table.id(lead, Self.entityFields[field].0))]
        entities.initialize(
          index, to: slot >= 0 ? entityOfSlot[Self.entityFields[field].1.order][Int(slot)] : -1)
      }
    }
    let supplierField = Self.entityFields.firstIndex { $0.0 == .supplier }!
    let supplierPhoneField = Self.entityFields.firstIndex { $0.0 == .supplierPhone }!
    let supplierAddressField = Self.entityFields.firstIndex { $0.0 == .supplierAddress }!

    // 3. Stores in key order; triples (store, entity, lead).
    let storeOrder = sorted[kinds.count]
    var storeIndexOfKey = [Int32](repeating: 0, count: storeKeys.count)
    for (index, keyIndex) in storeOrder.enumerated() { storeIndexOfKey[Int(keyIndex)] = Int32(index) }
    let storeOfLead = storeKeys.keyOfLead.map { storeIndexOfKey[Int($0)] }
    // Mentions bucketed by store: a counting sort of the leads in contiguous parts, one per
    // core, each part's mentions placed after the earlier parts' in every bucket, so each
    // bucket lists its leads ascending. Then each small bucket is sorted by (entity, lead).
    let storeCount = storeOrder.count, leadCount = table.count
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, leadCount / 65_536))
    let leadsOfPart = (0..<parts).map { ($0 * leadCount / parts)..<(($0 + 1) * leadCount / parts) }
    let countsOfPart = leadsOfPart.parallelMap(serialBelow: 2) { leads in
      var counts = [Int32](repeating: 0, count: storeCount)
      for lead in leads {
        for index in 0..<fieldCount where leadEntities[lead * fieldCount + index] >= 0 {
          counts[Int(storeOfLead[lead])] += 1
        }
      }
      return counts
    }
    var bucketStart = [Int](repeating: 0, count: storeCount + 1)
    var startOfPart = [[Int]](repeating: [Int](repeating: 0, count: storeCount), count: parts)
    for store in 0..<storeCount {
      var at = bucketStart[store]
      for part in 0..<parts {
        startOfPart[part][store] = at
        at += Int(countsOfPart[part][store])
      }
      bucketStart[store + 1] = at
    }
    let starts = startOfPart
    let mentions = [(entity: Int32, lead: Int32)](unsafeUninitializedCapacity: bucketStart[storeCount]) {
      buffer, initialized in
      let target = UninitializedTarget(base: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        var fill = starts[part]
        for lead in leadsOfPart[part] {
          let store = Int(storeOfLead[lead])
          for index in 0..<fieldCount where leadEntities[lead * fieldCount + index] >= 0 {
            target.initialize(fill[store], to: (leadEntities[lead * fieldCount + index], Int32(lead)))
            fill[store] += 1
          }
        }
      }
      initialized = bucketStart[storeCount]
    }
    // A supplier named with its phone or warehouse address in one lead is one party.
    var parties = UnionFind(count: entityCount)
    for lead in 0..<leadCount {
      let named = lead * fieldCount
      let supplier = leadEntities[named + supplierField]
      if supplier >= 0 {
        let phone = leadEntities[named + supplierPhoneField], address = leadEntities[named + supplierAddressField]
        if phone >= 0 { parties.union(supplier, phone) }
        if address >= 0 { parties.union(supplier, address) }
      }
    }
    partyOf = (0..<Int32(entityCount)).map { parties.find($0) }

    // 4. CSR: store → links, link → leads. Each store's mentions sorted by (entity, lead),
    //    in chunks of stores on every core, the chunks then joined in order.
    let bucketed = mentions, bucketBounds = bucketStart, storesPerChunk = 16_384
    let chunkLinks = Array(stride(from: 0, to: storeOrder.count, by: storesPerChunk)).parallelMap(serialBelow: 2) { first in
      var part = LinkChunk()
      var scratch: [(entity: Int32, lead: Int32)] = []
      for store in first..<min(first + storesPerChunk, storeOrder.count) {
        scratch.removeAll(keepingCapacity: true)
        scratch += bucketed[bucketBounds[store]..<bucketBounds[store + 1]]
        scratch.sort { ($0.entity, $0.lead) < ($1.entity, $1.lead) }
        var cursor = 0
        while cursor < scratch.count {
          let entity = scratch[cursor].entity
          part.entities.append(entity)
          var previous: Int32 = -1
          while cursor < scratch.count, scratch[cursor].entity == entity {
            if scratch[cursor].lead != previous { part.leads.append(scratch[cursor].lead) }
            previous = scratch[cursor].lead
            cursor += 1
          }
          part.leadEnds.append(Int32(part.leads.count))
        }
        part.linkEnds.append(Int32(part.entities.count))
      }
      return part
    }
    linkOffsets.reserveCapacity(storeOrder.count + 1)
    linkEntities.reserveCapacity(mentions.count)
    linkLeads.reserveCapacity(mentions.count)
    for part in chunkLinks {
      let (linkBase, leadBase) = (Int32(linkEntities.count), Int32(linkLeads.count))
      linkEntities += part.entities
      linkLeads += part.leads
      linkLeadOffsets += part.leadEnds.lazy.map { $0 + leadBase }
      linkOffsets += part.linkEnds.lazy.map { $0 + linkBase }
    }
    var storeCounts = [Int](repeating: 0, count: entityCount)
    for entity in linkEntities { storeCounts[Int(entity)] += 1 }
    entities = (0..<entityCount).map { index in
      Entity(kind: orderedKeys[index].kind, storeCount: storeCounts[index], labelID: bestLabel[index].label)
    }

    // 6. Stores: their leads (grouped by a counting sort, so each list is ascending), their
    //    publishers and most common name; each store on its own, so on every core.
    let leadsOfStore = Grouping(keys: storeOfLead, groupCount: storeOrder.count)
    // Most stores have a lead or two: small arrays with linear search, not a dictionary
    // and a set per store.
    // Publishers are few: their names are made once and put in order once (a store lists
    // its publishers in `String` order), so a store sorts their ranks, not their names, and
    // finds a rank by binary search over their pool ids, not in a dictionary. The ranker
    // numbers a ring's publishers the same way.
    let ranking = PublisherOrder(table)
    publisherOrder = ranking
    // In chunks on every core, each reusing its scratch arrays across its stores: each
    // store's name (a pool id) and publishers (ranks), the chunks then joined in order.
    let chunkSize = 4096
    let chunks = Array(stride(from: 0, to: storeOrder.count, by: chunkSize)).parallelMap(serialBelow: 2) {
      first -> (names: [Int32], publisherEnds: [Int32], ranks: [Int32]) in
      let range = first..<min(first + chunkSize, storeOrder.count)
      var chunk = (names: [Int32](), publisherEnds: [Int32](), ranks: [Int32]())
      chunk.names.reserveCapacity(range.count)
      chunk.publisherEnds.reserveCapacity(range.count)
      var names: [(name: Int32, count: Int)] = []
      var publishers: [Int32] = []
      for index in range {
        // A store's leads' cells are cache misses (stores go in key order, their leads lie
        // anywhere): those of a store a few on are started.
        if index + storePrefetchLookahead < range.upperBound {
          for lead in leadsOfStore[index + storePrefetchLookahead] {
            table.cells.prefetch(Int(lead) * LeadTable.width + LeadField.storeName.index)
            table.firstSources.prefetch(Int(lead))
          }
        }
        names.removeAll(keepingCapacity: true)
        publishers.removeAll(keepingCapacity: true)
        for lead in leadsOfStore[index] {
          let name = table.id(Int(lead), .storeName)
          if name != 0 {
            if let at = names.firstIndex(where: { $0.name == name }) { names[at].count += 1 } else { names.append((name, 1)) }
          }
          table.forEachSource(Int(lead)) { source in
            if !publishers.contains(source.publisher) { publishers.append(source.publisher) }
          }
        }
        // The name most often written (ties: the smallest).
        let name = names.max { a, b in a.count != b.count ? a.count < b.count : pool.precedes(b.name, a.name) }
        chunk.names.append(name?.name ?? 0)
        for position in publishers.indices {
          publishers[position] = ranking.rank(of: publishers[position])
        }
        if publishers.count > 1 { publishers.sort() }
        chunk.ranks += publishers
        chunk.publisherEnds.append(Int32(chunk.ranks.count))
      }
      return chunk
    }
    var list = StoreList()
    (list.keyText, list.platformNames, list.platformOfStore, list.idStartOfStore) = storeKeys.columns(inOrder: storeOrder, keyText: storeKeyText)
    list.leadStart = leadsOfStore.start
    list.leadList = leadsOfStore.members
    list.publisherNames = ranking.names
    list.pool = pool
    list.nameIDs.reserveCapacity(storeOrder.count)
    list.publisherStart.reserveCapacity(storeOrder.count + 1)
    for chunk in chunks {
      let base = Int32(list.publisherRanks.count)
      list.nameIDs += chunk.names
      list.publisherRanks += chunk.ranks
      list.publisherStart += chunk.publisherEnds.lazy.map { $0 + base }
    }
    stores = list
    timings.lap("graph", since: &phaseStart)
  }

  /// The linking key of a value of `kind` written as UTF-8 `utf8`, interned into `pool`: its
  /// id, or 0 when it names nothing (`linkingKey`, which also says why). Keys go in as bytes,
  /// without a `String` each, for all but unusual text.
  static func internNormalisedKey(_ kind: EntityKind, utf8: UnsafeBufferPointer<UInt8>, into pool: inout ValuePool)
    -> Int32
  {
    if case .key(let id) = linkingKey(kind, utf8: utf8, into: &pool) { return id }
    return 0
  }

  /// What a value links by: its key's id in `pool`, or nothing, with the reason when it
  /// looked like something but identifies nothing (`UnlinkedValues.Reason`); `nil` for a
  /// value with nothing to normalise (too short, blank).
  enum LinkingKey: Equatable {
    case key(Int32)
    case nothing(UnlinkedValues.Reason?)
  }

  /// The linking key of a value, or why there is none: a number Excel saved in scientific
  /// notation (`ExcelDamage`), a word for "none", a masked or stand-in phone, a supplier
  /// named by its kind (`Placeholder`), an address naming only a region
  /// (`PostalAddress.namesPremises`), an account naming only a way to pay (`namesAnAccount`).
  static func linkingKey(_ kind: EntityKind, utf8: UnsafeBufferPointer<UInt8>, into pool: inout ValuePool)
    -> LinkingKey
  {
    func interned(_ id: Int32?) -> LinkingKey { id.map { $0 == 0 ? .nothing(nil) : .key($0) } ?? .nothing(nil) }
    if ExcelDamage.isScientificNotation(utf8) { return .nothing(.excelDamage) }  // digits lost
    if Placeholder.isPlaceholder(utf8) { return .nothing(.saysNone) }
    switch kind {
    case .address:
      // Only premises link stores: a city or district alone is where millions live.
      var regionOnly = false
      let key = PostalAddress.withKey(utf8: utf8) { key -> Int32 in
        regionOnly = !PostalAddress.namesPremises(key)
        return regionOnly ? 0 : pool.intern(key)
      }
      return regionOnly ? .nothing(.regionOnly) : interned(key)
    case .phone:
      // 138****8000: the digits left are many numbers.
      if Placeholder.isMaskedPhone(utf8) { return .nothing(.maskedPhone) }
      var standIn = false
      let key = PhoneNumber.withKey(utf8: utf8) { key, _ -> Int32 in
        standIn = Placeholder.isPlaceholderPhone(digits: key)
        return standIn ? 0 : pool.intern(key)
      }
      return standIn ? .nothing(.standInPhone) : interned(key)
    case .person:
      return interned(PartyName.withKey(utf8: utf8) { pool.intern($0) })
    case .supplier:
      // 厂家 (the factory), 一手货源, 1688 …: a kind of supplier, not one.
      if Placeholder.isGenericSupplier(utf8) { return .nothing(.supplierKind) }
      return interned(PartyName.withKey(utf8: utf8) { pool.intern($0) })
    case .account:
      func account(_ key: UnsafeBufferPointer<UInt8>) -> LinkingKey {
        if key.isEmpty { return .nothing(nil) }
        return namesAnAccount(key) ? .key(pool.intern(key)) : .nothing(.wayToPay)
      }
      let compacted = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(utf8.count, 1)) { buffer -> LinkingKey? in
        TextNormalization.compactASCIIAndCJK(utf8, into: buffer).map { account(UnsafeBufferPointer(rebasing: buffer[..<$0])) }
      }
      if let compacted { return compacted }
      var key = TextNormalization.compact(String(decoding: utf8, as: UTF8.self))
      return key.withUTF8(account)
    }
  }

  /// The values of each kind that got no key though they looked like something
  /// (`LinkingKey.nothing` with a reason), and `also` (found unlinked later), grouped (`UnlinkedValues.grouped`). Only the
  /// values without a key are looked at again: a few in a million.
  static func unlinkedValues(
    kinds: [EntityKind], used: [[Int32]], keyOfSlot: [[Int32]], mentionCount: MentionCounts, valueIDs: [Int32],
    pool: ValuePool, also: [(id: Int32, kind: EntityKind, reason: UnlinkedValues.Reason, mentions: Int)] = []
  ) -> [UnlinkedValues] {
    var found = also
    var scratch = ValuePool()
    for (index, kind) in kinds.enumerated() {
      for slot in used[index] where keyOfSlot[index][Int(slot)] == 0 {
        let id = valueIDs[Int(slot)]
        if case .nothing(let reason?) = pool.withBytes(id, { linkingKey(kind, utf8: $0, into: &scratch) }) {
          found.append((id, kind, reason, Int(mentionCount[kind.order, Int(slot)])))
        }
      }
    }
    return UnlinkedValues.grouped(found)
  }

  /// Whether a compacted payment account names an account: a number, a phone, an e-mail or
  /// an id has five ASCII letters or digits at least. Without, it names only a way to pay
  /// (微信, 支付宝, 银行卡), which linked every store paid that way.
  static func namesAnAccount(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    var count = 0
    for byte in key where (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) {
      count += 1
      if count == 5 { return true }
    }
    return false
  }

  /// Builds the graph from leads given as values (tests and small inputs).
  public init(leads: [Lead]) { self.init(table: LeadTable(leads: leads)) }
}

/// How many stores ahead the building of stores prefetches their leads' name cells and sources.
private let storePrefetchLookahead = 4

/// Links of a run of stores, numbered from the run's start (`EvidenceGraph` joins them).
private struct LinkChunk: Sendable {
  var entities: [Int32] = []
  /// End of each link's leads in `leads`.
  var leadEnds: [Int32] = []
  var leads: [Int32] = []
  /// End of each store's links in `entities`.
  var linkEnds: [Int32] = []
}
