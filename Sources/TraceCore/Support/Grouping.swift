/// The indexes `0..<keys.count` grouped by their key, with a counting sort: group `g` lists
/// the indexes whose key is `g`, ascending, as a slice of one shared buffer (no array per
/// group). Used wherever leads, stores or addresses are bucketed by a dense integer key.
struct Grouping: Sendable {
  /// Group `g` is `members[start[g]..<start[g + 1]]`.
  let start: [Int]
  let members: [Int32]

  /// - Parameters:
  ///   - keys: each index's group, in `0..<groupCount`.
  ///   - groupCount: how many groups there are (some may be empty).
  init<Keys: Collection>(keys: Keys, groupCount: Int) where Keys.Element: BinaryInteger {
    var start = [Int](repeating: 0, count: groupCount + 1)
    for key in keys { start[Int(key) + 1] += 1 }
    for group in 0..<groupCount { start[group + 1] += start[group] }
    var members = [Int32](repeating: 0, count: keys.count)
    var next = start
    for (index, key) in keys.enumerated() {
      members[next[Int(key)]] = Int32(index)
      next[Int(key)] += 1
    }
    self.start = start
    self.members = members
  }

  /// The indexes in group `group`, ascending.
  subscript(group: Int) -> ArraySlice<Int32> { members[start[group]..<start[group + 1]] }

  /// How many indexes group `group` holds.
  func count(of group: Int) -> Int { start[group + 1] - start[group] }
}
