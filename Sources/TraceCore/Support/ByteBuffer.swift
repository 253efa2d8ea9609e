/// Bytes built up by appending, at the cost of a copy per append.
///
/// The JSON and CSV writers append millions of short runs (a member name, a number, a
/// quoted key). `Array.append(contentsOf:)` checked uniqueness and capacity and went through
/// the generic copy for each, over a hundred instructions a run (callgrind: 6.9 million
/// runs at 200k leads, 3 % of the whole analysis). Here the array is made as large as
/// needed ahead of time, its room claimed but left unwritten, and each run is copied in.
public struct ByteBuffer: Sendable {
  /// The bytes written, then room not yet written up to `storage.count`. Only
  /// `storage[..<count]` is ever read.
  @usableFromInline var storage: [UInt8] = []
  /// How many bytes were written.
  public private(set) var count = 0
  private let initialCapacity: Int

  /// A buffer with room for `capacity` bytes before it grows.
  public init(capacity: Int = 0) {
    initialCapacity = max(capacity, 256)
  }

  public var isEmpty: Bool { count == 0 }

  /// The bytes written.
  public var bytes: [UInt8] { Array(storage[..<count]) }

  /// The bytes written, removed from the buffer (which keeps its capacity for the next ones
  /// only if they were few: a large buffer is handed over, not copied).
  public mutating func drain() -> [UInt8] {
    defer { count = 0 }
    if count < 4096 { return bytes }
    storage.removeSubrange(count...)
    defer { storage = [] }
    return storage
  }

  public mutating func append(_ byte: UInt8) {
    if count == storage.count { grow(toAtLeast: count + 1) }
    storage[count] = byte
    count += 1
  }

  public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress else { return }
    if count + bytes.count > storage.count { grow(toAtLeast: count + bytes.count) }
    let at = count
    storage.withUnsafeMutableBufferPointer { ($0.baseAddress! + at).update(from: source, count: bytes.count) }
    count += bytes.count
  }

  public mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  public mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// Calls `body` with the bytes written.
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<count])) }
  }

  /// Makes room for `capacity` bytes in all, so that appending up to there copies nothing
  /// more. The room's pages are not touched until bytes land there.
  public mutating func reserveCapacity(_ capacity: Int) {
    if capacity > storage.count { resize(to: capacity) }
  }

  /// Makes room for `needed` bytes in all, at least doubling.
  private mutating func grow(toAtLeast needed: Int) {
    resize(to: max(needed, storage.count * 2, initialCapacity))
  }

  /// A new array of `size` bytes holding the bytes written, the rest of it claimed but
  /// unwritten.
  private mutating func resize(to size: Int) {
    let written = count
    storage = storage.withUnsafeBufferPointer { old in
      [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        if written > 0 { buffer.baseAddress!.initialize(from: old.baseAddress!, count: written) }
        initialized = size
      }
    }
  }
}
