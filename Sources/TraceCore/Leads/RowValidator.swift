import Foundation

/// Turns one row of cells into a lead, or into a reject with its reason.
///
/// Checks, in order: the field count, an all-empty row, the publisher (or `--publisher`), a
/// store id or name, the ISBN's check digit, and the date. The first failing check is the
/// reason. Cells are pool ids, and each check's verdict is cached per distinct value, so an
/// ISBN or date seen a thousand times is parsed once.
public struct RowValidator {
  public var file: Int32
  public var columns: [ColumnMapping]
  /// Delimited files must have exactly one cell per header; JSON and workbooks need not.
  public var requiresExactFieldCount: Bool
  private let fieldOfColumn: [Int]
  private let nameOfColumn: [Int32]
  private let defaultPublisher: Int32
  private var row: [Int32]
  private var extras: [(Int32, Int32)] = []
  private var verdicts = ValueVerdicts()

  public enum Outcome {
    case lead
    case reject(RejectReason, LeadField?)
  }

  public init(
    file: Int32, columns: [ColumnMapping], defaultPublisher: String?,
    requiresExactFieldCount: Bool, pool: inout ValuePool
  ) {
    self.file = file
    self.columns = columns
    self.requiresExactFieldCount = requiresExactFieldCount
    fieldOfColumn = columns.map { $0.field?.index ?? -1 }
    nameOfColumn = columns.map { pool.intern($0.header) }
    self.defaultPublisher = defaultPublisher.map { pool.intern(TextNormalization.trimmed($0)) } ?? 0
    row = [Int32](repeating: 0, count: LeadTable.width)
  }

  /// Validates the cells of the row that starts on `line`; a lead is appended to `table`.
  public mutating func validate(
    cells: [Int32], line: Int, pool: ValuePool, table: inout LeadTable
  ) -> Outcome {
    if requiresExactFieldCount, cells.count != columns.count { return .reject(.wrongFieldCount, nil) }
    if cells.allSatisfy({ verdicts.isBlank($0, pool) }) { return .reject(.emptyRow, nil) }
    extras.removeAll(keepingCapacity: true)
    // Through pointers, the row moved out and back: a lead's cells are placed a million
    // times over, and indexing checked bounds and uniqueness per cell.
    var row = self.row
    self.row = []
    row.withUnsafeMutableBufferPointer { row in
      cells.withUnsafeBufferPointer { cells in
        fieldOfColumn.withUnsafeBufferPointer { fieldOfColumn in
          row.update(repeating: 0)
          for column in 0..<min(cells.count, fieldOfColumn.count) {
            let field = fieldOfColumn[column], cell = cells[column]
            if field >= 0 {
              row[field] = cell
            } else if cell != 0 {
              extras.append((nameOfColumn[column], cell))
            }
          }
        }
      }
    }
    defer { self.row = row }
    let publisherIndex = LeadField.publisher.index
    if verdicts.isBlank(row[publisherIndex], pool) { row[publisherIndex] = defaultPublisher }
    if verdicts.isBlank(row[publisherIndex], pool) { return .reject(.missingPublisher, .publisher) }
    if verdicts.isBlankOrNone(row[LeadField.storeID.index], pool)
      && verdicts.isBlankOrNone(row[LeadField.storeName.index], pool)
    {
      return .reject(.missingStore, .storeID)
    }
    let isbn = row[LeadField.isbn.index]
    if isbn != 0, !verdicts.isValidISBN(isbn, pool) { return .reject(.badISBN, .isbn) }
    let date = row[LeadField.reportedAt.index]
    if date != 0, !verdicts.isValidDate(date, pool) { return .reject(.badDate, .reportedAt) }
    let source = LeadTable.SourceRef(file: file, line: Int32(line), publisher: row[publisherIndex])
    row.withUnsafeBufferPointer { table.append(row: $0, extras: extras, source: source) }
    return .lead
  }
}

/// Per-distinct-value verdicts, computed on first sight: 0 unknown, 1 yes, 2 no.
struct ValueVerdicts {
  private var blank: [UInt8] = []
  private var isbn: [UInt8] = []
  private var date: [UInt8] = []
  private var none: [UInt8] = []

  @inline(__always)
  private static func cached(
    _ cache: inout [UInt8], _ id: Int32, _ compute: () -> Bool
  ) -> Bool {
    let i = Int(id)
    if i >= cache.count { cache.append(contentsOf: repeatElement(0, count: i - cache.count + 1024)) }
    if cache[i] == 0 { cache[i] = compute() ? 1 : 2 }
    return cache[i] == 1
  }

  mutating func isBlank(_ id: Int32, _ pool: ValuePool) -> Bool {
    id == 0 || Self.cached(&blank, id) { pool.withBytes(id, TextNormalization.isBlank) }
  }

  /// Blank, or a word for "none" (无, 未知, -: `Placeholder`): a store id and name both so
  /// name no store.
  mutating func isBlankOrNone(_ id: Int32, _ pool: ValuePool) -> Bool {
    isBlank(id, pool) || Self.cached(&none, id) { pool.withBytes(id, Placeholder.isPlaceholder) }
  }

  mutating func isValidISBN(_ id: Int32, _ pool: ValuePool) -> Bool {
    Self.cached(&isbn, id) {
      if case .valid = ISBN.parse(pool[id]) { return true }
      return TextNormalization.isBlank(pool[id])
    }
  }

  mutating func isValidDate(_ id: Int32, _ pool: ValuePool) -> Bool {
    Self.cached(&date, id) { LeadDate(pool[id]) != nil || TextNormalization.isBlank(pool[id]) }
  }
}
