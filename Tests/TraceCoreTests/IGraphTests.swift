import Testing
@testable import TraceCore

@Suite struct IGraphTests {
  @Test func componentsOfAKnownGraph() throws {
    // 0-1-2 path, 3-4 edge, 5 isolated.
    let membership = try IGraph.connectedComponents(vertexCount: 6, edges: [0, 1, 1, 2, 3, 4])
    #expect(membership.count == 6)
    #expect(membership[0] == membership[1] && membership[1] == membership[2])
    #expect(membership[3] == membership[4])
    #expect(Set(membership).count == 3)
  }

  @Test func badInputIsAnErrorNotAnAbort() {
    #expect(throws: IGraphError.self) {
      try IGraph.connectedComponents(vertexCount: 2, edges: [0, -5])
    }
  }

  @Test func theLockMakesParallelCallsSafe() async throws {
    try await withThrowingTaskGroup(of: Int.self) { group in
      for size in 50..<90 {
        group.addTask {
          let edges = (0..<(size - 1)).flatMap { [Int64($0), Int64($0 + 1)] }
          return Set(try IGraph.connectedComponents(vertexCount: size, edges: edges)).count
        }
      }
      for try await count in group { #expect(count == 1) }
    }
  }
}
