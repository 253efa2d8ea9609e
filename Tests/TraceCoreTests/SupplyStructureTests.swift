import BitCollections
import Testing

@testable import TraceCore

@Suite struct SupplyStructureTests {
  static func lead(_ store: String, phone: String, origin: String) -> Lead {
    UpstreamRankerTests.lead(store, phone: phone, origin: origin)
  }

  /// Ring A: stores A0…A(n-1) ship from one origin with two senders; ring B likewise.
  static func twoRings(size: Int = 20) -> [Lead] {
    var leads: [Lead] = []
    for i in 0..<size {
      leads.append(lead("A\(i)", phone: i % 2 == 0 ? "13800000001" : "13800000002", origin: "杭州市萧山区钟街84号"))
      leads.append(lead("B\(i)", phone: i % 2 == 0 ? "13900000001" : "13900000002", origin: "苏州市吴中区王路525号"))
    }
    return leads
  }

  static func rings(_ leads: [Lead]) throws -> (EvidenceGraph, RingClusterer.Result) {
    let graph = EvidenceGraph(leads: leads)
    return (graph, try RingClusterer.rings(in: graph, hubs: HubDetector.hubs(in: graph), options: AnalysisOptions()))
  }

  static func ringKeys(_ graph: EvidenceGraph, _ result: RingClusterer.Result) -> Set<Set<String>> {
    Set(result.rings.map { Set($0.stores.map { graph.stores[Int($0)].storeID }) })
  }

  @Test func bridgeStoreStaysInTheRingItSharesMostWith() throws {
    var leads = Self.twoRings()
    // A3 ships once through ring B's sender (phone), from its own ring's origin.
    leads.append(Self.lead("A3", phone: "13900000001", origin: "杭州市萧山区钟街84号"))
    let (graph, result) = try Self.rings(leads)
    let rings = Self.ringKeys(graph, result)
    #expect(rings == [Set((0..<20).map { "A\($0)" }), Set((0..<20).map { "B\($0)" })])
    // The bridge is listed as evidence, not dropped.
    let a3 = try #require(graph.storeIndex(forKey: "抖音:A3"))
    let phoneB = try #require(graph.entityIndex(for: EntityKey(kind: .phone, key: "13900000001")))
    #expect(result.bridges.contains { $0.store == a3 && $0.entity == phoneB })
    let ringOfA3 = result.rings[Int(result.ringOfStore[Int(a3)])]
    let b0 = try #require(graph.storeIndex(forKey: "抖音:B0"))
    #expect(ringOfA3.bridges == [RingBridge(store: a3, entity: phoneB, ring: result.ringOfStore[Int(b0)])])
  }

  @Test func theLeidenMethodStillMergesWhatModularityMerges() throws {
    // Kept for comparison: the same world through --method leiden.
    var leads = Self.twoRings()
    leads.append(Self.lead("A3", phone: "13900000001", origin: "杭州市萧山区钟街84号"))
    let graph = EvidenceGraph(leads: leads)
    var options = AnalysisOptions()
    options.method = .leiden
    let result = try RingClusterer.rings(in: graph, hubs: [], options: options)
    #expect(result.rings.reduce(0) { $0 + $1.stores.count } == 40)
  }

  @Test func aFrontServingSeveralRingsLinksNothing() throws {
    var leads: [Lead] = []
    // Four rings of five stores, each with its own origin and sender.
    for ring in 0..<4 {
      for i in 0..<5 {
        leads.append(Self.lead("R\(ring)S\(i)", phone: "1380000000\(ring)", origin: "杭州市萧山区钟街\(10 + ring)号"))
      }
    }
    // A dropshipping front ships once for a store of each ring and for three honest stores.
    let front = "金华市义乌市代发仓路9号", frontPhone = "17700000009"
    for ring in 0..<4 { leads.append(Self.lead("R\(ring)S0", phone: frontPhone, origin: front)) }
    for honest in 0..<3 { leads.append(Self.lead("H\(honest)", phone: frontPhone, origin: front)) }
    let (graph, result) = try Self.rings(leads)
    let rings = Self.ringKeys(graph, result)
    #expect(rings == Set((0..<4).map { ring in Set((0..<5).map { "R\(ring)S\($0)" }) }))
    let frontKey = try #require(PostalAddress(front)).key
    let frontEntity = try #require(graph.entityIndex(for: EntityKey(kind: .address, key: frontKey)))
    #expect(result.spanning.contains(frontEntity))
    // Listed with the values kept from linking, and why.
    let listed = UnlinkedValues.servingSeveralRings(result.spanning, in: graph)
    #expect(listed.contains { $0.reason == .servesSeveralRings && $0.kind == .address && $0.mentions == 7 })
  }

