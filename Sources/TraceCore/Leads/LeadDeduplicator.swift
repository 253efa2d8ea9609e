/// Merges the same lead sent twice into one that remembers every source.
///
/// Two leads are the same when they share publisher + lead id, or store + waybill. The first
/// occurrence (in input order) keeps its values; later ones add their sources, so evidence
/// can name every publisher, file and line behind a lead.
public enum LeadDeduplicator {
  /// - Returns: the distinct leads in first-seen order, their store keys (computed here
  ///   anyway, and needed again to build the graph), and how many rows were merged away.
  /// - Complexity: O(n) expected.
  public static func deduplicate(_ table: LeadTable)
    -> (table: LeadTable, storeKeys: StoreKeys, merged: Int)
  {
    // Words for "none" and numbers Excel saved in scientific notation identify nothing
    // (`Placeholder.identifiesNothing`): such a lead id or waybill makes no duplicate (all the
    // leads of a publisher whose lead id was 无 were one), such a store id no store.
    let damaged = table.pool.flags(Placeholder.identifiesNothing)
    // Three passes over the leads: the store's value pairs on one core, as long as the two
    // others on the other; then store keys are made on every core.
    let (pairs, (billOfLead, sameLeadID)) = concurrently(
      { StoreKeys.valuePairs(table, damaged: damaged) },
      { (cleanedWaybills(table, damaged: damaged), firstWithSameLeadID(table, damaged: damaged)) })
    let stores = StoreKeys(table, pairs: pairs)
    func billKey(_ lead: Int) -> UInt64? {
      let bill = billOfLead[lead]
      return bill == 0 ? nil : UInt64(UInt32(bitPattern: stores.keyOfLead[lead])) << 32 | UInt64(UInt32(bitPattern: bill))
    }
    // A lead with the lead id of an earlier one joins that one's group; else one with the
    // store and waybill of an earlier one joins the group that pair was first seen in.
    var groupOf = [Int32](repeating: 0, count: table.count)
    var byWaybill = IntMap(capacity: table.count)
    var kept: [Int] = []
    kept.reserveCapacity(table.count)
    var extraSources: [Int: [LeadTable.SourceRef]] = [:]
    var merged = 0
    for lead in 0..<table.count {
      // The lookup of a lead a few places on is started now: it is a cache miss.
      if lead + prefetchLookahead < table.count, let key = billKey(lead + prefetchLookahead) {
        byWaybill.prefetch(key)
      }
      let billKey = billKey(lead), earlier = Int(sameLeadID[lead])
      // The group it joins, if any. Its store and waybill are entered for the group it is
      // in (a new one if none), unless already seen: one probe.
      let position = Int32(kept.count)
      var found: Int32? = nil
      if earlier < lead {
        let group = groupOf[earlier]
        found = group
        if let billKey { _ = byWaybill.existingValue(for: billKey, orInsert: group) }
      } else if let billKey {
        found = byWaybill.existingValue(for: billKey, orInsert: position)
      }
      if let found {
        let existing = Int(found)
        let keeper = kept[existing]
        let known = table.sourceRefs(keeper) + (extraSources[existing] ?? [])
        for ref in table.sourceRefs(lead) where !known.contains(ref) {
          extraSources[existing, default: []].append(ref)
        }
        groupOf[lead] = found
        merged += 1
        continue
      }
      kept.append(lead)
      groupOf[lead] = position
    }
    if merged == 0 { return (table, stores, 0) }
    // The kept leads and their store keys, side by side (each a pass over every lead).
    let keptLeads = kept
    var (result, keptStores) = concurrently({ table.subset(keptLeads) }, { stores.subset(keptLeads) })
    for (position, refs) in extraSources {
      result.moreSources[Int32(position), default: []].append(contentsOf: refs)
    }
    return (result, keptStores, merged)
  }

