import Testing
@testable import TraceCore

@Suite struct ParallelMapTests {
  @Test func sameAsMapForEveryCount() {
    for count in 0..<70 {
      let values = Array(0..<count)
      #expect(values.parallelMap(serialBelow: 2) { $0 * 3 } == values.map { $0 * 3 }, "count \(count)")
    }
    let large = Array(0..<5000)
    #expect(large.parallelMap { $0 &+ 1 } == large.map { $0 &+ 1 })
  }
}

@Suite struct ParallelSortTests {
  @Test func sameAsSortedForEveryCount() {
    var generator = SplitMix64(seed: 7)
    for count in 0..<300 {
      let values = (0..<count).map { _ in Int(generator.next() % 50) }
      // Ties on the first component must keep input order, as `sorted(by:)` does.
      let pairs = values.enumerated().map { [$0.element, $0.offset] }
      let sorted = pairs.sorted { $0[0] < $1[0] }
      #expect(pairs.parallelSorted(serialBelow: 2) { $0[0] < $1[0] } == sorted, "count \(count)")
    }
  }

  @Test func largeInputSortsOnEveryCore() {
    var generator = SplitMix64(seed: 3)
    let values = (0..<200_000).map { _ in generator.next() }
    #expect(values.parallelSorted(by: <) == values.sorted())
  }
}

@Suite struct IntMapTests {
  @Test func behavesLikeADictionary() {
    var map = IntMap(capacity: 4)
    var reference: [UInt64: Int32] = [:]
    var generator = SplitMix64(seed: 5)
    for step in 0..<20_000 {
      // Small keys collide often; 0 and UInt64.max are ordinary keys.
      let edgeKeys: [UInt64] = [0, .max]
      let key: UInt64 = step % 3 == 0 ? generator.next() % 64 : (step % 7 == 0 ? edgeKeys[step % 2] : generator.next())
      let value = Int32(truncatingIfNeeded: generator.next())
      #expect(map[key] == reference[key])
      map[key] = value
      reference[key] = value
    }
    #expect(map.count == reference.count)
    for (key, value) in reference { #expect(map[key] == value) }
    #expect(map[12345678901] == reference[12345678901])
  }
}
