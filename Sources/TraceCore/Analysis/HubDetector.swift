/// Finds the shared values that must not link stores: courier hubs, platform warehouses,
/// 400/800 numbers.
public enum HubDetector {
  /// Values that look like infrastructure by their form, whatever their store count.
  ///
  /// - Returns: the hubs, ordered by entity id (which is key order).
  public static func hubs(in graph: EvidenceGraph) -> [Hub] {
    var hubs: [Hub] = []
    for (index, entity) in graph.entities.enumerated() where entity.storeCount >= 2 {
      if isInfrastructure(entity.key) {
        hubs.append(
          Hub(
            entity: Int32(index), key: entity.key, label: entity.label, stores: entity.storeCount,
            reason: .infrastructure))
      }
    }
    return hubs
  }

  /// 400/800 service numbers and addresses of sorting centres, transit depots and platform
  /// warehouses.
  public static func isInfrastructure(_ key: EntityKey) -> Bool {
    switch key.kind {
    case .phone: PhoneNumber(key.key)?.isInfrastructure ?? false
    case .address: PostalAddress.infrastructureWords.contains { key.key.contains($0) }
    default: false
    }
  }
}
