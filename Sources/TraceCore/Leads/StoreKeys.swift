/// The store key of every lead of a table: `platform:store_id`, or `platform:@name` when no
/// id was given (`shared/spec/outputs.md`). Platform names and store ids are normalised once
/// per distinct value.
public struct StoreKeys: Sendable {
  /// Distinct store keys, in first-seen order.
  public private(set) var keys: [String] = []
  /// For each lead, the index of its key in `keys`.
  public private(set) var keyOfLead: [Int32] = []
  /// For each key, its canonical platform and normalised store id.
  public private(set) var platforms: [String] = []
  public private(set) var storeIDs: [String] = []
  /// The keys as bytes, for comparing without `String`s: key `i` is `keyPool[keyIDs[i]]`.
  private var keyPool = ValuePool()
  private var keyIDs: [Int32] = []

  /// Keys are made in three steps: the distinct (platform, store id or name) value pairs
  /// of the leads, in first-seen order (one pass, integers only); their key text, on every
  /// core (normalising store ids and names is most of the work: 0.6 s of 0.8 at a million
  /// leads when it ran serially); then the keys interned in first-seen order, so that equal
  /// keys written differently are one store.
  public init(_ table: LeadTable) {
    self.init(table, pairs: Self.valuePairs(table, damaged: table.pool.flags(Placeholder.identifiesNothing)))
  }

  /// The keys of `table` whose value pairs (`valuePairs(_:damaged:)`) are already known.
  init(_ table: LeadTable, pairs found: (pairs: [ValuePair], pairOfLead: [Int32])) {
    let pool = table.pool
    let (pairs, pairOfLead) = found
    // Platforms are few: each is normalised once, before the parallel step.
    var platformNames: [Int32: String] = [:]
    for pair in pairs where platformNames[pair.platform] == nil {
      platformNames[pair.platform] = Platform.canonical(pool[pair.platform])
    }
    let platformOf = platformNames
    let texts = pairs.parallelMap { pair -> (platform: String, storeID: String, key: String) in
      let platform = platformOf[pair.platform] ?? ""
      if pair.byName { return (platform, "", "\(platform):@\(TextNormalization.clean(pool[pair.value]))") }
      let id = pool.withBytes(pair.value, Self.normalisedASCIIStoreID) ?? TextNormalization.compact(pool[pair.value]).uppercased()
      if id.isEmpty {
        return (platform, "", "\(platform):@\(TextNormalization.clean(pool[pair.name]))")
      }
      return (platform, id, "\(platform):\(id)")
    }
    keys.reserveCapacity(pairs.count)
    keyIDs.reserveCapacity(pairs.count)
    platforms.reserveCapacity(pairs.count)
    storeIDs.reserveCapacity(pairs.count)
    // Interned in runs on every core, then merged in order: the ids are those of interning
    // the keys one by one (first-seen order), which a million pairs did on one core.
    let interned = ValuePool.internedInRuns(counts: [texts.count]) { _, index in texts[index].key }[0]
    keyPool = interned.pool
    var positionOfKey: [Int32] = [0]
    var keyOfPair: [Int32] = []
    keyOfPair.reserveCapacity(pairs.count)
    for (text, keyID) in zip(texts, interned.ids) {
      if Int(keyID) < positionOfKey.count {
        keyOfPair.append(positionOfKey[Int(keyID)])
      } else {
        let new = Int32(keys.count)
        positionOfKey.append(new)
        keys.append(text.key)
        keyIDs.append(keyID)
        platforms.append(text.platform)
        storeIDs.append(text.storeID)
        keyOfPair.append(new)
      }
    }
    keyOfLead = pairOfLead.map { keyOfPair[Int($0)] }
    releaseInBackground(texts)
  }

  /// `compact(id).uppercased()` of a store id written as UTF-8 `raw`, made from the bytes
  /// when the compact form is ASCII (store ids are letters and digits, sometimes full-width
  /// or spaced), or `nil` for the general path. Through `String`s (a `String` of the value,
  /// the compact one, the upper-cased one) this was most of making the store keys.
  static func normalisedASCIIStoreID(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { out -> String? in
      guard let count = TextNormalization.compactASCIIAndCJK(raw, into: out) else { return nil }
      for index in 0..<count {
        let byte = out[index]
        if byte >= 0x80 { return nil }
        if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { out[index] = byte - 0x20 }
      }
      return String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
    }
  }

