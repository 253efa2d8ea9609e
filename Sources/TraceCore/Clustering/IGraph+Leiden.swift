internal import CIGraph

extension IGraph {
  /// Leiden community detection with the modularity objective (Traag, Waltman & van Eck,
  /// "From Louvain to Leiden: guaranteeing well-connected communities", Sci. Rep. 9, 2019),
  /// through igraph 0.10.2's `igraph_community_leiden`.
  ///
  /// igraph's Leiden optimises CPM; modularity is obtained with node weights equal to vertex
  /// strengths and resolution γ / (2m), where m is the total edge weight. igraph 0.10.2 stops
  /// after one iteration when asked to run "until stable" (`n_iterations < 0`), so this runs
  /// passes of 2 iterations, starting from the previous membership, until the quality gains
  /// less than 1e-9 or 10 passes were run.
  ///
  /// - Parameters:
  ///   - vertexCount: vertices are `0..<vertexCount`.
  ///   - edges: endpoint pairs, flattened.
  ///   - weights: one positive weight per edge.
  ///   - resolution: γ; 1 is classic modularity, smaller merges more.
  ///   - seed: seeds igraph's RNG, which decides the order nodes are visited in; the same seed
  ///     and input give the same membership.
  /// - Returns: the community of each vertex (0-based, dense) and the modularity reached.
  public static func leiden(
    vertexCount: Int, edges: [Int64], weights: [Double], resolution: Double = 1, seed: UInt64
  ) throws(IGraphError) -> (membership: [Int], modularity: Double) {
    precondition(edges.count == weights.count * 2, "one weight per edge")
    if vertexCount == 0 { return ([], 0) }
    return try locked { () throws(IGraphError) -> (membership: [Int], modularity: Double) in
      try withGraph(vertexCount: vertexCount, edges: edges) {
        (graph) throws(IGraphError) -> (membership: [Int], modularity: Double) in
        try check(igraph_rng_seed(igraph_rng_default(), igraph_uint_t(seed)), "igraph_rng_seed")
        var strengths = [Double](repeating: 0, count: vertexCount)
        for (index, weight) in weights.enumerated() {
          strengths[Int(edges[2 * index])] += weight
          strengths[Int(edges[2 * index + 1])] += weight
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { return (Array(0..<vertexCount), 0) }
        var membership = igraph_vector_int_t()
        try check(igraph_vector_int_init(&membership, 0), "igraph_vector_int_init")
        defer { igraph_vector_int_destroy(&membership) }
        var quality: igraph_real_t = 0
        var clusters: igraph_integer_t = 0
        try weights.withUnsafeBufferPointer { (weightBuffer) throws(IGraphError) in
          try strengths.withUnsafeBufferPointer { (strengthBuffer) throws(IGraphError) in
            var weightView = igraph_vector_t()
            var strengthView = igraph_vector_t()
            _ = igraph_vector_view(&weightView, weightBuffer.baseAddress, igraph_integer_t(weightBuffer.count))
            _ = igraph_vector_view(&strengthView, strengthBuffer.baseAddress, igraph_integer_t(strengthBuffer.count))
            var previous = -Double.infinity
            for pass in 0..<10 {
              try check(
                igraph_community_leiden(
                  graph, &weightView, &strengthView, resolution / (2 * total), 0.01, pass > 0, 2,
                  &membership, &clusters, &quality),
                "igraph_community_leiden")
              if quality - previous < 1e-9 { break }
              previous = quality
            }
          }
        }
        let result = array(&membership)
        var modularity: igraph_real_t = 0
        try weights.withUnsafeBufferPointer { (weightBuffer) throws(IGraphError) in
          var weightView = igraph_vector_t()
          _ = igraph_vector_view(&weightView, weightBuffer.baseAddress, igraph_integer_t(weightBuffer.count))
          try check(
            igraph_modularity(graph, &membership, &weightView, resolution, false, &modularity),
            "igraph_modularity")
        }
        return (result, modularity)
      }
    }
  }
}
