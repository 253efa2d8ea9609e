/// The kinds of shared value that can link stores, upstream-most first.
public enum EntityKind: String, Sendable, Codable, CaseIterable, Comparable {
  case supplier, address, account, phone, person

  /// How far upstream this kind sits and how strongly it identifies one party (0…1).
  public var weight: Double {
    switch self {
    case .supplier: 1.0
    case .address: 0.85
    case .account: 0.8
    case .phone: 0.7
    case .person: 0.3
    }
  }

  /// Position in `allCases`: upstream-most first.
  var order: Int {
    switch self {
    case .supplier: 0
    case .address: 1
    case .account: 2
    case .phone: 3
    case .person: 4
    }
  }
  public static func < (a: EntityKind, b: EntityKind) -> Bool { a.order < b.order }

  /// `rawValue` and a colon: how an identifier (`kind:key`) starts.
  var identifierPrefix: StaticString {
    switch self {
    case .supplier: "supplier:"
    case .address: "address:"
    case .account: "account:"
    case .phone: "phone:"
    case .person: "person:"
    }
  }
}

/// A normalised shared value: its kind and key, e.g. `phone:13800138000`.
public struct EntityKey: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var kind: EntityKind
  public var key: String

  public init(kind: EntityKind, key: String) {
    self.kind = kind
    self.key = key
  }

  public var description: String { "\(kind.rawValue):\(key)" }

  public static func < (a: EntityKey, b: EntityKey) -> Bool {
    a.kind != b.kind ? a.kind < b.kind : a.key.utf8Precedes(b.key)
  }
}
