import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads the cells of one worksheet of an `.xlsx` workbook (Office Open XML).
///
/// The package is opened from its bytes (`ZipPackage`). Its small parts are parsed with `XMLParser`:
/// the workbook for sheet names, its relationships for the sheet's part, and styles (to tell
/// date cells, which Excel stores as serial numbers). The two large ones, shared strings
/// (`SharedStrings`) and the sheet itself (`WorksheetScanner`), are scanned from their bytes.
/// A row's line is its Excel row number, so rejects point at the row the publisher sees.
enum XLSXReader {
  /// One worksheet row: each cell's text as Excel shows it, as UTF-8 ranges into one buffer.
  struct Row {
    /// The texts of the cells, back to back.
    var values = ByteBuffer()
    /// By column (0-based), up to the last cell present: the range of its text in `values`.
    var ranges: [Range<Int>] = []

    /// The cells as strings (the header; the raw text of a rejected row).
    var cells: [String] {
      values.withUnsafeBufferPointer { values in
        ranges.map { String(decoding: UnsafeBufferPointer(rebasing: values[$0]), as: UTF8.self) }
      }
    }
  }

  /// Reads the chosen worksheet (the first when `sheetName` is `nil`), calling `row` with the
  /// Excel row number and cells of each row that has a non-empty cell, in order, until it
  /// returns `false`.
  ///
  /// The worksheet is scanned as it is inflated (`WorksheetStream`).
  ///
  /// The package is read from `bytes` in place (`ZipPackage`); `file` is not read again.
  /// - Returns: the worksheet's name.
  static func read(
    bytes: UnsafeBufferPointer<UInt8>, file: URL? = nil, path: String, sheetName: String?,
    limits: ReadLimits = ReadLimits(), row: (Int, Row) -> Bool
  ) throws(LeadFileError) -> String {
    func fail(_ why: String) -> LeadFileError { LeadFileError(file: path, reason: .badWorkbook(why)) }
    let archive: ZipPackage
    do {
      archive = try ZipPackage(bytes)
    } catch {
      throw fail(error.description)
    }
    func part(_ name: String) throws(LeadFileError) -> Data? {
      guard let entry = archive[name] else { return nil }
      var data = Data()
      // The size the package claims, trusted only as far as the package's own size allows
      // (a damaged header claimed more than `Int` holds).
      data.reserveCapacity(min(entry.uncompressedSize, bytes.count * 64, limits.partBytes))
      var bound = PartBound(name: name, compressed: UInt64(entry.compressedSize), limits: limits)
      do {
        try archive.extract(entry) { chunk in
          try bound.take(chunk.count)
          data.append(contentsOf: chunk)
        }
      } catch let error as PartBound.Exceeded {
        throw fail(error.description)
      } catch let error as ZipPackage.Damage {
        throw fail(error.description)
      } catch {
        throw fail("cannot extract \(name)")
      }
      // The integrity check ZIPFoundation would do, with a fast CRC (see `CRC32`).
      guard data.withUnsafeBytes({ CRC32.checksum($0) }) == entry.checksum else {
        throw fail("\(name) is corrupt (CRC mismatch)")
      }
      return data
    }
    /// A part for `XMLParser`, which must be UTF-8 (as Excel and every other writer saves
    /// them): Foundation's parser crashes on an element or attribute name that is not.
    func xmlPart(_ name: String) throws(LeadFileError) -> Data? {
      guard let data = try part(name) else { return nil }
      guard data.withUnsafeBytes({ UTF8Validation.isValid($0.bindMemory(to: UInt8.self)) }) else {
        throw fail("\(name) is not valid UTF-8")
      }
      return data
    }
    guard let workbookXML = try xmlPart("xl/workbook.xml") else { throw fail("no xl/workbook.xml") }
    let sheets = ElementCollector.collect(workbookXML, elements: ["sheet"])
    guard !sheets.isEmpty else { throw fail("the workbook has no sheets") }
    let chosen: [String: String]
    if let sheetName {
      guard let match = sheets.first(where: { $0["name"] == sheetName }) else {
        throw fail("no sheet named '\(sheetName)' (sheets: \(sheets.compactMap { $0["name"] }.joined(separator: ", ")))")
      }
      chosen = match
    } else {
      chosen = sheets[0]
    }
    var target = "worksheets/sheet1.xml"
    if let relsXML = try xmlPart("xl/_rels/workbook.xml.rels"),
      let relID = chosen["r:id"] ?? chosen.first(where: { $0.key.hasSuffix(":id") })?.value,
      let rel = ElementCollector.collect(relsXML, elements: ["Relationship"]).first(where: {
        $0["Id"] == relID
      }), let relTarget = rel["Target"]
    {
      target = relTarget
    }
    let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    guard let sheetEntry = archive[sheetPath] else { throw fail("no worksheet part \(sheetPath)") }
    let sharedStrings =
      try part("xl/sharedStrings.xml").map { xml in
        xml.withUnsafeBytes { SharedStrings(scanning: $0.bindMemory(to: UInt8.self)) }
      } ?? SharedStrings()
    let dateStyles = try xmlPart("xl/styles.xml").map(StylesParser.dateStyleIndexes) ?? []
    var stream = WorksheetStream(maxPending: limits.rowBytes)
    var checksum: UInt32 = 0
    var sheetBound = PartBound(name: sheetPath, compressed: UInt64(sheetEntry.compressedSize), limits: limits)
    /// Scans the rows `piece` completes, or, given `nil` once the part is inflated, what is
    /// left. The row being built is made here, per piece: captured from outside the consumer
    /// (which escapes as far as the compiler knows), every access to it was checked for
    /// exclusivity at run time, 6 % of reading a workbook.
    func scanRows(of piece: UnsafeRawBufferPointer?) {
      var current = Row()
      func handle(_ number: Int, _ cells: [WorksheetScanner.Cell], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Self.assemble(cells, text: text, sharedStrings: sharedStrings, dateStyles: dateStyles, into: &current)
        else { return true }
        return row(number, current)
      }
      if let piece { stream.feed(piece, row: handle) } else { stream.finish(row: handle) }
    }
    do {
      try archive.extract(sheetEntry) { raw in
        do {
          try sheetBound.take(raw.count)
          checksum = CRC32.checksum(raw, continuing: checksum)
          scanRows(of: raw)
          if stream.overflowed { throw PartBound.Exceeded(description: "\(sheetPath): a row of over \(limits.rowBytes) bytes of XML (--max-cell-bytes × --max-cells)") }
          if stream.stopped { throw StopInflating() }
        }
      }
    } catch is StopInflating {
      return chosen["name"] ?? ""  // the caller has seen all it wants
    } catch let error as PartBound.Exceeded {
      throw fail(error.description)
    } catch let error as ZipPackage.Damage {
      throw fail(error.description)
    } catch {
      throw fail("cannot extract \(sheetPath)")
    }
    scanRows(of: nil)
    // The integrity check ZIPFoundation would do, with a fast CRC (see `CRC32`). Rows were
    // handed on before it: a caller that is told the part is corrupt drops them.
    guard checksum == sheetEntry.checksum else { throw fail("\(sheetPath) is corrupt (CRC mismatch)") }
    return chosen["name"] ?? ""
  }

