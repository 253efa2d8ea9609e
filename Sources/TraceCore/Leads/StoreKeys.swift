/// The store key of every lead of a table: `platform:store_id`, or `platform:@name` when no
/// id was given (`shared/spec/outputs.md`). Platform names and store ids are normalised once
/// per distinct value.
public struct StoreKeys: Sendable {
  /// For each lead, the index of its key (keys are numbered in first-seen order).
  public private(set) var keyOfLead: [Int32] = []
  /// The canonical platforms, each once, and their UTF-8.
  private(set) var platformNames: [String] = []
  private var platformBytes: [[UInt8]] = []
  /// Each key is its platform (index into `platformNames`), whether it names the store by
  /// name (`platform:@name`) or by id (`platform:ID`), and the text after the `:` or `:@`
  /// as a value: below `pool.count` a value of the leads' pool, else of `extra`.
  private var platformOfKey: [Int32] = []
  private var byNameOfKey: [Bool] = []
  private var valueOfKey: [Int32] = []
  /// The leads' pool (shared, not copied), and the normalised ids and names it lacks.
  private var pool = ValuePool()
  private var extra = ValuePool()

  /// How many distinct keys there are.
  public var count: Int { valueOfKey.count }

  /// The distinct keys, in first-seen order (tests and small inputs).
  public var keys: [String] { keyText().strings }

  /// Keys are made in three steps: the distinct (platform, store id or name) value pairs
  /// of the leads, in first-seen order (one pass, integers only); the normalised id or name
  /// of each, on every core, as a value of the pool (a store id already normalised, nearly
  /// every one, is its own value; one written otherwise is looked up in its normalised
  /// form); then the keys, as (platform, id or name, value), numbered in first-seen order,
  /// so that equal keys written differently are one store. No key text is made here: the
  /// graph makes it for sorting and the outputs (`keyText`, `columns`). (Made here and
  /// interned, the text of 940,000 keys was half of deduplicating a million leads.)
  public init(_ table: LeadTable) {
    self.init(table, pairs: Self.valuePairs(table, damaged: table.pool.flags(Placeholder.identifiesNothing)))
  }

  /// The keys of `table` whose value pairs (`valuePairs(_:damaged:)`) are already known.
  init(_ table: LeadTable, pairs found: (pairs: [ValuePair], pairOfLead: [Int32])) {
    pool = table.pool
    let pool = self.pool
    let (pairs, pairOfLead) = found
    // Platforms are few: each is normalised once, before the parallel step; platforms
    // written differently (淘宝, 淘宝网) are one.
    var platformOfValue = IntMap(capacity: 64)
    var indexOfName: [String: Int32] = [:]
    for pair in pairs where platformOfValue[UInt64(UInt32(pair.platform))] == nil {
      let name = Platform.canonical(pool[pair.platform])
      if indexOfName[name] == nil {
        indexOfName[name] = Int32(platformNames.count)
        platformNames.append(name)
        platformBytes.append(Array(name.utf8))
      }
      platformOfValue[UInt64(UInt32(pair.platform))] = indexOfName[name]!
    }
    let platforms = platformOfValue
    let references = pairs.parallelMap { pair in
      var reference = Self.reference(of: pair, in: pool)
      reference.platform = platforms[UInt64(UInt32(pair.platform))]!
      return reference
    }
    var keyOfIdentity = IntMap(capacity: pairs.count)
    var keyOfPair = [Int32](repeating: 0, count: pairs.count)
    func identity(_ reference: Reference, value: Int32) -> UInt64 {
      UInt64(UInt32(reference.platform)) << 48 | (reference.byName ? 1 << 47 : 0) | UInt64(UInt32(value))
    }
    for index in pairs.indices {
      // The probe of a pair a few places on is started now: it is a cache miss.
      if index + prefetchLookahead < pairs.count, case let ahead = references[index + prefetchLookahead], ahead.value >= 0 {
        keyOfIdentity.prefetch(identity(ahead, value: ahead.value))
      }
      let reference = references[index]
      var value = reference.value
      // A normalised id or name the pool lacks (rare; it has a text): made again.
      if reference.value < 0, let text = Self.normalised(pairs[index], in: pool).text {
        value = Int32(pool.count) + text.withUnsafeBufferPointer { extra.intern($0) }
      }
      let key = Int32(valueOfKey.count)
      if let known = keyOfIdentity.existingValue(for: identity(reference, value: value), orInsert: key) {
        keyOfPair[index] = known
        continue
      }
      platformOfKey.append(reference.platform)
      byNameOfKey.append(reference.byName)
      valueOfKey.append(value)
      keyOfPair[index] = key
    }
    keyOfLead = pairOfLead.map { keyOfPair[Int($0)] }
  }

  /// A pair's key without its text: its platform (set by the caller), whether it is by
  /// name, and its normalised id or name as a value of the pool, or -1 when the pool lacks
  /// it (`normalised(_:in:)` then makes it again).
  struct Reference: Sendable {
    var platform: Int32 = 0
    var byName: Bool
    var value: Int32
  }

  /// The normalised store id of `pair` (`compact(id).uppercased()`), or its name cleaned
  /// (`byName`) when it has no id or its id normalises to nothing, as a value of `pool`.
  static func reference(of pair: ValuePair, in pool: ValuePool) -> Reference {
    let (byName, text) = normalised(pair, in: pool)
    guard let text else { return Reference(byName: false, value: pair.value) }
    return Reference(byName: byName, value: text.withUnsafeBufferPointer { pool.id(of: $0) } ?? -1)
  }

