extension ValuePool {
  /// The positions of `ids`, ordered by the bytes of the values they name (`precedes`: UTF-8
  /// byte order, a prefix first), equal values by position; on every core.
  ///
  /// Each position is sorted together with its value's first 24 bytes as three big-endian
  /// words, so nearly every comparison is on integers in hand. Comparing in the arena instead
  /// (`precedes` through `memcmp`) looked up two offsets, two lengths and two arena places per
  /// comparison, most of them cache misses: sorting a million entity and store keys that way
  /// was a second of a 1M-lead analysis.
  public func positionsSortedByBytes(of ids: [Int32]) -> [Int32] {
    let records = ids.indices.map { position in
      let prefix = prefixWords(ids[position])
      return SortRecord(word0: prefix.0, word1: prefix.1, word2: prefix.2, position: Int32(position))
    }
    let pool = self
    return records.parallelSorted { a, b in
      if a.word0 != b.word0 { return a.word0 < b.word0 }
      if a.word1 != b.word1 { return a.word1 < b.word1 }
      if a.word2 != b.word2 { return a.word2 < b.word2 }
      // The first 24 bytes (zero-padded) are equal: the whole values decide.
      let (x, y) = (ids[Int(a.position)], ids[Int(b.position)])
      if pool.precedes(x, y) { return true }
      if pool.precedes(y, x) { return false }
      return a.position < b.position
    }.map(\.position)
  }

  /// The first 24 bytes of value `id`, zero-padded, as big-endian words: two values whose
  /// words differ are ordered as their words are (a zero pad stands where the shorter value
  /// has ended, and a value sorts after its own prefix).
  private func prefixWords(_ id: Int32) -> (UInt64, UInt64, UInt64) {
    withBytes(id) { bytes in
      var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
      withUnsafeMutableBytes(of: &words) { raw in
        raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes).prefix(24)))
      }
      return (UInt64(bigEndian: words.0), UInt64(bigEndian: words.1), UInt64(bigEndian: words.2))
    }
  }
}

/// A position with the first 24 bytes of its value, for `positionsSortedByBytes`.
private struct SortRecord: Sendable {
  var word0: UInt64, word1: UInt64, word2: UInt64
  var position: Int32
}
