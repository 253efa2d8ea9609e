import Foundation
import Testing
@testable import TraceCore

@Suite struct LeidenTests {
  /// Zachary's karate club (0-based, 78 edges).
  static let karate: [(Int64, Int64)] = {
    let adjacency: [Int64: [Int64]] = [
      0: [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 17, 19, 21, 31], 1: [2, 3, 7, 13, 17, 19, 21, 30],
      2: [3, 7, 8, 9, 13, 27, 28, 32], 3: [7, 12, 13], 4: [6, 10], 5: [6, 10, 16], 6: [16],
      8: [30, 32, 33], 9: [33], 13: [33], 14: [32, 33], 15: [32, 33], 18: [32, 33], 19: [33],
      20: [32, 33], 22: [32, 33], 23: [25, 27, 29, 32, 33], 24: [25, 27, 31], 25: [31],
      26: [29, 33], 27: [33], 28: [31, 33], 29: [32, 33], 30: [32, 33], 31: [32, 33], 32: [33],
    ]
    return adjacency.keys.sorted().flatMap { a in adjacency[a, default: []].map { (a, $0) } }
  }()

  @Test func karateClubModularity() throws {
    #expect(Self.karate.count == 78)
    let edges = Self.karate.flatMap { [$0.0, $0.1] }
    let (membership, modularity) = try IGraph.leiden(
      vertexCount: 34, edges: edges, weights: Array(repeating: 1, count: 78), resolution: 1, seed: 7)
    #expect(membership.count == 34)
    #expect(abs(modularity - 0.42) < 0.006, "modularity \(modularity)")
    #expect((3...5).contains(Set(membership).count))
  }

  @Test func sameSeedSameMembership() throws {
    let edges = Self.karate.flatMap { [$0.0, $0.1] }
    let weights = [Double](repeating: 1, count: 78)
    let a = try IGraph.leiden(vertexCount: 34, edges: edges, weights: weights, seed: 3)
    let b = try IGraph.leiden(vertexCount: 34, edges: edges, weights: weights, seed: 3)
    #expect(a.membership == b.membership)
  }

  @Test func twoCliquesJoinedByOneEdgeSplit() throws {
    var edges: [Int64] = []
    for base in [Int64(0), 6] {
      for i in 0..<6 { for j in (i + 1)..<6 { edges += [base + Int64(i), base + Int64(j)] } }
    }
    edges += [0, 6]
    let (membership, _) = try IGraph.leiden(
      vertexCount: 12, edges: edges, weights: Array(repeating: 1, count: edges.count / 2), seed: 1)
    #expect(Set(membership[0..<6]).count == 1)
    #expect(Set(membership[6..<12]).count == 1)
    #expect(membership[0] != membership[6])
  }
}

@Suite struct HubAndWeightTests {
  /// One lead per (store, phone, address).
  static func lead(_ store: String, phone: String, address: String) -> Lead {
    UpstreamRankerTests.lead(store, phone: phone, origin: address)
  }

  static let depot = "金华市义乌市某某物流园88号"
  static let warehouse = "保定市高碑店市建设路12号仓库"

  /// 14 unrelated stores share a depot (each with its own phone); a 14-store ring shares a
  /// warehouse and two senders; two stores use a 400 number.
  static func graph() -> EvidenceGraph {
    var leads: [Lead] = []
    for i in 0..<14 {
      leads.append(lead("U\(i)", phone: "1390000\(1000 + i)", address: depot))
      leads.append(lead("R\(i)", phone: i % 2 == 0 ? "13811112222" : "13833334444", address: warehouse))
    }
    leads.append(lead("S1", phone: "400-810-1234", address: "杭州市西湖区文一路1号"))
    leads.append(lead("S2", phone: "4008101234", address: "杭州市西湖区文二路2号"))
    return EvidenceGraph(leads: leads)
  }

