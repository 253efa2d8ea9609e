import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Options that change how lead files are read.
public struct LeadReadOptions: Sendable, Hashable {
  /// Overrides encoding detection for text files.
  public var encoding: TextEncoding?
  /// The publisher for rows of files without a publisher column (or with an empty cell).
  public var publisher: String?
  /// The worksheet to read from workbooks; the first sheet when `nil`.
  public var sheet: String?
  /// How much of a file is read.
  public var limits: ReadLimits

  public init(
    encoding: TextEncoding? = nil, publisher: String? = nil, sheet: String? = nil, limits: ReadLimits = ReadLimits()
  ) {
    self.encoding = encoding
    self.publisher = publisher
    self.sheet = sheet
    self.limits = limits
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
  /// The leads, as pool ids (one file in `table.files`); empty after `releaseTable()`.
  public var table: LeadTable
  /// The number of leads, kept when the table is released.
  var releasedLeadCount: Int? = nil
  public var rejects: [RejectedRow]
  /// The SHA-256 of the file's bytes, perhaps still being worked out.
  public var digest: FileDigest
  /// Lower-case hex SHA-256 of the file's bytes (waits for `digest`).
  public var sha256: String { digest.value }
  public var byteCount: Int

  /// A file's result whose digest is known (`sha256`, lower-case hex).
  public init(
    file: String, format: LeadFileFormat, encoding: TextEncoding?, sheet: String?, columns: [ColumnMapping],
    table: LeadTable, rejects: [RejectedRow], sha256: String, byteCount: Int
  ) {
    self.file = file
    self.format = format
    self.encoding = encoding
    self.sheet = sheet
    self.columns = columns
    self.table = table
    self.rejects = rejects
    self.digest = FileDigest(hex: sha256)
    self.byteCount = byteCount
  }

  /// Data rows seen (not counting the header and blank lines): leads + rejects.
  public var rows: Int { leadCount + rejects.count }
  public var leadCount: Int { releasedLeadCount ?? table.count }

  /// Frees the leads once a merged table holds them; the counts stay. A million leads' files
  /// kept their tables (value pools, lookup tables and cells: hundreds of megabytes) to the
  /// end of `analyze` for their counts alone.
  public mutating func releaseTable() {
    releasedLeadCount = leadCount
    table = LeadTable(files: table.files)
  }
  /// The leads as values with strings (tests and small inputs).
  public var leads: [Lead] { table.leads }
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
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw LeadFileError(file: path, reason: .unreadable("no such file"))
    }
    guard !isFolder.boolValue else {
      throw LeadFileError(file: path, reason: .unreadable("it is a folder; name the lead sheets in it"))
    }
    // Read (not mapped: a mapped file cut short meanwhile ends the process with SIGBUS)
    // through a descriptor of our own, which the digest then reads again (hashed later:
    // `FileDigest`), so the bytes hashed are those of the file read.
    let (descriptor, data) = try InputBytes.read(path, limit: options.limits.fileBytes)
    let size = data.count
    let result = data.withUnsafeBytes { raw -> Result<LeadFileResult, LeadFileError> in
      Result { () throws(LeadFileError) -> LeadFileResult in
        try read(
          bytes: raw.bindMemory(to: UInt8.self), file: URL(fileURLWithPath: path), path: path, options: options,
          digestLater: true)
      }
    }
    var fileResult: LeadFileResult
    do {
      fileResult = try result.get()
    } catch {
      close(descriptor)
      throw error
    }
    fileResult.digest =
      FileDigest(later: descriptor, size: size)
      ?? data.withUnsafeBytes { FileDigest(hashing: $0.bindMemory(to: UInt8.self)) }
    return fileResult
  }

  /// Reads files in parallel (one task per file, as many at once as there are cores), the
  /// costliest first (`estimatedCost`): the cores then finish about together, and none idles
  /// while another reads a large file it started last. (Taken in the order given after the
  /// costliest, a million leads' four text files left one core idle for 0.13–0.39 s.)
  /// - Returns: one result per path, in the order given.
  public static func read(paths: [String], options: LeadReadOptions)
    -> [Result<LeadFileResult, LeadFileError>]
  {
    let results = ResultSlots<Result<LeadFileResult, LeadFileError>>(count: paths.count)
    let costs = paths.map(estimatedCost)
    let order = paths.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
    DispatchQueue.concurrentPerform(iterations: paths.count) { position in
      let index = order[position]
      results.set(
        index,
        Result { () throws(LeadFileError) -> LeadFileResult in
          try read(path: paths[index], options: options)
        })
    }
    return results.values()
  }

  /// A rough reading cost of a file: its size, weighted by how long a megabyte takes to read
  /// (each of a million leads' files read alone: UTF-8 6.5 ms, UTF-16 7.1 ms, GB18030 10.5 ms,
  /// a workbook 41 ms, its compressed bytes inflating to several times as much XML); a text
  /// file's encoding is what its first 64 KB tell (`TextDecoder.detect`).
  static func estimatedCost(_ path: String) -> Int {
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return 0 }  // never open a FIFO here
    let size = fileSize(path)
    if path.lowercased().hasSuffix(".xlsx") { return size * 63 / 10 }
    guard let file = FileHandle(forReadingAtPath: path) else { return size }
    defer { try? file.close() }
    let start = [UInt8]((try? file.read(upToCount: 1 << 16)) ?? Data())
    let encoding = start.withUnsafeBufferPointer { TextDecoder.detect($0, validatingUTF8UpTo: max(start.count - 4, 0)) }
    switch encoding {
    case .gb18030: return size * 16 / 10
    case .utf16LE, .utf16BE: return size * 11 / 10
    default: return size
    }
  }

  /// The size of a file in bytes, 0 when it cannot be found. A symbolic link gives the
  /// size of the file it points at (`attributesOfItem` gave the link's own, a few dozen
  /// bytes, so linked files were scheduled as the cheapest).
  static func fileSize(_ path: String) -> Int {
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    return (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
  }

  /// Reads a file's bytes already in memory. A workbook given this way must be a sound zip
  /// package (tests make them): read from memory, a package whose directory points past its
  /// end traps inside ZIPFoundation. Files from users go through `read(path:options:)`.
  public static func read(bytes: [UInt8], path: String, options: LeadReadOptions = LeadReadOptions())
    throws(LeadFileError) -> LeadFileResult
  {
    try bytes.withUnsafeBufferPointer { (buffer) throws(LeadFileError) -> LeadFileResult in
      try read(bytes: buffer, path: path, options: options)
    }
  }

  /// Reads a file's bytes; `file`, when given, is the file they were read from (a workbook
  /// is read from it: see `XLSXReader.read`).
  /// `digestLater`: the caller hashes the file itself (`FileDigest(later:size:)`).
  static func read(
    bytes: UnsafeBufferPointer<UInt8>, file: URL? = nil, path: String, options: LeadReadOptions,
    digestLater: Bool = false
  ) throws(LeadFileError) -> LeadFileResult {
    guard !bytes.isEmpty else { throw LeadFileError(file: path, reason: .emptyFile) }
    // An OLE2 compound file: how Excel 97–2003 and WPS save workbooks, and how Excel saves
    // an .xlsx with a password (encrypted, in an `EncryptionInfo` stream).
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      // The stream's name is in the container's directory, in UTF-16LE, wherever that is.
      let encrypted = bytes.firstRange(of: Array("EncryptionInfo".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) != nil
      throw LeadFileError(file: path, reason: encrypted ? .encryptedWorkbook : .legacyWorkbook)
    }
    var format = LeadFileFormat.detect(path: path, bytes: bytes)
    var result: LeadFileResult
    if format == .xlsx {
      result = try workbook(bytes, file: file, path: path, options: options)
    } else {
      // Text taken for UTF-8 is checked as it is read, in its distinct values alone
      // (`ValuePool.checksUTF8`: 40 % of the bytes of a lead sheet, and hot in the cache);
      // detection looks at the first megabyte. Checked whole first, UTF-8 sheets were read
      // twice over (a twentieth of reading). A sheet guessed UTF-8 from its first megabyte
      // that turns out not to be is read again as GB18030, as whole-file detection would.
      var encoding: TextEncoding
      var guessedUTF8 = false
      if let forced = options.encoding {
        encoding = forced
      } else if let detected = TextDecoder.detect(bytes, validatingUTF8UpTo: 1 << 20) {
        encoding = detected
        guessedUTF8 = detected == .utf8 && bytes.count > 1 << 20
      } else {
        throw LeadFileError(file: path, reason: .binary)
      }
      let detectedFormat = format
      func parse(_ text: UnsafeBufferPointer<UInt8>, checkingUTF8 checking: Bool) throws(LeadFileError) -> LeadFileResult {
        format = detectedFormat
        if UTF8Validation.containsNUL(text) { throw LeadFileError(file: path, reason: .binary) }
        if format == .csv, !path.lowercased().hasSuffix(".csv") {
          format = sniff(text)
        } else if format == .csv, sniff(text) == .tsv, !firstLine(text).contains(UInt8(ascii: ",")) {
          format = .tsv  // "CSV" saved by Excel as Unicode text is tab-separated
        }
        switch format {
        case .jsonLines:
          if checking, !UTF8Validation.isValid(text) { throw LeadFileError(file: path, reason: .undecodable(encoding)) }
          return try JSONLinesReader.read(text: Array(text), path: path, options: options)
        default:
          return try delimited(text, path: path, options: options, format: format, checkingUTF8: checking ? encoding : nil)
        }
      }
      func decodeAndParse() throws(LeadFileError) -> LeadFileResult {
        switch encoding {
        case .utf8, .utf8BOM:
          // Parsed in place (the mapped bytes), after any byte-order mark.
          let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
          return try parse(text, checkingUTF8: true)
        default:
          guard let text = TextDecoder.utf8Bytes(of: bytes, encoding: encoding) else {
            throw LeadFileError(file: path, reason: .undecodable(encoding))
          }
          return try text.withUnsafeBufferPointer { (text) throws(LeadFileError) -> LeadFileResult in
            try parse(text, checkingUTF8: false)
          }
        }
      }
      do {
        result = try decodeAndParse()
      } catch where guessedUTF8 && error.reason == .undecodable(.utf8) {
        encoding = .gb18030
        result = try decodeAndParse()
      }
      result.encoding = encoding
    }
    if !digestLater { result.digest = FileDigest(hashing: bytes) }
    result.byteCount = bytes.count
    return result
  }

  /// CSV or TSV: parsed and interned straight from the bytes.
  /// `checkingUTF8`: the text is taken to be in that encoding (UTF-8) unchecked; each
  /// distinct value is checked as it is read, and the first that is not UTF-8 makes the
  /// file undecodable before any row is looked at.
  static func delimited(
    _ text: UnsafeBufferPointer<UInt8>, path: String, options: LeadReadOptions, format: LeadFileFormat,
    checkingUTF8 encoding: TextEncoding? = nil
  ) throws(LeadFileError) -> LeadFileResult {
    var pool = ValuePool(capacity: max(1024, text.count / 64), arenaCapacity: text.count / 2)
    pool.checksUTF8 = encoding != nil
    /// Throws if the file proves not to be UTF-8: from the values read so far, or (`whole`,
    /// before saying the file is no lead sheet) from all its bytes.
    func checkUTF8(whole: Bool = false) throws(LeadFileError) {
      guard let encoding else { return }
      if pool.sawInvalidUTF8 || (whole && !UTF8Validation.isValid(text)) {
        throw LeadFileError(file: path, reason: .undecodable(encoding))
      }
    }
    var cursor = DelimitedTextParser.Cursor(
      bytes: text, delimiter: format == .tsv ? 0x09 : 0x2C, limits: options.limits)
    guard cursor.next(pool: &pool), !cursor.unclosedQuote else {
      try checkUTF8(whole: true)
      throw LeadFileError(file: path, reason: cursor.oversized ? .headerTooWide(limit: options.limits.cellsPerRow) : .noRecognisableHeader(found: []))
    }
    if cursor.oversized { throw LeadFileError(file: path, reason: .headerTooWide(limit: options.limits.cellsPerRow)) }
    try checkUTF8()
    let columns = ColumnMapping.map(headers: cursor.fields.map { pool[$0] })
    guard ColumnMapping.isLeadSheet(columns) else {
      try checkUTF8(whole: true)
      // A header a few rows down (under a title) is named, so the sender knows what to fix.
      for _ in 0..<headerSearchRows where cursor.next(pool: &pool) {
        if ColumnMapping.isLeadSheet(ColumnMapping.map(headers: cursor.fields.map { pool[$0] })) {
          throw LeadFileError(file: path, reason: .headerNotFirst(line: cursor.line))
        }
      }
      throw LeadFileError(file: path, reason: .noRecognisableHeader(found: columns.map(\.header)))
    }
    var table = LeadTable(files: [path])
    table.reserveCapacity(text.count / 150)
    var validator = RowValidator(
      file: 0, columns: columns, defaultPublisher: options.publisher,
      requiresExactFieldCount: true, pool: &pool)
    var rejects: [RejectedRow] = []
    while cursor.next(pool: &pool) {
      try checkUTF8()
      let reason: RejectReason?
      var field: LeadField? = nil
      if cursor.unclosedQuote {
        reason = .unbalancedQuote
      } else if cursor.oversized {
        reason = .oversizedRow
      } else if case .reject(let why, let which) = validator.validate(
        cells: cursor.fields, line: cursor.line, pool: pool, table: &table)
      {
        reason = why
        field = which
      } else {
        reason = nil
      }
      if let reason {
        rejects.append(
          RejectedRow(
            file: path, line: cursor.line, reason: reason, field: field?.rawValue,
            raw: String(decoding: UnsafeBufferPointer(rebasing: text[cursor.range]), as: UTF8.self)))
      }
    }
    pool.checksUTF8 = false  // checked: values merged into it later come from checked files
    table.pool = pool
    return LeadFileResult(
      file: path, format: format, encoding: nil, sheet: nil, columns: columns, table: table,
      rejects: rejects, sha256: "", byteCount: 0)
  }

  /// How many rows below a first row that is no header are looked at for the header, to
  /// tell the sender it is not first (`LeadFileError.Reason.headerNotFirst`).
  static let headerSearchRows = 10

  /// A workbook's chosen sheet: the first row with a non-empty cell is the header; each later
  /// row is interned into the pool from its bytes, validated, and kept as a lead or a reject.
  static func workbook(
    _ bytes: UnsafeBufferPointer<UInt8>, file: URL?, path: String, options: LeadReadOptions
  ) throws(LeadFileError) -> LeadFileResult {
    // About one distinct value per 33 bytes of a workbook written by Excel or synth (a 32 MB
    // workbook of 200,000 leads holds 970,000); room for a third more before the table grows.
    // (One per 16 bytes made a 64 MB table, twice the room needed, all of it page-faulted.)
    var pool = ValuePool(capacity: max(1024, bytes.count / 32), arenaCapacity: bytes.count * 2)
    var table = LeadTable(files: [path])
    var columns: [ColumnMapping]? = nil
    var validator: RowValidator? = nil
    var rejects: [RejectedRow] = []
    var ids: [Int32] = []
    var rowsAfterNoHeader = 0, headerLine: Int? = nil, headerTooWide = false
    let limits = options.limits
    let sheet = try XLSXReader.read(bytes: bytes, file: file, path: path, sheetName: options.sheet, limits: limits) {
      line, row in
      let oversized = row.ranges.count > limits.cellsPerRow || row.ranges.contains { $0.count > limits.cellBytes }
      guard validator != nil else {
        if oversized {
          headerTooWide = true
          return false
        }
        let header = ColumnMapping.map(headers: row.cells)
        guard columns == nil else {
          // The first row was no header: is one a few rows down (under a title)?
          rowsAfterNoHeader += 1
          if ColumnMapping.isLeadSheet(header) { headerLine = line }
          return headerLine == nil && rowsAfterNoHeader < Self.headerSearchRows
        }
        columns = header
        guard ColumnMapping.isLeadSheet(header) else { return true }  // looks further down
        validator = RowValidator(
          file: 0, columns: header, defaultPublisher: options.publisher, requiresExactFieldCount: false,
          pool: &pool)
        return true
      }
      if oversized {
        let raw = row.ranges.count > limits.cellsPerRow ? "(\(row.ranges.count) cells)" : "(a cell over \(limits.cellBytes) bytes)"
        rejects.append(RejectedRow(file: path, line: line, reason: .oversizedRow, raw: raw))
        return true
      }
      row.values.withUnsafeBufferPointer { values in
        let ranges = row.ranges
        func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: values[ranges[index]]) }
        if ranges.indices.contains(where: { TextNormalization.startsOrEndsWithSpace(cell($0)) }) {
          ids.removeAll(keepingCapacity: true)
          for index in ranges.indices { ids.append(internTrimmed(cell(index), into: &pool)) }
        } else {
          pool.intern(count: ranges.count, cell, into: &ids)  // the usual row: nothing to trim
        }
      }
      if case .reject(let reason, let field) = validator!.validate(
        cells: ids, line: line, pool: pool, table: &table)
      {
        rejects.append(
          RejectedRow(
            file: path, line: line, reason: reason, field: field?.rawValue,
            raw: row.cells.joined(separator: "\t")))
      }
      return true
    }
    if headerTooWide { throw LeadFileError(file: path, reason: .headerTooWide(limit: limits.cellsPerRow)) }
    guard let columns else { throw LeadFileError(file: path, reason: .emptyFile) }
    guard validator != nil else {
      if let headerLine { throw LeadFileError(file: path, reason: .headerNotFirst(line: headerLine)) }
      throw LeadFileError(file: path, reason: .noRecognisableHeader(found: columns.map(\.header)))
    }
    table.pool = pool
    return LeadFileResult(
      file: path, format: .xlsx, encoding: nil, sheet: sheet, columns: columns, table: table,
      rejects: rejects, sha256: "", byteCount: 0)
  }

  /// The pool id of a cell's text trimmed of white space (as `TextNormalization.trimmed`),
  /// interned from its bytes unless there is white space to trim.
  static func internTrimmed(_ bytes: UnsafeBufferPointer<UInt8>, into pool: inout ValuePool) -> Int32 {
    if TextNormalization.startsOrEndsWithSpace(bytes) {
      return pool.intern(TextNormalization.trimmed(String(decoding: bytes, as: UTF8.self)))
    }
    return pool.intern(bytes)
  }

  /// Turns a table of string cells whose first row is the header into leads and rejects.
  static func rows(
    _ sheet: [SheetRow], path: String, options: LeadReadOptions, format: LeadFileFormat,
    exactFieldCount: Bool, columns given: [ColumnMapping]? = nil
  ) throws(LeadFileError) -> LeadFileResult {
    let columns: [ColumnMapping]
    let body: ArraySlice<SheetRow>
    if let given {
      columns = given
      body = sheet[...]
    } else {
      guard let header = sheet.first else { throw LeadFileError(file: path, reason: .emptyFile) }
      columns = ColumnMapping.map(headers: header.cells)
      body = sheet.dropFirst()
    }
    guard ColumnMapping.isLeadSheet(columns) else {
      throw LeadFileError(file: path, reason: .noRecognisableHeader(found: columns.map(\.header)))
    }
    var pool = ValuePool()
    var table = LeadTable(files: [path])
    var validator = RowValidator(
      file: 0, columns: columns, defaultPublisher: options.publisher,
      requiresExactFieldCount: exactFieldCount, pool: &pool)
    var rejects: [RejectedRow] = []
    for row in body {
      if let reason = row.rejectReason {
        rejects.append(RejectedRow(file: path, line: row.line, reason: reason, raw: row.raw))
        continue
      }
      let ids = row.cells.map { pool.intern(TextNormalization.trimmed($0)) }
      if case .reject(let reason, let field) = validator.validate(
        cells: ids, line: row.line, pool: pool, table: &table)
      {
        rejects.append(
          RejectedRow(file: path, line: row.line, reason: reason, field: field?.rawValue, raw: row.raw))
      }
    }
    table.pool = pool
    return LeadFileResult(
      file: path, format: format, encoding: nil, sheet: nil, columns: columns, table: table,
      rejects: rejects, sha256: "", byteCount: 0)
  }

  static func firstLine(_ text: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
    let end = text.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? text.endIndex
    return text[..<end]
  }

  /// Guesses the format of a text file without a telling extension from its first line.
  static func sniff(_ text: UnsafeBufferPointer<UInt8>) -> LeadFileFormat {
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
  /// The row as written; `nil` for workbook rows, whose cells joined by tabs stand for it
  /// (built only when the row is rejected: most rows never need it).
  var writtenRaw: String?
  var raw: String { writtenRaw ?? cells.joined(separator: "\t") }
  /// Set when the row is rejected before its cells are looked at (malformed JSON …).
  var rejectReason: RejectReason? = nil
}
