import Testing
@testable import TraceCore

@Suite struct InvestigationTests {
  @Test func examplesFormThreeRingsAndKeepHubsOut() throws {
    let paths = FixtureFiles.exampleLeads()
    try #require(paths.count == 3)
    let investigation = try Investigation.run(paths: paths, options: AnalysisOptions())
    #expect(investigation.rings.count == 3)
    #expect(investigation.rejects.count == 3)
    #expect(investigation.hubs.contains { $0.key.kind == .phone && $0.key.key == "4008111111" })
    #expect(investigation.hubs.contains { $0.key.key.contains("分拨中心") })
    // Every store in at most one ring, and ring ids in score order.
    var seen = Set<Int32>()
    for ring in investigation.rings {
      for store in ring.stores { #expect(seen.insert(store).inserted) }
    }
    #expect(investigation.rings.map(\.id) == ["C0001", "C0002", "C0003"])
    #expect(zip(investigation.rings, investigation.rings.dropFirst()).allSatisfy { $0.score >= $1.score })
  }

  @Test func deduplicationRemembersEverySource() {
    var a = Lead(sources: [LeadSource(file: "a.csv", line: 2, publisher: "P")])
    a[.publisher] = "P"
    a[.leadID] = "X1"
    a[.storeID] = "S1"
    var b = a
    b.sources = [LeadSource(file: "b.csv", line: 9, publisher: "P")]
    var c = a
    c[.leadID] = "other"
    c[.waybill] = "SF1"
    c.sources = [LeadSource(file: "c.csv", line: 3, publisher: "Q")]
    var d = c
    d[.leadID] = "again"
    d.sources = [LeadSource(file: "d.csv", line: 4, publisher: "R")]
    let (leads, merged) = LeadDeduplicator.deduplicate([a, b, c, d])
    #expect(merged == 2)
    #expect(leads.count == 2)
    #expect(leads[0].sources.map(\.file) == ["a.csv", "b.csv"])
    #expect(leads[1].sources.map(\.file) == ["c.csv", "d.csv"])
  }

  @Test func waybillsWrittenDifferentlyAreOneLead() {
    func lead(_ id: String, store: String, waybill: String) -> Lead {
      var lead = Lead(sources: [LeadSource(file: "\(id).csv", line: 2, publisher: "P")])
      lead[.publisher] = "P"
      lead[.leadID] = id
      lead[.storeID] = store
      lead[.waybill] = waybill
      return lead
    }
    let leads = [
      lead("1", store: "S1", waybill: "SF1234567890"),  // clean: its own pool value
      lead("2", store: "S1", waybill: "sf 1234-567890"),  // cleans to a value of the pool
      lead("3", store: "S1", waybill: "yt-0001"),  // cleans to a text no cell holds
      lead("4", store: "S1", waybill: "ＹＴ 0001"),  // the same, full-width
      lead("5", store: "S2", waybill: "SF1234567890"),  // another store: another lead
      lead("6", store: "S1", waybill: "--"),  // cleans to nothing: no waybill
      lead("7", store: "S1", waybill: "- -"),
    ]
    let (kept, merged) = LeadDeduplicator.deduplicate(leads)
    #expect(merged == 2)
    #expect(kept.map { $0[.leadID] } == ["1", "3", "5", "6", "7"])
    #expect(kept[0].sources.map(\.file) == ["1.csv", "2.csv"])
    #expect(kept[1].sources.map(\.file) == ["3.csv", "4.csv"])
  }

  /// Duplicates chain: a lead that matches an earlier one by lead id joins the group that
  /// lead joined, wherever that lead was merged; a waybill first seen in a merged lead
  /// points at its group. The first lead of the chain keeps its values.
  @Test func duplicatesChainThroughLeadIDsAndWaybills() {
    func lead(_ id: String, waybill: String, publisher: String = "P") -> Lead {
      var lead = Lead(sources: [LeadSource(file: "\(id)-\(waybill).csv", line: 2, publisher: publisher)])
      lead[.publisher] = publisher
      lead[.leadID] = id
      lead[.storeID] = "S1"
      lead[.waybill] = waybill
      return lead
    }
    let (x, y, z, w, v, u) = ("SF1000000001", "SF1000000002", "SF1000000003", "SF1000000004", "SF1000000005", "SF1000000006")
    let leads = [
      lead("1", waybill: x),
      lead("2", waybill: x),  // the waybill of 1: joins 1
      lead("9", waybill: z),  // its own
      lead("2", waybill: y),  // the lead id of the second, which joined 1: joins 1
      lead("3", waybill: y),  // y, first seen in a lead that joined 1: joins 1
      lead("9", waybill: w, publisher: "Q"),  // lead id 9 of another publisher: its own
      lead("无", waybill: v),  // a lead id that identifies nothing
      lead("无", waybill: u),
    ]
    let (kept, merged) = LeadDeduplicator.deduplicate(leads)
    #expect(merged == 3)
    #expect(kept.map { "\($0[.leadID]) \($0[.waybill])" } == ["1 \(x)", "9 \(z)", "9 \(w)", "无 \(v)", "无 \(u)"])
    #expect(kept[0].sources.map(\.file) == ["1-\(x).csv", "2-\(x).csv", "2-\(y).csv", "3-\(y).csv"])
  }
}
