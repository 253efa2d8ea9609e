import CMemoryHints

extension Array {
  /// Starts loading the cache line of element `index` (which must be in bounds): a random
  /// access a few iterations ahead is announced this way, so its cache miss overlaps the
  /// work in between instead of stalling it.
  @inline(__always)
  func prefetch(_ index: Int) {
    withUnsafeBufferPointer { cmemoryhints_prefetch($0.baseAddress! + index) }
  }
}

/// How many leads ahead the per-lead loops (deduplication, store keys, the graph build)
/// prefetch what they will look up: far enough for a cache miss to complete in between.
let prefetchLookahead = 8
