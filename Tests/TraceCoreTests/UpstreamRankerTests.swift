import Testing
@testable import TraceCore

@Suite struct UpstreamRankerTests {
  static func lead(
    _ store: String, phone: String, origin: String, supplier: String = "", supplierPhone: String = ""
  ) -> Lead {
    var lead = Lead(sources: [LeadSource(file: "t.csv", line: 2, publisher: "P")])
    lead[.publisher] = "P"
    lead[.platform] = "抖音"
    lead[.storeID] = store
    lead[.senderPhone] = phone
    lead[.originAddress] = origin
    lead[.supplier] = supplier
    lead[.supplierPhone] = supplierPhone
    return lead
  }

  static let origin = "金华市义乌市稠州北路588号"
  static let depot = "金华市金东区中通快递金华分拨中心"

  static func investigate(_ leads: [Lead]) throws -> (EvidenceGraph, RingClusterer.Result, [Hub]) {
    let graph = EvidenceGraph(leads: leads)
    let hubs = HubDetector.hubs(in: graph)
    return (graph, try RingClusterer.rings(in: graph, hubs: hubs, options: AnalysisOptions()), hubs)
  }

  @Test func aSupplierNamedOnceReachesTheRingThroughItsOrigin() throws {
    var leads = (0..<6).map { Self.lead("S\($0)", phone: "1390000000\($0)", origin: Self.origin) }
    leads.append(Self.lead("S0", phone: "13900000000", origin: Self.origin, supplier: "星河图书有限公司"))
    let (graph, result, _) = try Self.investigate(leads)
    try #require(result.rings.count == 1)
    let top = try #require(result.rings[0].upstream.first)
    #expect(top.kind == .supplier)
    #expect(top.key(in: graph) == "星河图书")
    #expect(top.label(in: graph) == "星河图书有限公司")
    #expect(top.covers == 6)
    #expect(result.rings[0].takedown == ["supplier:星河图书"])
  }

  @Test func aDirectShippingSupplierMergesWithItsPhoneAndWarehouse() throws {
    let leads = (0..<4).map {
      Self.lead("S\($0)", phone: "13811112222", origin: Self.origin, supplier: "星河图书", supplierPhone: "13811112222")
    }
    let (graph, result, _) = try Self.investigate(leads)
    let top = try #require(result.rings.first?.upstream.first)
    #expect(top.kind == .supplier)
    #expect(top.identifiers(in: graph).contains("phone:13811112222"))
    #expect(top.covers == 4)
  }

  @Test func aPartyIsKeyedAndLabelledByTheNameOnMostLeads() throws {
    // A wholesaler on five leads and a printer on one share a phone: one party, the
    // wholesaler's (the printer's name comes first alphabetically).
    var leads = (0..<5).map {
      Self.lead("S\($0)", phone: "1390000000\($0)", origin: Self.origin, supplier: "苏州市星河图书", supplierPhone: "13811112222")
    }
    leads.append(Self.lead("S5", phone: "13900000005", origin: Self.origin, supplier: "义乌市明腾印刷厂", supplierPhone: "13811112222"))
    let (graph, result, _) = try Self.investigate(leads)
    let top = try #require(result.rings.first?.upstream.first)
    #expect(top.kind == .supplier)
    #expect(top.label(in: graph) == "苏州市星河图书")
    #expect(top.identifiers(in: graph).contains("supplier:义乌市明腾印刷厂"))
  }

  @Test func aSupplierWithoutItsPlaceIsLabelledByTheRegisteredName() throws {
    // The unplaced name is written with the supplier's phone: the phone joins the party too.
    var leads = (0..<4).map {
      Self.lead("S\($0)", phone: "1390000000\($0)", origin: Self.origin, supplier: "南康书业有限公司", supplierPhone: "13811112222")
    }
    leads.append(Self.lead("S4", phone: "13900000004", origin: Self.origin, supplier: "吴中区南康书业有限公司"))
    let (graph, result, _) = try Self.investigate(leads)
    let top = try #require(result.rings.first?.upstream.first)
    #expect(top.key(in: graph) == "吴中区南康书业")
    #expect(top.label(in: graph) == "吴中区南康书业有限公司")
    #expect(Set(top.identifiers(in: graph)) == ["supplier:吴中区南康书业", "supplier:南康书业", "phone:13811112222"])
  }

