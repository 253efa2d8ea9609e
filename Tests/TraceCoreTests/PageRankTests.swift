import Testing
@testable import TraceCore

@Suite struct PageRankTests {
  /// A random weighted digraph like the ranker's: some vertices restart the walk, some
  /// edges repeat, some vertices have no out-edges.
  static func graph(seed: UInt64, vertices: Int, integerWeights: Bool)
    -> (edges: [Int64], weights: [Double], reset: [Double])
  {
    var rng = SplitMix64(seed: seed)
    var edges: [Int64] = [], weights: [Double] = []
    for _ in 0..<rng.below(vertices * 3) {
      let from = rng.below(vertices), to = rng.below(vertices)
      guard from != to else { continue }
      edges += [Int64(from), Int64(to)]
      weights.append(integerWeights ? Double(1 + rng.below(4)) : 0.1 + rng.unit())
    }
    let reset = (0..<vertices).map { _ in rng.chance(0.4) ? 1.0 : 0 }
    return (edges, weights, reset.contains(1) ? reset : [1] + reset.dropFirst())
  }

  /// The ranker's scores must not depend on which solver ran: the dense solver gives
  /// igraph's (PRPACK's) results bit for bit.
  @Test(arguments: Array(UInt64(1)...24))
  func denseSolverIsIGraphBitForBit(seed: UInt64) throws {
    let vertices = 1 + Int(seed * 5) % (PageRank.denseLimit - 1)
    let (edges, weights, reset) = Self.graph(seed: seed, vertices: vertices, integerWeights: seed % 2 == 0)
    let ours = PageRank.dense(vertexCount: vertices, edges: edges, weights: weights, reset: reset, damping: 0.85)
    let igraph = try IGraph.personalizedPageRank(vertexCount: vertices, edges: edges, weights: weights, reset: reset)
    #expect(ours.map(\.bitPattern) == igraph.map(\.bitPattern))
  }

  @Test func largeGraphsGoToIGraph() throws {
    let vertices = PageRank.denseLimit + 10
    let (edges, weights, reset) = Self.graph(seed: 7, vertices: vertices, integerWeights: true)
    let ours = try PageRank.personalized(vertexCount: vertices, edges: edges, weights: weights, reset: reset)
    let igraph = try IGraph.personalizedPageRank(vertexCount: vertices, edges: edges, weights: weights, reset: reset)
    #expect(ours == igraph)
  }

  /// Three stores all shipped from one party, which names a second one upstream; the walk
  /// restarts at the stores, and the second party, having no way on, sends it back there.
  @Test func chainGathersMassUpstream() throws {
    let ranks = try PageRank.personalized(
      vertexCount: 5, edges: [0, 3, 1, 3, 2, 3, 3, 4], weights: [1, 1, 1, 1], reset: [1, 1, 1, 0, 0])
    #expect(abs(ranks.reduce(0, +) - 1) < 1e-12)
    #expect(ranks[3] > ranks[4] && ranks[4] > 0)
    #expect(abs(ranks[4] - 0.85 * ranks[3]) < 1e-12)
    #expect(ranks[0] == ranks[1] && ranks[1] == ranks[2])
  }
}
