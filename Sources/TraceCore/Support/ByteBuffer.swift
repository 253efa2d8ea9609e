/// Bytes built up by appending, at the cost of a copy per append.
///
/// The JSON and CSV writers append millions of short runs (a member name, a number, a
/// quoted key). `Array.append(contentsOf:)` checked uniqueness and capacity and went through
/// the generic copy for each, over a hundred instructions a run (callgrind: 6.9 million
/// runs at 200k leads, 3 % of the whole analysis). Here the array is made as large as
/// needed ahead of time, its room claimed but left unwritten, and each run is copied in.
public struct ByteBuffer: Sendable {
  /// The bytes written, then room not yet written up to `storage.count`. Only
  /// `storage[..<written]` is ever read.
  @usableFromInline var storage: [UInt8] = []
  @usableFromInline var written = 0
  @usableFromInline let initialCapacity: Int

  /// A buffer with room for `capacity` bytes before it grows.
  public init(capacity: Int = 0) {
    initialCapacity = max(capacity, 256)
  }

  /// How many bytes were written.
  public var count: Int { written }

  public var isEmpty: Bool { written == 0 }

  /// The bytes written.
  public var bytes: [UInt8] { Array(storage[..<written]) }

  /// The bytes written, removed from the buffer (which keeps its capacity for the next ones
  /// only if they were few: a large buffer is handed over, not copied).
  public mutating func drain() -> [UInt8] {
    defer { written = 0 }
    if written < 4096 { return bytes }
    storage.removeSubrange(written...)
    defer { storage = [] }
    return storage
  }

  /// Empties the buffer, keeping its room.
  public mutating func removeAll() { written = 0 }

  // The appends are inlined wherever they are called (other modules too): they are most of
  // what the writers do.

  @inlinable @inline(__always)
  public mutating func append(_ byte: UInt8) {
    if written == storage.count { grow(toAtLeast: written + 1) }
    storage[written] = byte
    written += 1
  }

  @inlinable @inline(__always)
  public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress else { return }
    let at = written, count = bytes.count
    if at + count > storage.count { grow(toAtLeast: at + count) }
    storage.withUnsafeMutableBufferPointer { storage in
      copyBytes(from: source, to: storage.baseAddress! + at, count: count)
    }
    written = at + count
  }

  @inlinable @inline(__always)
  public mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  public mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// Calls `body` with the bytes written.
  @inlinable @inline(__always)
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<written])) }
  }

  /// Makes room for `capacity` bytes in all, so that appending up to there copies nothing
  /// more. The room's pages are not touched until bytes land there.
  public mutating func reserveCapacity(_ capacity: Int) {
    if capacity > storage.count { resize(to: capacity) }
  }

  /// Makes room for `needed` bytes in all, at least doubling.
  @usableFromInline
  mutating func grow(toAtLeast needed: Int) {
    resize(to: max(needed, storage.count * 2, initialCapacity))
  }

  /// A new array of `size` bytes holding the bytes written, the rest of it claimed but
  /// unwritten.
  private mutating func resize(to size: Int) {
    let count = written
    storage = storage.withUnsafeBufferPointer { old in
      [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: old.baseAddress!, byteCount: count) }
        initialized = size
      }
    }
  }
}
