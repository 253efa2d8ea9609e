import ArgumentParser
import Foundation
import Testing
@testable import piracy_trace
import TraceCore
@testable import TraceRender

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 28 end to end: sheets and DOT files from strangers, and users' mistakes, through the
/// CLI. No crash, no hang, nothing of the user's lost, nothing active in the outputs.
@Suite struct HostileInputTests {
  typealias Helpers = AnalyzeCommandTests

  /// A folder made for one test, removed after it.
  final class Scratch {
    let path = Helpers.temporaryFolder()
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String, _ text: String) throws -> String {
      let file = path + "/" + name
      try Data(text.utf8).write(to: URL(fileURLWithPath: file))
      return file
    }
  }

  /// Every file under `folder` with its bytes, by relative path.
  static func snapshot(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let name = enumerator?.nextObject() as? String {
      if let data = FileManager.default.contents(atPath: folder + "/" + name) { files[name] = data }
    }
    return files
  }

  static let header = "publisher,store_id,store_name,platform,sender_phone,supplier\n"
  /// U+FFFE, which Swift string literals cannot hold.
  static let nonCharacter = String(Unicode.Scalar(0xFFFE as UInt32)!)

  /// A store name and a supplier holding 32,769 line breaks crashed Graphviz (SIGSEGV in
  /// make_simple_label), even with no ring diagram; now the labels are bounded and say so.
  @Test func thirtyTwoThousandLineBreaksInANameAreDrawnShortened() throws {
    let scratch = Scratch()
    let breaks = String(repeating: "\n", count: 32_769)
    let sheet = try scratch.file(
      "breaks.csv",
      Self.header + "人民文学出版社,DY1,\"A\(breaks)B\",抖音,13957912345,\"X\(breaks)Y\"\n"
        + "人民文学出版社,DY2,星河,抖音,13957912345,\"X\(breaks)Y\"\n")
    let out = scratch.path + "/out"
    try Helpers.run(["analyze", sheet, "--out", out, "--diagrams", "all"])
    let overview = try Helpers.read(out, "graph.dot")
    #expect(overview.utf8.count < 100_000)
    #expect(FileManager.default.fileExists(atPath: out + "/overview.svg"))
  }

  /// A mistyped file name stops the run before it starts: the earlier result is as it was,
  /// byte for byte. So does a run that read no lead at all.
  @Test func aMistypedOrUselessRunLeavesTheEarlierResultAsItWas() throws {
    let scratch = Scratch()
    let out = scratch.path + "/out"
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out])
    let before = Self.snapshot(out)
    #expect(before["report/C0001.html"] != nil)
    #expect(throws: (any Error).self) {
      try Helpers.run(["analyze", scratch.path + "/renmin-leads.cvs", "--out", out])
    }
    #expect(throws: ExitCode(2)) { try Helpers.run(["analyze", Helpers.fixture("binary.csv"), "--out", out]) }
    #expect(Self.snapshot(out) == before)
  }

  /// Files of the user's in the output folder (a diagram, a page, an export no run wrote)
  /// survive a second run; the earlier run's own files it did not write again go.
  @Test func theUsersOwnFilesAreNeverRemoved() throws {
    let scratch = Scratch()
    let out = scratch.path + "/out"
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out, "--diagrams", "3"])
    for mine in ["clusters/C0009.svg", "report/C0099.html", "graph.graphml"] {
      try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/" + mine))
    }
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out, "--diagrams", "1"])
    for mine in ["clusters/C0009.svg", "report/C0099.html", "graph.graphml"] {
      #expect(FileManager.default.contents(atPath: out + "/" + mine) == Data("mine".utf8))
    }
    #expect(!FileManager.default.fileExists(atPath: out + "/clusters/C0002.svg"))
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json")))
    let files = try #require((manifest as? [String: Any])?["files"] as? [String])
    #expect(files.contains("clusters/C0001.svg") && files.contains("manifest.json") && !files.contains("graph.graphml"))
  }

  /// `explain`'s drawings are the tool's: the next analysis, whose result they no longer
  /// explain, replaces the folder whole and they go with the earlier result.
  @Test func explainsDrawingsGoWithTheResultTheyExplain() throws {
    let scratch = Scratch()
    let out = scratch.path + "/out"
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out])
    try Helpers.run(["explain", "--out", out, "抖音:DY100201", "拼多多:PDD55006"])
    #expect(FileManager.default.fileExists(atPath: out + "/explain/抖音_DY100201--拼多多_PDD55006.svg"))
    #expect(try ResultFolder.look(at: URL(fileURLWithPath: out)) != .shared(files: []))
    guard case .whollyTools = try ResultFolder.look(at: URL(fileURLWithPath: out)) else {
      Issue.record("a folder holding explain's drawings was taken for the user's")
      return
    }
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out])
    #expect(!FileManager.default.fileExists(atPath: out + "/explain"))
  }

  /// A `clusters/` that is a symbolic link is refused, and the folder it points to keeps
  /// every file.
  @Test func aLinkedClustersFolderIsRefusedAndWhatItPointsToKept() throws {
    let scratch = Scratch()
    let out = scratch.path + "/out", elsewhere = scratch.path + "/elsewhere"
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out])
    try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
    _ = try scratch.file("elsewhere/C0001.svg", "theirs")
    try FileManager.default.removeItem(atPath: out + "/clusters")
    try FileManager.default.createSymbolicLink(atPath: out + "/clusters", withDestinationPath: elsewhere)
    #expect(throws: ExitCode(2)) { try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out]) }
    #expect(try String(contentsOfFile: elsewhere + "/C0001.svg", encoding: .utf8) == "theirs")
  }

  /// One run per folder: a second is refused at once, with a message, and the first's
  /// result is whole.
  @Test func aSecondRunIntoABusyFolderIsRefused() throws {
    let scratch = Scratch()
    let out = scratch.path + "/out"
    let holder = try ResultFolder(URL(fileURLWithPath: out))
    #expect(throws: ExitCode(2)) { try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out]) }
    holder.abandon()
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out])
    #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
  }

  /// What a killed run left beside the folder (its staging folder) is removed by the next
  /// run, and never mistaken for a result.
  @Test func whatAKilledRunLeftIsClearedByTheNext() throws {
    let scratch = Scratch()
    let out = scratch.path + "/out"
    let staging = scratch.path + "/.out.piracy-trace-new"
    try FileManager.default.createDirectory(atPath: staging + "/clusters", withIntermediateDirectories: true)
    _ = try scratch.file(".out.piracy-trace-new/stores.csv", "half")
    try Helpers.run(["analyze"] + Helpers.examples() + ["--out", out])
    #expect(!FileManager.default.fileExists(atPath: staging))
    let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
    #expect(names == [".out.piracy-trace-lock", "out"])
  }

  /// The same files in another order give the same result, byte for byte (but the
  /// manifest and the report's command line, which record the arguments as given).
  ///
  /// Run as users run it, one process a run: inside one long-lived process, Graphviz orders
  /// clusters in its SVG by the heap addresses of their names (cgraph's default id
  /// discipline), so the overview's bytes there depend on what the process did before.
  @Test func theOrderOfTheFilesChangesNothing() throws {
    let scratch = Scratch()
    let files = Helpers.examples() + [Helpers.fixture("rejects.csv")]
    let executable = try #require(RenderWorkerProcess.executable())
    for (folder, order) in [("a", files), ("b", files.reversed())] {
      let process = try Process.run(executable, arguments: ["analyze"] + order + ["--out", scratch.path + "/" + folder])
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    var a = Self.snapshot(scratch.path + "/a"), b = Self.snapshot(scratch.path + "/b")
    for name in ["manifest.json", "report.html"] {
      #expect(a[name] != nil)
      a[name] = nil
      b[name] = nil
    }
    #expect(a.count > 10)
    #expect(a.keys.sorted() == b.keys.sorted())
    for name in a.keys.sorted() where a[name] != b[name] {
      let (x, y) = (Array(a[name] ?? Data()), Array(b[name] ?? Data()))
      let at = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
      let context = { (bytes: [UInt8]) in String(decoding: bytes[at..<min(bytes.count, at + 60)], as: UTF8.self).replacingOccurrences(of: "\n", with: " ") }
      Issue.record("\(name) differs with the files reordered, at byte \(at): \(context(x)) | \(context(y))")
    }
  }

  /// Cells a spreadsheet would take for a formula are written with a leading `'`; bidi
  /// controls and noncharacters are shown as codes in the tables and the report.
  @Test func formulasAndBidiControlsAreInertInTablesAndReport() throws {
    let scratch = Scratch()
    let sheet = try scratch.file(
      "formula.csv",
      Self.header + "人民文学出版社,DY1,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",抖音,13957912345,@SUM(A1)\n"
        + "人民文学出版社,DY2,Invoice\u{202E}fdp.exe\(Self.nonCharacter),抖音,13957912345,+cmd\n"
        + "人民文学出版社,DY3,-减价,抖音,13957912345,s\n"
        + "=1+1,,,抖音,13957912345,s\n")
    let out = scratch.path + "/out"
    try Helpers.run(["analyze", sheet, "--out", out])
    let stores = try Helpers.read(out, "stores.csv")
    #expect(stores.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""))
    #expect(stores.contains(",'-减价,"))
    #expect(stores.contains("Invoice⟨U+202E⟩fdp.exe⟨U+FFFE⟩"))
    #expect(!stores.unicodeScalars.contains("\u{202E}"))
    let rejects = try Helpers.read(out, "rejects.csv")
    #expect(rejects.contains(",'=1+1,,,抖音,13957912345,s\n") || rejects.contains(",\"'=1+1,,,抖音,13957912345,s\"\n"))
    let report = try Self.snapshot(out).filter { $0.key.hasSuffix(".html") || $0.key.hasSuffix(".svg") }
    for (name, data) in report {
      let text = String(decoding: data, as: UTF8.self)
      #expect(!text.unicodeScalars.contains("\u{202E}") && !text.unicodeScalars.contains("\u{FFFE}"), "\(name)")
    }
    #expect(report.values.contains { String(decoding: $0, as: UTF8.self).contains("Invoice⟨U+202E⟩fdp.exe") })
  }

  /// `check` fails on a file that is no lead sheet, and refuses a FIFO at once (it hung).
  @Test func checkFailsOnWhatIsNoLeadSheetAndNeverWaitsOnAFIFO() throws {
    let scratch = Scratch()
    var binary = try PiracyTrace.parseAsRoot(["check", Helpers.fixture("binary.csv")])
    #expect(throws: ExitCode(1)) { try binary.run() }
    let fifo = scratch.path + "/leads.csv"
    #expect(mkfifo(fifo, 0o600) == 0)
    var check = try PiracyTrace.parseAsRoot(["check", fifo])
    #expect(throws: ExitCode(1)) { try check.run() }
    #expect(throws: ExitCode(2)) { try Helpers.run(["analyze", fifo, "--out", scratch.path + "/out"]) }
  }

  /// A cell over `--max-cell-bytes` and a row over `--max-cells` are rejected rows with
  /// their line; a header over them refuses the file.
  @Test func oversizedCellsAndRowsAreRejectedWithTheirLine() throws {
    let scratch = Scratch()
    let sheet = try scratch.file(
      "big.csv",
      Self.header + "人民文学出版社,DY1,\(String(repeating: "长", count: 200)),抖音,13957912345,s\n"
        + "人民文学出版社,DY2,b,抖音,13957912345,s" + String(repeating: ",x", count: 100) + "\n"
        + "人民文学出版社,DY3,c,抖音,13957912345,s\n")
    let out = scratch.path + "/out"
    try Helpers.run(["analyze", sheet, "--out", out, "--max-cell-bytes", "300", "--max-cells", "50"])
    let rejects = try Helpers.read(out, "rejects.csv")
    #expect(rejects.contains("big.csv,2,oversized_row,"))
    #expect(rejects.contains("big.csv,3,oversized_row,"))
    let wide = try scratch.file("wide.csv", "publisher,store_id" + String(repeating: ",x", count: 60) + "\n")
    let result = LeadSheetReader.read(paths: [wide], options: LeadReadOptions(limits: ReadLimits(cellsPerRow: 50)))
    guard case .failure(let error) = result[0] else {
      Issue.record("a header of 62 cells was read")
      return
    }
    #expect(error == LeadFileError(file: wide, reason: .headerTooWide(limit: 50)))
  }

  // MARK: - render

  /// A stranger's DOT reads no file and runs nothing: image, imagepath, shapefile,
  /// stylesheet, HTML IMG and javascript: links are removed before layout.
  @Test func renderReadsNoFileAndKeepsNoScript() throws {
    let scratch = Scratch()
    let dot = try scratch.file(
      "evil.dot",
      """
      digraph { graph [stylesheet="evil.css", imagepath="/etc"];
        a [image="/etc/passwd", URL="javascript:alert(1)"]; c [shape=epsf, shapefile="/etc/hostname"];
        b [label=<<TABLE><TR><TD><IMG SRC="/etc/passwd"/></TD></TR></TABLE>>]; a -> b; b -> c [href="https://ok.example/"] }
      """)
    try Helpers.run(["render", dot, "--format", "svg", "--out", scratch.path + "/drawn"])
    let svg = try String(contentsOfFile: scratch.path + "/drawn/evil.svg", encoding: .utf8)
    for banned in ["passwd", "javascript", "evil.css", "/etc", "hostname"] { #expect(!svg.contains(banned), "\(banned)") }
    #expect(svg.contains("https://ok.example/"))
  }

  /// An image naming a FIFO, even with --allow-files, is not opened (it hung forever).
  @Test func renderNeverOpensAFIFO() throws {
    let scratch = Scratch()
    #expect(mkfifo(scratch.path + "/pipe.png", 0o600) == 0)
    let dot = try scratch.file("pipe.dot", "digraph { a [image=\"pipe.png\"] }")
    try Helpers.run(["render", dot, "--allow-files", "--format", "svg"])
    #expect(FileManager.default.fileExists(atPath: scratch.path + "/pipe.svg"))
  }

  /// Graphs whose layout would take minutes or gigabytes are refused or stopped with a clear
  /// error and exit 1: a size asked in the millions of pixels, clusters nested thousands
  /// deep, a dense graph past --timeout.
  @Test(arguments: [
    "digraph { size=\"100000,100000!\"; a -> b }",
    "digraph {" + String(repeating: "subgraph cluster_x {", count: 3_000) + "a" + String(repeating: "}", count: 3_000) + "}",
  ])
  func renderRefusesWhatItCannotDrawInBounds(text: String) throws {
    let scratch = Scratch()
    let dot = try scratch.file("g.dot", text)
    #expect(throws: ExitCode(1)) { try Helpers.run(["render", dot, "--format", "png"]) }
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/g.png"))
  }

  @Test func renderStopsALayoutPastItsTime() throws {
    let scratch = Scratch()
    var generator = SplitMix(seed: 7)
    let edges = (0..<700).map { _ in "n\(generator.next() % 300) -> n\(generator.next() % 300);" }.joined()
    let dot = try scratch.file("dense.dot", "digraph {\(edges)}")
    let start = Date()
    #expect(throws: ExitCode(1)) { try Helpers.run(["render", dot, "--timeout", "1"]) }
    #expect(Date().timeIntervalSince(start) < 30)
  }

  /// The cleaning and the budget refuse nothing of Graphviz's own example graphs
  /// (`../shared/corpus/graphviz-graphs`): every one is drawn.
  @Test func renderDrawsEveryGraphOfTheGraphvizCorpus() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/graphviz-graphs")
    let scratch = Scratch()
    var drawn = 0
    for folder in ["directed", "undirected"] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
      for name in names.sorted() where name.hasSuffix(".gv") || name.hasSuffix(".dot") {
        let file = root.appendingPathComponent(folder).appendingPathComponent(name).path
        try Helpers.run(["render", file, "--format", "svg", "--out", scratch.path + "/" + folder])
        drawn += 1
      }
    }
    #expect(drawn >= 60)
  }

  /// `--format dot` beside the input would overwrite the input itself: refused.
  @Test func renderNeverWritesOverItsInput() throws {
    let scratch = Scratch()
    let dot = try scratch.file("g.dot", "digraph { a -> b }")
    #expect(throws: ExitCode(1)) { try Helpers.run(["render", dot, "--format", "dot"]) }
    #expect(try String(contentsOfFile: dot, encoding: .utf8) == "digraph { a -> b }")
    try Helpers.run(["render", dot, "--format", "dot", "-o", scratch.path + "/laid-out.dot"])
    #expect(try String(contentsOfFile: scratch.path + "/laid-out.dot", encoding: .utf8).contains("pos="))
  }
}

/// A tiny seeded generator for test inputs.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
