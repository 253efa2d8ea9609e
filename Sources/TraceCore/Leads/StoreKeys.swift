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

  public init(_ table: LeadTable) {
    let pool = table.pool
    var platform = ValueMemo(capacity: pool.count, Platform.canonical)
    var storeID = ValueMemo(capacity: pool.count) { TextNormalization.compact($0).uppercased() }
    var name = ValueMemo(capacity: pool.count, TextNormalization.clean)
    var index: [String: Int32] = [:]
    keyOfLead.reserveCapacity(table.count)
    for lead in 0..<table.count {
      let p = platform.value(table.id(lead, .platform), in: pool)
      let id = storeID.value(table.id(lead, .storeID), in: pool)
      let key = id.isEmpty ? "\(p):@\(name.value(table.id(lead, .storeName), in: pool))" : "\(p):\(id)"
      if let existing = index[key] {
        keyOfLead.append(existing)
      } else {
        let new = Int32(keys.count)
        index[key] = new
        keys.append(key)
        platforms.append(p)
        storeIDs.append(id)
        keyOfLead.append(new)
      }
    }
  }

  /// The key of a store as written (used for single leads and tests).
  public static func key(platform: String, storeID: String, storeName: String) -> String {
    let p = Platform.canonical(platform)
    let id = TextNormalization.compact(storeID).uppercased()
    return id.isEmpty ? "\(p):@\(TextNormalization.clean(storeName))" : "\(p):\(id)"
  }
}
