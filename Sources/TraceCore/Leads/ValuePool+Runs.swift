extension ValuePool {
  /// Interns several sequences of values, each into a pool of its own, on every core.
  ///
  /// Each sequence is cut into runs of `runLength`; every run of every sequence is made
  /// (`value`) and added to a pool of its own in one parallel loop (added, not looked up:
  /// `appendingOnly`), then each sequence's run pools are merged in order, the sequences side
  /// by side, the merge finding equal values. A sequence's ids are
  /// therefore exactly those of interning its values one by one into an empty pool; only the
  /// work is spread. (Interning the 500,000 address keys of a million leads on one core left
  /// the other idle.)
  ///
  /// - Parameters:
  ///   - counts: how many values each sequence has.
  ///   - value: value `index` of sequence `sequence`, or `nil` for none.
  /// - Returns: per sequence, its pool and each value's id (0 for `nil` or the empty string).
  static func internedInRuns(
    counts: [Int], runLength: Int = 16_384, _ value: @Sendable (_ sequence: Int, _ index: Int) -> String?
  ) -> [(pool: ValuePool, ids: [Int32])] {
    internedInRuns(counts: counts, runLength: runLength) { sequence, index, pool in
      value(sequence, index).map { pool.intern($0) } ?? 0
    }
  }

  /// `internedInRuns` whose values are interned by `intern` itself into the pool it is given
  /// (returning the id, 0 for none): values made as bytes go into the pool without a `String`.
  static func internedInRuns(
    counts: [Int], runLength: Int = 16_384,
    interning intern: @Sendable (_ sequence: Int, _ index: Int, _ pool: inout ValuePool) -> Int32
  ) -> [(pool: ValuePool, ids: [Int32])] {
    var runList: [(sequence: Int, indexes: Range<Int>)] = []
    for (sequence, count) in counts.enumerated() {
      for start in stride(from: 0, to: count, by: runLength) {
        runList.append((sequence, start..<min(start + runLength, count)))
      }
    }
    let runs = runList
    let runPools = runs.parallelMap(serialBelow: 2) { run -> (pool: ValuePool, ids: [Int32]) in
      var pool = ValuePool.appendingOnly(capacity: run.indexes.count)
      let ids = run.indexes.map { index in intern(run.sequence, index, &pool) }
      return (pool, ids)
    }
    return Array(counts.indices).parallelMap(serialBelow: 2) { sequence in
      let mine = runs.indices.filter { runs[$0].sequence == sequence }
      var pool = ValuePool(
        capacity: mine.reduce(0) { $0 + runPools[$1].pool.count },
        arenaCapacity: mine.reduce(0) { $0 + runPools[$1].pool.arenaSize })
      var ids = [Int32](repeating: 0, count: counts[sequence])
      for run in mine {
        let remap = pool.intern(contentsOf: runPools[run].pool)
        for (offset, id) in runPools[run].ids.enumerated() where id != 0 {
          ids[runs[run].indexes.lowerBound + offset] = remap[Int(id)]
        }
      }
      return (pool, ids)
    }
  }
}
