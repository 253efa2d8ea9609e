import Crypto
import Foundation

/// Options that change how lead files are read.
public struct LeadReadOptions: Sendable, Hashable {
  /// Overrides encoding detection for text files.
  public var encoding: TextEncoding?
  /// The publisher for rows of files without a publisher column (or with an empty cell).
  public var publisher: String?
  /// The worksheet to read from workbooks; the first sheet when `nil`.
  public var sheet: String?

  public init(encoding: TextEncoding? = nil, publisher: String? = nil, sheet: String? = nil) {
    self.encoding = encoding
    self.publisher = publisher
    self.sheet = sheet
  }
}

/// Everything read from one input file.
public struct LeadFileResult: Sendable {
  /// The path as the user gave it; rejects and evidence name the file this way.
  public var file: String
  public var format: LeadFileFormat
  /// The text encoding, for text formats.
  public var encoding: TextEncoding?
  /// The worksheet read, for workbooks.
  public var sheet: String?
  public var columns: [ColumnMapping]
  /// Data rows seen (not counting the header and blank lines): `leads.count + rejects.count`.
  public var rows: Int { leads.count + rejects.count }
  public var leads: [Lead]
  public var rejects: [RejectedRow]
  /// Lower-case hex SHA-256 of the file's bytes.
  public var sha256: String
  public var byteCount: Int
}

/// Reads lead sheets in every form `shared/spec/leads.md` allows: CSV, TSV, JSON Lines and
/// `.xlsx`, in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.
public enum LeadSheetReader {
  /// Reads one file.
  ///
  /// - Parameters:
  ///   - path: the file, as named on the command line.
  ///   - options: encoding override, default publisher, worksheet.
  /// - Returns: its leads and rejects; every data row is exactly one of the two.
  /// - Throws: `LeadFileError` when the file is not a lead sheet at all (unreadable, binary,
  ///   no recognisable header); callers report it and go on with other files.
  public static func read(path: String, options: LeadReadOptions = LeadReadOptions())
    throws(LeadFileError) -> LeadFileResult
  {
    let bytes: [UInt8]
    do {
      bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw LeadFileError(file: path, reason: .unreadable(error.localizedDescription))
    }
    return try read(bytes: bytes, path: path, options: options)
  }

  /// Reads a file's bytes already in memory (tests, and files read in parallel).
  public static func read(bytes: [UInt8], path: String, options: LeadReadOptions = LeadReadOptions())
    throws(LeadFileError) -> LeadFileResult
  {
    guard !bytes.isEmpty else { throw LeadFileError(file: path, reason: .emptyFile) }
    let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    var format = LeadFileFormat.detect(path: path, bytes: bytes)
    if format == .xlsx {
      let sheet = try XLSXReader.read(bytes: bytes, path: path, sheetName: options.sheet)
      var result = try rows(
        sheet.rows, path: path, options: options, format: .xlsx, exactFieldCount: false)
      result.sheet = sheet.name
      result.sha256 = digest
      result.byteCount = bytes.count
      return result
    }
    let encoding: TextEncoding
    if let forced = options.encoding {
      encoding = forced
    } else if let detected = TextDecoder.detect(bytes) {
      encoding = detected
    } else {
      throw LeadFileError(file: path, reason: .binary)
    }
    guard let text = TextDecoder.utf8Bytes(of: bytes, encoding: encoding) else {
      throw LeadFileError(file: path, reason: .undecodable(encoding))
    }
    if text.contains(0) { throw LeadFileError(file: path, reason: .binary) }
    if format == .csv, path.lowercased().hasSuffix(".csv") == false {
      format = sniff(text)
    } else if format == .csv, sniff(text) == .tsv, !firstLine(text).contains(UInt8(ascii: ",")) {
      format = .tsv  // "CSV" saved by Excel as Unicode text is tab-separated
    }
    var result: LeadFileResult
    switch format {
    case .jsonLines:
      result = try JSONLinesReader.read(text: text, path: path, options: options)
    case .csv, .tsv:
      let parser = DelimitedTextParser(delimiter: format == .tsv ? 0x09 : 0x2C)
      let records = parser.records(in: text)
      let table = records.map {
        SheetRow(line: $0.line, cells: $0.fields, raw: $0.raw, unclosedQuote: $0.unclosedQuote)
      }
      result = try rows(table, path: path, options: options, format: format, exactFieldCount: true)
    case .xlsx:
      preconditionFailure("workbooks are handled above")
    }
    result.encoding = encoding
    result.sha256 = digest
    result.byteCount = bytes.count
    return result
  }

  /// Turns a table whose first row is the header into leads and rejects.
  static func rows(
    _ table: [SheetRow], path: String, options: LeadReadOptions, format: LeadFileFormat,
    exactFieldCount: Bool
  ) throws(LeadFileError) -> LeadFileResult {
    guard let header = table.first else { throw LeadFileError(file: path, reason: .emptyFile) }
    let columns = ColumnMapping.map(headers: header.cells)
    guard !header.unclosedQuote, ColumnMapping.isLeadSheet(columns) else {
      throw LeadFileError(
        file: path, reason: .noRecognisableHeader(found: columns.map(\.header)))
    }
    let validator = RowValidator(
      file: path, columns: columns, defaultPublisher: options.publisher,
      requiresExactFieldCount: exactFieldCount)
    var leads: [Lead] = []
    var rejects: [RejectedRow] = []
    leads.reserveCapacity(table.count)
    for row in table.dropFirst() {
      if row.unclosedQuote {
        rejects.append(
          RejectedRow(file: path, line: row.line, reason: .unbalancedQuote, raw: row.raw))
        continue
      }
      switch validator.validate(cells: row.cells, line: row.line, raw: row.raw) {
      case .lead(let lead): leads.append(lead)
      case .reject(let reject): rejects.append(reject)
      }
    }
    return LeadFileResult(
      file: path, format: format, encoding: nil, sheet: nil, columns: columns, leads: leads,
      rejects: rejects, sha256: "", byteCount: 0)
  }

  static func firstLine(_ text: [UInt8]) -> ArraySlice<UInt8> {
    let end = text.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? text.endIndex
    return text[..<end]
  }

  /// Guesses the format of a text file without a telling extension from its first line.
  static func sniff(_ text: [UInt8]) -> LeadFileFormat {
    let line = firstLine(text)
    if line.first(where: { $0 != 0x20 }) == UInt8(ascii: "{") { return .jsonLines }
    let tabs = line.count(where: { $0 == 0x09 })
    let commas = line.count(where: { $0 == 0x2C })
    return tabs > commas ? .tsv : .csv
  }
}

/// One row of a sheet in any format, before validation.
struct SheetRow: Sendable {
  var line: Int
  var cells: [String]
  var raw: String
  var unclosedQuote: Bool = false
}
