import ArgumentParser
import Foundation
import TraceRender

/// `piracy-trace render FILE.dot --format svg,png,pdf`
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draw any DOT file with the Graphviz library, in process.")

  @Argument(help: "A DOT file.")
  var file: String

  @Option(help: "Comma-separated formats: svg, png, pdf.")
  var format: String = "svg"

  @Option(help: "Layout engine: dot, neato, fdp, sfdp, circo, twopi (default: the graph's own or dot).")
  var engine: String?

  @Option(help: "Output folder (default: beside the input).")
  var out: String?

  func formats() throws -> [RenderFormat] {
    try OutputFlags.list(format, of: RenderFormat.self, flag: "--format")
  }

  func validate() throws {
    _ = try formats()
    if let engine, LayoutEngine(rawValue: engine) == nil {
      throw ValidationError("unknown engine '\(engine)'")
    }
    if let out { try OutputFolder.validate(out) }
  }

  func run() throws {
    let input = URL(fileURLWithPath: file)
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ValidationError("\(file): cannot read the file")
    }
    let text = String(decoding: data, as: UTF8.self)
    let folder = out.map { URL(fileURLWithPath: $0) } ?? input.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let base = input.deletingPathExtension().lastPathComponent
    for format in try formats() {
      do {
        let bytes = try Graphviz.render(dot: text, format: format, engine: engine.flatMap(LayoutEngine.init))
        let target = folder.appendingPathComponent("\(base).\(format.rawValue)")
        try Data(bytes).write(to: target)
        print(target.path)
      } catch let error as GraphvizError {
        Console.error("\(file):\(error.line.map(String.init) ?? "?"): \(error)")
        throw ExitCode(1)
      }
    }
  }
}
