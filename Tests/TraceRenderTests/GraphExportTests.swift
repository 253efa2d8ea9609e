import Foundation
import Testing
@testable import TraceCore
@testable import TraceRender

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct GraphExportTests {
  @Test func graphMLParsesBackWithTheSameNodesEdgesAndTypedAttributes() throws {
    let investigation = try DiagramFixtures.hostileRing()
    let export = GraphExport(investigation)
    let document = try XMLDocument(data: Data(export.graphML().utf8), options: [])
    let nodes = try document.nodes(forXPath: "//*[local-name()='node']")
    let edges = try document.nodes(forXPath: "//*[local-name()='edge']")
    let graph = investigation.graph
    #expect(nodes.count == graph.stores.count + graph.entities.count)
    #expect(edges.count == graph.linkEntities.count)
    let labels = try document.nodes(forXPath: "//*[local-name()='data'][@key='n_label']").compactMap(\.stringValue)
    for name in DiagramFixtures.hostileNames { #expect(labels.contains(name), "\(name) changed in GraphML") }
    let types = try document.nodes(forXPath: "//*[local-name()='key']/@*[local-name()='attr.type']")
      .compactMap(\.stringValue)
    #expect(Set(types) == ["string", "int", "boolean"])
    let rings = try document.nodes(forXPath: "//*[local-name()='data'][@key='n_ring']").compactMap(\.stringValue)
    #expect(rings.filter { $0 == "C0001" }.count >= graph.stores.count)
  }

  @Test func csvAndJSONCarryTheSameGraph() throws {
    let investigation = try DiagramFixtures.hostileRing()
    let export = GraphExport(investigation)
    let graph = investigation.graph
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(export.json().utf8)) as? [String: Any])
    #expect((json["nodes"] as? [Any])?.count == graph.stores.count + graph.entities.count)
    #expect((json["edges"] as? [Any])?.count == graph.linkEntities.count)
    let nodes = export.nodesCSV()
    #expect(nodes.hasPrefix("id,type,key,label,platform,ring,leads,stores,hub\n"))
    #expect(nodes.contains("\"\"\"]; a -> b [\""))
    #expect(export.edgesCSV().split(separator: "\n").count == graph.linkEntities.count + 1)
  }

  @Test(arguments: [
    ("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;"), ("bell\u{07}", "bell\u{FFFD}"), ("tab\tok", "tab\tok"),
  ])
  func xmlEscaping(raw: String, escaped: String) { #expect(XMLEscaping.text(raw) == escaped) }
}
