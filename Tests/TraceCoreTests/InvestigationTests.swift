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
}
