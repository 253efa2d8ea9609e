import Foundation
import Testing
@testable import TraceCore
@testable import TraceRender

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct RingDiagramTests {
  static func drawFirstRing(_ investigation: Investigation) throws -> (Diagram, RingEvidence) {
    let ring = try #require(investigation.rings.first)
    let evidence = RingEvidence(ring: ring, graph: investigation.graph, hubs: Set(investigation.hubs.map(\.entity)))
    return (RingDiagram.draw(evidence, graph: investigation.graph, page: "../report/\(ring.id).html"), evidence)
  }

  @Test func upstreamOnTopStoresAtTheBottomSourceStarred() throws {
    let investigation = try DiagramFixtures.hostileRing()
    let (diagram, evidence) = try Self.drawFirstRing(investigation)
    #expect(diagram.summary == nil)
    // Every store, every shared value and the legend are nodes; structure survives hostile names.
    let counts = try Graphviz.parseCounts(dot: diagram.dot)
    #expect(counts.nodes == evidence.ring.stores.count + evidence.entities.count + 1)
    #expect(counts.edges == evidence.chainLinks.count + evidence.storeLinks.filter(\.nearest).count)
    #expect(diagram.dot.contains("subgraph \"tier_supplier\" {\n    rank=\"min\";"))
    #expect(diagram.dot.contains("subgraph \"tier_store\" {\n    rank=\"max\";"))
    #expect(diagram.dot.contains("★ 供货商: 金华星河图书有限公司"))

    let svg = try Graphviz.render(dot: diagram.dot, format: .svg)
    let texts = try GraphvizTests.svgTexts(svg)
    for name in DiagramFixtures.hostileNames where !name.contains("\n") && !name.contains("\u{202E}") {
      #expect(texts.contains(name), "\(name) not shown as text")
    }
    #expect(texts.contains("two") && texts.contains("lines"))
    let raw = String(decoding: svg, as: UTF8.self)
    #expect(!raw.contains("<script>"))
    // Tooltips, links and ids reach the SVG.
    #expect(raw.contains("xlink:href=\"../report/C0001.html#s0\""))
    #expect(raw.contains("id=\"n_s0\""))
    #expect(raw.contains("<title>") || raw.contains("xlink:title="))
  }

  @Test func ringAboveTheBudgetIsSummarisedAndSaysSo() throws {
    let (evidence, graph) = try DiagramFixtures.bigRing(stores: 400)
    let diagram = RingDiagram.draw(evidence, graph: graph, page: "p.html")
    let summary = try #require(diagram.summary)
    #expect(summary.contains("400 stores drawn as 1 platform group"))
    let counts = try Graphviz.parseCounts(dot: diagram.dot)
    #expect(counts.nodes <= RingDiagram.summarisedEntityLimit + 2)
    let svg = try Graphviz.render(dot: diagram.dot, format: .svg)
    _ = try XMLDocument(data: Data(svg), options: [])
  }

  @Test func smallRingIsDrawnStoreByStore() throws {
    let (evidence, graph) = try DiagramFixtures.bigRing(stores: RingDiagram.storeGroupAbove)
    let diagram = RingDiagram.draw(evidence, graph: graph, page: "p.html")
    #expect(diagram.summary == nil)
    let counts = try Graphviz.parseCounts(dot: diagram.dot)
    #expect(counts.nodes == RingDiagram.storeGroupAbove + evidence.entities.count + 1)
    let svg = try Graphviz.render(dot: diagram.dot, format: .svg)
    #expect(try GraphvizTests.svgTexts(svg).contains("书店\(RingDiagram.storeGroupAbove - 1)"))
  }

  @Test func largerRingGroupsStoresFedByTheSameValues() throws {
    // 120 stores: every lead names the sender 王强, so all stores hang off the same value.
    let (evidence, graph) = try DiagramFixtures.bigRing(stores: 120)
    let diagram = RingDiagram.draw(evidence, graph: graph, page: "p.html")
    #expect(diagram.summary == nil)
    let counts = try Graphviz.parseCounts(dot: diagram.dot)
    #expect(counts.nodes == evidence.entities.count + 1 + 1)
    let svg = try Graphviz.render(dot: diagram.dot, format: .svg)
    #expect(try GraphvizTests.svgTexts(svg).contains("120 stores"))
  }

  @Test func pngAndPdfDrawChineseGlyphs() throws {
    // Missing glyphs are drawn as identical boxes: two different Chinese labels give
    // different images only when the CJK font is found.
    func png(_ label: String) throws -> [UInt8] {
      try Graphviz.render(dot: "digraph { a [label=\"\(label)\", fontname=\"\(EntityStyle.font)\"] }", format: .png)
    }
    let first = try png("星河图书"), second = try png("书屋印务")
    #expect(first.count > 100 && second.count > 100)
    #expect(first != second)
    let pdf = try Graphviz.render(
      dot: "digraph { a [label=\"星河图书\", fontname=\"\(EntityStyle.font)\"] }", format: .pdf)
    #expect(pdf.starts(with: Array("%PDF".utf8)))
    #expect(String(decoding: pdf, as: UTF8.self).contains("WenQuanYi"))
  }

  @Test func aLargeStarStaysBounded() throws {
    // 2,000 leaves on one node: the wrapper bounds dot's iterations, so it finishes.
    var dot = "digraph star {\n"
    for leaf in 0..<2000 { dot += "  hub -> leaf\(leaf);\n" }
    dot += "}"
    let svg = try Graphviz.render(dot: dot, format: .svg)
    #expect(try GraphvizTests.svgTexts(svg).contains("leaf1999"))
  }
}

@Suite struct OverviewDiagramTests {
  @Test func smallInvestigationDrawsRingsAsClustersLinkedToTheReport() throws {
    let investigation = try DiagramFixtures.hostileRing()
    let overview = OverviewDiagram.draw(investigation)
    #expect(overview.summary == nil)
    #expect(overview.dot.contains("subgraph \"cluster_C0001\""))
    #expect(overview.dot.contains("URL=\"report/C0001.html\""))
    _ = try Graphviz.parseCounts(dot: overview.dot)
  }

  @Test func largeInvestigationCollapsesRingsAndSaysSo() throws {
    // 60 rings of 8 stores: 480 stores exceed the overview's node limit.
    var leads: [Lead] = []
    for ring in 0..<60 {
      for store in 0..<8 {
        leads.append(
          DiagramFixtures.lead(
            "R\(ring)S\(store)", name: "店\(ring)-\(store)", phone: "1390000\(String(format: "%04d", ring))",
            origin: "保定市第\(ring)号仓库"))
      }
    }
    let investigation = try DiagramFixtures.investigation(leads)
    #expect(investigation.rings.count == 60)
    let overview = OverviewDiagram.draw(investigation)
    let summary = try #require(overview.summary)
    #expect(summary.contains("60 rings drawn as one node each"))
    #expect(overview.dot.contains("layout=\"sfdp\""))
    let counts = try Graphviz.parseCounts(dot: overview.dot)
    #expect(counts.nodes == 60)
  }
}