  /// Thrown from the inflater's consumer to stop inflating once the row handler has said so.
  private struct StopInflating: Error {}

  /// How much one part may inflate to: `ReadLimits.partBytes`, and above
  /// `ReadLimits.ratioFloor` no more than `ReadLimits.compressionRatio` times its compressed
  /// size (a zip bomb: 1 MB of workbook inflating to 1 GB of white space). Checked as the
  /// part inflates, so the bytes past the bound are never made.
  struct PartBound {
    struct Exceeded: Error, CustomStringConvertible { var description: String }
    let name: String
    let compressed: UInt64
    let limits: ReadLimits
    private(set) var inflated = 0

    init(name: String, compressed: UInt64, limits: ReadLimits) {
      self.name = name
      self.compressed = compressed
      self.limits = limits
    }

    /// Counts `count` more inflated bytes; throws once past a bound.
    mutating func take(_ count: Int) throws(Exceeded) {
      inflated += count
      if inflated > limits.partBytes {
        throw Exceeded(description: "\(name) inflates to over \(limits.partBytes) bytes (--max-part-bytes)；工作簿部件过大")
      }
      let allowed = UInt64(limits.compressionRatio).multipliedReportingOverflow(by: max(compressed, 1)).partialValue
      if inflated > ReadLimits.ratioFloor, UInt64(inflated) > allowed {
        throw Exceeded(
          description: "\(name) inflates to over \(limits.compressionRatio) times its compressed size (--max-compression-ratio: a zip bomb?)；压缩比异常")
      }
    }
  }

  /// Makes `row` the text of each of `cells` (shared strings looked up, numbers and dates as
  /// Excel shows them), by column.
  /// - Returns: whether any cell has text; rows without are skipped.
  private static func assemble(
    _ cells: [WorksheetScanner.Cell], text: UnsafeBufferPointer<UInt8>, sharedStrings: SharedStrings,
    dateStyles: Set<Int>, into row: inout Row
  ) -> Bool {
    guard !cells.isEmpty else { return false }
    var last = 0
    for cell in cells { last = max(last, cell.column) }
    row.values.removeAll()
    row.ranges.removeAll(keepingCapacity: true)
    row.ranges.append(contentsOf: repeatElement(0..<0, count: last + 1))
    for cell in cells {
      let start = row.values.count
      CellValue.append(
        cell, text: UnsafeBufferPointer(rebasing: text[cell.text]), sharedStrings: sharedStrings,
        dateStyles: dateStyles, to: &row.values)
      row.ranges[cell.column] = start..<row.values.count
    }
    return !row.ranges.allSatisfy({ $0.isEmpty })  // a key path here was called through the runtime per row
  }
}

