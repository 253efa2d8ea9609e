/// Interns cell values: every distinct value is stored once and named by an `Int32` id.
///
/// Leads hold ids, not strings, so memory grows with the number of distinct values rather
/// than with file size, and every per-value step (validation, normalisation) runs once per
/// distinct value. Values are looked up by their UTF-8 bytes in an open-addressing table, so
/// the hot path never creates a `String` for a value it has seen before.
///
/// Values are kept only as bytes in one arena; `pool[id]` makes the `String` when asked.
/// Most values (lead ids, waybills, listing URLs) are unique per row and only ever copied to
/// the outputs, so building a `String` for each as it is read cost a heap object per value:
/// at a million leads, hundreds of megabytes and a tenth of the read time.
///
/// Id 0 is always the empty string.
public struct ValuePool: Sendable {
  // The arena and spans are readable from other modules' inlined code (`withBytes`: the
  // report reads a hundred thousand cells a page through it); only the pool changes them.
  /// The values' bytes end to end. A `ByteBuffer`, not an `Array`: appending each short
  /// value to an array cost over a hundred instructions (callgrind: 2.3 million values at
  /// 200k leads, 1.5 % of the whole analysis).
  @usableFromInline private(set) var arena = ByteBuffer()
  /// Where each value's bytes are in the arena. Offset and length side by side: a lookup
  /// that compares bytes misses the cache once for both, not once for each.
  @usableFromInline private(set) var spans: [Span] = [Span(offset: 0, length: 0)]
  private(set) var hashes: [UInt64] = [0]  // kept for rehashing
  /// Open addressing: each slot holds the value's upper hash bits, its id + 1 (0: empty) and
  /// where its bytes are, so a probe touches one cache line of the table and then the bytes
  /// it compares, on a hash match only. (With the span looked up by id in `spans`, a hit
  /// missed the cache three times one after the other, not twice.) The upper bits' top
  /// ones are the slot's own (`shift`), so they tell values of nearby slots apart by the
  /// rest: 11 bits in a table of 2 million slots, a needless byte comparison once in 2048.
  private(set) var slots: [Slot]
  private var mask: Int
  /// A value's first slot is the top bits of its hash (`home(_:)`): 64 minus this many.
  /// The top bits, not the bottom: a table's slots are then in the order of their values'
  /// hashes, and every table's slots for one range of hashes are one run of slots, whatever
  /// the table's size. `PoolMerge` merges pools range by range, reading their tables in order.
  private var shift: Int
  /// Whether each value added is checked to be UTF-8, for text taken to be UTF-8 unchecked
  /// (`LeadSheetReader.delimited`); `sawInvalidUTF8` tells whether one was not.
  var checksUTF8 = false
  private(set) var sawInvalidUTF8 = false
  /// Whether `intern(_:)` adds every value, equal ones again, without looking it up
  /// (`appendingOnly(capacity:)`).
  private var appendsOnly = false
  /// For a pool merged from others (`merged(_:)`), their tables, where its values are looked
  /// up instead of in a table of its own, until a value is added: the merge then builds none
  /// (a 128 MB table at a million leads, and few lookups after it).
  private var mergedFrom: MergedLookup?

  /// A pool sized for about `capacity` values of `arenaCapacity` bytes in all. Reserving
  /// up front matters at a million leads: growing by doubling copied the arena into fresh
  /// pages again and again, and the kernel's zeroing of those pages was a quarter of merging.
  public init(capacity: Int = 1024, arenaCapacity: Int = 0) {
    var size = 16
    while !Self.fits(capacity, in: size) { size <<= 1 }
    slots = [Slot](repeating: Slot(), count: size)
    mask = size - 1
    shift = 64 - size.trailingZeroBitCount
    arena.reserveCapacity(arenaCapacity)
    spans.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
  }

  /// A pool whose `intern(_:)` adds every value as a new one, equal ones again, without
  /// looking it up: for a run of values that is then merged into another pool
  /// (`intern(contentsOf:)`, which finds the equal ones), as `internedInRuns` does. Looked
  /// up in a run's own pool first, the half million address keys of a million leads were
  /// interned twice over, nearly all of them distinct. Such a pool finds no value by its bytes.
  static func appendingOnly(capacity: Int) -> ValuePool {
    var pool = ValuePool(capacity: 0)
    pool.appendsOnly = true
    pool.spans.reserveCapacity(capacity + 1)
    pool.hashes.reserveCapacity(capacity + 1)
    return pool
  }

  /// A pool of parts merged from other pools (`PoolMerge`), its values looked up in theirs.
  init(arena: ByteBuffer, spans: [Span], hashes: [UInt64], mergedFrom: MergedLookup) {
    self.init(capacity: 0)
    self.arena = arena
    self.spans = spans
    self.hashes = hashes
    self.mergedFrom = mergedFrom
  }

