import Foundation

/// Reads JSON Lines lead files: one object per line, keys are canonical names or aliases.
enum JSONLinesReader {
  static func read(text: [UInt8], path: String, options: LeadReadOptions)
    throws(LeadFileError) -> LeadFileResult
  {
    var objects: [(line: Int, raw: String, object: [String: String]?, oversized: Bool)] = []
    let limits = options.limits
    var keysInOrder: [String] = []
    var knownKeys = Set<String>()
    var lineNumber = 0
    for lineBytes in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
      lineNumber += 1
      var body = lineBytes
      if body.last == 0x0D { body = body.dropLast() }
      if body.count > limits.rowBytes {
        objects.append((lineNumber, String(decoding: body.prefix(RejectedRow.rawLimit), as: UTF8.self), nil, true))
        continue
      }
      let raw = String(decoding: body, as: UTF8.self)
      if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let object = parse(Data(body))
      // Every object's keys become columns: too many keys in all is an oversized row too.
      if let object,
        object.count > limits.cellsPerRow || object.values.contains(where: { $0.utf8.count > limits.cellBytes })
          || knownKeys.count + object.keys.count(where: { !knownKeys.contains($0) }) > limits.cellsPerRow
      {
        objects.append((lineNumber, raw, nil, true))
        continue
      }
      if let object {
        for key in object.keys.sorted() where !knownKeys.contains(key) {
          knownKeys.insert(key)
          keysInOrder.append(key)
        }
      }
      objects.append((lineNumber, raw, object, false))
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
    var rows: [SheetRow] = []
    for entry in objects {
      guard let object = entry.object else {
        rows.append(
          SheetRow(
            line: entry.line, cells: [], writtenRaw: entry.raw, rejectReason: entry.oversized ? .oversizedRow : .malformedRow))
        continue
      }
      var cells = [String](repeating: "", count: columns.count)
      for key in object.keys.sorted() {
        guard let column = columnOfKey[key], let value = object[key], cells[column].isEmpty else {
          continue
        }
        cells[column] = value
      }
      rows.append(SheetRow(line: entry.line, cells: cells, writtenRaw: entry.raw))
    }
    return try LeadSheetReader.rows(
      rows, path: path, options: options, format: .jsonLines, exactFieldCount: false,
      columns: columns)
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
