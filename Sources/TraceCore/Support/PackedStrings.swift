/// A list of strings kept as their UTF-8 bytes end to end, read by position.
///
/// A million entity keys as `String`s were a million heap objects: each validated and
/// allocated when the graph was built, and each a cache miss wherever it was read (retained,
/// then its bytes copied to an output). Here they are one buffer read in order, and a
/// `String` is made only when one is asked for.
public struct PackedStrings: Sendable {
  @usableFromInline var bytes: [UInt8] = []
  /// `ends[i]` is where string `i` ends in `bytes`; it starts where string `i - 1` ends.
  @usableFromInline var ends: [Int32] = []

  public init() {}

  /// Room for `count` strings of `byteCount` bytes in all.
  public init(reservingCapacity count: Int, byteCount: Int) {
    bytes.reserveCapacity(byteCount)
    ends.reserveCapacity(count)
  }

  /// Strings already packed: `bytes` end to end, string `i` ending at `ends[i]`.
  init(bytes: [UInt8], ends: [Int32]) {
    self.bytes = bytes
    self.ends = ends
  }

  /// Every string, as `String`s (tests and small lists).
  var strings: [String] { (0..<count).map { self[$0] } }

  /// The strings of `parts`, one after the other.
  public init(joining parts: [PackedStrings]) {
    self.init(
      reservingCapacity: parts.reduce(0) { $0 + $1.count }, byteCount: parts.reduce(0) { $0 + $1.bytes.count })
    for part in parts {
      let base = Int32(bytes.count)
      bytes += part.bytes
      ends += part.ends.lazy.map { $0 + base }
    }
  }

  /// Strings `0..<count`, made in runs of `runLength` on every core, then joined: `fill`
  /// appends the strings of the positions it is given to `bytes`, in order, each followed by
  /// its end (`bytes.count`) in `ends`.
  ///
  /// Runs write into a `ByteBuffer` with room for 32 bytes a string: appended to an array
  /// with no room reserved, a million entity keys were copied again at every doubling
  /// (memmove here was a seventh of building the graph at 1M leads, perf).
  init(
    count: Int, runLength: Int = 65_536,
    _ fill: @Sendable (_ positions: Range<Int>, _ bytes: inout ByteBuffer, _ ends: inout [Int32]) -> Void
  ) {
    let runs = Array(stride(from: 0, to: count, by: runLength)).parallelMap(serialBelow: 2) { first in
      let positions = first..<min(first + runLength, count)
      var bytes = ByteBuffer(capacity: positions.count * 32)
      var ends: [Int32] = []
      ends.reserveCapacity(positions.count)
      fill(positions, &bytes, &ends)
      return PackedStrings(bytes: bytes.drain(), ends: ends)
    }
    precondition(runs.reduce(0) { $0 + $1.bytes.count } < Int(Int32.max), "packed strings above 2 GiB")
    self.init(joining: runs)
  }

  /// The values `ids` of `pool` of each list in turn, packed in order, on every core. A
  /// pool's bytes are opened once per run, not once per string: through a closure per
  /// string, each one retained and released the pool's arrays.
  init(values lists: [(pool: ValuePool, ids: [Int32])], runLength: Int = 65_536) {
    let starts = lists.reduce(into: [0]) { $0.append($0.last! + $1.ids.count) }
    self.init(count: starts.last!, runLength: runLength) { positions, bytes, ends in
      var position = positions.lowerBound
      var list = 0
      while position < positions.upperBound {
        while starts[list + 1] <= position { list += 1 }
        let upTo = min(positions.upperBound, starts[list + 1])
        let ids = lists[list].ids[(position - starts[list])..<(upTo - starts[list])]
        lists[list].pool.appendValues(ids, to: &bytes, ends: &ends)
        position = upTo
      }
    }
  }

  /// The strings at `positions`, in that order, on every core.
  func gathered(_ positions: [Int32]) -> PackedStrings {
    let source = self
    return PackedStrings(count: positions.count) { range, bytes, ends in
      for index in range {
        source.withBytes(Int(positions[index])) { bytes.append($0) }
        ends.append(Int32(bytes.count))
      }
    }
  }

  public var count: Int { ends.count }

  /// Adds `utf8` (valid UTF-8) as the last string.
  public mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
    precondition(bytes.count + utf8.count < Int(Int32.max), "packed strings above 2 GiB")
    bytes.append(contentsOf: utf8)
    ends.append(Int32(bytes.count))
  }

  /// Adds `string` as the last string.
  public mutating func append(_ string: String) {
    var string = string
    string.withUTF8 { append($0) }
  }

  /// String `index`.
  public subscript(index: Int) -> String {
    withBytes(index) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the UTF-8 bytes of string `index`, without making a `String`.
  @inlinable @inline(__always)
  public func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let end = Int(ends[index]), start = index == 0 ? 0 : Int(ends[index - 1])
    return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }
}
