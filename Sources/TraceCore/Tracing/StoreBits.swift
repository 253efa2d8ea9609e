/// A set of a ring's stores by their position in the ring, one bit each: unions and counts are
/// word operations, where `Set<Int32>` hashed every store of every candidate of every ring.
public struct StoreBits: Sendable, Equatable {
  public private(set) var words: [UInt64]

  /// The empty set over `count` stores.
  public init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

  /// The set of `positions` over `count` stores.
  public init(_ positions: some Sequence<Int32>, count: Int) {
    self.init(count: count)
    for position in positions { insert(Int(position)) }
  }

  public mutating func insert(_ position: Int) { words[position >> 6] |= 1 << UInt64(position & 63) }

  public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

  public mutating func formUnion(_ other: StoreBits) {
    for i in words.indices { words[i] |= other.words[i] }
  }

  public func union(_ other: StoreBits) -> StoreBits {
    var result = self
    result.formUnion(other)
    return result
  }

  /// How many of `self` are not in `other`.
  public func countSubtracting(_ other: StoreBits) -> Int {
    var total = 0
    for i in words.indices { total += (words[i] & ~other.words[i]).nonzeroBitCount }
    return total
  }

  /// How many are in `self` or `a` or `b`.
  public func unionCount(_ a: StoreBits, _ b: StoreBits? = nil) -> Int {
    var total = 0
    for i in words.indices { total += (words[i] | a.words[i] | (b?.words[i] ?? 0)).nonzeroBitCount }
    return total
  }
}