  /// Makes room for about `capacity` values of `arenaCapacity` bytes in all, so that adding
  /// them rehashes and copies nothing more.
  public mutating func reserve(capacity: Int, arenaCapacity: Int) {
    var size = slots.count
    while !Self.fits(max(capacity, spans.count), in: size) { size <<= 1 }
    if size > slots.count { rehash(size: size) }
    arena.reserveCapacity(arenaCapacity)
    spans.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
  }

  /// `predicate` of every value's bytes, by id, worked out on every core.
  public func flags(_ predicate: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Bool) -> [Bool] {
    let pool = self
    return [Bool].parallelFill(count: count, chunks: 32) { range, target in
      for id in range { target.initialize(id, to: pool.withBytes(Int32(id), predicate)) }
    }
  }

  /// Bytes of all values together.
  public var arenaSize: Int { arena.count }

  public var count: Int { spans.count }

  /// The value with id `id`.
  public subscript(id: Int32) -> String {
    withBytes(id) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the UTF-8 bytes of value `id`, without making a `String`.
  @inlinable @inline(__always)
  public func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let range = spans[Int(id)].range
    return try arena.storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
  }

  /// Appends the bytes of values `ids` to `bytes`, each followed by its end (`bytes.count`)
  /// in `ends`: the arena and spans opened once for all of them.
  func appendValues(_ ids: ArraySlice<Int32>, to bytes: inout ByteBuffer, ends: inout [Int32]) {
    spans.withUnsafeBufferPointer { spans in
      arena.storage.withUnsafeBufferPointer { arena in
        for id in ids {
          bytes.append(UnsafeBufferPointer(rebasing: arena[spans[Int(id)].range]))
          ends.append(Int32(truncatingIfNeeded: bytes.count))
        }
      }
    }
  }

  /// Whether value `a` sorts before value `b` in `UTF8Order` (as `String.utf8Precedes`),
  /// compared in the arena.
  public func precedes(_ a: Int32, _ b: Int32) -> Bool {
    let (x, y) = (spans[Int(a)].range, spans[Int(b)].range)
    return arena.storage.withUnsafeBufferPointer { arena in
      UTF8Order.precedes(UnsafeBufferPointer(rebasing: arena[x]), UnsafeBufferPointer(rebasing: arena[y]))
    }
  }

