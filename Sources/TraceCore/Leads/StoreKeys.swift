/// The store key of every lead of a table: `platform:store_id`, or `platform:@name` when no
/// id was given (`shared/spec/outputs.md`). Platform names and store ids are normalised once
/// per distinct value.
public struct StoreKeys: Sendable {
  /// For each lead, the index of its key (keys are numbered in first-seen order).
  public private(set) var keyOfLead: [Int32] = []
  /// The canonical platforms of the keys, each once; `platformOfKey` indexes it.
  private(set) var platformNames: [String] = []
  /// For each key, its platform (index into `platformNames`).
  private(set) var platformOfKey: [Int32] = []
  /// For each key, where its normalised store id starts in its text (after `platform:`), or
  /// -1 for a store known by its name.
  private(set) var idStartOfKey: [Int32] = []
  /// The keys as bytes: key `i` is `keyPool[keyIDs[i]]`. No `String` is made per key: at a
  /// million leads (940,000 keys) the key, platform and store id `String`s of every key were
  /// a third of deduplicating, most of it allocation and reference counting.
  private var keyPool = ValuePool()
  private var keyIDs: [Int32] = []

  /// How many distinct keys there are.
  public var count: Int { keyIDs.count }

  /// The distinct keys, in first-seen order (tests and small inputs).
  public var keys: [String] { keyIDs.map { keyPool[$0] } }

  /// Keys are made in three steps: the distinct (platform, store id or name) value pairs
  /// of the leads, in first-seen order (one pass, integers only); their key text, written
  /// as bytes and interned in runs on every core (normalising store ids and names is most of
  /// the work); then the keys numbered in first-seen order, so that equal keys written
  /// differently are one store.
  public init(_ table: LeadTable) {
    self.init(table, pairs: Self.valuePairs(table, damaged: table.pool.flags(Placeholder.identifiesNothing)))
  }

  /// The keys of `table` whose value pairs (`valuePairs(_:damaged:)`) are already known.
  init(_ table: LeadTable, pairs found: (pairs: [ValuePair], pairOfLead: [Int32])) {
    let pool = table.pool
    let (pairs, pairOfLead) = found
    // Platforms are few: each is normalised once, before the parallel step.
    var platformIndex: [Int32: Int32] = [:]
    var platformBytes: [[UInt8]] = []
    for pair in pairs where platformIndex[pair.platform] == nil {
      let name = Platform.canonical(pool[pair.platform])
      platformIndex[pair.platform] = Int32(platformNames.count)
      platformNames.append(name)
      platformBytes.append(Array(name.utf8))
    }
    let indexOfPlatform = platformIndex, bytesOfPlatform = platformBytes
    // Where each pair's store id starts in its key, -1 for none: written by the run that
    // makes the pair's key.
    var idStartOfPair = [Int32](repeating: -1, count: pairs.count)
    let interned = idStartOfPair.withUnsafeMutableBufferPointer { starts in
      let idStarts = SharedMutableBuffer(starts)
      // Interned in runs on every core, then merged in order: the ids are those of interning
      // the keys one by one (first-seen order).
      return ValuePool.internedInRuns(counts: [pairs.count]) { _, index, keys in
        let pair = pairs[index]
        let platform = bytesOfPlatform[Int(indexOfPlatform[pair.platform]!)]
        let (key, idStart) = Self.internKey(of: pair, platform: platform, pool: pool, into: &keys)
        idStarts.buffer[index] = idStart
        return key
      }[0]
    }
    keyPool = interned.pool
    var positionOfKey: [Int32] = [0]
    var keyOfPair: [Int32] = []
    keyOfPair.reserveCapacity(pairs.count)
    keyIDs.reserveCapacity(pairs.count)
    platformOfKey.reserveCapacity(pairs.count)
    idStartOfKey.reserveCapacity(pairs.count)
    for (pair, keyID) in interned.ids.enumerated() {
      if Int(keyID) < positionOfKey.count {
        keyOfPair.append(positionOfKey[Int(keyID)])
      } else {
        let new = Int32(keyIDs.count)
        positionOfKey.append(new)
        keyIDs.append(keyID)
        platformOfKey.append(indexOfPlatform[pairs[pair].platform]!)
        idStartOfKey.append(idStartOfPair[pair])
        keyOfPair.append(new)
      }
    }
    keyOfLead = pairOfLead.map { keyOfPair[Int($0)] }
  }

