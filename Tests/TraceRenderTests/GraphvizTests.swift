import Foundation
import Testing
@testable import TraceRender

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct GraphvizTests {
  static let hostile = [
    "星河好书屋", "\"]; x -> y [", "<script>alert(1)</script>", "back\\slash \\N \\G",
    "a & b &amp; c", "line one\nline two", "say \"hi\"", "\u{202E}RTL override",
  ]

  /// The texts of every <text> element of an SVG, joined per element.
  static func svgTexts(_ svg: [UInt8]) throws -> [String] {
    let document = try XMLDocument(data: Data(svg), options: [])
    let nodes = try document.nodes(forXPath: "//*[local-name()='text']")
    return nodes.compactMap(\.stringValue)
  }

  func hostileGraph() -> String {
    var dot = DOTWriter(graphName: "hostile")
    for (index, label) in Self.hostile.enumerated() { dot.node("n\(index)", [("label", label)]) }
    dot.edge("n0", "n1")
    return dot.finished()
  }

  @Test func hostileLabelsNeverChangeTheGraph() throws {
    let counts = try Graphviz.parseCounts(dot: hostileGraph())
    #expect(counts.nodes == Self.hostile.count)
    #expect(counts.edges == 1)
  }

  @Test func hostileLabelsAreShownAsTextInWellFormedSVG() throws {
    let svg = try Graphviz.render(dot: hostileGraph(), format: .svg)
    let texts = try Self.svgTexts(svg)
    let joined = texts.joined(separator: "\n")
    #expect(texts.contains("星河好书屋"))
    #expect(texts.contains("\"]; x -> y ["))
    #expect(texts.contains("<script>alert(1)</script>"))
    #expect(texts.contains("back\\slash \\N \\G"))
    #expect(texts.contains("a & b &amp; c"))
    #expect(texts.contains("line one") && texts.contains("line two"))
    #expect(texts.contains("say \"hi\""))
    #expect(!joined.contains("hostile"))  // \G would have expanded to the graph name
    let raw = String(decoding: svg, as: UTF8.self)
    #expect(!raw.contains("<script>"))
  }

  @Test func syntaxErrorsNameTheirLine() {
    do {
      _ = try Graphviz.render(dot: "digraph {\n a -> b\n c -> }\n", format: .svg)
      Issue.record("expected a syntax error")
    } catch {
      #expect(error.stage == .parse)
      #expect(error.line == 3, "\(error.message)")
      #expect(error.message.contains("syntax error"))
    }
  }

  @Test func pngAndPdfAreProduced() throws {
    let png = try Graphviz.render(dot: "digraph { a [label=\"星河\"] }", format: .png)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    let pdf = try Graphviz.render(dot: "digraph { a [label=\"星河\"] }", format: .pdf)
    #expect(pdf.starts(with: Array("%PDF".utf8)))
    // The same graph, the same bytes: cairo's creation date is fixed.
    #expect(try Graphviz.render(dot: "digraph { a [label=\"星河\"] }", format: .pdf) == pdf)
    #expect(String(decoding: pdf, as: UTF8.self).contains("/CreationDate (D:19700101000000"))
  }

  @Test func theLockMakesParallelRenderingSafe() async throws {
    try await withThrowingTaskGroup(of: Int.self) { group in
      for index in 0..<24 {
        group.addTask {
          let svg = try Graphviz.render(
            dot: "digraph { a\(index) -> b -> c; b -> \"星\(index)\" }", format: .svg)
          return svg.count
        }
      }
      for try await size in group { #expect(size > 200) }
    }
  }
}

@Suite struct DOTEscapingTests {
  @Test(arguments: [
    ("plain", "plain"), ("a\"b", "a\\\"b"), ("a\\b", "a\\\\b"), ("a&b", "a&amp;b"),
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\nb"), ("x\u{202E}y", "xy"), ("tab\there", "tab here"),
  ])
  func escapes(raw: String, escaped: String) { #expect(DOTEscaping.label(raw) == escaped) }
}

