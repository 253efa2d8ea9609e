/// Merges the same lead sent twice into one that remembers every source.
///
/// Two leads are the same when they share publisher + lead id, or store + waybill. The first
/// occurrence (in input order) keeps its values; later ones add their sources, so evidence
/// can name every publisher, file and line behind a lead.
public enum LeadDeduplicator {
  /// - Returns: the distinct leads in first-seen order, and how many rows were merged away.
  /// - Complexity: O(n) expected.
  public static func deduplicate(_ leads: [Lead]) -> (leads: [Lead], merged: Int) {
    var result: [Lead] = []
    result.reserveCapacity(leads.count)
    var byLeadID: [String: Int] = [:]
    var byWaybill: [String: Int] = [:]
    var merged = 0
    for lead in leads {
      let idKey = lead[.leadID].isEmpty ? nil : lead[.publisher] + "\u{1F}" + lead[.leadID]
      let waybill = Carrier.cleanWaybill(lead[.waybill])
      let store = NormalizedLead.storeKey(
        platform: Platform.canonical(lead[.platform]),
        storeID: TextNormalization.compact(lead[.storeID]).uppercased(),
        storeName: lead[.storeName])
      let billKey = waybill.isEmpty ? nil : store + "\u{1F}" + waybill
      if let existing = idKey.flatMap({ byLeadID[$0] }) ?? billKey.flatMap({ byWaybill[$0] }) {
        for source in lead.sources where !result[existing].sources.contains(source) {
          result[existing].sources.append(source)
        }
        if let idKey, byLeadID[idKey] == nil { byLeadID[idKey] = existing }
        if let billKey, byWaybill[billKey] == nil { byWaybill[billKey] = existing }
        merged += 1
        continue
      }
      let index = result.count
      result.append(lead)
      if let idKey { byLeadID[idKey] = index }
      if let billKey { byWaybill[billKey] = index }
    }
    return (result, merged)
  }
}
