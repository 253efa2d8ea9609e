import Foundation
import Testing
@testable import TraceCore

@Suite struct RingEvidenceTests {
  /// The evidence of a ring gathered the plain way, with sets and dictionaries: what
  /// `RingEvidence.init` built before it used sorted arrays, kept here as its reference.
  struct Reference: Equatable {
    var entities: [Int32]
    var storeLinks: [RingEvidence.StoreLink]
    var chainLinks: [RingEvidence.ChainLink]
    var leads: [Int32]
    var storeCounts: [Int32: Int]

    init(ring: Ring, graph: EvidenceGraph, hubs: Set<Int32>) {
      var entitySet = Set<Int32>(), leadSet = Set<Int32>()
      var links: [RingEvidence.StoreLink] = []
      var entitiesOfLead: [Int32: [Int32]] = [:]
      for store in ring.stores {
        leadSet.formUnion(graph.stores[Int(store)].leads)
        for link in graph.links(ofStore: Int(store)) {
          let entity = graph.linkEntities[link]
          guard !hubs.contains(entity) else { continue }
          entitySet.insert(entity)
          let leads = Array(graph.leads(ofLink: link)).sorted()
          links.append(.init(store: store, entity: entity, leads: leads, nearest: false))
          for lead in leads { entitiesOfLead[lead, default: []].append(entity) }
        }
      }
      var lowestKindOfLead: [Int32: EntityKind] = [:]
      var chains: [Int64: [Int32]] = [:]
      for (lead, named) in entitiesOfLead {
        let ordered = named.map { (kind: graph.entities[Int($0)].kind, entity: $0) }
          .sorted { ($0.kind, $0.entity) < ($1.kind, $1.entity) }
        lowestKindOfLead[lead] = ordered.last?.kind
        for (upper, lower) in zip(ordered, ordered.dropFirst()) where upper.kind != lower.kind {
          chains[Int64(upper.entity) << 32 | Int64(lower.entity), default: []].append(lead)
        }
      }
      for index in links.indices {
        let kind = graph.entities[Int(links[index].entity)].kind
        links[index].nearest = links[index].leads.contains { lowestKindOfLead[$0] == kind }
      }
      entities = entitySet.sorted()
      storeLinks = links.sorted { ($0.store, $0.entity) < ($1.store, $1.entity) }
      chainLinks = chains.keys.sorted().map { packed in
        .init(
          upper: Int32(packed >> 32), lower: Int32(truncatingIfNeeded: packed & 0xFFFF_FFFF),
          leads: (chains[packed] ?? []).sorted())
      }
      leads = leadSet.sorted()
      storeCounts = storeLinks.reduce(into: [:]) { $0[$1.entity, default: 0] += 1 }
    }
  }

  /// Every ring of a synthetic world (rings of every size, chains of suppliers, origins and
  /// senders, hubs), with and without its hubs left out.
  @Test(arguments: [5 as UInt64, 41])
  func sameAsTheReferenceForEveryRing(seed: UInt64) throws {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("evidence-\(seed)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try SynthWriter(world: SynthWorld(leads: 3000, seed: seed)).write(to: folder)
    let paths = SynthWriter.files.map { folder.appendingPathComponent($0.name).path }
    let investigation = try Investigation.run(paths: paths, options: AnalysisOptions())
    let graph = investigation.graph
    let hubs = Set(investigation.hubs.map(\.entity))
    #expect(investigation.rings.count > 20 && !hubs.isEmpty)
    var chained = 0
    for ring in investigation.rings {
      for left in [hubs, []] {
        let evidence = RingEvidence(ring: ring, graph: graph, hubs: left)
        let reference = Reference(ring: ring, graph: graph, hubs: left)
        #expect(evidence.entities == reference.entities, "\(ring.id)")
        #expect(evidence.storeLinks == reference.storeLinks, "\(ring.id)")
        #expect(evidence.chainLinks == reference.chainLinks, "\(ring.id)")
        #expect(evidence.leads == reference.leads, "\(ring.id)")
        #expect(evidence.storeCounts == evidence.entities.map { reference.storeCounts[$0] ?? 0 }, "\(ring.id)")
        #expect(evidence.storeCountOfEntity == reference.storeCounts, "\(ring.id)")
        for store in ring.stores {
          #expect(Array(evidence.links(ofStore: store)) == reference.storeLinks.filter { $0.store == store })
        }
        chained += evidence.chainLinks.count
      }
    }
    #expect(chained > 0)
  }
}
