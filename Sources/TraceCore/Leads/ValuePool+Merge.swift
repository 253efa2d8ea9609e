import CMemoryHints
import Foundation

extension ValuePool {
  /// Pools joined into one on every core, with the ids that interning every value of
  /// `pools[0]`, then every value of `pools[1]`, and so on, one by one into an empty pool
  /// gives: pool 0's values keep their ids, and each later value gets the id of the equal
  /// value before it or else the next new id. Each pool's values must be distinct, as
  /// interning makes them (not an `appendingOnly` pool).
  ///
  /// The merged pool has no table of its own: it looks values up in the tables of `pools`
  /// (`MergedLookup`) until a value is added to it. Merged value by value into one large
  /// table, as files were before, each value was a probe of that table (at a million leads,
  /// four million probes of a 128 MB table, each a cache and TLB miss, most on one core),
  /// and every page of the table was a fresh page fault. See `PoolMerge` for how repeats are
  /// found instead.
  ///
  /// - Returns: the merged pool, and `remap`: `remap[starts[p] + id]` is the merged id of
  ///   value `id` of `pools[p]`.
  static func merged(_ pools: [ValuePool]) -> (pool: ValuePool, remap: [Int32], starts: [Int]) {
    PoolMerge.views(of: pools[...], []) { views in
      PoolMerge(pools: pools, views: views).run()
    }
  }
}

/// A pool's storage through pointers, for the threads of `PoolMerge`.
struct PoolView: @unchecked Sendable {
  /// The bytes written (`ByteBuffer.withUnsafeBufferPointer`), not the room after them.
  let arena: UnsafeBufferPointer<UInt8>
  let spans: UnsafeBufferPointer<Span>
  let hashes: UnsafeBufferPointer<UInt64>
  let slots: UnsafeBufferPointer<Slot>
}

/// The steps of `ValuePool.merged(_:)`.
///
/// Every value of every pool is a *ref*, `starts[p] + id` (a pool's id 0, the empty value,
/// is a ref too, never new). A table's first slot for a value is the top bits of its hash,
/// so in every pool's table the values whose hashes start with the same few bits (a
/// *shard*) lie in one run of slots. Shard by shard, on every core, the values of every
/// pool in the shard are read from those runs, and the repeats among them found in a small
/// table of their own, in cache (`RepeatFinder`). Then the values are numbered in ref order,
/// on every core. The merged arena is the pools' arenas end to end: a repeated value's bytes
/// stay there unused (a fifth of them at a million leads), which costs less than copying
/// value by value.
struct PoolMerge: @unchecked Sendable {
  let pools: [ValuePool]
  let views: [PoolView]
  let starts: [Int]
  /// Where each pool's bytes start in the merged arena.
  let arenaStarts: [Int]
  let refCount: Int
  /// The number of shards, as a power of two.
  let shardBits: Int
  var shardCount: Int { 1 << shardBits }

  /// About this many values a shard: their repeat finder's table and values stay in cache.
  static let valuesPerShard = 4096
  /// Refs are numbered in chunks of this many, side by side.
  static let chunkLength = 1 << 16

  init(pools: [ValuePool], views: [PoolView]) {
    self.pools = pools
    self.views = views
    var starts = [0], arenaStarts = [0]
    for pool in pools {
      starts.append(starts.last! + pool.count)
      arenaStarts.append(arenaStarts.last! + pool.arenaSize)
    }
    self.starts = starts
    self.arenaStarts = arenaStarts
    refCount = starts.last!
    precondition(refCount < Int(Int32.max), "value pools above 2^31 values")
    precondition(arenaStarts.last! < Int(Int32.max), "value pool above 2 GiB")
    var bits = 0
    while (refCount >> bits) > Self.valuesPerShard, bits < 20 { bits += 1 }
    shardBits = bits
  }

  /// Calls `body` with views of every pool's storage.
  static func views<R>(of pools: ArraySlice<ValuePool>, _ views: [PoolView], _ body: ([PoolView]) -> R) -> R {
    guard let pool = pools.first else { return body(views) }
    return pool.arena.withUnsafeBufferPointer { arena in
      pool.spans.withUnsafeBufferPointer { spans in
        pool.hashes.withUnsafeBufferPointer { hashes in
          pool.slots.withUnsafeBufferPointer { slots in
            Self.views(
              of: pools.dropFirst(), views + [PoolView(arena: arena, spans: spans, hashes: hashes, slots: slots)], body)
          }
        }
      }
    }
  }

