import BitCollections

/// The store–entity graph: stores on one side, shared values (suppliers, addresses,
/// phones, persons, accounts) on the other, each link carrying the leads that show it.
///
/// Ids are interned `Int32`s; links are kept as compressed sparse rows (CSR) from stores to
/// entities, with each link's leads in one flat array: no per-link objects.
public struct EvidenceGraph: Sendable {
  public struct Store: Sendable {
    public var key: String
    public var platform: String
    public var storeID: String
    /// The store name most often written in the leads (ties: the smallest).
    public var name: String
    /// The store's leads (indexes into `table`), ascending. A slice of one buffer shared by
    /// every store: a million stores do not make a million arrays.
    public var leads: ArraySlice<Int32>
    /// Distinct publishers, sorted.
    public var publishers: [String]
  }

  /// A shared value. Its key and label are kept by the graph as bytes, not as a `String`
  /// each (`key(ofEntity:)`, `label(ofEntity:)`): the graph of a million leads has a
  /// million entities, and most of them are never written out.
  public struct Entity: Sendable {
    public var kind: EntityKind
    /// Number of distinct stores linked to it.
    public var storeCount: Int
    /// The form most often written in the leads (ties: the smallest), as a pool id of
    /// `table.pool`.
    public var labelID: Int32

    public init(kind: EntityKind, storeCount: Int, labelID: Int32) {
      self.kind = kind
      self.storeCount = storeCount
      self.labelID = labelID
    }
  }

  /// The stores, in key order (`StoreList`: `stores[i]` is a `Store`).
  public internal(set) var stores = StoreList()
  public internal(set) var entities: [Entity] = []
  /// The normalised key of each entity, by entity index.
  public internal(set) var entityKeys = PackedStrings()
  /// `linkOffsets[s]..<linkOffsets[s+1]` are store `s`'s links into `linkEntities`.
  public internal(set) var linkOffsets: [Int32] = [0]
  public internal(set) var linkEntities: [Int32] = []
  /// `linkLeadOffsets[l]..<linkLeadOffsets[l+1]` are link `l`'s leads in `linkLeads`, ascending.
  public internal(set) var linkLeadOffsets: [Int32] = [0]
  public internal(set) var linkLeads: [Int32] = []
  /// For each entity, the representative of its party: a supplier and the phone and
  /// warehouse address it was named with in the same lead are one party.
  public internal(set) var partyOf: [Int32] = []
  /// For a supplier named without its place (南康书业) whose registered name is the one placed
  /// company of that name in the leads (吴中区南康书业), that company's entity. They are two
  /// entities: one party only in a ring whose stores name both (`UpstreamRanker`).
  public internal(set) var registeredCompany: [Int32: Int32] = [:]
  /// Values kept from linking because they identify nothing (无, 金华市, 138****8000 …), by
  /// reason and kind, for the report.
  public internal(set) var unlinked: [UnlinkedValues] = []

  /// The publishers of the leads, numbered in the order of their names.
  var publisherOrder = PublisherOrder(LeadTable())

  /// The (deduplicated) leads the graph was built from; lead ids above index it.
  public internal(set) var table = LeadTable()

  /// The store with key `key` (binary search over the keys' bytes: stores are in key order).
  public func storeIndex(forKey key: String) -> Int32? {
    var text = key
    return text.withUTF8 { wanted in
      var low = 0, high = stores.count
      while low < high {
        let mid = (low + high) / 2
        if stores.withKeyBytes(of: mid, { UTF8Order.precedes($0, wanted) }) { low = mid + 1 } else { high = mid }
      }
      return low < stores.count && stores.withKeyBytes(of: low, { $0.elementsEqual(wanted) }) ? Int32(low) : nil
    }
  }

  /// The entity with key `key` (binary search: entities are in (kind, key) order).
  public func entityIndex(for key: EntityKey) -> Int32? {
    var text = key.key
    return text.withUTF8 { wanted in
      var low = 0, high = entities.count
      while low < high {
        let mid = (low + high) / 2
        let kind = entities[mid].kind
        let before =
          kind != key.kind ? kind < key.kind : entityKeys.withBytes(mid) { UTF8Order.precedes($0, wanted) }
        if before { low = mid + 1 } else { high = mid }
      }
      guard low < entities.count, entities[low].kind == key.kind else { return nil }
      return entityKeys.withBytes(low) { $0.elementsEqual(wanted) } ? Int32(low) : nil
    }
  }

  /// The key of entity `entity`, e.g. `phone:13800138000`.
  public func key(ofEntity entity: Int) -> EntityKey {
    EntityKey(kind: entities[entity].kind, key: entityKeys[entity])
  }

  public func key(ofEntity entity: Int32) -> EntityKey { key(ofEntity: Int(entity)) }

  /// The form of entity `entity` most often written in the leads.
  public func label(ofEntity entity: Int) -> String { table.pool[entities[entity].labelID] }

  public func label(ofEntity entity: Int32) -> String { label(ofEntity: Int(entity)) }

  /// Calls `body` with the UTF-8 bytes of entity `entity`'s key, without making a `String`.
  @inlinable
  public func withKeyBytes<R>(ofEntity entity: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try entityKeys.withBytes(entity, body)
  }

  /// Calls `body` with the UTF-8 bytes of entity `entity`'s label, without making a `String`.
  @inlinable
  public func withLabelBytes<R>(ofEntity entity: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try table.pool.withBytes(entities[entity].labelID, body)
  }

  /// The entities store `store` links to, with the link index of each.
  public func links(ofStore store: Int) -> Range<Int> {
    Int(linkOffsets[store])..<Int(linkOffsets[store + 1])
  }

  /// How many leads the graph was built from.
  public var leadCount: Int { table.count }

  /// The publishers behind lead `lead` (several after deduplication), as pool ids.
  public func publisherIDs(ofLead lead: Int32) -> [Int32] {
    table.sourceRefs(Int(lead)).map(\.publisher)
  }

  /// The leads behind link `link`, ascending.
  public func leads(ofLink link: Int) -> ArraySlice<Int32> {
    linkLeads[Int(linkLeadOffsets[link])..<Int(linkLeadOffsets[link + 1])]
  }
}

extension EvidenceGraph {
  /// The entities for which `isIncluded` holds, as bits. Sets of entities read at random for
  /// every link (hubs, linking values) are kept this way: a bit per entity stays in the cache
  /// where a `Bool` per entity (1.7 MB at a million leads) did not. Entities are read in
  /// place, not copied out with their strings.
  func entitySet(where isIncluded: (Entity) -> Bool) -> BitSet {
    var set = BitSet(reservingCapacity: entities.count)
    entities.withUnsafeBufferPointer { entities in
      for index in entities.indices where isIncluded(entities[index]) { set.insert(index) }
    }
    return set
  }
}