  /// A lead's platform value with its store id value, or with its store name value when it
  /// has no store id (`byName`); `name` is the name either way, for ids that normalise to
  /// nothing.
  struct ValuePair: Sendable {
    var platform: Int32
    var value: Int32
    var name: Int32
    var byName: Bool
  }

  /// The distinct value pairs of the leads in first-seen order, and each lead's pair.
  ///
  /// A store id that identifies nothing (`damaged`, by pool id: a word for "none", or a
  /// number Excel saved in scientific notation, `Placeholder.identifiesNothing`) may be
  /// another store's too: such a store is known by its name, when it has one.
  static func valuePairs(_ table: LeadTable, damaged: [Bool]) -> (pairs: [ValuePair], pairOfLead: [Int32]) {
    @inline(__always) func storeValue(_ lead: Int) -> Int32 {
      let id = table.id(lead, .storeID)
      return damaged[Int(id)] && table.id(lead, .storeName) != 0 ? 0 : id
    }
    func packed(_ lead: Int) -> UInt64 {
      let platform = table.id(lead, .platform), storeValue = storeValue(lead)
      let byName = storeValue == 0
      let second = byName ? table.id(lead, .storeName) : storeValue
      return UInt64(UInt32(bitPattern: platform)) << 32 | UInt64(UInt32(bitPattern: second)) << 1 | (byName ? 1 : 0)
    }
    var pairOfPacked = IntMap(capacity: table.count)
    var pairs: [ValuePair] = []
    var pairOfLead: [Int32] = []
    pairOfLead.reserveCapacity(table.count)
    for lead in 0..<table.count {
      // The lookup of a lead a few places on is started now: it is a cache miss.
      if lead + prefetchLookahead < table.count { pairOfPacked.prefetch(packed(lead + prefetchLookahead)) }
      let key = packed(lead)
      if let known = pairOfPacked[key] {
        pairOfLead.append(known)
        continue
      }
      let storeValue = storeValue(lead)
      let pair = Int32(pairs.count)
      pairs.append(
        ValuePair(
          platform: table.id(lead, .platform), value: storeValue == 0 ? table.id(lead, .storeName) : storeValue,
          name: table.id(lead, .storeName), byName: storeValue == 0))
      pairOfPacked[key] = pair
      pairOfLead.append(pair)
    }
    return (pairs, pairOfLead)
  }

  /// The store keys of the leads at `kept`, in that order: what `StoreKeys(table.subset(kept))`
  /// would compute, without normalising again. Keys no kept lead uses are dropped.
  public func subset(_ kept: [Int]) -> StoreKeys {
    var result = StoreKeys()
    result.keyPool = keyPool
    var newIndex = [Int32](repeating: -1, count: keys.count)
    result.keyOfLead.reserveCapacity(kept.count)
    for lead in kept {
      let old = Int(keyOfLead[lead])
      if newIndex[old] < 0 {
        newIndex[old] = Int32(result.keys.count)
        result.keys.append(keys[old])
        result.keyIDs.append(keyIDs[old])
        result.platforms.append(platforms[old])
        result.storeIDs.append(storeIDs[old])
      }
      result.keyOfLead.append(newIndex[old])
    }
    return result
  }

  /// No keys.
  init() {}

  /// The keys `order` (key indexes), packed in that order.
  func keyText(inOrder order: [Int32]) -> PackedStrings {
    PackedStrings(values: [(keyPool, order.map { keyIDs[Int($0)] })])
  }

  /// The key indexes with their keys in UTF-8 byte order (as `String.utf8Precedes`).
  public func keyOrder() -> [Int32] { keyPool.positionsSortedByBytes(of: keyIDs) }

  /// The key of a store as written (used for single leads and tests).
  public static func key(platform: String, storeID: String, storeName: String) -> String {
    let p = Platform.canonical(platform)
    let id = TextNormalization.compact(storeID).uppercased()
    return id.isEmpty ? "\(p):@\(TextNormalization.clean(storeName))" : "\(p):\(id)"
  }
}