  func run() -> (pool: ValuePool, remap: [Int32], starts: [Int]) {
    let repeatOf = repeats()
    let (remap, spans, hashes) = numbered(repeatOf: repeatOf, newBefore: newBeforeChunks(repeatOf: repeatOf))
    var arena = ByteBuffer()
    arena.storage = joinedArenas()
    arena.written = arenaStarts.last!
    let lookup = MergedLookup(
      sources: pools.indices.map {
        MergedLookup.Source(slots: pools[$0].slots, arenaStart: Int32(arenaStarts[$0]), firstRef: starts[$0])
      }, remap: remap)
    return (ValuePool(arena: arena, spans: spans, hashes: hashes, mergedFrom: lookup), remap, starts)
  }

  /// The shard of the value whose slot holds `key` (its hash's top bits are the key's).
  @inline(__always)
  func shard(ofKey key: UInt64) -> Int { shardBits == 0 ? 0 : Int(truncatingIfNeeded: key >> UInt64(64 - shardBits)) }

  /// The ref of a gathered value.
  @inline(__always)
  func ref(of value: ShardValues.Value) -> Int {
    starts[Int(value.pool)] + Int(Slot(key: value.key).id)
  }

  /// For every ref equal to a ref before it, the first such ref + 1; 0 for the rest.
  func repeats() -> [Int32] {
    var repeatOf = [Int32](repeating: 0, count: refCount)
    // Groups of shards, enough of them for the cores to finish together.
    let groups = min(shardCount, 64)
    repeatOf.withUnsafeMutableBufferPointer { buffer in
      let repeatOf = SharedMutableBuffer(buffer)
      DispatchQueue.concurrentPerform(iterations: groups) { group in
        let finder = RepeatFinder()
        for shard in (group * shardCount / groups)..<((group + 1) * shardCount / groups) {
          finder.findRepeats(inShard: shard, of: self, into: repeatOf.buffer)
        }
      }
    }
    return repeatOf
  }

  var chunkCount: Int { (refCount + Self.chunkLength - 1) / Self.chunkLength }

  /// Calls `body` with every ref of chunk `chunk`, in order, with its pool and id.
  @inline(__always)
  func forEachRef(inChunk chunk: Int, _ body: (_ ref: Int, _ pool: Int, _ id: Int) -> Void) {
    let end = min((chunk + 1) * Self.chunkLength, refCount)
    var ref = chunk * Self.chunkLength
    var pool = starts.lastIndex { $0 <= ref }!
    while ref < end {
      while starts[pool + 1] <= ref { pool += 1 }
      let segmentEnd = min(end, starts[pool + 1])
      for next in ref..<segmentEnd { body(next, pool, next - starts[pool]) }
      ref = segmentEnd
    }
  }

  /// Per chunk of refs, how many new values come before it; last, how many in all.
  func newBeforeChunks(repeatOf: [Int32]) -> [Int] {
    let counts = Array(0..<chunkCount).parallelMap(serialBelow: 2) { chunk in
      var count = 0
      forEachRef(inChunk: chunk) { ref, _, id in
        if id != 0, repeatOf[ref] == 0 { count += 1 }
      }
      return count
    }
    var newBefore = [0]
    for count in counts { newBefore.append(newBefore.last! + count) }
    return newBefore
  }

  /// The merged id of every ref (`remap`), and the merged pool's spans and hashes by id.
  /// New values are numbered chunk by chunk, side by side; then each repeat takes the id of
  /// its first.
  func numbered(repeatOf: [Int32], newBefore: [Int]) -> (remap: [Int32], spans: [Span], hashes: [UInt64]) {
    let count = newBefore.last! + 1
    var spans = [Span](), hashes = [UInt64]()
    let remap = [Int32](unsafeUninitializedCapacity: refCount) { remap, remapCount in
      let remap = SharedMutableBuffer(remap)
      spans = [Span](unsafeUninitializedCapacity: count) { spans, spansCount in
        let spans = SharedMutableBuffer(spans)
        hashes = [UInt64](unsafeUninitializedCapacity: count) { hashes, hashesCount in
          let hashes = SharedMutableBuffer(hashes)
          spans.buffer[0] = Span(offset: 0, length: 0)
          hashes.buffer[0] = 0
          repeatOf.withUnsafeBufferPointer { repeatOf in
            let repeatOf = SharedBuffer(repeatOf)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
              var next = newBefore[chunk] + 1
              forEachRef(inChunk: chunk) { ref, pool, id in
                if id == 0 {
                  remap.buffer[ref] = 0
                } else if repeatOf[ref] == 0 {
                  let span = views[pool].spans[id]
                  remap.buffer[ref] = Int32(next)
                  spans.buffer[next] = Span(offset: Int32(arenaStarts[pool]) + span.offset, length: span.length)
                  hashes.buffer[next] = views[pool].hashes[id]
                  next += 1
                }
              }
            }
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
              forEachRef(inChunk: chunk) { ref, _, _ in
                let first = repeatOf[ref]
                if first != 0 { remap.buffer[ref] = remap.buffer[Int(first) - 1] }
              }
            }
          }
          hashesCount = count
        }
        spansCount = count
      }
      remapCount = refCount
    }
    return (remap, spans, hashes)
  }

  /// The pools' arenas end to end, copied on every core.
  func joinedArenas() -> [UInt8] {
    let total = arenaStarts.last!, piece = 1 << 20
    let pieces = views.indices.flatMap { pool in
      stride(from: 0, to: views[pool].arena.count, by: piece).map { (pool: pool, start: $0) }
    }
    return [UInt8](unsafeUninitializedCapacity: total) { bytes, initialized in
      let bytes = SharedMutableBuffer(bytes)
      DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
        let (pool, start) = pieces[index]
        let arena = views[pool].arena, count = min(piece, arena.count - start)
        UnsafeMutableRawPointer(bytes.buffer.baseAddress! + arenaStarts[pool] + start)
          .copyMemory(from: arena.baseAddress! + start, byteCount: count)
      }
      initialized = total
    }
  }
}

