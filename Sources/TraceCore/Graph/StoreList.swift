extension EvidenceGraph {
  /// The graph's stores, in key order, kept as columns: `stores[i]` makes the `Store` value
  /// when read, and the writers and the ranker read single columns (`leads(of:)`,
  /// `withNameBytes(of:)`, …) without making one.
  ///
  /// A `Store` per store, built with the graph, held six strings and two arrays each: at a
  /// million leads, 600,000 stores took 0.3–0.45 s to build on both cores, most of it cache
  /// misses and reference counting on strings and buffers every store shared.
  public struct StoreList: RandomAccessCollection, Sendable {
    /// Each store's key (`platform:store_id`), as bytes in store order: read in order by the
    /// writers of every store, where each store's `String` was a cache miss of its own.
    var keyText = PackedStrings()
    /// The platforms of the stores, each once, and each store's (index into it).
    var platformNames: [String] = []
    var platformOfStore: [Int32] = []
    /// Where each store's normalised store id starts in its key (after `platform:`), or -1
    /// for a store known by its name: the id is the rest of the key.
    var idStartOfStore: [Int32] = []
    /// Each store's most often written name, as a pool id of `pool` (0: none).
    @usableFromInline var nameIDs: [Int32] = []
    /// Store `s`'s leads are `leadList[leadStart[s]..<leadStart[s + 1]]`, ascending.
    var leadStart: [Int] = [0]
    var leadList: [Int32] = []
    /// Store `s`'s publishers are `publisherRanks[publisherStart[s]..<publisherStart[s + 1]]`,
    /// ranks into `publisherNames` (which is sorted), ascending.
    var publisherStart: [Int32] = [0]
    var publisherRanks: [Int32] = []
    /// The publishers' names, sorted.
    public internal(set) var publisherNames: [String] = []
    /// The pool of the graph's lead table, which `nameIDs` index.
    @usableFromInline var pool = ValuePool()

    public var startIndex: Int { 0 }
    public var endIndex: Int { keyText.count }

    /// Store `store` as a value with its strings.
    public subscript(store: Int) -> Store {
      Store(
        key: key(of: store), platform: platform(of: store), storeID: storeID(of: store), name: name(of: store),
        leads: leads(of: store), publishers: publishers(of: store))
    }

    /// The store's key, `platform:store_id`.
    public func key(of store: Int) -> String { keyText[store] }

    /// Calls `body` with the UTF-8 bytes of the store's key, without making a `String`.
    public func withKeyBytes<R>(of store: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
      try keyText.withBytes(store, body)
    }

    /// The store's canonical platform.
    public func platform(of store: Int) -> String { platformNames[Int(platformOfStore[store])] }

    /// The store's normalised store id; empty for a store known by its name.
    public func storeID(of store: Int) -> String {
      let start = Int(idStartOfStore[store])
      guard start >= 0 else { return "" }
      return keyText.withBytes(store) { String(decoding: UnsafeBufferPointer(rebasing: $0[start...]), as: UTF8.self) }
    }

    /// The store name most often written in the leads (ties: the smallest); empty if none.
    public func name(of store: Int) -> String { pool[nameIDs[store]] }

    /// Calls `body` with the UTF-8 bytes of the store's name, without making a `String`.
    @inlinable
    public func withNameBytes<R>(of store: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
      try pool.withBytes(nameIDs[store], body)
    }

    /// The store's leads (indexes into the graph's `table`), ascending.
    public func leads(of store: Int) -> ArraySlice<Int32> { leadList[leadStart[store]..<leadStart[store + 1]] }

    /// How many leads the store has.
    public func leadCount(of store: Int) -> Int { leadStart[store + 1] - leadStart[store] }

    /// Calls `body` with the store's leads, ascending, as a buffer: no reference to the list
    /// every store shares is taken (both cores read it while ranking).
    public func withLeads<R>(of store: Int, _ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
      try leadList.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[leadStart[store]..<leadStart[store + 1]])) }
    }

    /// The store's distinct publishers, in `String` order.
    public func publishers(of store: Int) -> [String] {
      publisherRanks(of: store).map { publisherNames[Int($0)] }
    }

    /// The store's publishers as ranks into `publisherNames`, ascending.
    public func publisherRanks(of store: Int) -> ArraySlice<Int32> {
      publisherRanks[Int(publisherStart[store])..<Int(publisherStart[store + 1])]
    }
  }
}
