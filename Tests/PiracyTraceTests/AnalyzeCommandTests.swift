import ArgumentParser
import Foundation
import Testing
@testable import piracy_trace
import TraceCore
@testable import TraceRender

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// End-to-end tests of the CLI, run in process.
@Suite struct AnalyzeCommandTests {
  static func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)?.path ?? "/missing/\(name)"
  }

  static func examples() -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("Graphs/examples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0).path }
  }

  static func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "piracy-trace-tests-" + UUID().uuidString
    return path
  }

  static func run(_ arguments: [String]) throws {
    var command = try PiracyTrace.parseAsRoot(arguments)
    try command.run()
  }

  static func read(_ folder: String, _ name: String) throws -> String {
    try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
  }

  @Test func timingsNameEveryStageWithPeakMemoryAndCPUTimeAfterEach() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let timingsFile = out + "-timings.json"
    defer { try? FileManager.default.removeItem(atPath: timingsFile) }
    try Self.run(["analyze"] + Self.examples() + ["--out", out, "--timings", timingsFile])
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: timingsFile)))
    let timings = try #require(json as? [String: Any])
    let stages = try #require(timings["stages"] as? [String: Double])
    let expected = [
      "read", "merge", "dedup", "normalise", "resolve", "graph", "hubs", "cluster", "trace",
      "super-sources", "diagrams", "write", "render overview", "render rings", "report",
    ]
    #expect(Set(stages.keys) == Set(expected))
    #expect(stages.values.allSatisfy { $0 >= 0 })
    let memory = try #require(timings["peak_rss_mb_after"] as? [String: Int])
    #expect(Set(memory.keys) == Set(expected))
    let peak = try #require(timings["peak_rss_mb"] as? Int)
    #expect(memory.values.allSatisfy { $0 > 0 && $0 <= peak })
    // CPU time after each stage: the ingest stages, one after another, never go back.
    let cpu = try #require(timings["cpu_s_after"] as? [String: Double])
    #expect(Set(cpu.keys) == Set(expected))
    let ingest = ["read", "merge", "dedup", "normalise", "resolve", "graph"].map { cpu[$0] ?? -1 }
    #expect(ingest.allSatisfy { $0 > 0 })
    #expect(zip(ingest, ingest.dropFirst()).allSatisfy { $0 <= $1 })
    let manifest = try JSONSerialization.jsonObject(with: Data(Self.read(out, "manifest.json").utf8))
    let leads = try #require((manifest as? [String: Any])?["leads"] as? Int)
    #expect(leads > 0)
    #expect(timings["leads"] as? Int == leads)
  }

  @Test func analyzeExamplesWritesEveryContractFile() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try Self.run(["analyze"] + Self.examples() + ["--out", out])
    for name in [
      "stores.csv", "clusters.json", "rejects.csv", "hubs.csv", "manifest.json", "graph.dot",
      "overview.svg",
    ] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) missing")
    }
    let stores = try Self.read(out, "stores.csv")
    #expect(stores.hasPrefix("store_key,platform,store_id,store_name,cluster_id,leads,publishers\n"))
    let rejects = try Self.read(out, "rejects.csv")
    #expect(rejects.split(separator: "\n").count == 4)
    #expect(rejects.contains("renmin-leads.csv,15,bad_isbn"))
    #expect(rejects.contains("renmin-leads.csv,17,bad_date"))
    #expect(rejects.contains("yilin-leads.csv,9,missing_publisher"))

    let clusters = try JSONSerialization.jsonObject(with: Data(Self.read(out, "clusters.json").utf8))
    let rings = try #require((clusters as? [String: Any])?["clusters"] as? [[String: Any]])
    #expect(rings.count == 3)
    #expect(rings.first?["id"] as? String == "C0001")

    let manifest = try JSONSerialization.jsonObject(with: Data(Self.read(out, "manifest.json").utf8))
    let inputs = try #require((manifest as? [String: Any])?["inputs"] as? [[String: Any]])
    #expect(inputs.count == 3)
    #expect(inputs.contains { $0["encoding"] as? String == "GB18030" })

    // The overview is well-formed XML with the Chinese labels intact.
    let svg = try Data(contentsOf: URL(fileURLWithPath: out + "/overview.svg"))
    let document = try XMLDocument(data: svg, options: [])
    let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
    #expect(texts.contains { $0.contains("星河好书屋") })
    #expect(texts.contains { $0.contains("稠州北路588号") })
  }

  @Test func sameInputSameBytes() throws {
    let first = Self.temporaryFolder(), second = Self.temporaryFolder()
    defer {
      try? FileManager.default.removeItem(atPath: first)
      try? FileManager.default.removeItem(atPath: second)
    }
    try Self.run(["analyze"] + Self.examples() + ["--out", first])
    try Self.run(["analyze"] + Self.examples().reversed() + ["--out", second])
    for name in ["stores.csv", "clusters.json", "hubs.csv", "graph.dot"] {
      #expect(try Self.read(first, name) == Self.read(second, name), "\(name) differs")
    }
  }

  @Test func synthWorldSameInputSameBytes() throws {
    let world = Self.temporaryFolder(), first = Self.temporaryFolder(), second = Self.temporaryFolder()
    defer {
      for folder in [world, first, second] { try? FileManager.default.removeItem(atPath: folder) }
    }
    try Self.run(["synth", "--leads", "6000", "--seed", "41", "--out", world])
    let files = SynthWriter.files.map { world + "/" + $0.name }
    try Self.run(["analyze"] + files + ["--out", first])
    try Self.run(["analyze"] + files.reversed() + ["--out", second])
    for name in ["stores.csv", "clusters.json", "hubs.csv"] {
      #expect(try Self.read(first, name) == Self.read(second, name), "\(name) differs")
    }
    #expect(try Self.read(first, "clusters.json").contains("\"id\": \"C0001\""))
  }

  /// A world with every hazard (`synth --hazards`): the planted rings come back nearly
  /// whole (pairs of stores put together that the truth puts together, and the reverse),
  /// bridge stores are listed in `clusters.json`, and the fronts serving several rings are
  /// in the report's values kept from linking.
  @Test func aWorldWithEveryHazardKeepsItsRingsApart() throws {
    let world = Self.temporaryFolder(), out = Self.temporaryFolder()
    defer { for folder in [world, out] { try? FileManager.default.removeItem(atPath: folder) } }
    try Self.run(["synth", "--hazards", "--leads", "8000", "--seed", "43", "--out", world])
    try Self.run(["analyze"] + SynthWriter.files.map { world + "/" + $0.name } + ["--out", out, "--diagrams", "0"])
    let truth = try #require(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: world + "/truth.json"))) as? [String: Any])
    var plantedRing: [String: Int] = [:]
    for (index, ring) in (truth["rings"] as? [[String: Any]] ?? []).enumerated() {
      for store in ring["stores"] as? [String] ?? [] { plantedRing[store] = index }
    }
    var foundRing: [String: String] = [:]
    for line in try Self.read(out, "stores.csv").split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      if fields.count > 4, !fields[4].isEmpty { foundRing[String(fields[0])] = String(fields[4]) }
    }
    // Pair precision and recall over the planted ring stores, by counting pairs per group.
    func pairs(_ counts: [String: Int]) -> Int { counts.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }
    var planted: [String: Int] = [:], found: [String: Int] = [:], both: [String: Int] = [:]
    for (store, ring) in plantedRing {
      planted[String(ring), default: 0] += 1
      if let cluster = foundRing[store] {
        found[cluster, default: 0] += 1
        both["\(ring)|\(cluster)", default: 0] += 1
      }
    }
    let precision = Double(pairs(both)) / Double(max(1, pairs(found)))
    let recall = Double(pairs(both)) / Double(max(1, pairs(planted)))
    // (Leiden on modularity, the method before, scores 0.62 at 200k leads of such worlds.)
    #expect(precision > 0.95, "pair precision \(precision)")
    #expect(recall > 0.95, "pair recall \(recall)")
    let clusters = try Self.read(out, "clusters.json")
    #expect(clusters.contains("\"bridges\": [\n        {\"store\": "))
    #expect(try Self.read(out, "report.html").contains("three rings or more"))
  }

  @Test func hostileStoreNamesStayText() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try Self.run(["analyze", Self.fixture("hostile.csv"), "--out", out])
    let svg = try Data(contentsOf: URL(fileURLWithPath: out + "/overview.svg"))
    let document = try XMLDocument(data: svg, options: [])
    let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
    #expect(texts.contains { $0.contains("\"]; x -> y [") })
    #expect(texts.contains { $0.contains("<script>alert(1)</script>") })
    #expect(texts.contains { $0.contains("back\\slash \\N & &amp; \"q\"") })
    #expect(!String(decoding: svg, as: UTF8.self).contains("<script>"))
    let stores = try Self.read(out, "stores.csv")
    #expect(stores.contains("\"\"\"]; x -> y [\""))
  }

  @Test func badFilesAreReportedAndOthersGoOn() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try Self.run(["analyze", Self.fixture("binary.csv"), Self.fixture("rejects.csv"), "--out", out])
    let manifest = try Self.read(out, "manifest.json")
    #expect(manifest.contains("not a lead sheet: the file is binary"))
    let rejects = try Self.read(out, "rejects.csv")
    #expect(rejects.contains(",15,unbalanced_quote,"))
  }

  /// No lead could be read: the failure is named, exit status 2, and nothing is written
  /// (an earlier result stays as it was: `HostileInputTests`).
  @Test func noReadableFileExitsTwoAndWritesNothing() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    #expect(throws: ExitCode(2)) {
      try Self.run(["analyze", Self.fixture("binary.csv"), "--out", out])
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func explainRerunsTheAnalysisAndDrawsThePath() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    try Self.run(["analyze"] + Self.examples() + ["--out", out])
    try Self.run(["explain", "--out", out, "抖音:DY100201", "拼多多:PDD55006"])
    let svg = out + "/explain/抖音_DY100201--拼多多_PDD55006.svg"
    let document = try XMLDocument(data: Data(contentsOf: URL(fileURLWithPath: svg)), options: [])
    let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
    #expect(texts.contains { $0.contains("星河好书屋") })
    #expect(throws: ExitCode.self) {
      try Self.run(["explain", "--out", out, "抖音:DY100201", "淘宝:TB3300105"])
    }
    #expect(throws: (any Error).self) {
      try Self.run(["explain", "--out", out, "抖音:DY100201", "抖音:NO-SUCH-STORE"])
    }
  }

  /// A missing file and a folder are named with what is wrong, in words a user can act on,
  /// before anything is read or written.
  @Test func aMissingFileAndAFolderAreNamedPlainly() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let folder = Self.temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    do {
      _ = try PiracyTrace.parseAsRoot(["analyze", "/no/such/leads.csv", folder, Self.fixture("rejects.csv"), "--out", out])
      Issue.record("a missing input was accepted")
    } catch {
      let message = PiracyTrace.message(for: error)
      #expect(message.contains("/no/such/leads.csv: 没有这个文件 (no such file)"))
      #expect(message.contains("\(folder): 是文件夹，请列出其中的线索表 (a folder; name the lead sheets in it)"))
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// `--out` naming a file is refused before anything is read (it failed after the whole
  /// analysis, with Foundation's error text).
  @Test func anOutputFolderThatIsAFileIsRefusedFirst() throws {
    let file = Self.temporaryFolder() + ".csv"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    defer { try? FileManager.default.removeItem(atPath: file) }
    for command in [
      ["analyze", Self.fixture("rejects.csv"), "--out", file], ["synth", "--leads", "10", "--out", file],
      ["render", Self.fixture("rejects.csv"), "--out", file],
    ] {
      do {
        _ = try PiracyTrace.parseAsRoot(command)
        Issue.record("\(command[0]) accepted --out naming a file")
      } catch {
        #expect(PiracyTrace.message(for: error).contains("--out \(file): a file of that name exists; give a folder"))
      }
    }
  }

  /// An input inside the output folder is refused: `stores.csv` or `rejects.csv` written
  /// there could overwrite it.
  @Test func anInputInsideTheOutputFolderIsRefused() throws {
    let out = Self.temporaryFolder()
    try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: out) }
    let input = out + "/sub/stores.csv"
    try FileManager.default.copyItem(atPath: Self.fixture("rejects.csv"), toPath: input)
    do {
      _ = try PiracyTrace.parseAsRoot(["analyze", Self.fixture("hostile.csv"), input, "--out", out])
      Issue.record("an input inside --out was accepted")
    } catch {
      #expect(PiracyTrace.message(for: error).contains("\(input) is inside the output folder \(out)"))
    }
    // A folder whose name merely starts like the output folder's is not inside it.
    _ = try PiracyTrace.parseAsRoot(["analyze", input, "--out", out + "/su"])
  }

  /// Run again into the same folder, analyze leaves only its own run's files there: the
  /// earlier run's diagrams, pages and exports that it did not write again are removed; files
  /// of the user's are not, nor anything in a folder that held no manifest of this tool.
  @Test func aSecondRunIntoTheSameFolderLeavesOnlyItsOwnFiles() throws {
    let out = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    func files(_ folder: String) -> Set<String> {
      Set((try? FileManager.default.contentsOfDirectory(atPath: out + "/" + folder)) ?? [])
    }
    try Self.run(["analyze"] + Self.examples() + ["--out", out, "--diagrams", "3", "--format", "svg,png", "--export", "csv,json"])
    #expect(files("clusters").count == 9 && files("").isSuperset(of: ["nodes.csv", "graph.json", "overview.png", "report.html"]))
    #expect(!files("report").isEmpty)
    try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/clusters/notes.txt"))
    try Self.run(["analyze"] + Self.examples() + ["--out", out, "--diagrams", "1", "--no-report"])
    #expect(files("clusters") == ["C0001.dot", "C0001.svg", "notes.txt"])
    #expect(files("report").isEmpty)
    #expect(files("").isDisjoint(with: ["nodes.csv", "edges.csv", "graph.json", "overview.png", "report.html"]))
    #expect(files("").isSuperset(of: ["stores.csv", "clusters.json", "rejects.csv", "hubs.csv", "manifest.json", "overview.svg"]))

    // A folder of the user's own (no manifest of this tool): nothing of theirs is removed.
    let theirs = Self.temporaryFolder()
    try FileManager.default.createDirectory(atPath: theirs + "/clusters", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: theirs) }
    try Data("x".utf8).write(to: URL(fileURLWithPath: theirs + "/nodes.csv"))
    try Data("x".utf8).write(to: URL(fileURLWithPath: theirs + "/clusters/C0099.svg"))
    try Self.run(["analyze"] + Self.examples() + ["--out", theirs, "--diagrams", "1"])
    #expect(FileManager.default.fileExists(atPath: theirs + "/nodes.csv"))
    #expect(FileManager.default.fileExists(atPath: theirs + "/clusters/C0099.svg"))
  }

  @Test func ringFilesAreKnownByTheirNames() {
    #expect(["C0001.svg", "C12.dot", "C0500.html", "C0001.png", "C0001.pdf"].allSatisfy(ResultFolder.isRingFile))
    #expect(!["notes.txt", "C.svg", "C0001.svg.bak", "c0001.svg", "CX1.svg", "C0001.csv", "C１.svg"].contains(where: ResultFolder.isRingFile))
  }

  @Test(arguments: [
    ["--ring-sizes", "5-3"], ["--ring-sizes", "1-9"], ["--ring-sizes", "abc"], ["--bridge-stores", "1.5"],
    ["--fronts-per-10k", "-1"], ["--phone-changes", "2"],
  ])
  func hazardOptionsOutOfRangeAreValidationErrors(options: [String]) {
    #expect(throws: (any Error).self) {
      _ = try PiracyTrace.parseAsRoot(["synth", "--out", "/tmp/piracy-trace-never-written"] + options)
    }
  }

  @Test func oneHazardAloneIsPlantedAndListed() throws {
    let world = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: world) }
    try Self.run(["synth", "--leads", "3000", "--seed", "5", "--fronts-per-10k", "20", "--out", world])
    let truth = try Self.read(world, "truth.json")
    #expect(truth.contains("\"fronts\": [\n"))
    #expect(truth.contains("\"printers\": []"))
  }

  @Test func unknownEncodingIsAValidationError() {
    #expect(throws: (any Error).self) {
      _ = try PiracyTrace.parseAsRoot(["analyze", "x.csv", "--out", "/tmp/x", "--encoding", "latin9"])
    }
  }
}