/// Collects the attributes of every element with one of the given names.
private final class ElementCollector: NSObject, XMLParserDelegate {
  let names: Set<String>
  var found: [[String: String]] = []
  init(names: Set<String>) { self.names = names }

  static func collect(_ data: Data, elements: Set<String>) -> [[String: String]] {
    let delegate = ElementCollector(names: elements)
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    _ = parser.parse()
    return delegate.found
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    if names.contains(elementName) { found.append(attributeDict) }
  }
}

/// `xl/styles.xml`: which cell style indexes format numbers as dates.
private final class StylesParser: NSObject, XMLParserDelegate {
  var customDateFormats = Set<Int>()
  var xfFormats: [Int] = []
  var inCellXfs = false

  static func dateStyleIndexes(_ data: Data) -> Set<Int> {
    let delegate = StylesParser()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    _ = parser.parse()
    let builtinDates = Set(14...22).union(27...36).union(45...47).union(50...58)
    var result = Set<Int>()
    for (index, format) in delegate.xfFormats.enumerated()
    where builtinDates.contains(format) || delegate.customDateFormats.contains(format) {
      result.insert(index)
    }
    return result
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    switch elementName {
    case "numFmt":
      if let id = attributeDict["numFmtId"].flatMap(Int.init), let code = attributeDict["formatCode"] {
        // A format with day/month/year tokens outside quoted literals is a date format.
        let unquoted = code.split(separator: "\"", omittingEmptySubsequences: false)
          .enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined().lowercased()
        if unquoted.contains("y") || unquoted.contains("d") || unquoted.contains("yy") {
          customDateFormats.insert(id)
        }
      }
    case "cellXfs": inCellXfs = true
    case "xf" where inCellXfs: xfFormats.append(attributeDict["numFmtId"].flatMap(Int.init) ?? 0)
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    if elementName == "cellXfs" { inCellXfs = false }
  }
}

/// The text a cell shows: shared strings looked up, booleans spelled, date-styled serial
/// numbers turned into ISO dates, whole numbers without a decimal point.
enum CellValue {
  /// Appends the text `cell` shows to `out`. Shared strings, text cells and plain whole
  /// numbers are copied as bytes; only other numbers go through `String`.
  static func append(
    _ cell: WorksheetScanner.Cell, text: UnsafeBufferPointer<UInt8>, sharedStrings: SharedStrings,
    dateStyles: Set<Int>, to out: inout ByteBuffer
  ) {
    switch cell.type {
    case .shared:
      if let index = digits(text) {
        _ = sharedStrings.append(index, to: &out)
      } else if let index = Int(String(decoding: text, as: UTF8.self)) {
        _ = sharedStrings.append(index, to: &out)
      }
    case .boolean: out.append(text.elementsEqual("1".utf8) ? "TRUE" : "FALSE")
    case .inline, .formulaText, .error: out.append(text)
    case .number:
      // A whole number written plainly (no sign, no leading zero) shows as written, unless
      // its style makes it a date.
      if let first = text.first, first != UInt8(ascii: "0") || text.count == 1, text.count <= 15,
        digits(text) != nil, !dateStyles.contains(cell.style)
      {
        out.append(text)
      } else {
        out.append(Array(number(String(decoding: text, as: UTF8.self), style: cell.style, dateStyles: dateStyles).utf8))
      }
    }
  }

  /// The value of a run of ASCII digits, or `nil`.
  private static func digits(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !text.isEmpty, text.count <= 18 else { return nil }
    var value = 0
    for byte in text {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  /// The text of a numeric cell: a date when date-styled, a whole number without decimals.
  static func number(_ value: String, style: Int, dateStyles: Set<Int>) -> String {
    guard let number = Double(value) else { return value }
    if dateStyles.contains(style), let date = date(fromSerial: number) { return date }
    if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
    return value
  }

  /// Excel's 1900 date system: serial 1 is 1900-01-01, with the phantom 1900-02-29.
  static func date(fromSerial serial: Double) -> String? {
    guard serial >= 1, serial < 2_958_466 else { return nil }
    var days = Int(serial.rounded(.down))
    if days > 59 { days -= 1 }
    // Days since 1899-12-31 → civil date (Howard Hinnant's algorithm, from 1970-01-01).
    let z = days - 25568 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return LeadDate(year: y, month: m, day: d)?.description
  }
}
