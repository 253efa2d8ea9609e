/// A hash map from `UInt64` keys to `Int32` values with open addressing and a multiply-shift
/// hash: for the per-lead lookups of deduplication and store keys, where `Dictionary` spent
/// most of its time in SipHash. Keys are any `UInt64` (a flag array marks used slots).
struct IntMap {
  private var keys: [UInt64]
  private var values: [Int32]
  private var used: [Bool]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    values = [Int32](repeating: 0, count: size)
    used = [Bool](repeating: false, count: size)
    mask = size - 1
  }

  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    var h = key &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    return Int(truncatingIfNeeded: h) & mask
  }

  /// The value for `key`, or `nil`.
  subscript(key: UInt64) -> Int32? {
    get {
      var index = slot(key)
      while used[index] {
        if keys[index] == key { return values[index] }
        index = (index + 1) & mask
      }
      return nil
    }
    set {
      guard let newValue else { preconditionFailure("IntMap does not remove keys") }
      var index = slot(key)
      while used[index] {
        if keys[index] == key {
          values[index] = newValue
          return
        }
        index = (index + 1) & mask
      }
      used[index] = true
      keys[index] = key
      values[index] = newValue
      count += 1
      if count * 2 > keys.count { grow() }
    }
  }

  private mutating func grow() {
    let (oldKeys, oldValues, oldUsed) = (keys, values, used)
    let size = keys.count * 2
    keys = [UInt64](repeating: 0, count: size)
    values = [Int32](repeating: 0, count: size)
    used = [Bool](repeating: false, count: size)
    mask = size - 1
    count = 0
    for index in oldKeys.indices where oldUsed[index] { self[oldKeys[index]] = oldValues[index] }
  }
}
