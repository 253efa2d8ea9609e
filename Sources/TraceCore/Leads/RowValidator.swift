import Foundation

/// Turns one row of cells into a lead, or into a reject with its reason.
///
/// Checks, in order: the field count, an all-empty row, the publisher (or `--publisher`), a
/// store id or name, the ISBN's check digit, and the date. The first failing check is the reason.
public struct RowValidator: Sendable {
  public var file: String
  public var columns: [ColumnMapping]
  public var defaultPublisher: String?
  /// Delimited files must have exactly one cell per header; JSON and workbooks need not.
  public var requiresExactFieldCount: Bool

  public init(
    file: String, columns: [ColumnMapping], defaultPublisher: String?,
    requiresExactFieldCount: Bool
  ) {
    self.file = file
    self.columns = columns
    self.defaultPublisher = defaultPublisher
    self.requiresExactFieldCount = requiresExactFieldCount
  }

  public enum Outcome: Sendable {
    case lead(Lead)
    case reject(RejectedRow)
  }

  /// Validates the cells of the row that starts on `line`.
  public func validate(cells: [String], line: Int, raw: String) -> Outcome {
    func reject(_ reason: RejectReason, _ field: LeadField? = nil) -> Outcome {
      .reject(RejectedRow(file: file, line: line, reason: reason, field: field?.rawValue, raw: raw))
    }
    if requiresExactFieldCount, cells.count != columns.count { return reject(.wrongFieldCount) }
    if cells.allSatisfy(TextNormalization.isBlank) { return reject(.emptyRow) }

    var lead = Lead(sources: [])
    for (column, cell) in zip(columns, cells) {
      let value = TextNormalization.trimmed(cell)
      if let field = column.field {
        lead[field] = value
      } else if !value.isEmpty {
        lead.extras.append(Lead.Extra(name: column.header, value: value))
      }
    }
    if lead[.publisher].isEmpty, let defaultPublisher { lead[.publisher] = defaultPublisher }
    if lead[.publisher].isEmpty { return reject(.missingPublisher, .publisher) }
    if lead[.storeID].isEmpty && lead[.storeName].isEmpty { return reject(.missingStore, .storeID) }
    if !lead[.isbn].isEmpty, case .invalid = ISBN.parse(lead[.isbn]) {
      return reject(.badISBN, .isbn)
    }
    if !lead[.reportedAt].isEmpty, LeadDate(lead[.reportedAt]) == nil {
      return reject(.badDate, .reportedAt)
    }
    lead.sources = [LeadSource(file: file, line: line, publisher: lead[.publisher])]
    return .lead(lead)
  }
}