  /// For each lead, the first lead with its publisher and lead id (itself if it is the
  /// first, or if its lead id is empty or identifies nothing: `damaged`, by pool id).
  static func firstWithSameLeadID(_ table: LeadTable, damaged: [Bool]) -> [Int32] {
    func idKey(_ lead: Int) -> UInt64? {
      let leadID = table.id(lead, .leadID)
      guard leadID != 0, !damaged[Int(leadID)] else { return nil }
      return UInt64(UInt32(bitPattern: table.id(lead, .publisher))) << 32 | UInt64(UInt32(bitPattern: leadID))
    }
    var firstOfKey = IntMap(capacity: table.count)
    var first = [Int32](repeating: 0, count: table.count)
    for lead in 0..<table.count {
      if lead + prefetchLookahead < table.count, let key = idKey(lead + prefetchLookahead) { firstOfKey.prefetch(key) }
      first[lead] = Int32(lead)
      if let key = idKey(lead), let earlier = firstOfKey.existingValue(for: key, orInsert: Int32(lead)) {
        first[lead] = earlier
      }
    }
    return first
  }

  /// For each lead, an id of its waybill cleaned (`Carrier.cleanWaybill`), 0 for none or
  /// one Excel saved in scientific notation (`damaged`, by pool id): equal
  /// ids, equal cleaned waybills. Each distinct raw waybill is looked at once, so (store,
  /// cleaned waybill) is then a pair of integers, with no string built or hashed per lead.
  ///
  /// Nearly every waybill is already clean (upper-case ASCII letters and digits): its id is
  /// its own pool id, found from its bytes with no `String`. A waybill that is not is
  /// cleaned, and its id is that of the clean text: its pool id if the pool holds that text,
  /// else a new id above the pool's.
  static func cleanedWaybills(_ table: LeadTable, damaged: [Bool]) -> [Int32] {
    let pool = table.pool
    var otherCleaned = ValuePool()
    var cleanedOf = [Int32](repeating: -1, count: pool.count)
    cleanedOf[0] = 0
    var billOfLead = [Int32](repeating: 0, count: table.count)
    for lead in 0..<table.count {
      let raw = Int(table.id(lead, .waybill))
      if lead + prefetchLookahead < table.count { cleanedOf.prefetch(Int(table.id(lead + prefetchLookahead, .waybill))) }
      if cleanedOf[raw] < 0 {
        if damaged[raw] {
          cleanedOf[raw] = 0
        } else if pool.withBytes(Int32(raw), isCleanWaybill) {
          cleanedOf[raw] = Int32(raw)
        } else {
          let bill = Carrier.cleanWaybill(pool[Int32(raw)])
          cleanedOf[raw] =
            bill.isEmpty ? 0 : pool.id(of: bill) ?? Int32(pool.count) + otherCleaned.intern(bill)
        }
      }
      billOfLead[lead] = cleanedOf[raw]
    }
    return billOfLead
  }

  /// Whether `Carrier.cleanWaybill` leaves `bytes` as they are: upper-case ASCII letters
  /// and digits only.
  static func isCleanWaybill(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    !bytes.isEmpty && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
  }

  /// Deduplicates leads given as values (tests and small inputs).
  public static func deduplicate(_ leads: [Lead]) -> (leads: [Lead], merged: Int) {
    let result = deduplicate(LeadTable(leads: leads))
    return (result.table.leads, result.merged)
  }
}

extension LeadTable {
  /// A table holding `leads` (tests and small inputs).
  public init(leads: [Lead]) {
    self.init()
    var fileIndex: [String: Int32] = [:]
    for lead in leads {
      let ids = lead.values.map { pool.intern($0) }
      let extras = lead.extras.map { (pool.intern($0.name), pool.intern($0.value)) }
      let refs = lead.sources.map { source -> SourceRef in
        let file: Int32
        if let known = fileIndex[source.file] {
          file = known
        } else {
          file = Int32(files.count)
          fileIndex[source.file] = file
          files.append(source.file)
        }
        return SourceRef(file: file, line: Int32(source.line), publisher: pool.intern(source.publisher))
      }
      ids.withUnsafeBufferPointer {
        append(row: $0, extras: extras, source: refs.first ?? SourceRef(file: 0, line: 0, publisher: 0))
      }
      if refs.count > 1 { moreSources[Int32(count - 1)] = Array(refs.dropFirst()) }
    }
  }
}
