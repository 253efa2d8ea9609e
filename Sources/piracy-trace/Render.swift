import ArgumentParser
import Foundation
import TraceCore
import TraceRender

#if canImport(Glibc)
  import Glibc
#endif

/// `piracy-trace render FILE.dot --format svg,png,pdf`: draws any DOT file, including one
/// from a stranger.
///
/// The graph is checked and cleaned before layout (`UntrustedDOT`: no file read unless
/// `--allow-files`, and then only inside the DOT file's folder; no script or unsafe link;
/// nesting, size and drawing size bounded), and laid out in a worker process of this tool
/// (`render-worker`) under a memory limit and a wall-clock watchdog that kills it: a graph
/// whose layout would take minutes or gigabytes is refused with a clear error, never a hang.
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draw any DOT file with the Graphviz library, safely: no file read, layout bounded in time and memory.")

  @Argument(help: "A DOT file.")
  var file: String

  @Option(help: "Comma-separated formats: svg, png, pdf, dot (the laid-out graph).")
  var format: String = "svg"

  @Option(help: "Layout engine: dot, neato, fdp, sfdp, circo, twopi (default: the graph's own or dot).")
  var engine: String?

  @Option(help: "Output folder (default: beside the input).")
  var out: String?

  @Option(name: .short, help: ArgumentHelp("Output file, for one format.", valueName: "FILE"))
  var output: String?

  @Flag(help: "Let the graph read images, shapes and fonts from files inside its own folder.")
  var allowFiles = false

  @Option(help: ArgumentHelp("Seconds a layout may take before it is stopped.", valueName: "SECONDS"))
  var timeout: Double = 60

  @Option(help: ArgumentHelp("Memory a layout may use, in MiB.", valueName: "MIB"))
  var maxMemory: Int = 3072

  func formats() throws -> [RenderFormat] {
    try OutputFlags.list(format, of: RenderFormat.self, flag: "--format")
  }

  func validate() throws {
    let formats = try formats()
    if let engine, LayoutEngine(rawValue: engine) == nil {
      throw ValidationError("unknown engine '\(engine)'")
    }
    if let out { try OutputFolder.validate(out) }
    if output != nil && formats.count != 1 { throw ValidationError("-o names one file: give one --format") }
    if output != nil && out != nil { throw ValidationError("give -o or --out, not both") }
    if !(timeout > 0) || maxMemory < 64 { throw ValidationError("--timeout must be positive and --max-memory at least 64") }
  }

  /// Where format `format` of the input is written.
  func target(for format: RenderFormat) -> URL {
    if let output { return URL(fileURLWithPath: output) }
    let input = URL(fileURLWithPath: file)
    let folder = out.map { URL(fileURLWithPath: $0) } ?? input.deletingLastPathComponent()
    return folder.appendingPathComponent("\(input.deletingPathExtension().lastPathComponent).\(format.rawValue)")
  }

  func run() throws {
    let input = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath()
    for format in try formats() {
      let target = target(for: format)
      guard target.standardizedFileURL.resolvingSymlinksInPath().path != input.path else {
        Console.error("error: \(target.path) 是输入文件本身，不会覆盖 (is the input itself: give -o FILE or --out DIR)")
        throw ExitCode(1)
      }
      let worker = RenderWorkerProcess(
        file: file, format: format, engine: engine, allowFiles: allowFiles, timeout: timeout, maxMemoryMiB: maxMemory)
      switch worker.run() {
      case .success(let bytes):
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try OutputFile.write(bytes, to: target)
        print(target.path)
      case .failure(let message):
        Console.error("\(file): \(message)")
        throw ExitCode(1)
      }
    }
  }
}
