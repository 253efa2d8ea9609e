import Testing
@testable import TraceCore

@Suite struct UnionFindTests {
  /// The clusterer's components come from `UnionFind.labels`; they must be igraph's
  /// components, numbered the same way, on any graph.
  @Test(arguments: [1, 2, 3, 4, 5])
  func labelsAreIGraphsComponents(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let vertices = 200 + rng.below(300)
    var edges: [Int64] = []
    var sets = UnionFind(count: vertices)
    for _ in 0..<rng.below(vertices) {
      let a = rng.below(vertices), b = rng.below(vertices)
      edges += [Int64(a), Int64(b)]
      sets.union(Int32(a), Int32(b))
    }
    #expect(sets.labels() == (try IGraph.connectedComponents(vertexCount: vertices, edges: edges)))
  }

  @Test func labelsFollowTheSmallestElement() {
    var sets = UnionFind(count: 6)
    sets.union(4, 1)
    sets.union(5, 3)
    #expect(sets.labels() == [0, 1, 2, 3, 1, 3])
  }
}

@Suite struct GroupingTests {
  @Test func indexesGroupedByKeyAscendingWithEmptyGroups() {
    let groups = Grouping(keys: [2, 0, 2, 3, 0, 2] as [Int32], groupCount: 5)
    #expect(Array(groups[0]) == [1, 4])
    #expect(Array(groups[1]) == [])
    #expect(Array(groups[2]) == [0, 2, 5])
    #expect(Array(groups[3]) == [3])
    #expect(groups.count(of: 4) == 0 && groups.count(of: 2) == 3)
  }
}
