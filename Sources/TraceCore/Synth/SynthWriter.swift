import Foundation

/// Writes a `SynthWorld` as lead files in the forms publishers really send, plus `truth.json`.
///
/// Five files: UTF-8 CSV with English headers; UTF-8-BOM CSV with Chinese headers and CRLF;
/// GB18030 CSV; UTF-16LE "Unicode text" (TSV); and an `.xlsx` workbook. Values are written
/// in the many ways people write them (phones with +86 or full-width digits, addresses without
/// province or with 號, five date styles, ISBN-10 and -13 …). About 1.2% of rows are bad, of
/// every reason a file of that form can have; each is listed in `truth.json` with its line.
public struct SynthWriter: Sendable {
  public struct FileSpec: Sendable {
    public var name: String
    public var chineseHeaders: Bool
    public var kind: Kind
    public enum Kind: Sendable { case csv(TextEncoding, crlf: Bool), tsvUTF16, xlsx }
    var delimited: Bool {
      if case .xlsx = kind { return false }
      return true
    }
  }

  public static let files: [FileSpec] = [
    FileSpec(name: "synth-01-utf8.csv", chineseHeaders: false, kind: .csv(.utf8, crlf: false)),
    FileSpec(name: "synth-02-utf8bom.csv", chineseHeaders: true, kind: .csv(.utf8BOM, crlf: true)),
    FileSpec(name: "synth-03-gb18030.csv", chineseHeaders: true, kind: .csv(.gb18030, crlf: true)),
    FileSpec(name: "synth-04-unicode.txt", chineseHeaders: true, kind: .tsvUTF16),
    FileSpec(name: "synth-05.xlsx", chineseHeaders: true, kind: .xlsx),
  ]

  static let fields: [LeadField] = [
    .leadID, .publisher, .reportedAt, .platform, .storeID, .storeName, .title, .isbn, .price,
    .carrier, .waybill, .senderName, .senderPhone, .originAddress, .supplier, .supplierPhone,
    .paymentAccount, .notes,
  ]