/// Looks values of a merged pool up in the tables of the pools it was merged from, which
/// place values by the same hash, comparing bytes in the merged arena (where each pool's
/// arena starts at its `arenaStart`); a value found is named by its merged id.
final class MergedLookup: Sendable {
  struct Source: Sendable {
    let slots: [Slot]
    let arenaStart: Int32
    /// The ref of the pool's id 0 (`PoolMerge`): its id `i` is merged id `remap[firstRef + i]`.
    let firstRef: Int
  }

  let sources: [Source]
  let remap: [Int32]

  init(sources: [Source], remap: [Int32]) {
    self.sources = sources
    self.remap = remap
  }

  /// The merged id of `bytes` (non-empty, of hash `hash`), if one of the pools held it.
  func id(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, arena: ByteBuffer) -> Int32? {
    arena.storage.withUnsafeBufferPointer { arena in
      for source in sources {
        let found = source.slots.withUnsafeBufferPointer { slots in
          ValuePool.probe(
            bytes, hash: hash, in: slots, arena: UnsafeRawPointer(arena.baseAddress! + Int(source.arenaStart))
          ).found
        }
        if let found { return remap[source.firstRef + Int(found)] }
      }
      return nil
    }
  }
}

/// The values of one shard, gathered from every pool's table, pool by pool (so the first of
/// equal values comes first), into room kept from shard to shard.
final class ShardValues {
  struct Value {
    var key: UInt64
    var span: Span
    var pool: Int32
  }

  private(set) var values: UnsafeMutablePointer<Value>
  private(set) var count = 0
  private var capacity = 1 << 13

  init() { values = .allocate(capacity: capacity) }

  deinit { values.deallocate() }

  /// Gathers the values of shard `shard`: from each pool's table, the shard's run of slots,
  /// and on from its end to the first empty slot (values that probing pushed past it).
  func gather(shard: Int, of merge: PoolMerge) {
    count = 0
    for pool in merge.views.indices {
      let slots = merge.views[pool].slots, bits = slots.count.trailingZeroBitCount
      guard merge.shardBits > 0, bits >= merge.shardBits else {
        // A table of fewer slots than there are shards: all of it.
        copy(slots, 0..<slots.count, shard: shard, pool: pool, merge)
        continue
      }
      let low = shard << (bits - merge.shardBits), high = (shard + 1) << (bits - merge.shardBits)
      copy(slots, low..<high, shard: shard, pool: pool, merge)
      var index = high & (slots.count - 1)
      while index != low, slots[index].key != 0 {
        copy(slots, index..<index + 1, shard: shard, pool: pool, merge)
        index = (index + 1) & (slots.count - 1)
      }
    }
  }

  /// Adds the values of shard `shard` among `slots[range]`. Every slot is written and the
  /// count moves past it only if it belongs: no branch per slot, half of them empty.
  @inline(__always)
  private func copy(_ slots: UnsafeBufferPointer<Slot>, _ range: Range<Int>, shard: Int, pool: Int, _ merge: PoolMerge) {
    while count + range.count > capacity { grow() }
    var count = self.count
    let values = self.values, pool = Int32(pool)
    for index in range {
      let slot = slots[index]
      values[count] = Value(key: slot.key, span: slot.span, pool: pool)
      count &+= (slot.key != 0 ? 1 : 0) & (merge.shard(ofKey: slot.key) == shard ? 1 : 0)
    }
    self.count = count
  }

  private func grow() {
    let larger = UnsafeMutablePointer<Value>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: values, count: count)
    values.deallocate()
    values = larger
    capacity *= 2
  }
}

