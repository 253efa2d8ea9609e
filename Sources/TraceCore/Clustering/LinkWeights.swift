import Foundation

/// How strongly a shared value ties the stores that share it.
///
/// In the spirit of term-frequency adjustment in entity resolution (Winkler; Fellegi–Sunter
/// with value-specific weights): a value shared by few stores is strong evidence, one shared
/// by many is weak, so the weight falls as 1 / log2(1 + stores). Kinds differ: a supplier or a
/// payment account names one party (1.0, 0.8), an address or a phone less surely (0.85, 0.7).
/// A person's name alone never links stores (common names collide); the phone the person
/// ships with does.
public enum LinkWeights {
  /// The weight of each store–entity link to entity `entity` of `graph`.
  public static func weight(of entity: EvidenceGraph.Entity) -> Double {
    entity.kind.weight / log2(1 + Double(max(1, entity.storeCount)))
  }
}
