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
  /// The ring's stores that also shipped through a value of another group (a bridge): kept
  /// in this ring, which they share most with, and listed as evidence.
  public var bridges: [RingBridge] = []
}

/// A store of a ring linked through `entity` to another ring (`ring`, an index into the
/// investigation's rings): the ring of the group the value is at home in.
public struct RingBridge: Sendable, Hashable {
  public var store: Int32
  public var entity: Int32
  public var ring: Int32
}

/// One candidate source of a ring, with the parts of its score. Its key and label are the
/// entity's (`key(in:)`, `label(in:)`): a ring has a candidate for nearly every value its
/// stores share, and only the first few are ever written out.
public struct UpstreamCandidate: Sendable {
  public var entity: Int32
  public var kind: EntityKind
  /// The party's entities, the candidate's own first: a supplier with the phone and the
  /// warehouse it was named with. A run of one list shared by the ring's candidates (a list
  /// and a `kind:key` string for each member of each candidate cost 8 % of ranking).
  public var members: ArraySlice<Int32>
  public var score: Double
  /// How many of the ring's stores it reaches, directly or through one intermediary.
  public var covers: Int
  /// Named parts of `score`, so the ranking can be explained.
  public var components: ScoreComponents
}

extension UpstreamCandidate {
  /// Every identifier of the party (`kind:key`), the candidate's own first.
  public func identifiers(in graph: EvidenceGraph) -> [String] {
    members.map { graph.key(ofEntity: $0).description }
  }

  /// The normalised key of the candidate's entity.
  public func key(in graph: EvidenceGraph) -> String { graph.entityKeys[Int(entity)] }

  /// The form of the candidate's entity most often written in the leads.
  public func label(in graph: EvidenceGraph) -> String { graph.label(ofEntity: entity) }
}

/// The parts of a candidate's score, held inline (a candidate is made for every value of
/// every ring: an array each was a heap object each), read as (name, value) pairs in a
/// fixed order.
public struct ScoreComponents: Sendable, RandomAccessCollection {
  public var reach = 0.0, direct = 0.0, tier = 0.0, specificity = 0.0, evidence = 0.0, pagerank = 0.0

  public init(
    reach: Double = 0, direct: Double = 0, tier: Double = 0, specificity: Double = 0, evidence: Double = 0,
    pagerank: Double = 0
  ) {
    (self.reach, self.direct, self.tier) = (reach, direct, tier)
    (self.specificity, self.evidence, self.pagerank) = (specificity, evidence, pagerank)
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { 6 }

  public subscript(position: Int) -> (name: String, value: Double) {
    (Self.names[position].description, value(at: position))
  }

  /// The components' names, in order (static: written into `clusters.json` as member names).
  public static let names: [StaticString] = ["reach", "direct", "tier", "specificity", "evidence", "pagerank"]

  /// The value of component `position`.
  public func value(at position: Int) -> Double {
    switch position {
    case 0: reach
    case 1: direct
    case 2: tier
    case 3: specificity
    case 4: evidence
    case 5: pagerank
    default: preconditionFailure("score component \(position) of 6")
    }
  }
}
