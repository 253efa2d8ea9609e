import Foundation
import TraceCore
import TraceRender

/// What each fuzzer feeds its bytes to: the lead readers and the DOT labels, the code that
/// takes text from strangers. Each target must end without a crash or a hang on any input;
/// what it checks beyond that is written as a `precondition`, so a broken rule is a finding.
enum FuzzTarget: String, CaseIterable {
  /// Text sheets: CSV, TSV, JSON Lines in every encoding (the format is told from the bytes,
  /// as for a `.txt` file: JSON Lines when the first line starts with `{`, TSV by its tabs).
  case sheet
  /// `.xlsx` workbooks, read from a file as `analyze` reads them.
  case xlsx
  /// A store name drawn in a diagram: escaped, bounded, laid out and rendered to SVG.
  case label

  /// Small limits, so that the fuzzer reaches the limit checks with small inputs.
  static let limits = ReadLimits(
    fileBytes: 1 << 20, cellBytes: 512, cellsPerRow: 64, partBytes: 4 << 20, compressionRatio: 50)

  func run(_ bytes: UnsafeBufferPointer<UInt8>) {
    switch self {
    case .sheet:
      let options = LeadReadOptions(limits: Self.limits)
      if let result = try? LeadSheetReader.read(bytes: Array(bytes), path: "fuzz.txt", options: options) {
        precondition(result.rows >= result.rejects.count, "more rejects than rows")
      }
    case .xlsx:
      let path = Self.scratchFile
      _ = FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes))
      _ = try? LeadSheetReader.read(path: path, options: LeadReadOptions(limits: Self.limits))
    case .label:
      let text = String(decoding: bytes, as: UTF8.self)
      var dot = DOTWriter(graphName: "fuzz")
      dot.node("a", [("label", text), ("tooltip", text), ("shape", "box")])
      dot.node("b", [("label", String(text.reversed()))])
      dot.edge("a", "b", [("label", text)])
      let written = dot.finished()
      precondition(DOTStrings.longest(in: written) <= 16_384, "a DOT string over 16 KB: the dot command cannot read it")
      _ = try? Graphviz.render(dot: written, format: .svg)
    }
  }

  /// The file a workbook is written to before it is read (memory, not disk).
  static let scratchFile =
    (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
    + "/piracy-trace-fuzz-\(getpid()).xlsx"
}

/// The quoted strings of DOT text.
enum DOTStrings {
  /// Bytes of the longest quoted string in `dot`.
  static func longest(in dot: String) -> Int {
    var longest = 0, current = 0, inside = false, escaped = false
    for byte in dot.utf8 {
      if inside {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inside = false
          longest = max(longest, current)
          current = 0
          continue
        }
        current += 1
      } else if byte == UInt8(ascii: "\"") {
        inside = true
      }
    }
    return max(longest, current)
  }
}
