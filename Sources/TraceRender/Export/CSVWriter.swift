/// Writes RFC 4180 CSV: fields holding a comma, quote, CR or LF are quoted, quotes doubled;
/// rows end with LF.
public struct CSVWriter {
  public private(set) var text = ""

  public init(header: [String]) { row(header) }

  /// The rows written since the last call, removed: lets a long table go to a file in pieces.
  public mutating func drain() -> String {
    defer { text = "" }
    return text
  }

  public mutating func row(_ fields: [String]) {
    text += fields.map(CSVWriter.field).joined(separator: ",") + "\n"
  }

  static func field(_ value: String) -> String {
    let needsQuotes = value.utf8.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
    }
    guard needsQuotes else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

import Foundation
