/// Disjoint sets over `0..<count` with path halving and union by size.
struct UnionFind {
  private var parent: [Int32]
  private var size: [Int32]

  init(count: Int) {
    parent = (0..<count).map(Int32.init)
    size = [Int32](repeating: 1, count: count)
  }

  mutating func find(_ x: Int32) -> Int32 {
    var x = x
    while parent[Int(x)] != x {
      parent[Int(x)] = parent[Int(parent[Int(x)])]
      x = parent[Int(x)]
    }
    return x
  }

  mutating func union(_ a: Int32, _ b: Int32) {
    var ra = find(a), rb = find(b)
    guard ra != rb else { return }
    if size[Int(ra)] < size[Int(rb)] { swap(&ra, &rb) }
    parent[Int(rb)] = ra
    size[Int(ra)] += size[Int(rb)]
  }

  /// The set of every element, numbered 0, 1, … in order of each set's smallest element
  /// (the numbering igraph's connected components use).
  mutating func labels() -> [Int] {
    var labelOfRoot = [Int32](repeating: -1, count: parent.count)
    var labels = [Int](repeating: 0, count: parent.count)
    var next: Int32 = 0
    for element in 0..<parent.count {
      let root = Int(find(Int32(element)))
      if labelOfRoot[root] < 0 {
        labelOfRoot[root] = next
        next += 1
      }
      labels[element] = Int(labelOfRoot[root])
    }
    return labels
  }
}
