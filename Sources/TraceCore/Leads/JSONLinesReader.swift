import Foundation

/// Reads JSON Lines lead files: one object per line, keys are canonical names or aliases.
enum JSONLinesReader {
  static func read(text: [UInt8], path: String, options: LeadReadOptions)
    throws(LeadFileError) -> LeadFileResult
  {
    var objects: [(line: Int, raw: String, object: [String: String]?)] = []
    var keysInOrder: [String] = []
    var knownKeys = Set<String>()
    var lineNumber = 0
    for lineBytes in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
      lineNumber += 1
      var body = lineBytes
      if body.last == 0x0D { body = body.dropLast() }
      let raw = String(decoding: body, as: UTF8.self)
      if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let object = parse(Data(body))
      if let object {
        for key in object.keys.sorted() where !knownKeys.contains(key) {
          knownKeys.insert(key)
          keysInOrder.append(key)
        }
      }
      objects.append((lineNumber, raw, object))
    }
    // Objects may spell one field differently ("publisher", "举报方"): one column per field.
    var columns: [ColumnMapping] = []
    var columnOfKey: [String: Int] = [:]
    var columnOfField: [LeadField: Int] = [:]
    for key in keysInOrder {
      let field = LeadField(header: key)
      if let field, let existing = columnOfField[field] {
        columnOfKey[key] = existing
        continue
      }
      columnOfKey[key] = columns.count
      if let field { columnOfField[field] = columns.count }
      columns.append(ColumnMapping(header: TextNormalization.clean(key), field: field))
    }
    guard ColumnMapping.isLeadSheet(columns) else {
      throw LeadFileError(file: path, reason: .noRecognisableHeader(found: keysInOrder))
    }
    let validator = RowValidator(
      file: path, columns: columns, defaultPublisher: options.publisher,
      requiresExactFieldCount: false)
    var leads: [Lead] = []
    var rejects: [RejectedRow] = []
    for entry in objects {
      guard let object = entry.object else {
        rejects.append(
          RejectedRow(file: path, line: entry.line, reason: .malformedRow, raw: entry.raw))
        continue
      }
      var cells = [String](repeating: "", count: columns.count)
      for key in object.keys.sorted() {
        guard let column = columnOfKey[key], let value = object[key], cells[column].isEmpty else {
          continue
        }
        cells[column] = value
      }
      switch validator.validate(cells: cells, line: entry.line, raw: entry.raw) {
      case .lead(let lead): leads.append(lead)
      case .reject(let reject): rejects.append(reject)
      }
    }
    return LeadFileResult(
      file: path, format: .jsonLines, encoding: nil, sheet: nil, columns: columns, leads: leads,
      rejects: rejects, sha256: "", byteCount: 0)
  }

  /// A flat JSON object with string, number, boolean or null values; `nil` otherwise.
  static func parse(_ data: Data) -> [String: String]? {
    guard let object = try? JSONDecoder().decode([String: Scalar].self, from: data) else {
      return nil
    }
    return object.mapValues(\.text)
  }

  /// A JSON value that can stand in a cell.
  struct Scalar: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() {
        text = ""
      } else if let string = try? container.decode(String.self) {
        text = string
      } else if let bool = try? container.decode(Bool.self) {
        text = bool ? "true" : "false"
      } else if let integer = try? container.decode(Int64.self) {
        text = String(integer)
      } else {
        text = String(try container.decode(Double.self))
      }
    }
  }
}
