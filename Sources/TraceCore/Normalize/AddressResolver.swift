/// Resolves near-identical address keys (a typo, a missing district) to one entity.
///
/// Addresses are blocked on their city and their house numbers — two spellings of one
/// warehouse share both — and compared only within a block, never all pairs. Two keys in a
/// block are one place when they differ by one contiguous insertion of at most 6 characters
/// (a district or street-office left out) or by a substitution of at most 2 characters (a
/// typo). Each group resolves to its most frequent key (ties: the smallest).
///
/// - Complexity: O(n) to block, then quadratic only within a block (blocks larger than
///   `maxBlock` are left unmerged rather than compared).
public enum AddressResolver {
  public static let maxBlock = 64

  /// Maps each key that should be merged to its group's canonical key; keys absent map to
  /// themselves.
  public static func canonicalKeys(counts: [String: Int]) -> [String: String] {
    let keys = counts.keys.sorted()
    let canonical = canonicalIndexes(keys: keys, counts: keys.map { counts[$0] ?? 0 })
    var mapping: [String: String] = [:]
    for (index, target) in canonical.enumerated() where target != index { mapping[keys[index]] = keys[target] }
    return mapping
  }

  /// For each of `keys` (distinct normalised address keys, each written `counts[i]` times), the
  /// index of the key its group resolves to: itself when it merges with nothing.
  /// - Complexity: O(n) to block; pairs are compared only within blocks of ≤ `maxBlock`.
  public static func canonicalIndexes(keys: [String], counts: [Int]) -> [Int] {
    // Block keys are pure per address: made and interned on every core (`internedInRuns`).
    // Blocks are told apart by their key's bytes (a `String`-keyed dictionary normalised
    // every key to hash it); members are put in index order by a counting sort.
    let (blockPool, blockOf) = ValuePool.internedInRuns(counts: [keys.count]) { _, index in
      guard let address = PostalAddress(key: keys[index]) else { return nil }
      let numbers = address.numbers
      return numbers.isEmpty ? nil : address.city + "|" + numbers.joined(separator: ",")
    }[0]
    let blocks = Grouping(keys: blockOf, groupCount: blockPool.count)
    // Blocks are independent: compared on every core; each yields (key, canonical) pairs.
    let comparable = (1..<blockPool.count).compactMap { block -> [Int32]? in
      (2...maxBlock).contains(blocks.count(of: block)) ? Array(blocks[block]) : nil
    }
    let merges = comparable.parallelMap(serialBelow: 64) { members in
      mergesWithin(members, keys: keys, counts: counts)
    }
    var canonical = Array(keys.indices)
    for pairs in merges { for (key, target) in pairs { canonical[key] = target } }
    return canonical
  }

  /// The (key, canonical key) pairs of one block's groups of near-identical keys.
  static func mergesWithin(_ members: [Int32], keys: [String], counts: [Int]) -> [(Int, Int)] {
    var parent = Array(members.indices)
    func find(_ i: Int) -> Int {
      var i = i
      while parent[i] != i {
        parent[i] = parent[parent[i]]
        i = parent[i]
      }
      return i
    }
    let chars = members.map { Array(keys[Int($0)]) }
    for i in members.indices {
      for j in (i + 1)..<members.count where nearlyEqual(chars[i], chars[j]) {
        parent[find(j)] = find(i)
      }
    }
    var groups: [Int: [Int]] = [:]
    for i in members.indices { groups[find(i), default: []].append(Int(members[i])) }
    var pairs: [(Int, Int)] = []
    for group in groups.values where group.count >= 2 {
      // The most frequent key (ties: the smallest).
      let target = group.max { a, b in
        counts[a] != counts[b] ? counts[a] < counts[b] : keys[a] > keys[b]
      } ?? group[0]
      for key in group { pairs.append((key, target)) }
    }
    return pairs
  }

  /// One contiguous insertion (≤ 6 characters) or a substitution of ≤ 2 characters.
  static func nearlyEqual(_ a: [Character], _ b: [Character]) -> Bool {
    var prefix = 0
    while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix, suffix < b.count - prefix,
      a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    {
      suffix += 1
    }
    let middleA = a.count - prefix - suffix, middleB = b.count - prefix - suffix
    if min(middleA, middleB) == 0 { return max(middleA, middleB) <= 6 }
    return middleA <= 2 && middleB <= 2
  }
}

extension PostalAddress {
  /// Wraps an already-normalised key.
  init?(key: String) {
    guard !key.isEmpty else { return nil }
    self.key = key
  }
}
