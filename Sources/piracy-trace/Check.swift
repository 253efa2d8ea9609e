import ArgumentParser
import Foundation
import TraceCore

/// `piracy-trace check FILE...`: what a publisher runs before sending leads.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check lead sheets: format, encoding, columns, leads and rejects, per file.")

  @Argument(help: "Lead sheets: .csv, .tsv, .txt, .jsonl or .xlsx.")
  var files: [String]

  @OptionGroup var input: LeadInputOptions

  @Flag(help: "Exit non-zero also when any row was rejected (a file that cannot be read always does).")
  var strict = false

  /// How many line numbers to show per reject reason.
  static let linesShown = 5

  func run() throws {
    let options = input.readOptions
    var problems = 0, unreadable = 0
    for outcome in LeadSheetReader.read(paths: files, options: options) {
      switch outcome {
      case .success(let result):
        print(Self.report(result))
        problems += result.rejects.count
      case .failure(let error):
        print("\(error)\n")
        unreadable += 1
      }
    }
    // A file that is no lead sheet fails the check whatever the flags: a script that sends
    // the files on when `check` passes must not send it.
    if unreadable > 0 || (strict && problems > 0) { throw ExitCode(1) }
  }

  /// The text `check` prints for one file.
  static func report(_ result: LeadFileResult) -> String {
    var lines: [String] = ["\(result.file)"]
    var form = "  format: \(result.format.rawValue)"
    if let encoding = result.encoding { form += ", encoding: \(encoding.rawValue)" }
    if let sheet = result.sheet { form += ", sheet: \(sheet)" }
    lines.append(form)
    lines.append("  columns:")
    for column in result.columns {
      lines.append(
        "    \(column.header) → " + (column.field.map(\.rawValue) ?? "(kept as extra)"))
    }
    let expected: [LeadField] = [.publisher, .storeID, .storeName, .senderPhone, .originAddress]
    let missing = expected
      .filter { field in !result.columns.contains { $0.field == field } }
    if !missing.isEmpty {
      lines.append("  not present: " + missing.map(\.rawValue).joined(separator: ", "))
    }
    lines.append("  rows: \(result.rows), leads: \(result.leadCount), rejects: \(result.rejects.count)")
    let byReason = Dictionary(grouping: result.rejects, by: \.reason)
    for reason in byReason.keys.sorted() {
      let rows = byReason[reason] ?? []
      let shown = rows.prefix(linesShown).map { String($0.line) }.joined(separator: ", ")
      let more = rows.count > linesShown ? ", …" : ""
      lines.append(
        "    \(reason.rawValue): \(rows.count) (lines \(shown)\(more)) — \(reason.explanation)；\(reason.chineseExplanation)")
    }
    let notes = Dictionary(grouping: LeadNote.notes(in: result.table), by: \.kind)
    if !notes.isEmpty { lines.append("  notes (kept as leads):") }
    for kind in LeadNote.Kind.allCases {
      guard let found = notes[kind] else { continue }
      let shown = found.prefix(linesShown).map { String($0.line) }.joined(separator: ", ")
      let more = found.count > linesShown ? ", …" : ""
      lines.append(
        "    \(kind.rawValue): \(found.count) (lines \(shown)\(more)) — \(kind.explanation)；\(kind.chineseExplanation)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