  @Test func aRingNeverNamingTheRegisteredCompanyIsNotHandedIt() throws {
    // Ring X writes its supplier only as 南康书业; ring Y names 吴中区南康书业. Nothing ties X's
    // supplier to Y's company but the name: X's source stays 南康书业, not Y's company.
    var leads = (0..<4).map { Self.lead("X\($0)", phone: "1390000000\($0)", origin: Self.origin, supplier: "南康书业有限公司") }
    leads += (0..<4).map {
      Self.lead("Y\($0)", phone: "1370000000\($0)", origin: "苏州市吴中区王路525号", supplier: "吴中区南康书业有限公司")
    }
    let (graph, result, _) = try Self.investigate(leads)
    #expect(result.rings.count == 2)
    for ring in result.rings {
      let top = try #require(ring.upstream.first)
      let isX = graph.stores[Int(ring.stores[0])].storeID.hasPrefix("X")
      #expect(top.key(in: graph) == (isX ? "南康书业" : "吴中区南康书业"))
      #expect(!top.identifiers(in: graph).contains(isX ? "supplier:吴中区南康书业" : "supplier:南康书业"))
    }
  }

  @Test func aHubNeverWins() throws {
    var leads = (0..<3).map { Self.lead("R\($0)", phone: "13811112222", origin: Self.depot) }
    leads += (0..<3).map { Self.lead("U\($0)", phone: "1370000000\($0)", origin: Self.depot) }
    let (graph, result, hubs) = try Self.investigate(leads)
    #expect(hubs.contains { $0.key.key.contains("分拨中心") })
    let ring = try #require(result.rings.first)
    #expect(ring.stores.count == 3)
    #expect(ring.upstream.allSatisfy { !$0.key(in: graph).contains("分拨中心") })
    #expect(ring.upstream.first?.kind == .phone)
  }

  @Test func takedownCoversNinetyPercentWithFewestCandidates() {
    // Greedy would take candidate 0 (6 stores) and then need two more; two sets suffice.
    let reach = [[0, 1, 2, 5, 6, 7], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]].map { StoreBits($0.map(Int32.init), count: 10) }
    #expect(UpstreamRanker.plan(reach: reach, storeCount: 10) == [1, 2])
  }
}

@Suite struct SuperSourceTests {
  @Test func aBridgeSenderFeedsTwoRings() throws {
    // Two rings of 20 stores, each around its own warehouse and senders; one sender ships
    // one parcel for the second ring too. Leiden splits them; the sender feeds both.
    var leads: [Lead] = []
    for i in 0..<20 {
      leads.append(UpstreamRankerTests.lead("A\(i)", phone: i % 2 == 0 ? "13800000001" : "13800000002", origin: "金华市义乌市稠州北路588号"))
      leads.append(UpstreamRankerTests.lead("B\(i)", phone: i % 2 == 0 ? "13900000001" : "13900000002", origin: "保定市高碑店市建设路12号"))
    }
    leads.append(UpstreamRankerTests.lead("B0", phone: "13800000001", origin: "保定市高碑店市建设路12号"))
    let graph = EvidenceGraph(leads: leads)
    let hubs = HubDetector.hubs(in: graph)
    let result = try RingClusterer.rings(in: graph, hubs: hubs, options: AnalysisOptions())
    #expect(result.rings.count == 2)
    let sources = Investigation.superSources(graph: graph, hubs: hubs, ringOfStore: result.ringOfStore)
    try #require(sources.count == 1)
    #expect(graph.key(ofEntity: sources[0].entity).key == "13800000001")
    #expect(sources[0].rings == [0, 1])
  }
}

@Suite struct PublisherOrderTests {
  static func lead(_ id: String, publisher: String) -> Lead {
    var lead = Lead(sources: [LeadSource(file: "t.csv", line: 2, publisher: publisher)])
    lead[.publisher] = publisher
    lead[.storeID] = id
    return lead
  }

  @Test func ranksFollowTheNamesOrderAsStrings() {
    let names = ["译林出版社", "人民文学出版社", "中华书局", "Penguin", "人民文学出版社"]
    let table = LeadTable(leads: names.enumerated().map { Self.lead("S\($0.offset)", publisher: $0.element) })
    let order = PublisherOrder(table)
    #expect(order.names == Array(Set(names)).sorted())
    for name in names {
      let id = table.pool.id(of: name)!
      #expect(order.names[Int(order.rank(of: id))] == name)
    }
  }

  @Test func aRingsPublishersAreItsStoresPublishersSorted() throws {
    var leads: [Lead] = []
    for (store, publisher) in [("A", "译林出版社"), ("B", "中华书局"), ("C", "人民文学出版社"), ("A", "中华书局")] {
      var lead = UpstreamRankerTests.lead(store, phone: "13811112222", origin: UpstreamRankerTests.origin)
      lead[.publisher] = publisher
      lead.sources = [LeadSource(file: "t.csv", line: 2, publisher: publisher)]
      lead[.waybill] = "W" + store + publisher
      leads.append(lead)
    }
    let (_, result, _) = try UpstreamRankerTests.investigate(leads)
    let ring = try #require(result.rings.first)
    #expect(ring.publishers == ["中华书局", "人民文学出版社", "译林出版社"].sorted())
  }
}
