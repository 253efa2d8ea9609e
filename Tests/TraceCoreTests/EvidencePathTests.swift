import Testing
@testable import TraceCore

@Suite struct EvidencePathTests {
  static func investigation() throws -> Investigation {
    try Investigation.run(paths: FixtureFiles.exampleLeads(), options: AnalysisOptions())
  }

  @Test func pathThroughTheSharedWarehouseWithItsLeads() throws {
    let investigation = try Self.investigation()
    let graph = investigation.graph
    let a = try #require(EvidencePath.node(named: "抖音:DY100201", in: graph))
    let b = try #require(EvidencePath.node(named: "拼多多:PDD55006", in: graph))
    let outcome = EvidencePath.find(from: a, to: b, in: graph, hubs: Set(investigation.hubs.map(\.entity)))
    guard case .linked(let nodes, let hops) = outcome else {
      Issue.record("expected a path, got \(outcome)")
      return
    }
    #expect(nodes.count == 3)
    #expect(hops.count == 2)
    guard case .entity(let middle) = nodes[1] else {
      Issue.record("the middle of the path should be an entity")
      return
    }
    #expect(graph.entities[Int(middle)].kind == .address)
    #expect(hops.allSatisfy { !$0.leads.isEmpty })
  }

  @Test func onlyThroughAHubIsSaidSo() throws {
    let investigation = try Self.investigation()
    let graph = investigation.graph
    let a = try #require(EvidencePath.node(named: "抖音:DY100206", in: graph))
    let b = try #require(EvidencePath.node(named: "淘宝:TB3300102", in: graph))
    let outcome = EvidencePath.find(from: a, to: b, in: graph, hubs: Set(investigation.hubs.map(\.entity)))
    guard case .onlyThroughHubs(_, _, let hubs) = outcome else {
      Issue.record("expected a hub-only path, got \(outcome)")
      return
    }
    #expect(hubs.count == 1)
    #expect(graph.key(ofEntity: hubs[0]).key.contains("分拨中心"))
  }

  @Test func unrelatedStoresAreUnlinked() throws {
    let investigation = try Self.investigation()
    let graph = investigation.graph
    let a = try #require(EvidencePath.node(named: "抖音:DY100201", in: graph))
    let b = try #require(EvidencePath.node(named: "淘宝:TB3300105", in: graph))
    guard case .unlinked = EvidencePath.find(from: a, to: b, in: graph, hubs: Set(investigation.hubs.map(\.entity)))
    else {
      Issue.record("expected no path")
      return
    }
  }

  @Test func entityKeysAndUnknownNames() throws {
    let graph = try Self.investigation().graph
    #expect(EvidencePath.node(named: "phone:13957912345", in: graph) != nil)
    #expect(EvidencePath.node(named: "phone:00000", in: graph) == nil)
    #expect(EvidencePath.node(named: "抖音:NOPE", in: graph) == nil)
  }
}