/// Room for `count` plain values (never deinitialised), kept and grown from use to use.
final class Scratch<Element> {
  private var base = UnsafeMutablePointer<Element>.allocate(capacity: 0)
  private var capacity = 0

  /// Room for at least `count` elements; what it held before is lost if it grew.
  func room(_ count: Int) -> UnsafeMutablePointer<Element> {
    if count > capacity {
      base.deallocate()
      capacity = max(count, capacity * 2)
      base = .allocate(capacity: capacity)
    }
    return base
  }

  deinit { base.deallocate() }
}

/// Finds the repeats among one shard's values (`ShardValues`), with room kept from shard to
/// shard.
///
/// Values of equal hash tags and lengths are chained together as they are met, and only
/// then are bytes compared, loaded a few pairs ahead: compared as they were met, each repeat
/// waited on two cache misses in the pools' arenas (80 % of this step).
final class RepeatFinder {
  private let values = ShardValues()
  private let table = Scratch<Int32>()
  /// Per value, the next value of its chain and, for a chain's first value, its last.
  private let next = Scratch<Int32>(), last = Scratch<Int32>()
  /// Per value that joined a chain, the value it repeats, or -1 if it is new.
  private let repeated = Scratch<Int32>()
  /// (value, first value of its chain), in the order met.
  private let pairs = Scratch<(value: Int32, head: Int32)>()

  func findRepeats(inShard shard: Int, of merge: PoolMerge, into repeatOf: UnsafeMutableBufferPointer<Int32>) {
    values.gather(shard: shard, of: merge)
    if values.count == 0 { return }
    let pairCount = chain()
    if pairCount == 0 { return }
    compare(pairCount, merge)
    let values = values.values, pairs = pairs.room(pairCount), repeated = repeated.room(self.values.count)
    for pair in 0..<pairCount {
      let value = Int(pairs[pair].value), first = Int(repeated[value])
      if first >= 0 { repeatOf[merge.ref(of: values[value])] = Int32(merge.ref(of: values[first]) + 1) }
    }
  }

  /// Chains the values of equal tags and lengths, and lists each value that joins a chain:
  /// how many did.
  private func chain() -> Int {
    let values = values.values, count = self.values.count
    var size = 16
    while size < count * 2 { size <<= 1 }
    let mask = size - 1
    let table = table.room(size), next = next.room(count), last = last.room(count), pairs = pairs.room(count)
    table.update(repeating: 0, count: size)
    var pairCount = 0
    for index in 0..<count {
      let value = values[index], tag = value.key & Slot.tagMask
      next[index] = -1
      // The tag's low bits: its top bits are the shard's, the same for every value here.
      var slot = Int(truncatingIfNeeded: value.key >> 32) & mask
      while true {
        let head = Int(table[slot]) - 1
        if head < 0 {
          table[slot] = Int32(index + 1)
          last[index] = Int32(index)
          break
        }
        if values[head].key & Slot.tagMask == tag, values[head].span.length == value.span.length {
          next[Int(last[head])] = Int32(index)
          last[head] = Int32(index)
          pairs[pairCount] = (Int32(index), Int32(head))
          pairCount += 1
          break
        }
        slot = (slot + 1) & mask
      }
    }
    return pairCount
  }

  /// Decides each value that joined a chain: a repeat of the chain's first value when their
  /// bytes are equal (nearly always), else of the first new value before it in the chain
  /// that is, else new.
  private func compare(_ pairCount: Int, _ merge: PoolMerge) {
    let values = values.values, pairs = pairs.room(pairCount), next = next.room(self.values.count)
    let repeated = repeated.room(self.values.count)
    func bytes(_ value: Int) -> UnsafeRawPointer {
      UnsafeRawPointer(merge.views[Int(values[value].pool)].arena.baseAddress!) + Int(values[value].span.offset)
    }
    func same(_ a: Int, _ b: Int) -> Bool { ValuePool.sameBytes(bytes(a), bytes(b), Int(values[a].span.length)) }
    let distance = 8
    for index in 0..<pairCount {
      if index + distance < pairCount {
        cmemoryhints_prefetch(bytes(Int(pairs[index + distance].value)))
        cmemoryhints_prefetch(bytes(Int(pairs[index + distance].head)))
      }
      let (value, head) = (Int(pairs[index].value), Int(pairs[index].head))
      if same(value, head) {
        repeated[value] = Int32(head)
        continue
      }
      repeated[value] = -1
      var earlier = Int(next[head])
      while earlier != value {
        if repeated[earlier] < 0, same(value, earlier) {
          repeated[value] = Int32(earlier)
          break
        }
        earlier = Int(next[earlier])
      }
    }
  }
}
