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

  public init(_ table: LeadTable) {
    let pool = table.pool
    // Platforms are few; store ids and names, at most one per lead.
    var platform = ValueMemo(capacity: 64, Platform.canonical)
    var storeID = ValueMemo(capacity: table.count) { TextNormalization.compact($0).uppercased() }
    var name = ValueMemo(capacity: table.count, TextNormalization.clean)
    keys.reserveCapacity(table.count)
    keyIDs.reserveCapacity(table.count)
    platforms.reserveCapacity(table.count)
    storeIDs.reserveCapacity(table.count)
    keyPool = ValuePool(capacity: table.count, arenaCapacity: table.count * 8)
    var positionOfKey: [Int32] = [0]
    // (platform value, store id or name value, which) → key index: strings are built only for
    // combinations not seen before.
    var byValues = IntMap(capacity: table.count)
    keyOfLead.reserveCapacity(table.count)
    func packedValues(_ lead: Int) -> UInt64 {
      let platformID = table.id(lead, .platform), storeValue = table.id(lead, .storeID)
      let byName = storeValue == 0
      let second = byName ? table.id(lead, .storeName) : storeValue
      return UInt64(UInt32(bitPattern: platformID)) << 32 | UInt64(UInt32(bitPattern: second)) << 1 | (byName ? 1 : 0)
    }
    for lead in 0..<table.count {
      // The lookup of a lead a few places on is started now: it is a cache miss.
      if lead + prefetchLookahead < table.count { byValues.prefetch(packedValues(lead + prefetchLookahead)) }
      let platformID = table.id(lead, .platform), storeValue = table.id(lead, .storeID)
      let packed = packedValues(lead)
      if let known = byValues[packed] {
        keyOfLead.append(known)
        continue
      }
      let p = platform.value(platformID, in: pool)
      let id = storeID.value(storeValue, in: pool)
      let key = id.isEmpty ? "\(p):@\(name.value(table.id(lead, .storeName), in: pool))" : "\(p):\(id)"
      let keyID = keyPool.intern(key)
      if Int(keyID) < positionOfKey.count {
        let existing = positionOfKey[Int(keyID)]
        byValues[packed] = existing
        keyOfLead.append(existing)
      } else {
        let new = Int32(keys.count)
        positionOfKey.append(new)
        keys.append(key)
        keyIDs.append(keyID)
        platforms.append(p)
        storeIDs.append(id)
        byValues[packed] = new
        keyOfLead.append(new)
      }
    }
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

  private init() {}

  /// The key indexes with their keys in UTF-8 byte order (as `String.utf8Precedes`).
  public func keyOrder() -> [Int] { keyPool.positionsSortedByBytes(of: keyIDs).map(Int.init) }

  /// The key of a store as written (used for single leads and tests).
  public static func key(platform: String, storeID: String, storeName: String) -> String {
    let p = Platform.canonical(platform)
    let id = TextNormalization.compact(storeID).uppercased()
    return id.isEmpty ? "\(p):@\(TextNormalization.clean(storeName))" : "\(p):\(id)"
  }
}
