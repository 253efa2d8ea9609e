/// Resolves near-identical address keys (a typo, a missing district) to one entity.
///
/// Addresses are blocked on their city and their house numbers — two spellings of one
/// warehouse share both — and compared only within a block, never all pairs. Two keys in a
/// block are one place when they differ by one contiguous insertion of at most 6 characters
/// that names a region (a district or street office left out: `nearlyEqual`). Each group
/// resolves to its most frequent key (ties: the smallest).
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
    canonicalIndexes(
      count: keys.count, counts: counts,
      withKeyBytes: { index, body in
        var key = keys[index]
        return key.withUTF8(body)
      }, key: { keys[$0] })
  }

  /// `canonicalIndexes(keys:counts:)` of the keys of `pool`, by pool id (id 0, the empty
  /// string, included): read as bytes in place, a `String` made only for the few keys that
  /// share a block with others.
  public static func canonicalIndexes(keys pool: ValuePool, counts: [Int]) -> [Int] {
    canonicalIndexes(
      count: pool.count, counts: counts, withKeyBytes: { index, body in pool.withBytes(Int32(index), body) },
      key: { pool[Int32($0)] })
  }

  static func canonicalIndexes(
    count: Int, counts: [Int],
    withKeyBytes: @Sendable (Int, (UnsafeBufferPointer<UInt8>) -> Int32) -> Int32,
    key: @Sendable (Int) -> String
  ) -> [Int] {
    // Block keys are pure per address: made and interned on every core (`internedInRuns`),
    // from the bytes. Members are put in index order by a counting sort.
    let (blockPool, blockOf) = ValuePool.internedInRuns(counts: [count]) { _, index, blocks in
      withKeyBytes(index) { internBlockKey(utf8: $0, into: &blocks) }
    }[0]
    let blocks = Grouping(keys: blockOf, groupCount: blockPool.count)
    // Blocks are independent: compared on every core; each yields (key, canonical) pairs.
    let comparable = (1..<blockPool.count).compactMap { block -> [Int32]? in
      (2...maxBlock).contains(blocks.count(of: block)) ? Array(blocks[block]) : nil
    }
    let merges = comparable.parallelMap(serialBelow: 64) { members in
      mergesWithin(members, keys: members.map { key(Int($0)) }, counts: counts)
    }
    var canonical = Array(0..<count)
    for pairs in merges { for (key, target) in pairs { canonical[key] = target } }
    return canonical
  }

  /// The block of the address key `utf8`, interned into `pool`: its city (up to and including
  /// the first 市, 州 or 盟, or its first two characters), `|`, and its runs of digits joined
  /// by commas; 0 (no block) for a key without digits. Made from the bytes for keys of ASCII
  /// and CJK ideographs (nearly all: one scalar is one character there), through
  /// `PostalAddress` for others. Through `String`s this was 5,500 instructions a key.
  static func internBlockKey(utf8 key: UnsafeBufferPointer<UInt8>, into pool: inout ValuePool) -> Int32 {
    guard key.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return 0 }
    guard let cityEnd = cityEndOfASCIIOrCJK(key) else {
      guard let address = PostalAddress(key: String(decoding: key, as: UTF8.self)) else { return 0 }
      return pool.intern(address.city + "|" + address.numbers.joined(separator: ","))
    }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * key.count + 1) { out in
      var n = 0
      for index in 0..<cityEnd {
        out[n] = key[index]
        n += 1
      }
      out[n] = UInt8(ascii: "|")
      n += 1
      var inRun = false, runs = 0
      for byte in key {
        let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        if digit {
          if !inRun, runs > 0 {
            out[n] = UInt8(ascii: ",")
            n += 1
          }
          if !inRun { runs += 1 }
          out[n] = byte
          n += 1
        }
        inRun = digit
      }
      return pool.intern(UnsafeBufferPointer(rebasing: out[..<n]))
    }
  }

  /// Where `PostalAddress.city` of the key `utf8` ends, for a key whose every scalar is ASCII
  /// or a CJK ideograph (U+4E00–U+9FFF); `nil` for other keys.
  static func cityEndOfASCIIOrCJK(_ utf8: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0, scalars = 0, firstTwo = 0, cityEnd: Int? = nil
    while index < utf8.count {
      let byte = utf8[index]
      var width = 1
      if byte >= 0x80 {
        guard TextNormalization.startsCJKIdeograph(utf8, at: index) else { return nil }
        width = 3
        if cityEnd == nil, cityMarkers.contains(where: { $0[0] == byte && $0[1] == utf8[index + 1] && $0[2] == utf8[index + 2] }) {
          cityEnd = index + 3
        }
      }
      index += width
      scalars += 1
      if scalars == 2 { firstTwo = index }
    }
    return cityEnd ?? (scalars >= 2 ? firstTwo : index)
  }

  /// 市, 州 and 盟 as UTF-8.
  static let cityMarkers: [[UInt8]] = ["市", "州", "盟"].map { Array($0.utf8) }

  /// The (key, canonical key) pairs of one block's groups of near-identical keys; `keys` are
  /// the members' keys, in order.
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
    let chars = keys.map { Array($0) }
    for i in members.indices {
      for j in (i + 1)..<members.count where nearlyEqual(chars[i], chars[j]) {
        parent[find(j)] = find(i)
      }
    }
    var groups: [Int: [Int]] = [:]
    for i in members.indices { groups[find(i), default: []].append(i) }
    var pairs: [(Int, Int)] = []
    for group in groups.values where group.count >= 2 {
      // The most frequent key (ties: the smallest).
      let target = group.max { a, b in
        let (x, y) = (Int(members[a]), Int(members[b]))
        return counts[x] != counts[y] ? counts[x] < counts[y] : keys[a] > keys[b]
      } ?? group[0]
      for position in group { pairs.append((Int(members[position]), Int(members[target]))) }
    }
    return pairs
  }

  /// One contiguous insertion of at most 6 characters that names a region left out (a
  /// district, county, town or street office: it ends in 省 市 区 县 镇 乡 旗 or 街道 and holds no
  /// digit). Two keys that differ anywhere else — a road name (钟街 / 吴街), a house, building
  /// or room number — are two premises, however close: a typo is told from another street by
  /// evidence (the same stores, senders or phones), which `SupplyStructure` weighs when it ties
  /// values, not by edit distance.
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
    guard min(middleA, middleB) == 0, (1...6).contains(max(middleA, middleB)) else { return false }
    let longer = a.count > b.count ? a : b
    // The inserted run, shifted left as far as equal characters allow, and right: a region
    // left out is the run that ends in a marker in one of those placements.
    let length = max(middleA, middleB)
    var start = prefix
    while start > 0, longer[start - 1] == longer[start - 1 + length] { start -= 1 }
    for offset in start...prefix {
      let inserted = longer[offset..<(offset + length)]
      if namesRegion(inserted) { return true }
    }
    return false
  }

  /// Whether a run of characters names a region: no digit, and it ends in a region marker.
  static func namesRegion(_ run: ArraySlice<Character>) -> Bool {
    guard !run.contains(where: \.isNumber), let last = run.last else { return false }
    if regionMarkers.contains(last) { return true }
    return run.count >= 2 && run.suffix(2).elementsEqual("街道")
  }

  /// The last character of a region's name: 省 市 区 县 镇 乡 旗.
  static let regionMarkers: Set<Character> = ["省", "市", "区", "县", "镇", "乡", "旗"]
}

extension PostalAddress {
  /// Wraps an already-normalised key.
  init?(key: String) {
    guard !key.isEmpty else { return nil }
    self.key = key
  }
}
