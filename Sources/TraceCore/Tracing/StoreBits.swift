/// A set of a ring's stores by their position in the ring, one bit each: unions and counts are
/// word operations, where `Set<Int32>` hashed every store of every candidate of every ring.
///
/// The first 64 stores live in the value itself and only the rest in an array: nearly every
/// ring has fewer than 64 stores, and a ring's ranking makes several of these per value, so
/// a heap array each was most of the ranker's allocations.
public struct StoreBits: Sendable, Equatable {
  /// Stores 0..<64.
  private var low: UInt64 = 0
  /// Stores 64 and up, 64 to a word; empty for rings of up to 64 stores.
  private var high: [UInt64]

  /// The empty set over `count` stores.
  public init(count: Int) {
    high = count > 64 ? [UInt64](repeating: 0, count: (count - 1) / 64) : []
  }

  /// The set of `positions` over `count` stores.
  public init(_ positions: some Sequence<Int32>, count: Int) {
    self.init(count: count)
    for position in positions { insert(Int(position)) }
  }

  public mutating func insert(_ position: Int) {
    if position < 64 {
      low |= 1 << UInt64(position)
    } else {
      high[(position >> 6) - 1] |= 1 << UInt64(position & 63)
    }
  }

  public func contains(_ position: Int) -> Bool {
    position < 64
      ? low & (1 << UInt64(position)) != 0 : high[(position >> 6) - 1] & (1 << UInt64(position & 63)) != 0
  }

  public var count: Int { high.reduce(low.nonzeroBitCount) { $0 + $1.nonzeroBitCount } }

  public mutating func formUnion(_ other: StoreBits) {
    low |= other.low
    for i in high.indices { high[i] |= other.high[i] }
  }

  public func union(_ other: StoreBits) -> StoreBits {
    var result = self
    result.formUnion(other)
    return result
  }

  /// How many of `self` are not in `other`.
  public func countSubtracting(_ other: StoreBits) -> Int {
    var total = (low & ~other.low).nonzeroBitCount
    for i in high.indices { total += (high[i] & ~other.high[i]).nonzeroBitCount }
    return total
  }

  /// How many are in `self` or `a` or `b`.
  public func unionCount(_ a: StoreBits, _ b: StoreBits? = nil) -> Int {
    var total = (low | a.low | (b?.low ?? 0)).nonzeroBitCount
    for i in high.indices { total += (high[i] | a.high[i] | (b?.high[i] ?? 0)).nonzeroBitCount }
    return total
  }
}
