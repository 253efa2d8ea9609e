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
