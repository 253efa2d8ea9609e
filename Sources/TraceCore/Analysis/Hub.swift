/// A shared value kept out of linking because it serves too many unrelated stores.
public struct Hub: Sendable, Hashable {
  public enum Reason: String, Sendable, Codable {
    /// It names infrastructure: a 400/800 number, a sorting centre, a platform warehouse.
    case infrastructure
    /// Its stores connect no other way: they belong to many unrelated groups, as a courier
    /// depot's or a platform warehouse's do, not to one ring as a ring warehouse's do.
    case unrelatedStores = "unrelated_stores"
  }

  public var entity: Int32
  public var key: EntityKey
  public var label: String
  public var stores: Int
  public var reason: Reason
  /// How many unrelated groups its stores fall into (inverse Simpson index of the groups).
  public var groups: Double
}
