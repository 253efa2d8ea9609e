import Foundation
@testable import TraceCore
@testable import TraceRender

/// Small investigations built in memory for the diagram, export and report tests.
enum DiagramFixtures {
  static let hostileNames = [
    "\"]; a -> b [", "<script>alert(1)</script>", "back\\slash \\N & &amp; \"q\"", "two\nlines",
    "\u{202E}RTL 星河",
  ]

  static func lead(_ store: String, name: String, phone: String = "", origin: String = "", supplier: String = "")
    -> Lead
  {
    var lead = Lead(sources: [LeadSource(file: "test.csv", line: 2, publisher: "人民文学出版社")])
    lead[.leadID] = "L-\(store)"
    lead[.platform] = "抖音"
    lead[.storeID] = store
    lead[.storeName] = name
    lead[.senderPhone] = phone
    lead[.senderName] = phone.isEmpty ? "" : "王强"
    lead[.originAddress] = origin
    lead[.supplier] = supplier
    return lead
  }

  /// One ring of five stores with hostile names: a supplier named once, shipped from one
  /// warehouse by two senders.
  static func hostileRing() throws -> Investigation {
    var leads: [Lead] = []
    for (index, name) in hostileNames.enumerated() {
      leads.append(
        lead(
          "H\(index)", name: name, phone: index % 2 == 0 ? "13957912345" : "13800138000",
          origin: "浙江省金华市义乌市稠州北路588号", supplier: index == 0 ? "金华星河图书有限公司" : ""))
    }
    return try investigation(leads)
  }

  static func investigation(_ leads: [Lead]) throws -> Investigation {
    let table = LeadTable(leads: leads)
    let input = LeadFileResult(
      file: "test.csv", format: .csv, encoding: .utf8, sheet: nil, columns: [], table: table, rejects: [],
      sha256: String(repeating: "0", count: 64), byteCount: 100)
    return try Investigation.analyze(inputs: [input], failedInputs: [], options: AnalysisOptions())
  }

  /// A ring of `stores` stores made directly (no clustering), all shipped from one warehouse
  /// by senders each shared by two neighbours.
  static func bigRing(stores: Int) throws -> (RingEvidence, EvidenceGraph) {
    var leads: [Lead] = []
    for index in 0..<stores {
      leads.append(lead("B\(index)", name: "书店\(index)", phone: "139\(String(format: "%08d", index / 2))", origin: "保定市高碑店市建设路12号"))
    }
    let graph = EvidenceGraph(leads: leads)
    let ring = Ring(
      id: "C0001", stores: (0..<Int32(graph.stores.count)).map { $0 }, score: 1, publishers: ["P"], leads: stores,
      upstream: [], takedown: [])
    return (RingEvidence(ring: ring, graph: graph, hubs: []), graph)
  }
}
