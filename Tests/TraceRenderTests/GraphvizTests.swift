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
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\nb"), ("x\u{202E}y", "x⟨U+202E⟩y"), ("tab\there", "tab here"),
    ("\u{1}", "⟨U+0001⟩"),
  ])
  func escapes(raw: String, escaped: String) { #expect(DOTEscaping.label(raw) == escaped) }

  /// 32,769 line breaks in a label made Graphviz write to a wild address: a label keeps its
  /// first lines and says it was shortened, and the graph draws.
  @Test func aLabelOfThirtyTwoThousandLinesIsShortenedAndDraws() throws {
    let text = "A" + String(repeating: "\n", count: 32_769) + "B"
    let label = DOTEscaping.label(text)
    #expect(label.hasSuffix(DOTEscaping.shortenedNote))
    #expect(label.components(separatedBy: "\\n").count == DOTEscaping.Bounds.label.lines + 1)
    var dot = DOTWriter(graphName: "g")
    dot.node("a", [("label", text), ("tooltip", text)])
    let svg = try Graphviz.render(dot: dot.finished(), format: .svg)
    #expect(String(decoding: svg, as: UTF8.self).contains("已截短"))
  }

  /// No value reaches the 16,384 bytes the `dot` command reads of a string, however long or
  /// however many escapes it makes.
  @Test(arguments: [String(repeating: "长", count: 100_000), String(repeating: "&", count: 50_000), String(repeating: "a\n", count: 9_000)])
  func everyValueStaysUnderWhatDotReads(text: String) {
    for bounds in [DOTEscaping.Bounds.label, .tooltip] {
      let value = DOTEscaping.label(text, bounds: bounds)
      #expect(value.utf8.count <= bounds.bytes && value.utf8.count < 16_384)
      #expect(value.contains("…") && value.hasSuffix(DOTEscaping.shortenedNote))
    }
  }
}

@Suite struct UntrustedDOTTests {
  @Test(arguments: [
    ("https://x.example/a", true), ("http://x", true), ("mailto:a@b", true), ("#n1", true), ("report/C0001.html", true),
    ("../a.html?x=1:2", true), ("javascript:alert(1)", false), (" JavaScript:alert(1)", false), ("data:text/html,x", false),
    ("file:///etc/passwd", false), ("vbscript:x", false),
  ])
  func onlySafeLinksAreKept(link: String, safe: Bool) { #expect(UntrustedDOT.isSafeLink(link) == safe) }

  @Test func theBudgetRefusesDeepNestingBeforeParsing() {
    let deep = Array(("digraph {" + String(repeating: "subgraph {", count: 300) + String(repeating: "}", count: 301)).utf8)
    #expect(throws: UntrustedDOT.Refusal.self) { try UntrustedDOT.checkText(deep, budget: UntrustedDOT.Budget()) }
    // Braces inside strings, HTML labels and comments do not count.
    let quoted = Array(("digraph { a [label=\"" + String(repeating: "{", count: 300) + "\"]; /* {{{{ */ }").utf8)
    #expect(throws: Never.self) { try UntrustedDOT.checkText(quoted, budget: UntrustedDOT.Budget()) }
  }

  @Test func filesOutsideTheFolderAndOtherKindsAreRefused() throws {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("untrusted-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("png".utf8).write(to: folder.appendingPathComponent("ok.png"))
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("link.png").path, withDestinationPath: "/etc/passwd")
    #expect(UntrustedDOT.isInside("ok.png", folder: folder))
    #expect(!UntrustedDOT.isInside("link.png", folder: folder))
    #expect(!UntrustedDOT.isInside("../../etc/passwd", folder: folder))
    #expect(!UntrustedDOT.isInside("/etc/passwd", folder: folder))
    #expect(UntrustedDOT.replacement(for: "image", value: "ok.png", isHTML: false, allowFilesIn: nil) == "")
    #expect(UntrustedDOT.replacement(for: "image", value: "ok.png", isHTML: false, allowFilesIn: folder) == nil)
    #expect(UntrustedDOT.replacement(for: "stylesheet", value: "ok.css", isHTML: false, allowFilesIn: folder) == "")
  }
}


@Suite struct PDFDatesTests {
  @Test(arguments: [(0, "19700101000000"), (1_700_000_000, "20231114221320"), (951_782_400, "20000229000000")])
  func datesAreCivilUTC(epoch: Int, written: String) { #expect(PDFDates.date(epoch: epoch) == written) }

  @Test func aPDFHasTheFixedDate() throws {
    let pdf = try Graphviz.render(dot: "digraph { a -> b }", format: .pdf)
    let text = String(decoding: pdf, as: UTF8.self)
    #expect(text.contains("/CreationDate (D:" + String(decoding: PDFDates.fixed, as: UTF8.self)))
  }
}
