import TraceCore

/// Node shapes and colours by entity kind and platform, shared by every diagram.
public enum EntityStyle {
  public static func attributes(for entity: EvidenceGraph.Entity, highlighted: Bool) -> [(String, String)] {
    let (shape, color): (String, String) =
      switch entity.key.kind {
      case .supplier: ("house", "#f6b26b")
      case .address: ("cylinder", "#ffe599")
      case .account: ("note", "#b4a7d6")
      case .phone: ("ellipse", "#a2c4c9")
      case .person: ("egg", "#d9d2e9")
      }
    var attributes: [(String, String)] = [
      ("label", "\(kindLabel(entity.key.kind)): \(entity.label)"), ("shape", shape),
      ("style", "filled"), ("fillcolor", color),
    ]
    if highlighted { attributes += [("penwidth", "3"), ("color", "#cc0000")] }
    return attributes
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