  public struct BadRow: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var reason: RejectReason
  }

  public var world: SynthWorld
  /// How the workbook keeps its text: in each cell (the default) or in shared strings, as
  /// Excel saves it. The leads and `truth.json` are the same either way.
  public var workbookStrings: WorkbookStrings

  public init(world: SynthWorld, workbookStrings: WorkbookStrings = .inline) {
    self.world = world
    self.workbookStrings = workbookStrings
  }

  /// Writes the files and `truth.json` into `directory`.
  ///
  /// Each row is written with its own random stream, seeded from the world's seed and the
  /// row's index, so rows are made on every core and the files still depend only on the
  /// seed. The five files and `truth.json` are then made side by side, each in pieces.
  /// - Returns: the bad rows planted, in file and line order.
  @discardableResult
  public func write(to directory: URL) throws -> [BadRow] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let rendered = Array(world.rows.indices).parallelMap { index in renderRow(index) }
    var tables = [[[String]]](repeating: [], count: Self.files.count)
    for file in Self.files.indices { tables[file].reserveCapacity(rendered.count / Self.files.count + 1) }
    var badRows: [BadRow] = []
    var lines = [Int](repeating: 1, count: Self.files.count)
    for (index, row) in rendered.enumerated() {
      let file = index % Self.files.count
      if let reason = row.bad { badRows.append(BadRow(file: Self.files[file].name, line: lines[file] + 1, reason: reason)) }
      tables[file].append(row.cells)
      lines[file] += Self.files[file].delimited ? 1 + row.lineBreaks : 1
    }
    var lastRows: [[String]] = []
    var rng = SplitMix64(seed: world.seed ^ 0xF11E_5EED ^ 0x1A57)
    for (file, spec) in Self.files.enumerated() {
      guard spec.delimited else {
        lastRows.append([])
        continue
      }
      // The last row opens a quote it never closes: it swallows the rest of the file.
      var last = cellsFor(world.rows[file], index: world.rows.count + file, spec: spec, rng: &rng)
      last[Self.fields.firstIndex(of: .notes) ?? 0] = "\u{1}UNCLOSED"
      lastRows.append(last)
      badRows.append(BadRow(file: spec.name, line: lines[file] + 1, reason: .unbalancedQuote))
    }
    let failures = ResultSlots<String>(count: Self.files.count + 1)
    let (finishedTables, finishedLastRows, finishedBadRows) = (tables, lastRows, badRows)
    // The files and truth.json (number `files.count` here) side by side, the costliest
    // started first: the workbook (made and zipped in one job), then truth.json (one
    // serial JSON document), then the text files.
    func cost(_ job: Int) -> Int {
      guard job < Self.files.count else { return 1 }
      return Self.files[job].delimited ? 0 : 2
    }
    let jobs = (0...Self.files.count).sorted { (cost($0), -$0) > (cost($1), -$1) }
    DispatchQueue.concurrentPerform(iterations: jobs.count) { job in
      let file = jobs[job]
      guard file < Self.files.count else {
        do {
          try OutputFile.write(truthJSON(badRows: finishedBadRows), to: directory.appendingPathComponent("truth.json"))
        } catch {
          failures.set(file, "truth.json: \(error)")
        }
        return
      }
      let spec = Self.files[file]
      var rows = finishedTables[file]
      if spec.delimited { rows.append(finishedLastRows[file]) }
      do {
        try Self.writeFile(spec, rows: rows, workbookStrings: workbookStrings, to: directory)
      } catch {
        failures.set(file, "\(spec.name): \(error)")
      }
    }
    // Millions of cells' strings: freeing them took a second, which nobody needs to wait for.
    releaseInBackground((rendered, tables))
    if let failure = failures.values().first {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: failure])
    }
    return badRows
  }

  /// One row as written: its cells, why it was spoiled (about 1.2% of rows), and how many
  /// line breaks its cells hold (a quoted field spanning lines).
  struct RenderedRow: Sendable {
    var cells: [String]
    var bad: RejectReason?
    var lineBreaks: Int
  }

  /// Row `index` of the world, drawn with the row's own random stream.
  func renderRow(_ index: Int) -> RenderedRow {
    var rng = SplitMix64(seed: world.seed ^ 0xF11E_5EED ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
    let spec = Self.files[index % Self.files.count]
    var cells = cellsFor(world.rows[index], index: index, spec: spec, rng: &rng)
    var bad: RejectReason? = nil
    if rng.chance(0.012) {
      let reasons: [RejectReason] =
        spec.delimited
        ? [.missingPublisher, .missingStore, .badISBN, .badDate, .wrongFieldCount, .emptyRow]
        : [.missingPublisher, .missingStore, .badISBN, .badDate]
      let reason = rng.pick(reasons)
      spoil(&cells, reason: reason, rng: &rng)
      bad = reason
    }
    let lineBreaks = cells.reduce(0) { $0 + $1.utf8.count(where: { $0 == 0x0A }) }
    return RenderedRow(cells: cells, bad: bad, lineBreaks: lineBreaks)
  }

  static func writeFile(
    _ spec: FileSpec, rows: [[String]], workbookStrings: WorkbookStrings = .inline, to directory: URL
  ) throws {
    let header = Self.fields.map { spec.chineseHeaders ? ($0.aliases.first ?? $0.rawValue) : $0.rawValue }
    let url = directory.appendingPathComponent(spec.name)
    switch spec.kind {
    case .csv(let encoding, let crlf):
      let pieces = Self.delimitedPieces(header: header, rows: rows, delimiter: UInt8(ascii: ","), crlf: crlf)
      try OutputFile.write(Self.encoded(pieces, encoding), to: url)
    case .tsvUTF16:
      let pieces = Self.delimitedPieces(header: header, rows: rows, delimiter: UInt8(ascii: "\t"), crlf: true)
      try OutputFile.write(Self.encoded(pieces, .utf16LE), to: url)
    case .xlsx:
      try XLSXWriter.write(header: header, rows: rows, strings: workbookStrings, to: url)
    }
  }

  /// The cells of one row as a publisher would write them.
  func cellsFor(_ row: borrowing SynthWorld.Row, index: Int, spec: SynthWriter.FileSpec, rng: inout SplitMix64)
    -> [String]
  {
    let platform = SynthVocabulary.platforms[row.store.platform]
    let carrier = rng.pick(SynthVocabulary.carriers)
    let titleIndex = rng.below(SynthVocabulary.titles.count)
    let isbn = Self.isbn(for: titleIndex)
    var notes = ""
    if spec.delimited, case .csv = spec.kind, rng.chance(0.02) { notes = "卖家称货源充足\n可大量供货" }
    // In `fields` order.
    return [
      "L\(world.seed)-\(index + 1)",
      row.publisher,
      Self.date(day: rng.below(365), style: rng.below(5)),
      rng.pick(platform.spellings),
      row.store.id,
      row.store.name,
      SynthVocabulary.titles[titleIndex],
      Self.isbnVariant(isbn, style: rng.below(3)),
      Self.price(fen: 1500 + rng.below(6000), style: rng.below(3)),
      rng.pick(carrier.name),
      carrier.waybill(&rng),
      row.sender.name,
      Self.phoneVariant(row.sender.phone, style: rng.below(6)),
      Self.addressVariant(row.origin, rng: &rng),
      row.supplier ?? "",
      row.supplierPhone.map { Self.phoneVariant($0, style: rng.below(6)) } ?? "",
      row.account ?? "",
      notes,
    ]
  }

  func spoil(_ cells: inout [String], reason: RejectReason, rng: inout SplitMix64) {
    func set(_ field: LeadField, _ value: String) {
      if let i = Self.fields.firstIndex(of: field) { cells[i] = value }
    }
    switch reason {
    case .missingPublisher: set(.publisher, "")
    case .missingStore:
      set(.storeID, "")
      set(.storeName, "")
    case .badISBN:
      let good = Self.isbn(for: rng.below(SynthVocabulary.titles.count))
      let last = Int(String(good.last ?? "0")) ?? 0
      set(.isbn, String(good.dropLast()) + String((last + 1 + rng.below(8)) % 10))
    case .badDate: set(.reportedAt, rng.pick(["2024-13-05", "2024/3/32", "2023-02-29", "2024年0月9日"]))
    case .wrongFieldCount:
      if rng.chance(0.5) { cells.removeLast(2) } else { cells.append("多余") }
    case .emptyRow: cells = cells.map { _ in "" }
    default: break
    }
  }

  // MARK: formats

  /// The UTF-8 text of a delimited file, in pieces of whole rows made on every core: joined,
  /// they are `delimitedText`.
  static func delimitedPieces(header: [String], rows: [[String]], delimiter: UInt8, crlf: Bool) -> [[UInt8]] {
    inPieces(header: header, rows: rows) { rows, _ in delimitedText(rows: rows, delimiter: delimiter, crlf: crlf) }
  }

  /// `make` applied to the header and rows in pieces of 4096 rows, on every core, in order;
  /// `make` is given each piece and the 1-based number of its first row.
  static func inPieces<T: Sendable>(
    header: [String], rows: [[String]], _ make: @Sendable (ArraySlice<[String]>, Int) -> T
  ) -> [T] {
    let all = [header] + rows
    return Array(stride(from: 0, to: all.count, by: 4096)).parallelMap(serialBelow: 2) { first in
      make(all[first..<min(first + 4096, all.count)], first + 1)
    }
  }

  /// Rows as delimited UTF-8 text: a field holding the delimiter, a quote or a line break is
  /// quoted (quotes doubled, its line breaks in the file's style); a field starting with
  /// U+0001 opens a quote it never closes.
  static func delimitedText(rows: ArraySlice<[String]>, delimiter: UInt8, crlf: Bool) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rows.count * 200)
    func newline() {
      if crlf { out.append(UInt8(ascii: "\r")) }
      out.append(UInt8(ascii: "\n"))
    }
    for row in rows {
      for (column, value) in row.enumerated() {
        if column > 0 { out.append(delimiter) }
        let utf8 = value.utf8
        if utf8.first == 0x01 {
          out.append(UInt8(ascii: "\""))
          out += utf8.dropFirst()
          newline()
          out += "未闭合的引号".utf8
        } else if utf8.contains(where: { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
          out.append(UInt8(ascii: "\""))
          for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [byte, byte]
            case UInt8(ascii: "\n"): newline()
            default: out.append(byte)
            }
          }
          out.append(UInt8(ascii: "\""))
        } else {
          out += utf8
        }
      }
      newline()
    }
    return out
  }

  /// UTF-8 text made in pieces (split between rows), encoded piece by piece on every core:
  /// every encoding here is stateless, so the pieces' bytes join into the whole text's.
  static func encoded(_ pieces: [[UInt8]], _ encoding: TextEncoding) -> [UInt8] {
    let bodies = pieces.parallelMap(serialBelow: 2) { piece in Array(encoded(piece, encoding).dropFirst(bomLength(encoding))) }
    var bytes = encoded([UInt8](), encoding)  // the byte-order mark, if any
    bytes.reserveCapacity(bodies.reduce(bytes.count) { $0 + $1.count })
    for body in bodies { bytes += body }
    return bytes
  }

  /// How many bytes `encoded` puts before the text.
  static func bomLength(_ encoding: TextEncoding) -> Int {
    switch encoding {
    case .utf8BOM: 3
    case .utf16LE, .utf16BE: 2
    case .utf8, .gb18030: 0
    }
  }

  /// UTF-8 `utf8` in `encoding`, with its byte-order mark if it has one.
  static func encoded(_ utf8: [UInt8], _ encoding: TextEncoding) -> [UInt8] {
    switch encoding {
    case .utf8: return utf8
    case .utf8BOM: return [0xEF, 0xBB, 0xBF] + utf8
    case .gb18030: return TextDecoder.iconv(utf8, from: "UTF-8", to: "GB18030") ?? []
    case .utf16LE, .utf16BE:
      let little = encoding == .utf16LE
      var bytes: [UInt8] = little ? [0xFF, 0xFE] : [0xFE, 0xFF]
      bytes.reserveCapacity(utf8.count * 2 + 2)
      for unit in String(decoding: utf8, as: UTF8.self).utf16 {
        let (low, high) = (UInt8(unit & 0xFF), UInt8(unit >> 8))
        bytes += little ? [low, high] : [high, low]
      }
      return bytes
    }
  }

  static func isbn(for title: Int) -> String {
    let body = "9787" + String(100_000_00 + title * 104_729 % 90_000_000)
    return body + String(ISBN.check13(body))
  }

  static func isbnVariant(_ isbn13: String, style: Int) -> String {
    switch style {
    case 0: return ascii(isbn13, groups: [0..<3, 3..<4, 4..<8, 8..<12, 12..<13], separator: "-")
    case 1: return ISBN(isbn13: isbn13).isbn10 ?? isbn13
    default: return isbn13
    }
  }

  static func date(day: Int, style: Int) -> String {
    let months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var m = 0, d = day
    while d >= months[m] {
      d -= months[m]
      m += 1
    }
    let (mm, dd) = (m + 1, d + 1)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    switch style {
    case 0: return "2024-\(two(mm))-\(two(dd))"
    case 1: return "2024/\(mm)/\(dd)"
    case 2: return "2024.\(mm).\(dd)"
    case 3: return "2024年\(mm)月\(dd)日"
    default: return "2024-\(two(mm))-\(two(dd)) 10:\(two(dd))"
    }
  }

  static func price(fen: Int, style: Int) -> String {
    let yuan = "\(fen / 100).\(fen % 100 < 10 ? "0" : "")\(fen % 100)"
    return style == 0 ? "¥" + yuan : style == 1 ? yuan + "元" : yuan
  }

  static func phoneVariant(_ phone: String, style: Int) -> String {
    let n = phone.utf8.count
    if phone.hasPrefix("400") { return ascii(phone, groups: [0..<3, 3..<6, 6..<n], separator: "-") }
    switch style {
    case 1: return "+86 " + ascii(phone, groups: [0..<3, 3..<7, 7..<n], separator: "-")
    case 2: return "0086" + phone
    case 3: return ascii(phone, groups: [0..<3, 3..<7, 7..<n], separator: " ")
    case 4: return fullWidth(phone) { _ in true }
    default: return phone
    }
  }

  /// The byte ranges `groups` of the ASCII text `text` (phones, ISBNs), joined by `separator`.
  static func ascii(_ text: String, groups: [Range<Int>], separator: Unicode.Scalar) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + groups.count)
    for (index, group) in groups.enumerated() {
      if index > 0 { out.append(UInt8(ascii: separator)) }
      out += bytes[group]
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `text` with the scalars `convert` picks in their full-width forms (U+FF01…, as a
  /// Chinese input method types digits).
  static func fullWidth(_ text: String, _ convert: (Unicode.Scalar) -> Bool) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      out.append(convert(scalar) ? Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar : scalar)
    }
    return String(out)
  }

  static func addressVariant(_ address: String, rng: inout SplitMix64) -> String {
    var text = address
    if rng.chance(0.4),
      let province = SynthVocabulary.cities.first(where: { text.utf8.starts(with: $0.province.utf8) })?.province
    {
      text = String(decoding: text.utf8.dropFirst(province.utf8.count), as: UTF8.self)
    }
    if rng.chance(0.1) { text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "号" ? "號" : $0 })) }
    if rng.chance(0.15) { text = fullWidth(text) { ("0"..."9").contains($0) } }
    if rng.chance(0.15), let city = text.firstIndex(of: "市") { text.insert(" ", at: text.index(after: city)) }
    return text
  }

  // MARK: truth

  func truthJSON(badRows: [BadRow]) -> String {
    let rings: [JSONValue] = world.rings.map { ring in
      .object([
        ("id", .string(ring.id)),
        ("supplier", .string(ring.supplier)),
        ("supplier_key", .string(PartyName(ring.supplier)?.key ?? "")),
        ("warehouse", .string(ring.warehouse.full)),
        ("warehouse_key", .string(PostalAddress(ring.warehouse.full)?.key ?? "")),
        ("direct", .bool(ring.direct)),
        ("origins", .array(ring.origins.map { .string(PostalAddress($0.full)?.key ?? "") })),
        ("senders", .array(ring.senders.map { .string($0.phone) })),
        ("stores", .array(ring.stores.map { .string($0.key) })),
      ])
    }
    let hubs: [JSONValue] = world.hubs.map { hub in
      let key = hub.kind == .phone ? hub.value : (PostalAddress(hub.value)?.key ?? hub.value)
      return .object([("kind", .string(hub.kind.rawValue)), ("key", .string(key)), ("label", .string(hub.value))])
    }
    let bridges: [JSONValue] = world.bridges.map { bridge in
      .object([
        ("sender_phone", .string(bridge.sender.phone)),
        ("rings", .array(bridge.rings.map { .string(world.rings[$0].id) })),
      ])
    }
    let bad = badRows.sorted { ($0.file, $0.line) < ($1.file, $1.line) }.map { row in
      JSONValue.object([("file", .string(row.file)), ("line", .int(row.line)), ("reason", .string(row.reason.rawValue))])
    }
    var members: [(String, JSONValue)] = [
      ("version", .int(1)),
      ("seed", .int(Int(world.seed))),
      ("rows", .int(world.rows.count)),
      ("files", .array(Self.files.map { .string($0.name) })),
      ("rings", .array(rings)),
      ("noise_stores", .array(world.honestStores.map { .string($0.key) })),
      ("hubs", .array(hubs)),
      ("bridges", .array(bridges)),
      ("bad_rows", .array(bad)),
    ]
    // Each hazard's own truth, only when hazards were asked for (a world without them is
    // written as before, byte for byte).
    if !world.hazards.isNone { members.append(("hazards", hazardsJSON())) }
    return JSONValue.object(members).serialized()
  }

  /// What each hazard planted (`PlantedHazards`), ring indexes written as ring ids.
  func hazardsJSON() -> JSONValue {
    let planted = world.planted
    func ring(_ index: Int) -> JSONValue { .string(world.rings[index].id) }
    return .object([
      ("bridge_stores", .array(planted.bridgeStores.map { bridge in
        .object([("store", .string(bridge.store)), ("ring", ring(bridge.ring)), ("sender_of", ring(bridge.senderOf)),
                 ("sender_phone", .string(bridge.phone))])
      })),
      ("shared_trade_names", .array(planted.sharedTradeNames.map { shared in
        .object([("ring", ring(shared.ring)), ("borrowed_from", ring(shared.borrowedFrom))])
      })),
      ("fronts", .array(planted.fronts.map { front in
        .object([("address", .string(front.address)), ("phone", .string(front.phone)),
                 ("stores", .array(front.stores.map(JSONValue.string)))])
      })),
      ("printers", .array(planted.printers.map { printer in
        .object([("name", .string(printer.name)), ("rings", .array(printer.rings.map(ring)))])
      })),
      ("phone_changes", .array(planted.phoneChanges.map { change in
        .object([("from", .string(change.from)), ("to", .string(change.to))])
      })),
      ("renamed_stores", .array(planted.renamedStores.map { renamed in
        .object([("store", .string(renamed.store)), ("name", .string(renamed.name))])
      })),
    ])
  }
}
