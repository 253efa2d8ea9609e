internal import CIGraph

extension IGraph {
  /// The weakly connected components of an undirected graph.
  ///
  /// - Parameters:
  ///   - vertexCount: vertices are `0..<vertexCount`; isolated ones are components of their own.
  ///   - edges: endpoint pairs, flattened (`[a0, b0, a1, b1, …]`).
  /// - Returns: the component of each vertex, numbered by igraph in order of first vertex.
  /// - Complexity: O(V + E).
  public static func connectedComponents(vertexCount: Int, edges: [Int64]) throws(IGraphError)
    -> [Int]
  {
    precondition(edges.count % 2 == 0, "edges come in pairs")
    if vertexCount == 0 { return [] }
    return try locked { () throws(IGraphError) -> [Int] in
      try withGraph(vertexCount: vertexCount, edges: edges) {
        (graph) throws(IGraphError) -> [Int] in
        var membership = igraph_vector_int_t()
        try check(igraph_vector_int_init(&membership, 0), "igraph_vector_int_init")
        defer { igraph_vector_int_destroy(&membership) }
        var count: igraph_integer_t = 0
        try check(
          igraph_connected_components(graph, &membership, nil, &count, IGRAPH_WEAK),
          "igraph_connected_components")
        return array(&membership)
      }
    }
  }
}
