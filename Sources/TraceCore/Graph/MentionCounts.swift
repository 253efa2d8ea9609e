/// How many times each slot's value (`EvidenceGraph.init`, step 0) is named in the fields of
/// each entity kind. Counted in groups of kinds, one pass over the leads a group, and kept as
/// counted: each group's counts are one array, its kinds' counts side by side. (Split into an
/// array per kind, they were copied once more, 38 MB at a million leads, on one core.)
struct MentionCounts: Sendable {
  private let groups: [[Int32]]
  /// For each kind, by `EntityKind.order`: its group, and where its counts start there.
  private let starts: [(group: Int, start: Int)]

  /// `groups[g]` holds the counts of the kinds `kindGroups[g]`, `slots` for each, in order.
  init(groups: [[Int32]], of kindGroups: [[EntityKind]], slots: Int) {
    var starts = [(group: Int, start: Int)](repeating: (0, 0), count: EntityKind.allCases.count)
    for (group, kinds) in kindGroups.enumerated() {
      for (position, kind) in kinds.enumerated() { starts[kind.order] = (group, position * slots) }
    }
    self.groups = groups
    self.starts = starts
  }

  /// How many times the value of `slot` is named in the fields of the kind of order `kind`.
  subscript(kind: Int, slot: Int) -> Int32 {
    let (group, start) = starts[kind]
    return groups[group][start + slot]
  }
}