  @Test func valuesShippedTogetherAreOneRingWhateverItsShape() throws {
    // One warehouse and three senders that each ship for a third of the stores, no two
    // senders for one store: the senders' stores do not overlap, but each overlaps the
    // warehouse's, so the four values are one ring.
    var leads: [Lead] = []
    for i in 0..<30 { leads.append(Self.lead("W\(i)", phone: "1370000100\(i % 3)", origin: "保定市高碑店市建设路12号仓库")) }
    let (graph, result) = try Self.rings(leads)
    #expect(Self.ringKeys(graph, result) == [Set((0..<30).map { "W\($0)" })])
  }

  @Test func aRingWhoseSendersAndOriginsAreMixedComesBackWhole() throws {
    // 60 stores, one lead each, ten senders and ten origins mixed so that no sender and
    // origin share more than one store: no two values tie, yet every group of one origin's
    // stores ships through the other groups' senders, and they are one ring.
    var leads: [Lead] = []
    for i in 0..<60 {
      let sender = i % 10, origin = (i / 10 + 3 * (i % 10)) % 10
      leads.append(Self.lead("M\(i)", phone: "1350000\(1000 + sender)", origin: "杭州市萧山区钟街\(100 + origin)号"))
    }
    let (graph, result) = try Self.rings(leads)
    let linking = graph.entitySet { $0.storeCount >= 2 && RingClusterer.isLinking($0.kind) }
    let valueGroups = Set(SupplyStructure.valueGroups(graph: graph, linking: linking).filter { $0 >= 0 })
    #expect(valueGroups.count > 1, "the values alone tie into \(valueGroups.count) group(s)")
    #expect(Self.ringKeys(graph, result) == [Set((0..<60).map { "M\($0)" })])
  }

  @Test func aSmallRingInTwoHalvesJoinedByAStoreAndAnAccountIsOneRing() throws {
    // Three stores ship from one origin with one sender, four from another with a second
    // sender; one store of the second half used the first sender, and an account was paid by
    // a store of each half: two stores link the halves, too few for any two values to tie.
    let (o1, o2) = ("金华市义乌市工业大道1069号", "金华市义乌市解放路1071号")
    var leads = (0..<3).map { Self.lead("H\($0)", phone: "13808497087", origin: o1) }
    leads += (3..<7).map { Self.lead("H\($0)", phone: "13908489168", origin: o2) }
    leads.append(Self.lead("H7", phone: "13808497087", origin: o2))
    var paidA = Self.lead("H0", phone: "13808497087", origin: o1), paidB = Self.lead("H6", phone: "13908489168", origin: o2)
    paidA[.paymentAccount] = "62220100000001074"
    paidB[.paymentAccount] = "62220100000001074"
    leads += [paidA, paidB]
    let (graph, result) = try Self.rings(leads)
    #expect(Self.ringKeys(graph, result) == [Set((0..<8).map { "H\($0)" })])
  }

  @Test func aSmallRingReachedByOneBridgeStoreStaysApart() throws {
    var leads = Self.twoRings()
    // Ring C of three stores; one of them once used ring A's sender.
    for i in 0..<3 { leads.append(Self.lead("C\(i)", phone: "13700000001", origin: "宁波市鄞州区江街3号")) }
    leads.append(Self.lead("C0", phone: "13800000001", origin: "宁波市鄞州区江街3号"))
    let (graph, result) = try Self.rings(leads)
    #expect(Self.ringKeys(graph, result).contains(Set((0..<3).map { "C\($0)" })))
  }

  @Test func similarityNeedsTwoSharedStores() throws {
    // Two values with one store in common are not tied, however small.
    var leads = [Self.lead("X1", phone: "13600000001", origin: "杭州市萧山区钟街1号")]
    leads.append(Self.lead("X2", phone: "13600000001", origin: "杭州市萧山区钟街2号"))
    leads.append(Self.lead("X2", phone: "13600000002", origin: "杭州市萧山区钟街3号"))
    leads.append(Self.lead("X3", phone: "13600000002", origin: "杭州市萧山区钟街4号"))
    let graph = EvidenceGraph(leads: leads)
    let linking = graph.entitySet { $0.storeCount >= 2 && RingClusterer.isLinking($0.kind) }
    let groups = SupplyStructure.valueGroups(graph: graph, linking: linking)
    let first = try #require(graph.entityIndex(for: EntityKey(kind: .phone, key: "13600000001")))
    let second = try #require(graph.entityIndex(for: EntityKey(kind: .phone, key: "13600000002")))
    #expect(groups[Int(first)] != groups[Int(second)])
  }
}
