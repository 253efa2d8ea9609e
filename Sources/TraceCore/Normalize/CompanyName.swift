/// A supplier's name split into where it is registered and what it is called.
///
/// A Chinese company name is place + trade name + industry + legal form (苏州市 + 明腾 + 印务 +
/// 有限公司). The same trade name and industry registered in two places are two companies, so
/// two names are one supplier only when their places agree (`SupplierResolver`). `PartyName`
/// has already dropped the legal form; this splits off the leading places (浙江省, 金华市,
/// 义乌市, 吴中区, 固安县, 虎门镇 …), keeping the most specific one.
public struct CompanyName: Hashable, Sendable {
  /// The most specific leading place (义乌市 of 浙江省金华市义乌市…), empty when none is written.
  public let place: String
  /// The name after its places: trade name and industry (七喜图书).
  public let core: String

  /// Splits a supplier key (`PartyName.key`). Read by scalars: keys are NFKC, where every
  /// ideograph and marker is one scalar (by `Character`, splitting was most of resolving).
  public init(key: String) {
    let scalars = Array(key.unicodeScalars)
    var start = 0, placeStart = 0
    while let end = CompanyName.leadingPlaceEnd(of: scalars, from: start) {
      placeStart = start
      start = end
    }
    var place = String.UnicodeScalarView(), core = String.UnicodeScalarView()
    place.append(contentsOf: scalars[placeStart..<start])
    core.append(contentsOf: scalars[start...])
    self.place = String(place)
    self.core = String(core)
  }

  /// Whether the name says where it is registered.
  public var isPlaced: Bool { !place.isEmpty }

  /// Where a leading place unit of `scalars[from...]` ends: two to four characters and an
  /// administrative marker (省 市 区 县 镇 旗 盟, or 自治区 / 自治州 / 自治县), with at least two
  /// characters left after it for the name itself; `nil` when the text does not start with
  /// one. Words that end in a marker but name no place (超市, 门市, 园区, 小区 …), or that a
  /// marker starts (市场, 区域, 县城), are not places.
  static func leadingPlaceEnd(of scalars: [Unicode.Scalar], from: Int) -> Int? {
    for length in 2...4 {
      let markerStart = from + length
      for marker in markerScalars {
        let end = markerStart + marker.count
        guard end + 2 <= scalars.count, scalars[markerStart..<end].elementsEqual(marker) else { continue }
        if isNotPlace(scalars[(markerStart - 1)..<end]) || isNotPlace(scalars[markerStart..<(end + 1)]) { return nil }
        return end
      }
    }
    return nil
  }

  static func isNotPlace(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
    var text = String.UnicodeScalarView()
    text.append(contentsOf: word)
    return notPlaces.contains(String(text))
  }

  /// Administrative markers, the longest first.
  static let markers = ["自治区", "自治州", "自治县", "省", "市", "区", "县", "镇", "旗", "盟"]
  static let markerScalars = markers.map { Array($0.unicodeScalars) }
  /// Words ending in a marker, or starting with one, that name a business, not a place.
  static let notPlaces: Set<String> = [
    "超市", "门市", "园区", "小区", "社区", "景区", "专区", "书市", "夜市", "集市", "市场", "区域", "县城",
  ]
}

/// Resolves supplier keys that name one company to one entity, and keeps from linking the
/// names that could be any of several.
///
/// - Names with a place are one company when their most specific place and their name after
///   it agree (苏州市吴中区南康书业 and 吴中区南康书业); a name with a place never matches a name
///   with another place.
/// - A name without a place (南康书业) could be any company of that name. When two or more
///   placed ones are known in the leads (义乌市七喜图书 and 和平区七喜图书), it links nothing
///   (`UnlinkedValues.Reason.ambiguousCompany`). When exactly one is known, that company is
///   its registered name (`Resolution.registered`), but the two are one only where the
///   evidence puts them together: a ring whose stores name both (`UpstreamRanker` makes them
///   one party, keyed and labelled by the registered name). Merged everywhere, a ring whose
///   own company is never written with its place was handed another city's company.
///
/// Each group resolves to its most frequent key (ties: the smallest).
public enum SupplierResolver {
  /// What the keys of a pool of supplier keys resolve to, by key id (id 0, the empty string,
  /// included).
  public struct Resolution: Sendable, Equatable {
    /// The id each key resolves to: itself when it merges with nothing, 0 when it is ambiguous.
    public var canonical: [Int]
    /// For a name without a place, the (canonical) id of the one placed company of its name
    /// known; −1 for others.
    public var registered: [Int]
    /// Whether each key names a place.
    public var isPlaced: [Bool]
  }

  /// Resolves the keys of `pool`, each written `counts[id]` times.
  public static func resolve(keys pool: ValuePool, counts: [Int]) -> Resolution {
    let keys = Array(0..<pool.count).parallelMap(serialBelow: 4096) { pool[Int32($0)] }
    let names = keys.parallelMap(serialBelow: 4096) { CompanyName(key: $0) }
    return resolve(names: names, keys: keys, counts: counts)
  }

  /// `resolve(keys:counts:)` of keys given as strings, split as `names`.
  static func resolve(names: [CompanyName], keys: [String], counts: [Int]) -> Resolution {
    var canonical = Array(0..<names.count)
    var registered = [Int](repeating: -1, count: names.count)
    func better(_ a: Int, than b: Int) -> Bool { counts[a] != counts[b] ? counts[a] > counts[b] : keys[a] < keys[b] }
    // Placed names by (place, name): one company each, its most frequent key first.
    var company: [CompanyName: Int] = [:]
    for index in 1..<max(1, names.count) where names[index].isPlaced {
      if let known = company[names[index]], !better(index, than: known) { continue }
      company[names[index]] = index
    }
    var companiesOfCore: [String: [Int]] = [:]
    for (name, index) in company { companiesOfCore[name.core, default: []].append(index) }
    for index in 1..<max(1, names.count) {
      let name = names[index]
      if name.isPlaced {
        canonical[index] = company[name] ?? index
      } else if let placed = companiesOfCore[name.core] {
        if placed.count == 1 { registered[index] = placed[0] } else { canonical[index] = 0 }
      }
    }
    return Resolution(canonical: canonical, registered: registered, isPlaced: names.map(\.isPlaced))
  }
}
