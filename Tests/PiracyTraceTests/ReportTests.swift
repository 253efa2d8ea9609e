import Foundation
import Testing
@testable import piracy_trace

/// `analyze` writes the report, ring diagrams and exports; the report escapes what it shows.
@Suite struct ReportTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test func analyzeWritesReportDiagramsAndExports() throws {
    let out = AnalyzeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try AnalyzeCommandTests.run(
      ["analyze"] + AnalyzeCommandTests.examples()
        + ["--out", out, "--format", "svg,png,pdf", "--export", "graphml,csv,json", "--diagrams", "2"])
    for name in [
      "report.html", "report/C0001.html", "report/C0003.html", "clusters/C0001.dot", "clusters/C0001.svg",
      "clusters/C0001.png", "clusters/C0001.pdf", "clusters/C0002.svg", "overview.png", "overview.pdf",
      "graph.graphml", "nodes.csv", "edges.csv", "graph.json",
    ] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) missing")
    }
    #expect(!FileManager.default.fileExists(atPath: out + "/clusters/C0003.dot"), "--diagrams 2 drew a third ring")
    let manifest = try AnalyzeCommandTests.read(out, "manifest.json")
    #expect(manifest.contains("\"diagrams\": [\"C0001\", \"C0002\"]"))

    let index = try AnalyzeCommandTests.read(out, "report.html")
    #expect(index.components(separatedBy: "<tr id=\"C000").count - 1 == 3)
    #expect(index.contains("<a href=\"report/C0001.html\">C0001</a>"))
    for sha in try Self.inputHashes(manifest) { #expect(index.contains(sha)) }
    #expect(index.contains("piracy-trace analyze "))
    #expect(index.contains("renmin-leads.csv:15"))  // a rejected row with its line

    // The drawings, made after the pages around them, are put where they belong: the ring's
    // under its heading, the overview after the ring table, which marks the drawn rings.
    #expect(index.contains("</tbody></table>\n<h2 id=\"overview\">总览 Overview</h2><div class=\"diagram\"><svg"))
    #expect(index.contains("<td>yes</td></tr>\n<tr id=\"C0002\">"))
    let ring = try AnalyzeCommandTests.read(out, "report/C0001.html")
    #expect(ring.contains("<h2 id=\"diagram\">关系图 Diagram</h2>\n<div class=\"diagram\"><svg"))
    #expect(ring.contains("</svg>\n</div>\n<h2 id=\"upstream\">"))
    #expect(ring.contains("&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;,&#39;2&#39;)&lt;/script&gt;"))
    #expect(!ring.contains("<script>document"))
    #expect(!ring.contains("<img src=x"))
    #expect(ring.contains("id=\"lead-"))
    let third = try AnalyzeCommandTests.read(out, "report/C0003.html")
    #expect(third.contains("No diagram for this ring"))
  }

  /// Values that identify nothing (无, 金华市, 138****8000, 1.38001E+10, 微信, 厂家) are listed
  /// with why, as text, and link no store; the real supplier, address, phone and account do.
  @Test func valuesKeptFromLinkingAreListedWithWhy() throws {
    let out = AnalyzeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try AnalyzeCommandTests.run(["analyze", AnalyzeCommandTests.fixture("unlinked.csv"), "--out", out])
    let index = try AnalyzeCommandTests.read(out, "report.html")
    #expect(index.contains("未用于关联的值 Values kept from linking"))
    for row in [
      "<td>supplier</td><td>a word for none (无, 未知, N/A …)</td><td class=\"num\" data-v=\"1\">1</td><td class=\"num\" data-v=\"2\">2</td><td>无</td>",
      "<td>address</td><td>an address naming only a region (a city, district or town)</td><td class=\"num\" data-v=\"2\">2</td><td class=\"num\" data-v=\"3\">3</td><td>金华市, &lt;b&gt;义乌市&lt;/b&gt;</td>",
      "<td>phone</td><td>a masked phone (138****8000)</td>",
      "<td>phone</td><td>a number Excel saved in scientific notation (digits lost)</td>",
      "<td>phone</td><td>a stand-in phone (00000000000, 13800000000 …)</td>",
      "<td>account</td><td>a way to pay, not an account (微信, 支付宝 …)</td><td class=\"num\" data-v=\"2\">2</td><td class=\"num\" data-v=\"3\">3</td><td>微信, 支付宝</td>",
      "<td>supplier</td><td>a kind of supplier, not one (厂家, 一手货源, 1688 …)</td>",
    ] {
      #expect(index.contains(row), "\(row)")
    }
    let stores = try AnalyzeCommandTests.read(out, "stores.csv")
    #expect(stores.split(separator: "\n").filter { $0.hasSuffix(",C0001,1,人民文学出版社") }.count == 2)  // S4 and S5 only
  }

  @Test func reportIsByteIdenticalAcrossRuns() throws {
    // The same command twice (the output folder is part of the command the report prints).
    // Graphviz orders clusters by the address of their interned names, so an overview laid
    // out twice in one process may order its clusters differently (each process is
    // reproducible); the inline overview is left out of this in-process comparison.
    let out = AnalyzeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let names = ["report.html", "report/C0001.html", "clusters/C0001.dot", "clusters/C0001.svg"]
    func contents(_ name: String) throws -> String {
      let text = try AnalyzeCommandTests.read(out, name)
      guard let start = text.range(of: "<h2 id=\"overview\">"), let end = text.range(of: "<h2 id=\"super-sources\">")
      else { return text }
      return String(text[..<start.lowerBound] + text[end.lowerBound...])
    }
    try AnalyzeCommandTests.run(["analyze"] + AnalyzeCommandTests.examples() + ["--out", out])
    let first = try names.map(contents)
    try AnalyzeCommandTests.run(["analyze"] + AnalyzeCommandTests.examples() + ["--out", out])
    for (name, before) in zip(names, first) { #expect(try contents(name) == before, "\(name) differs") }
  }

  @Test func noReportFlagSkipsTheReport() throws {
    let out = AnalyzeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try AnalyzeCommandTests.run(["analyze"] + AnalyzeCommandTests.examples() + ["--out", out, "--no-report", "--diagrams", "0"])
    #expect(!FileManager.default.fileExists(atPath: out + "/report.html"))
    #expect(!FileManager.default.fileExists(atPath: out + "/clusters"))
    #expect(throws: (any Error).self) {
      _ = try PiracyTrace.parseAsRoot(["analyze", "x.csv", "--out", "/tmp/x", "--diagrams", "many"])
    }
    #expect(throws: (any Error).self) {
      _ = try PiracyTrace.parseAsRoot(["analyze", "x.csv", "--out", "/tmp/x", "--export", "gexf"])
    }
  }

  static var chromium: String? {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// Loads the report in headless Chromium through `Scripts/browser-check.sh`, which checks
  /// the rendered DOM: ring rows, inline SVG, and the hostile store name shown as text.
  @Test(.enabled(if: chromium != nil, "Chromium is not installed"))
  func reportRendersInARealBrowser() throws {
    let out = AnalyzeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try AnalyzeCommandTests.run(["analyze"] + AnalyzeCommandTests.examples() + ["--out", out])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [Self.root.appendingPathComponent("Scripts/browser-check.sh").path, out]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = Pipe()
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(message)")
    #expect(message.contains("hostile names shown as text: yes"))
    #expect(FileManager.default.fileExists(atPath: out + "/report.png"))
  }

  static func inputHashes(_ manifest: String) throws -> [String] {
    let json = try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any]
    return (json?["inputs"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
  }
}
