import ArgumentParser
import Foundation
import TraceRender

/// `--diagrams`, `--format`, `--export` and `--no-report` of `analyze`.
struct OutputFlags: ParsableArguments {
  @Option(help: ArgumentHelp("Ring diagrams to draw: the best N rings, or all.", valueName: "N|all"))
  var diagrams: String = "25"

  @Option(help: "Comma-separated image formats of the diagrams: svg, png, pdf (DOT is always written).")
  var format: String = "svg"

  @Option(help: ArgumentHelp("Comma-separated graph exports: graphml, csv, json.", valueName: "LIST"))
  var export: String?

  @Flag(name: .customLong("no-report"), help: "Do not write report.html.")
  var noReport = false

  func validate() throws { _ = try options() }

  /// The output options these flags ask for.
  func options() throws -> OutputOptions {
    let selection: OutputOptions.DiagramSelection
    if diagrams == "all" {
      selection = .all
    } else if let count = Int(diagrams), count >= 0 {
      selection = .best(count)
    } else {
      throw ValidationError("--diagrams must be a number or 'all', not '\(diagrams)'")
    }
    let formats = try Self.list(format, of: RenderFormat.self, flag: "--format").filter { $0 != .dot }
    let exports = try export.map { try Self.list($0, of: OutputOptions.Export.self, flag: "--export") } ?? []
    return OutputOptions(diagrams: selection, formats: formats, exports: exports, report: !noReport)
  }

  /// The flags as given, for the manifest.
  var arguments: [String] {
    ["--diagrams", diagrams, "--format", format] + (export.map { ["--export", $0] } ?? [])
      + (noReport ? ["--no-report"] : [])
  }

  /// Parses `a,b,c` into distinct values in the order given.
  static func list<T: RawRepresentable & CaseIterable>(_ text: String, of: T.Type, flag: String) throws -> [T]
  where T.RawValue == String, T: Equatable {
    var values: [T] = []
    for part in text.split(separator: ",") {
      let name = part.trimmingCharacters(in: .whitespaces).lowercased()
      guard let value = T(rawValue: name) else {
        let known = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError("\(flag): unknown value '\(name)'; use \(known)")
      }
      if !values.contains(value) { values.append(value) }
    }
    return values
  }
}