  /// The normalised store id of `pair`, or its cleaned name (`byName`); `text` is `nil` for
  /// an id already written as it normalises (nearly every one): it is its own value. Store
  /// ids written in ASCII, nearly all, are normalised from their bytes.
  static func normalised(_ pair: ValuePair, in pool: ValuePool) -> (byName: Bool, text: [UInt8]?) {
    if !pair.byName {
      let fast = pool.withBytes(pair.value) { raw in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { id -> (byName: Bool, text: [UInt8]?)? in
          guard let count = normalisedASCIIStoreID(raw, into: id), count > 0 else { return nil }
          let normalised = UnsafeBufferPointer(rebasing: id[..<count])
          return (false, normalised.elementsEqual(raw) ? nil : Array(normalised))
        }
      }
      if let fast { return fast }
      let id = TextNormalization.compact(pool[pair.value]).uppercased()
      if !id.isEmpty { return (false, Array(id.utf8)) }
    }
    return (true, Array(TextNormalization.clean(pool[pair.byName ? pair.value : pair.name]).utf8))
  }

  /// The text of every key, in key order, made on every core.
  func keyText() -> PackedStrings {
    let keys = self
    return PackedStrings(count: count) { range, bytes, ends in
      for key in range {
        keys.appendKeyText(of: key, to: &bytes)
        ends.append(Int32(bytes.count))
      }
    }
  }

  /// Appends the text of key `key` (`platform:ID` or `platform:@name`).
  private func appendKeyText(of key: Int, to bytes: inout ByteBuffer) {
    platformBytes[Int(platformOfKey[key])].withUnsafeBufferPointer { bytes.append($0) }
    bytes.append(UInt8(ascii: ":"))
    if byNameOfKey[key] { bytes.append(UInt8(ascii: "@")) }
    let value = valueOfKey[key]
    if Int(value) < pool.count {
      pool.withBytes(value) { bytes.append($0) }
    } else {
      extra.withBytes(value - Int32(pool.count)) { bytes.append($0) }
    }
  }

  /// The key of every store, in the order given (key indexes; `keyText` is `keyText()`),
  /// with its canonical platform and where its store id starts, for `EvidenceGraph.StoreList`.
  func columns(inOrder order: [Int32], keyText: PackedStrings)
    -> (keyText: PackedStrings, platformNames: [String], platformOf: [Int32], idStart: [Int32])
  {
    (
      keyText.gathered(order), platformNames, order.map { platformOfKey[Int($0)] },
      order.map { byNameOfKey[Int($0)] ? -1 : Int32(platformBytes[Int(platformOfKey[Int($0)])].count + 1) }
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
    @Sendable @inline(__always) func storeValue(_ lead: Int) -> Int32 {
      let id = table.id(lead, .storeID)
      return damaged[Int(id)] && table.id(lead, .storeName) != 0 ? 0 : id
    }
    // Each lead's pair packed in one integer, on every core; then the distinct ones in
    // order, one probe each.
    let packed = Array(0..<table.count).parallelMap { lead -> UInt64 in
      let platform = table.id(lead, .platform), storeValue = storeValue(lead)
      let byName = storeValue == 0
      let second = byName ? table.id(lead, .storeName) : storeValue
      return UInt64(UInt32(bitPattern: platform)) << 32 | UInt64(UInt32(bitPattern: second)) << 1 | (byName ? 1 : 0)
    }
    var pairOfPacked = IntMap(capacity: table.count)
    var pairs: [ValuePair] = []
    var pairOfLead = [Int32](repeating: 0, count: table.count)
    for lead in 0..<table.count {
      // The probe of a lead a few places on is started now: it is a cache miss.
      if lead + prefetchLookahead < table.count { pairOfPacked.prefetch(packed[lead + prefetchLookahead]) }
      let key = packed[lead]
      if let known = pairOfPacked.existingValue(for: key, orInsert: Int32(pairs.count)) {
        pairOfLead[lead] = known
        continue
      }
      pairOfLead[lead] = Int32(pairs.count)
      let byName = key & 1 == 1, second = Int32(truncatingIfNeeded: (key >> 1) & 0x7FFF_FFFF)
      pairs.append(
        ValuePair(
          platform: Int32(bitPattern: UInt32(truncatingIfNeeded: key >> 32)), value: second,
          name: table.id(lead, .storeName), byName: byName))
    }
    return (pairs, pairOfLead)
  }

  /// The store keys of the leads at `kept`, in that order: what `StoreKeys(table.subset(kept))`
  /// would compute, without normalising again. Keys no kept lead uses are dropped.
  public func subset(_ kept: [Int]) -> StoreKeys {
    var result = StoreKeys()
    (result.pool, result.extra) = (pool, extra)
    (result.platformNames, result.platformBytes) = (platformNames, platformBytes)
    var newIndex = [Int32](repeating: -1, count: count)
    result.keyOfLead.reserveCapacity(kept.count)
    for lead in kept {
      let old = Int(keyOfLead[lead])
      if newIndex[old] < 0 {
        newIndex[old] = Int32(result.count)
        result.platformOfKey.append(platformOfKey[old])
        result.byNameOfKey.append(byNameOfKey[old])
        result.valueOfKey.append(valueOfKey[old])
      }
      result.keyOfLead.append(newIndex[old])
    }
    return result
  }

  /// No keys.
  init() {}

  /// The key of a store as written (used for single leads and tests).
  public static func key(platform: String, storeID: String, storeName: String) -> String {
    let p = Platform.canonical(platform)
    let id = TextNormalization.compact(storeID).uppercased()
    return id.isEmpty ? "\(p):@\(TextNormalization.clean(storeName))" : "\(p):\(id)"
  }
}
