/// Strings kept as bytes and named by number: a `ValuePool` (by id) or `PackedStrings` (by
/// position), which `positionsSortedByBytes` sorts alike.
protocol ByteStrings {
  func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
}

extension ValuePool: ByteStrings {}

extension PackedStrings: ByteStrings {
  func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try withBytes(Int(id), body)
  }
}

extension ByteStrings {
  /// The positions of `ids`, ordered by the bytes of the values they name (`precedes`: UTF-8
  /// byte order, a prefix first), equal values by position; on every core.
  ///
  /// Each position is sorted together with 24 bytes of its value as three big-endian words
  /// and its length, so every comparison is on integers in hand. The positions are first
  /// sorted by their values' first 24 bytes; each run that ties there is then sorted by the
  /// next 24 bytes, and so on, until a run's values have no bytes left, when length decides
  /// (a value before the longer values it is a prefix of). Comparing in the arena instead
  /// (`precedes`) looked up two spans and two arena places per comparison, most of them cache
  /// misses: addresses share their first eight characters (city, district) by the
  /// thousand, and sorting them that way took 0.3 s of a 1M-lead analysis.
  func positionsSortedByBytes(of ids: [Int32]) -> [Int32] {
    var records = ids.indices.map { position in
      SortRecord(
        words: words(of: ids[position], from: 0), length: withBytes(ids[position]) { Int32($0.count) },
        position: Int32(position))
    }
    records = records.parallelSorted(by: SortRecord.wordsThenPosition)
    orderTiedRuns(&records, in: 0..<records.count, ids: ids, comparedUpTo: SortRecord.wordBytes)
    return records.map(\.position)
  }

  /// Orders each run of `records[range]` whose words tie (`range` is sorted by words): their
  /// values are equal on their first `compared` bytes.
  private func orderTiedRuns(
    _ records: inout [SortRecord], in range: Range<Int>, ids: [Int32], comparedUpTo compared: Int
  ) {
    var start = range.lowerBound
    while start < range.upperBound {
      var end = start + 1
      while end < range.upperBound, records[end].sameWords(as: records[start]) { end += 1 }
      if end - start > 1 { orderTie(&records, in: start..<end, ids: ids, comparedUpTo: compared) }
      start = end
    }
  }

  /// Orders `records[range]`, whose values are equal (zero-padded) on their first `compared`
  /// bytes: by the next bytes while any value has more, then by length and position.
  private func orderTie(
    _ records: inout [SortRecord], in range: Range<Int>, ids: [Int32], comparedUpTo compared: Int
  ) {
    guard records[range].contains(where: { Int($0.length) > compared }) else {
      records[range].sort { ($0.length, $0.position) < ($1.length, $1.position) }
      return
    }
    for index in range { records[index].words = words(of: ids[Int(records[index].position)], from: compared) }
    records[range].sort(by: SortRecord.wordsThenPosition)
    orderTiedRuns(&records, in: range, ids: ids, comparedUpTo: compared + SortRecord.wordBytes)
  }

  /// Bytes `offset..<offset + 24` of value `id`, zero-padded past its end, as big-endian
  /// words: two values whose words differ are ordered as their words are.
  private func words(of id: Int32, from offset: Int) -> (UInt64, UInt64, UInt64) {
    withBytes(id) { bytes in
      var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
      guard offset < bytes.count else { return words }
      withUnsafeMutableBytes(of: &words) { raw in
        let next = UnsafeRawBufferPointer(bytes)[offset...].prefix(SortRecord.wordBytes)
        raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: next))
      }
      return (UInt64(bigEndian: words.0), UInt64(bigEndian: words.1), UInt64(bigEndian: words.2))
    }
  }
}

/// A position with 24 bytes of its value and the value's length, for `positionsSortedByBytes`.
private struct SortRecord: Sendable {
  static let wordBytes = 24
  var words: (UInt64, UInt64, UInt64)
  var length: Int32
  var position: Int32

  func sameWords(as other: SortRecord) -> Bool {
    words.0 == other.words.0 && words.1 == other.words.1 && words.2 == other.words.2
  }

  @Sendable static func wordsThenPosition(_ a: SortRecord, _ b: SortRecord) -> Bool {
    if a.words.0 != b.words.0 { return a.words.0 < b.words.0 }
    if a.words.1 != b.words.1 { return a.words.1 < b.words.1 }
    if a.words.2 != b.words.2 { return a.words.2 < b.words.2 }
    return a.position < b.position
  }
}
