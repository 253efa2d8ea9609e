/// The container formats lead sheets come in.
public enum LeadFileFormat: String, Sendable, Codable {
  case csv = "CSV"
  case tsv = "TSV"
  case jsonLines = "JSON Lines"
  case xlsx = "Excel workbook"

  /// Picks the format from the file name, then from the content.
  static func detect(path: String, bytes: UnsafeBufferPointer<UInt8>) -> LeadFileFormat {
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
    let lower = path.lowercased()
    if lower.hasSuffix(".xlsx") { return .xlsx }
    if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
    if lower.hasSuffix(".tsv") { return .tsv }
    if lower.hasSuffix(".csv") { return .csv }
    return .csv  // refined from the decoded header by the reader
  }
}
