/// Personalised PageRank for the ranker: small graphs solved here, exactly as igraph solves
/// them, larger ones by igraph.
///
/// igraph's PRPACK backend solves a graph of fewer than 128 vertices directly, by Gaussian
/// elimination on the dense system (I − d·P) x = v, and normalises x to sum to 1. Almost every
/// ring is that small, and there are tens of thousands of rings: through igraph each one built
/// an igraph graph under igraph's process-wide lock, so the rings ranked on two cores queued
/// for it, and none could be ranked while Leiden held it. `personalized` repeats PRPACK's
/// arithmetic operation for operation (the same normalisation of weights, the same matrix,
/// the same elimination order, the same compensated sum), so its scores are igraph's to the
/// last bit; `PageRankTests` checks that on random graphs.
enum PageRank {
  /// Graphs with fewer vertices than this are solved here; PRPACK's threshold for its dense
  /// Gaussian elimination.
  static let denseLimit = 128

  /// Personalised PageRank of a weighted directed graph; see
  /// `IGraph.personalizedPageRank(vertexCount:edges:weights:reset:damping:)`, whose results
  /// this returns bit for bit.
  static func personalized(
    vertexCount: Int, edges: [Int64], weights: [Double], reset: [Double], damping: Double = 0.85
  ) throws(IGraphError) -> [Double] {
    if vertexCount >= denseLimit {
      return try IGraph.personalizedPageRank(
        vertexCount: vertexCount, edges: edges, weights: weights, reset: reset, damping: damping)
    }
    return dense(vertexCount: vertexCount, edges: edges, weights: weights, reset: reset, damping: damping)
  }

  /// PRPACK's "ge" method with igraph's preparation, for a graph of fewer than 128 vertices
  /// with non-negative weights and a non-zero reset vector.
  static func dense(
    vertexCount n: Int, edges: [Int64], weights: [Double], reset: [Double], damping alpha: Double
  ) -> [Double] {
    precondition(n < denseLimit && edges.count == weights.count * 2 && reset.count == n)
    if n == 0 { return [] }
    // igraph hands PRPACK the edges in order of their target, then source, then id, leaving
    // out those of weight zero; PRPACK sums each source's weights in that order and scales
    // them by the reciprocal of the sum.
    let order = weights.indices.filter { weights[$0] != 0 }.sorted { a, b in
      let (ta, tb) = (edges[2 * a + 1], edges[2 * b + 1])
      if ta != tb { return ta < tb }
      let (fa, fb) = (edges[2 * a], edges[2 * b])
      return fa != fb ? fa < fb : a < b
    }
    var strength = [Double](repeating: 0, count: n)
    for edge in order { strength[Int(edges[2 * edge])] += weights[edge] }
    for vertex in 0..<n { strength[vertex] = 1 / strength[vertex] }
    // The column-stochastic matrix (row: target, column: source), then A = I − αM.
    var matrix = [Double](repeating: 0, count: n * n)
    for edge in order {
      let source = Int(edges[2 * edge]), target = Int(edges[2 * edge + 1])
      matrix[target * n + source] += weights[edge] * strength[source]
    }
    for index in matrix.indices { matrix[index] = -alpha * matrix[index] }
    for index in stride(from: 0, to: n * n, by: n + 1) { matrix[index] += 1 }
    var resetSum = 0.0
    for value in reset { resetSum += value }
    var x = reset.map { $0 / resetSum }
    matrix.withUnsafeMutableBufferPointer { a in
      x.withUnsafeMutableBufferPointer { b in eliminate(n, a, b) }
    }
    // Normalised with a compensated sum, scaled by the sum's reciprocal.
    var norm = 0.0, carry = 0.0
    for value in x {
      let y = value - carry
      let t = norm + y
      carry = t - norm - y
      norm = t
    }
    let scale = 1 / norm
    for index in x.indices { x[index] *= scale }
    return x
  }

  /// Gaussian elimination without pivoting, row by row, then back substitution: PRPACK's
  /// `ge`. Solves a·x = b in place (b becomes x).
  private static func eliminate(_ n: Int, _ a: UnsafeMutableBufferPointer<Double>, _ b: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<n {
      let row = i * n
      for k in 0..<i where a[row + k] != 0 {
        let pivotRow = k * n
        let coefficient = a[row + k] / a[pivotRow + k]
        a[row + k] = 0
        for j in (k + 1)..<max(k + 1, n) { a[row + j] -= coefficient * a[pivotRow + j] }
        b[i] -= coefficient * b[k]
      }
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      let row = i * n
      for j in (i + 1)..<max(i + 1, n) { b[i] -= a[row + j] * b[j] }
      b[i] /= a[row + i]
    }
  }
}
