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

  /// The strings `0..<count`, each given as bytes by `write(index, append)`, packed in
  /// order: made in runs of `runLength` on every core, then joined.
  public init(
    count: Int, runLength: Int = 65_536,
    _ write: @Sendable (_ index: Int, _ append: (UnsafeBufferPointer<UInt8>) -> Void) -> Void
  ) {
    let runs = Array(stride(from: 0, to: count, by: runLength)).parallelMap(serialBelow: 2) { first in
      // Into a `ByteBuffer` with room for typical keys: appended to an array with no room
      // reserved, a million keys' bytes were copied again at every doubling (memmove from
      // here was a seventh of building the graph at 1M leads, perf).
      let length = min(runLength, count - first)
      var bytes = ByteBuffer(capacity: length * 32)
      var run = PackedStrings(reservingCapacity: length, byteCount: 0)
      for index in first..<first + length {
        write(index) { bytes.append($0) }
        run.ends.append(Int32(truncatingIfNeeded: bytes.count))
      }
      run.bytes = bytes.drain()
      return run
    }
    precondition(runs.reduce(0) { $0 + $1.bytes.count } < Int(Int32.max), "packed strings above 2 GiB")
    self.init(joining: runs)
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
