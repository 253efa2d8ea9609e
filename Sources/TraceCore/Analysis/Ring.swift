/// A ring: stores that the evidence ties together, with their likely upstream sources.
public struct Ring: Sendable {
  /// `C0001`, `C0002` … in order of `score`, best first.
  public var id: String
  /// Store indexes into `EvidenceGraph.stores`, in store-key order.
  public var stores: [Int32]
  public var score: Double
  public var publishers: [String]
  /// Distinct leads about the ring's stores.
  public var leads: Int
  /// Ranked candidates, most likely source first.
  public var upstream: [UpstreamCandidate]
  /// Entity keys (`kind:key`) of the smallest set found that reaches ≥ 90% of the stores.
  public var takedown: [String]
}

/// One candidate source of a ring, with the parts of its score.
public struct UpstreamCandidate: Sendable {
  public var entity: Int32
  public var kind: EntityKind
  public var key: String
  public var label: String
  /// Every identifier of the party (`kind:key`), the candidate's own first.
  public var identifiers: [String]
  public var score: Double
  /// How many of the ring's stores it reaches, directly or through one intermediary.
  public var covers: Int
  /// Named parts of `score`, so the ranking can be explained.
  public var components: [(name: String, value: Double)]
}
