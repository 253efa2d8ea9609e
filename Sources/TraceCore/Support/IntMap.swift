/// A hash map from `UInt64` keys to `Int32` values with open addressing and a multiply-shift
/// hash: for the per-lead lookups of deduplication and store keys, where `Dictionary` spent
/// most of its time in SipHash. Keys are any `UInt64`. A slot holds key, value and a used
/// flag together (16 bytes), so a probe touches one cache line.
struct IntMap {
  private struct Entry {
    var key: UInt64
    var value: Int32
    var used: Bool
  }

  private var entries: [Entry]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    entries = [Entry](repeating: Entry(key: 0, value: 0, used: false), count: size)
    mask = size - 1
  }

  @inline(__always)
  private func slot(_ key: UInt64) -> Int {
    var h = key &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    return Int(truncatingIfNeeded: h) & mask
  }

  /// Starts loading the slot where `key` is looked up: a lookup a few iterations ahead is
  /// announced this way, so its cache miss overlaps the work in between.
  @inline(__always)
  func prefetch(_ key: UInt64) {
    entries.prefetch(slot(key))
  }

  /// The value for `key`, or `nil`.
  subscript(key: UInt64) -> Int32? {
    get {
      entries.withUnsafeBufferPointer { entries in
        var index = slot(key)
        while entries[index].used {
          if entries[index].key == key { return entries[index].value }
          index = (index + 1) & mask
        }
        return nil
      }
    }
    set {
      guard let newValue else { preconditionFailure("IntMap does not remove keys") }
      var index = slot(key)
      while entries[index].used {
        if entries[index].key == key {
          entries[index].value = newValue
          return
        }
        index = (index + 1) & mask
      }
      entries[index] = Entry(key: key, value: newValue, used: true)
      count += 1
      if count * 2 > entries.count { grow() }
    }
  }

  /// The value for `key` if it has one; else `value` is entered for it and `nil` returned.
  /// One probe, where a lookup then an insert took two.
  mutating func existingValue(for key: UInt64, orInsert value: Int32) -> Int32? {
    var index = slot(key)
    let mask = self.mask
    let existing = entries.withUnsafeMutableBufferPointer { entries -> Int32? in
      while entries[index].used {
        if entries[index].key == key { return entries[index].value }
        index = (index + 1) & mask
      }
      entries[index] = Entry(key: key, value: value, used: true)
      return nil
    }
    if existing == nil {
      count += 1
      if count * 2 > entries.count { grow() }
    }
    return existing
  }

  private mutating func grow() {
    let old = entries
    entries = [Entry](repeating: Entry(key: 0, value: 0, used: false), count: entries.count * 2)
    mask = entries.count - 1
    count = 0
    for entry in old where entry.used { self[entry.key] = entry.value }
  }
}
