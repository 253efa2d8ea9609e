internal import CIGraph

extension IGraph {
  /// Personalised PageRank (Page, Brin et al. 1999; Haveliwala 2002) on a weighted directed
  /// graph, through igraph's PRPACK solver: the stationary distribution of a walk that
  /// follows out-edges in proportion to their weight and, with probability 1 − damping,
  /// jumps back to a vertex drawn from `reset`. Deterministic (no random numbers).
  ///
  /// - Parameters:
  ///   - vertexCount: vertices are `0..<vertexCount`.
  ///   - edges: directed (from, to) pairs, flattened.
  ///   - weights: one positive weight per edge.
  ///   - reset: the restart distribution, one non-negative value per vertex (not all zero).
  ///   - damping: the probability of following an edge (0.85 by convention).
  /// - Returns: one score per vertex, summing to 1.
  public static func personalizedPageRank(
    vertexCount: Int, edges: [Int64], weights: [Double], reset: [Double], damping: Double = 0.85
  ) throws(IGraphError) -> [Double] {
    precondition(edges.count == weights.count * 2 && reset.count == vertexCount)
    if vertexCount == 0 { return [] }
    return try locked { () throws(IGraphError) -> [Double] in
      try withGraph(vertexCount: vertexCount, edges: edges, directed: true) {
        (graph) throws(IGraphError) -> [Double] in
        var result = igraph_vector_t()
        try check(igraph_vector_init(&result, 0), "igraph_vector_init")
        defer { igraph_vector_destroy(&result) }
        var value: igraph_real_t = 0
        try weights.withUnsafeBufferPointer { (weightBuffer) throws(IGraphError) in
          try reset.withUnsafeBufferPointer { (resetBuffer) throws(IGraphError) in
            var weightView = igraph_vector_t()
            var resetView = igraph_vector_t()
            _ = igraph_vector_view(&weightView, weightBuffer.baseAddress, igraph_integer_t(weightBuffer.count))
            _ = igraph_vector_view(&resetView, resetBuffer.baseAddress, igraph_integer_t(resetBuffer.count))
            try check(
              igraph_personalized_pagerank(
                graph, IGRAPH_PAGERANK_ALGO_PRPACK, &result, &value, igraph_vss_all(), true, damping,
                &resetView, &weightView, nil),
              "igraph_personalized_pagerank")
          }
        }
        let count = Int(igraph_vector_size(&result))
        guard count > 0, let start = result.stor_begin else { return [] }
        return (0..<count).map { start[$0] }
      }
    }
  }
}
