import BitCollections

/// The publishers of a table's leads, numbered in the order of their names: a ring's
/// publishers are then gathered and sorted as small integers, and named at the end.
///
/// Publisher names are Chinese: comparing two of them as `String`s checks their
/// normalisation scalar by scalar, and gathering each ring's publishers by name (equality
/// tests, then a sort) was 8 % of ranking the rings of a million leads.
struct PublisherOrder: Sendable {
  /// Publisher pool ids, ascending, and for each the rank of its name among the names.
  /// Names equal as `String`s (canonically equivalent) share a rank.
  private let ids: [Int32]
  private let rankOfID: [Int32]
  /// Each rank's name.
  let names: [String]

  init(_ table: LeadTable) {
    // A bit per pool value, not a `Set`: hashing each of a million leads' publisher was a
    // serial 30-50 ms.
    var seen = BitSet(reservingCapacity: table.pool.count)
    for ref in table.firstSources { seen.insert(Int(ref.publisher)) }
    for refs in table.moreSources.values { for ref in refs { seen.insert(Int(ref.publisher)) } }
    let ids = seen.map(Int32.init)  // ascending
    let named = ids.map { table.pool[$0] }
    // Ranks of the names sorted as `String`s (ties: the smaller id's text stands for all).
    let byName = ids.indices.sorted { named[$0] != named[$1] ? named[$0] < named[$1] : $0 < $1 }
    var rankOfID = [Int32](repeating: 0, count: ids.count)
    var names: [String] = []
    for index in byName {
      if names.last != named[index] { names.append(named[index]) }
      rankOfID[index] = Int32(names.count - 1)
    }
    self.ids = ids
    self.rankOfID = rankOfID
    self.names = names
  }

  /// The rank of the name of publisher `id` (a pool id of the table's publishers).
  @inline(__always)
  func rank(of id: Int32) -> Int32 {
    let low = ids.lowerBound(of: id)
    precondition(low < ids.count && ids[low] == id, "not a publisher of the table")
    return rankOfID[low]
  }
}
