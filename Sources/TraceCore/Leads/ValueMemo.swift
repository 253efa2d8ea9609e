/// A per-distinct-value cache: `memo[id]` computes `transform(pool[id])` once per pool id.
/// Every normaliser runs through one of these, so a phone written on 10,000 leads is
/// normalised once.
struct ValueMemo<T> {
  private var values: [T?]
  private var known: [Bool]
  private let transform: (String) -> T

  init(capacity: Int, _ transform: @escaping (String) -> T) {
    values = Array(repeating: nil, count: capacity)
    known = Array(repeating: false, count: capacity)
    self.transform = transform
  }

  mutating func value(_ id: Int32, in pool: ValuePool) -> T {
    let i = Int(id)
    if !known[i] {
      values[i] = transform(pool[id])
      known[i] = true
    }
    return values[i].unsafelyUnwrapped
  }
}