  @Test func depotIsAHubAndTheRingWarehouseIsNot() throws {
    let graph = Self.graph()
    let hubs = HubDetector.hubs(in: graph)
    let keys = Set(hubs.map(\.key.key))
    #expect(keys.contains(try #require(PostalAddress(Self.depot)).key))
    #expect(!keys.contains(try #require(PostalAddress(Self.warehouse)).key))
    #expect(hubs.contains { $0.key.key == "4008101234" && $0.reason == .infrastructure })
    let depot = try #require(hubs.first { $0.reason == .unrelatedStores })
    #expect(depot.groups == 14)
  }

  @Test func ringsOfTheHandMadeGraph() throws {
    let graph = Self.graph()
    let investigation = try RingClusterer.rings(
      in: graph, hubs: HubDetector.hubs(in: graph), options: AnalysisOptions())
    #expect(investigation.rings.count == 1)
    #expect(investigation.rings[0].stores.map { graph.stores[Int($0)].storeID }.allSatisfy { $0.hasPrefix("R") })
    #expect(investigation.rings[0].stores.count == 14)
  }

  @Test func weightsFallWithStoreCountAndFollowKind() {
    func entity(_ kind: EntityKind, _ stores: Int) -> EvidenceGraph.Entity {
      EvidenceGraph.Entity(kind: kind, storeCount: stores, labelID: 0)
    }
    #expect(LinkWeights.weight(of: entity(.phone, 2)) > LinkWeights.weight(of: entity(.phone, 20)))
    #expect(LinkWeights.weight(of: entity(.supplier, 5)) > LinkWeights.weight(of: entity(.address, 5)))
    #expect(LinkWeights.weight(of: entity(.account, 5)) > LinkWeights.weight(of: entity(.phone, 5)))
  }
}

@Suite struct RingPropertyTests {
  @Test(arguments: [17 as UInt64, 29])
  func everyStoreInOneRingAndRingsConnected(seed: UInt64) throws {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("rings-\(seed)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try SynthWriter(world: SynthWorld(leads: 4000, seed: seed)).write(to: folder)
    let paths = SynthWriter.files.map { folder.appendingPathComponent($0.name).path }
    let investigation = try Investigation.run(paths: paths, options: AnalysisOptions())
    let graph = investigation.graph
    var seen = Set<Int32>()
    let hubs = Set(investigation.hubs.map(\.entity))
    let storesOf = graph.storesByEntity()
    for (index, ring) in investigation.rings.enumerated() {
      #expect(ring.stores.count >= 2)
      for store in ring.stores {
        #expect(seen.insert(store).inserted)
        #expect(investigation.ringOfStore[Int(store)] == Int32(index))
      }
      // Connected through non-hub linking values inside the ring.
      let members = Set(ring.stores)
      var reached: Set<Int32> = [ring.stores[0]]
      var frontier = [ring.stores[0]]
      while let store = frontier.popLast() {
        for link in graph.links(ofStore: Int(store)) {
          let entity = graph.linkEntities[link]
          guard !hubs.contains(entity), RingClusterer.linkingKinds.contains(graph.entities[Int(entity)].kind)
          else { continue }
          for other in storesOf[Int(entity)] where members.contains(other) && !reached.contains(other) {
            reached.insert(other)
            frontier.append(other)
          }
        }
      }
      #expect(reached == members, "ring \(ring.id) is not connected")
    }
    let unringed = investigation.ringOfStore.filter { $0 < 0 }.count
    #expect(seen.count + unringed == graph.stores.count)
  }

  @Test func ringIDsHaveAtLeastFourDigits() {
    #expect(RingClusterer.ringID(1) == "C0001")
    #expect(RingClusterer.ringID(9999) == "C9999")
    #expect(RingClusterer.ringID(10000) == "C10000")
    for number in [7, 42, 100, 999, 1000, 4321, 61937, 123456] {
      #expect(RingClusterer.ringID(number) == String(format: "C%04d", number))
    }
  }
}
