import TraceCore

/// Node shapes and colours by entity kind and platform, shared by every diagram.
public enum EntityStyle {
  /// The CJK font the setup script installs; without it Chinese labels get wrong widths.
  public static let font = "WenQuanYi Micro Hei"

  /// The node attributes of entity `entity` of `graph`: its label, shape and colour.
  public static func attributes(forEntity entity: Int32, in graph: EvidenceGraph, highlighted: Bool)
    -> [(String, String)]
  {
    let kind = graph.entities[Int(entity)].kind
    var attributes: [(String, String)] = [
      ("label", "\(kindLabel(kind)): \(graph.label(ofEntity: entity))"), ("shape", shape(kind)),
      ("style", "filled"), ("fillcolor", fillColor(kind)),
    ]
    if highlighted { attributes += [("penwidth", "3"), ("color", "#cc0000")] }
    return attributes
  }

  /// A store as a box in its platform's colour, labelled with its name and key.
  public static func attributes(for store: EvidenceGraph.Store) -> [(String, String)] {
    [
      ("label", "\(store.name.isEmpty ? store.storeID : store.name)\n\(store.key)"), ("shape", "box"),
      ("style", "filled"), ("fillcolor", platformColor(store.platform)),
    ]
  }

  public static func shape(_ kind: EntityKind) -> String {
    switch kind {
    case .supplier: "house"
    case .address: "cylinder"
    case .account: "note"
    case .phone: "ellipse"
    case .person: "egg"
    }
  }

  public static func fillColor(_ kind: EntityKind) -> String {
    switch kind {
    case .supplier: "#f6b26b"
    case .address: "#ffe599"
    case .account: "#b4a7d6"
    case .phone: "#a2c4c9"
    case .person: "#d9d2e9"
    }
  }

  public static func kindLabel(_ kind: EntityKind) -> String {
    switch kind {
    case .supplier: "供货商"
    case .address: "地址"
    case .account: "收款账户"
    case .phone: "电话"
    case .person: "发货人"
    }
  }

  public static func platformColor(_ platform: String) -> String {
    switch platform {
    case "抖音": "#d0e0f0"
    case "淘宝", "天猫": "#fde2c8"
    case "拼多多": "#f8d0d0"
    case "快手": "#fff2cc"
    case "京东": "#e6d0d0"
    default: "#eeeeee"
    }
  }
}