  /// The id of `bytes` (UTF-8), adding it if new.
  /// - Complexity: O(length) expected.
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    if bytes.isEmpty { return 0 }
    if appendsOnly { return added(bytes, hash: Self.hash(bytes)).id }
    return intern(bytes, hash: Self.hash(bytes))
  }

  /// The ids of every value of `other` in this pool, adding those that are new. Reuses
  /// `other`'s hashes: merging run pools (`internedInRuns`) hashes nothing again.
  public mutating func intern(contentsOf other: ValuePool) -> [Int32] {
    var ids = [Int32](repeating: 0, count: other.count)
    // The arena's array itself: through `ByteBuffer`'s method, this loop became a closure of
    // its own, retaining on every value.
    other.arena.storage.withUnsafeBufferPointer { arena in
      for id in 1..<other.count {
        // The probe of a value a few places on is started now, and the bytes of one half as
        // far on (its slot has arrived by then): probes are cache misses, and this way they
        // overlap.
        if id + Self.prefetchDistance < other.count { prefetchSlot(other.hashes[id + Self.prefetchDistance]) }
        if id + Self.prefetchDistance / 2 < other.count { prefetchBytes(other.hashes[id + Self.prefetchDistance / 2]) }
        let bytes = UnsafeBufferPointer(rebasing: arena[other.spans[id].range])
        ids[id] = intern(bytes, hash: other.hashes[id])
      }
    }
    return ids
  }

  /// How far ahead a batch of probes is started.
  static let prefetchDistance = 12

  /// Starts loading the bytes of the value in the first slot where a value of hash `hash`
  /// is looked up, if its hash bits match: most often the value itself.
  @inline(__always)
  func prefetchBytes(_ hash: UInt64) {
    let entry = slots[home(hash)]
    if entry.key != 0, entry.key & Slot.tagMask == hash & Slot.tagMask {
      arena.storage.prefetch(Int(entry.span.offset))
    }
  }

  /// The slot where a value of hash `hash` is looked up first.
  @inline(__always)
  private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> UInt64(shift)) }

  /// Starts loading the table slot where a value of hash `hash` is looked up.
  @inline(__always)
  func prefetchSlot(_ hash: UInt64) {
    slots.prefetch(home(hash))
  }

  /// Interns the `count` values `value(0)`, `value(1)`, … into `ids` (replacing its
  /// contents). All are hashed and their probes started before the first is looked up, so a
  /// row's cache misses overlap instead of following one another. `value` is called twice
  /// for each index and must give the same bytes both times.
  /// (`DelimitedTextParser.Cursor` runs the same steps itself, on different records: a
  /// record's slots and bytes are loaded a few records before it is interned, with
  /// `prefetchSlot`, `prefetchBytes(_:)` and `intern(_:hash:)`.)
  public mutating func intern(
    count: Int, _ value: (Int) -> UnsafeBufferPointer<UInt8>, into ids: inout [Int32]
  ) {
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { hashes in
      startProbes(count: count, value, hashes: hashes)
      // Then the bytes each first slot points at, once the slots have arrived.
      prefetchBytes(hashes: UnsafeBufferPointer(hashes))
      intern(count: count, value, hashes: UnsafeBufferPointer(hashes), into: &ids)
    }
  }

  /// The first step of interning a batch: hashes the values `value(0)`, `value(1)`, … into
  /// `hashes` (0 for an empty value) and starts loading the table slot of each. Reads only;
  /// if the pool changes before the last step, this loading was merely wasted.
  @inline(__always)
  private func startProbes(
    count: Int, _ value: (Int) -> UnsafeBufferPointer<UInt8>, hashes: UnsafeMutableBufferPointer<UInt64>
  ) {
    for index in 0..<count {
      let bytes = value(index)
      let hash = bytes.isEmpty ? 0 : Self.hash(bytes)
      hashes[index] = hash
      if !bytes.isEmpty { prefetchSlot(hash) }
    }
  }

  /// The middle step: starts loading the bytes that the slots loaded by `startProbes` point
  /// at. Best run once those slots have arrived, some work later.
  @inline(__always)
  private func prefetchBytes(hashes: UnsafeBufferPointer<UInt64>) {
    for hash in hashes where hash != 0 { prefetchBytes(hash) }
  }

  /// The last step: interns the values hashed by `startProbes` (the same values, with the
  /// `hashes` it wrote) into `ids`, replacing its contents.
  @inline(__always)
  private mutating func intern(
    count: Int, _ value: (Int) -> UnsafeBufferPointer<UInt8>, hashes: UnsafeBufferPointer<UInt64>,
    into ids: inout [Int32]
  ) {
    // Written through a buffer: appended one by one, each id was a uniqueness check.
    if ids.count > count {
      ids.removeLast(ids.count - count)
    } else if ids.count < count {
      ids.append(contentsOf: repeatElement(0, count: count - ids.count))
    }
    ids.withUnsafeMutableBufferPointer { ids in
      for index in 0..<count {
        let bytes = value(index)
        ids[index] = bytes.isEmpty ? 0 : intern(bytes, hash: hashes[index])
      }
    }
  }

  /// The id of `bytes` (UTF-8) if the pool holds it, without adding it.
  public func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    if bytes.isEmpty { return 0 }
    if let mergedFrom { return mergedFrom.id(of: bytes, hash: Self.hash(bytes), arena: arena) }
    return probe(bytes, hash: Self.hash(bytes)).found
  }

  /// The id of `string` if the pool holds it, without adding it.
  public func id(of string: String) -> Int32? {
    var copy = string
    return copy.withUTF8 { id(of: $0) }
  }

  /// Looks `bytes` up: its id, or the empty slot where it belongs.
  @inline(__always)
  private func probe(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (found: Int32?, slot: Int) {
    slots.withUnsafeBufferPointer { slots in
      arena.storage.withUnsafeBufferPointer { arena in
        Self.probe(bytes, hash: hash, in: slots, arena: UnsafeRawPointer(arena.baseAddress!))
      }
    }
  }

  /// Looks `bytes` (non-empty, of hash `hash`) up in the table `slots`, whose spans are
  /// offsets from `arena`: the id in the slot that holds it, or the empty slot where it
  /// belongs. A merged pool looks its values up in its sources' tables this way
  /// (`MergedLookup`), their arenas now parts of its own.
  @inline(__always)
  static func probe(
    _ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, in slots: UnsafeBufferPointer<Slot>, arena: UnsafeRawPointer
  ) -> (found: Int32?, slot: Int) {
    let tag = hash & Slot.tagMask, mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash >> UInt64(64 - slots.count.trailingZeroBitCount))
    while true {
      let entry = slots[slot]
      if entry.key == 0 { return (nil, slot) }
      if entry.key & Slot.tagMask == tag, Int(entry.span.length) == bytes.count,
        Self.sameBytes(arena + Int(entry.span.offset), UnsafeRawPointer(bytes.baseAddress!), bytes.count)
      {
        return (entry.id, slot)
      }
      slot = (slot + 1) & mask
    }
  }

  /// The id of `bytes` (non-empty UTF-8) whose hash (`hash(_:)`) is `hash`, adding it if new.
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
    if let mergedFrom {
      if let found = mergedFrom.id(of: bytes, hash: hash, arena: arena) { return found }
      // A new value: the pool gets a table of its own.
      var size = 16
      while !Self.fits(spans.count + 1, in: size) { size <<= 1 }
      rehash(size: size)
    }
    let tag = hash & Slot.tagMask
    let (found, slot) = probe(bytes, hash: hash)
    if let found { return found }
    let (id, span) = added(bytes, hash: hash)
    slots[slot] = Slot(key: tag | UInt64(id + 1), span: span)
    if !Self.fits(spans.count, in: slots.count) { grow() }
    return id
  }

  /// Adds `bytes`, of hash `hash`, as a new value, without entering it in the table: its
  /// id and where its bytes are.
  @inline(__always)
  private mutating func added(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (id: Int32, span: Span) {
    if checksUTF8, !UTF8Validation.isValid(bytes) { sawInvalidUTF8 = true }
    let id = Int32(spans.count)
    precondition(arena.count + bytes.count < Int(Int32.max), "value pool above 2 GiB")
    let span = Span(offset: Int32(arena.count), length: Int32(bytes.count))
    spans.append(span)
    hashes.append(hash)
    arena.append(bytes)
    return (id, span)
  }

  /// The id of `string`, adding it if new.
  public mutating func intern(_ string: String) -> Int32 {
    var copy = string
    return copy.withUTF8 { intern($0) }
  }

  /// Whether `count` bytes at `a` and `b` are equal, eight at a time, inline: values are
  /// short (most under 48 bytes), and a `memcmp` call cost more than the comparison.
  @inline(__always)
  static func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
      if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
        return false
      }
      i += 8
    }
    while i < count {
      if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
      i += 1
    }
    return true
  }

  private mutating func grow() { rehash(size: slots.count * 2) }

  /// Whether `count` values keep a table of `size` slots at most 60 % full: probes stay short
  /// (linear probing, a few slots of one cache line), and the table of a million leads'
  /// merged pool, sized for the values of all its files, is half what at most 50 % needed.
  static func fits(_ count: Int, in size: Int) -> Bool { count * 5 <= size * 3 }

  private mutating func rehash(size: Int) {
    mergedFrom = nil
    slots = [Slot](repeating: Slot(), count: size)
    mask = size - 1
    shift = 64 - size.trailingZeroBitCount
    for id in 1..<spans.count {
      var slot = home(hashes[id])
      while slots[slot].key != 0 { slot = (slot + 1) & mask }
      slots[slot] = Slot(key: (hashes[id] & Slot.tagMask) | UInt64(id + 1), span: spans[id])
    }
  }

  /// A fast 64-bit hash over 8-byte words (multiply–xorshift, in the style of wyhash).
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return 0 }
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    while i + 8 <= bytes.count {
      let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    // The last 0–7 bytes, as a little-endian word (the first of them in the low bits), read
    // in at most two loads where the value allows, not a byte at a time (a load, shift, or
    // and branch per byte); the word, and so every hash, is the same.
    let remaining = bytes.count - i
    var tail: UInt64 = 0
    if remaining > 0, bytes.count >= 8 {
      // The value's last eight bytes, without those already hashed.
      tail = base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) >> UInt64(8 * (8 - remaining))
    } else if remaining >= 4 {
      let low = UInt64(base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
      let high = UInt64(base.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
      tail = low | (high >> UInt64(8 * (8 - remaining))) << 32
    } else {
      var shift: UInt64 = 0
      while i < bytes.count {
        tail |= UInt64(bytes[i]) << shift
        shift += 8
        i += 1
      }
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    h ^= h >> 32
    return h
  }
}

/// One place of `ValuePool`'s table: the value's upper hash bits and id + 1 (0: empty), and
/// where its bytes are. Sixteen bytes: four to a cache line, never split across two.
struct Slot {
  var key: UInt64 = 0
  var span = Span(offset: 0, length: 0)

  /// The bits of `key` that are the value's hash's upper bits.
  static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

  /// The id of the value in the slot (its key's low bits are the id + 1).
  var id: Int32 { Int32(truncatingIfNeeded: key & 0xFFFF_FFFF) - 1 }
}

/// Where a value's bytes are in `ValuePool`'s arena.
@usableFromInline
struct Span: Sendable {
  @usableFromInline var offset: Int32
  @usableFromInline var length: Int32

  @usableFromInline init(offset: Int32, length: Int32) {
    self.offset = offset
    self.length = length
  }

  @inlinable var range: Range<Int> { Int(offset)..<Int(offset) + Int(length) }
}

#if canImport(Glibc)
  import Glibc
#endif
