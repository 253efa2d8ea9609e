import ArgumentParser
import Foundation
import TraceCore
import TraceRender

/// `piracy-trace analyze FILE... --out DIR`
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read lead sheets, find rings and their sources, and write the outputs.")

  @Argument(help: "Lead sheets: .csv, .tsv, .txt, .jsonl or .xlsx.")
  var files: [String]

  @Option(name: .long, help: "The output folder.")
  var out: String

  @OptionGroup var input: LeadInputOptions

  @OptionGroup var output: OutputFlags

  @Option(help: "Seed of the clustering, for reproducible results.")
  var seed: UInt64 = 1

  @Option(help: "Leiden resolution for large components, with --method leiden (smaller keeps rings larger).")
  var resolution: Double = 0.2

  @Option(help: "rings (default: by the structure of the values stores share), leiden (modularity at one resolution, the method before) or components (the naive baseline), for comparison.")
  var method: String = "rings"

  @Option(
    name: .long, help: ArgumentHelp("Write per-stage wall time and peak RSS as JSON to FILE ('-': stderr).", valueName: "FILE"))
  var timings: String?

  func validate() throws {
    if resolution <= 0 { throw ValidationError("--resolution must be positive") }
    try OutputFolder.validate(out)
    try OutputFolder.validate(out, against: files)
    try InputFiles.validate(files)
    if AnalysisOptions.Method(rawValue: method) == nil {
      throw ValidationError("--method must be rings, leiden or components")
    }
  }

  /// The analysis options these flags ask for.
  var options: AnalysisOptions {
    AnalysisOptions(
      read: input.readOptions, seed: seed, resolution: resolution,
      method: AnalysisOptions.Method(rawValue: method) ?? .rings)
  }

  func run() throws {
    let options = self.options
    let progress = Progress()
    // Taken before the long work: a second run into the same folder is refused at once.
    let folder: ResultFolder
    do {
      folder = try ResultFolder(URL(fileURLWithPath: out))
    } catch {
      Console.error("error: \(error)")
      throw ExitCode(2)
    }
    progress.say("reading \(files.count) file(s)")
    let investigation = try Investigation.run(paths: files, options: options)
    for failure in investigation.failedInputs { Console.error("error: \(failure)") }
    for reject in investigation.rejects.prefix(20) { Console.error("warning: \(reject)") }
    if investigation.rejects.count > 20 {
      Console.error("warning: \(investigation.rejects.count - 20) more rejected rows in rejects.csv")
    }
    guard investigation.graph.leadCount > 0 else {
      folder.abandon()
      Console.error("error: 没有读到任何线索，未写入任何文件，\(out) 保持原样 (no lead was read: nothing written, \(out) left as it was)")
      throw ExitCode(2)
    }
    MemoryReuse.returnFreedMemory()
    progress.say("writing outputs")
    let writer = AnalysisOutput(
      directory: URL(fileURLWithPath: out), arguments: arguments(), options: try output.options())
    var stages = investigation.timings
    try writer.write(investigation, into: folder, timings: &stages)
    if let timings {
      let bytes = investigation.inputs.reduce(0) { $0 + $1.byteCount }
      let json = stages.json(extra: [
        ("input_bytes", .int(bytes)), ("leads", .int(investigation.graph.leadCount)),
        ("stores", .int(investigation.graph.stores.count)), ("rings", .int(investigation.rings.count)),
      ])
      if timings == "-" {
        Console.error(json)
      } else {
        try Data(json.utf8).write(to: URL(fileURLWithPath: timings))
      }
    }
    print(
      "\(investigation.graph.leadCount) leads, \(investigation.rejects.count) rejects, "
        + "\(investigation.graph.stores.count) stores, \(investigation.rings.count) rings, "
        + "\(investigation.hubs.count) hubs → \(out)")
    keepUntilExit(investigation)
  }

  /// The flags as given, for the manifest (file arguments included, in order).
  func arguments() -> [String] {
    ["analyze"] + files + ["--out", out, "--seed", String(seed), "--resolution", String(resolution), "--method", method]
      + input.arguments + output.arguments
  }
}