  /// Interns the key text of `pair` into `keys` (`platform:STOREID`, or `platform:@name`
  /// when it has no store id or its id normalises to nothing): its id there, and where its
  /// store id starts in it (-1 for none). A store id whose normalised form is ASCII, nearly
  /// every one, is written from its bytes with the platform's into the key, no `String` made.
  static func internKey(of pair: ValuePair, platform: [UInt8], pool: ValuePool, into keys: inout ValuePool)
    -> (id: Int32, idStart: Int32)
  {
    let idStart = platform.count + 1
    if !pair.byName {
      let fast = pool.withBytes(pair.value) { raw -> Int32? in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: idStart + max(raw.count, 1)) { key -> Int32? in
          _ = key.initialize(fromContentsOf: platform)
          key[platform.count] = UInt8(ascii: ":")
          let id = UnsafeMutableBufferPointer(rebasing: key[idStart...])
          guard let count = normalisedASCIIStoreID(raw, into: id), count > 0 else { return nil }
          return keys.intern(UnsafeBufferPointer(rebasing: key[..<(idStart + count)]))
        }
      }
      if let fast { return (fast, Int32(idStart)) }
      let id = TextNormalization.compact(pool[pair.value]).uppercased()
      if !id.isEmpty { return (keys.intern(String(decoding: platform, as: UTF8.self) + ":" + id), Int32(idStart)) }
    }
    let name = TextNormalization.clean(pool[pair.byName ? pair.value : pair.name])
    return (keys.intern(String(decoding: platform, as: UTF8.self) + ":@" + name), -1)
  }

  /// The key of every store, in the order given (key indexes), with its canonical platform
  /// and where its store id starts, for `EvidenceGraph.StoreList`.
  func columns(inOrder order: [Int32]) -> (keyText: PackedStrings, platformNames: [String], platformOf: [Int32], idStart: [Int32]) {
    (
      PackedStrings(values: [(keyPool, order.map { keyIDs[Int($0)] })]), platformNames,
      order.map { platformOfKey[Int($0)] }, order.map { idStartOfKey[Int($0)] }
    )
  }

  /// `compact(id).uppercased()` of a store id written as UTF-8 `raw`, made from the bytes
  /// when the compact form is ASCII (store ids are letters and digits, sometimes full-width
  /// or spaced), or `nil` for the general path. Through `String`s (a `String` of the value,
  /// the compact one, the upper-cased one) this was most of making the store keys.
  static func normalisedASCIIStoreID(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { out -> String? in
      normalisedASCIIStoreID(raw, into: out).map { String(decoding: UnsafeBufferPointer(rebasing: out[..<$0]), as: UTF8.self) }
    }
  }

  /// `normalisedASCIIStoreID` written into `out` (room for `raw.count` bytes): how many bytes
  /// it wrote, or `nil` for the general path (what it wrote is then of no use).
  static func normalisedASCIIStoreID(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>)
    -> Int?
  {
    guard let count = TextNormalization.compactASCIIAndCJK(raw, into: out) else { return nil }
    for index in 0..<count {
      let byte = out[index]
      if byte >= 0x80 { return nil }
      if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { out[index] = byte - 0x20 }
    }
    return count
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
    result.platformNames = platformNames
    var newIndex = [Int32](repeating: -1, count: count)
    result.keyOfLead.reserveCapacity(kept.count)
    for lead in kept {
      let old = Int(keyOfLead[lead])
      if newIndex[old] < 0 {
        newIndex[old] = Int32(result.keyIDs.count)
        result.keyIDs.append(keyIDs[old])
        result.platformOfKey.append(platformOfKey[old])
        result.idStartOfKey.append(idStartOfKey[old])
      }
      result.keyOfLead.append(newIndex[old])
    }
    return result
  }

  /// No keys.
  init() {}

  /// The key indexes with their keys in UTF-8 byte order (as `String.utf8Precedes`).
  public func keyOrder() -> [Int32] { keyPool.positionsSortedByBytes(of: keyIDs) }

  /// The key of a store as written (used for single leads and tests).
  public static func key(platform: String, storeID: String, storeName: String) -> String {
    let p = Platform.canonical(platform)
    let id = TextNormalization.compact(storeID).uppercased()
    return id.isEmpty ? "\(p):@\(TextNormalization.clean(storeName))" : "\(p):\(id)"
  }
}
