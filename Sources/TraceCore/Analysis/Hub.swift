/// A shared value kept out of linking because it serves too many unrelated stores.
public struct Hub: Sendable, Hashable {
  public enum Reason: String, Sendable, Codable {
    /// It names infrastructure: a 400/800 number, a sorting centre, a platform warehouse.
    case infrastructure
    /// It links far more stores than the rings in this data hold, and they connect no other way.
    case oversized
  }

  public var entity: Int32
  public var key: EntityKey
  public var label: String
  public var stores: Int
  public var reason: Reason
}
