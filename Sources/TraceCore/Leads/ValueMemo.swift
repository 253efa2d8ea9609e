/// A per-distinct-value cache: `memo.value(id, in: pool)` computes `transform(pool[id])` once
/// per pool id. Every normaliser runs through one of these, so a phone written on 10,000
/// leads is normalised once.
///
/// Sparse: only the ids asked for take room (an `IntMap` to a results array). A dense array
/// sized by the pool cost 80 MB per memo at a million leads, for the few ids of one column.
struct ValueMemo<T> {
  private var slotOfID: IntMap
  private var results: [T] = []
  private let transform: (String) -> T

  /// - Parameter capacity: about how many distinct ids will be asked for.
  init(capacity: Int = 1024, _ transform: @escaping (String) -> T) {
    slotOfID = IntMap(capacity: capacity)
    results.reserveCapacity(capacity)
    self.transform = transform
  }

  mutating func value(_ id: Int32, in pool: ValuePool) -> T {
    let key = UInt64(UInt32(bitPattern: id))
    if let slot = slotOfID[key] { return results[Int(slot)] }
    let result = transform(pool[id])
    slotOfID[key] = Int32(results.count)
    results.append(result)
    return result
  }
}
