/// How one header cell of a sheet was understood.
public struct ColumnMapping: Sendable, Hashable, Codable {
  /// The header as written in the file.
  public var header: String
  /// The canonical field, or `nil` when the column is kept as an extra.
  public var field: LeadField?

  public init(header: String, field: LeadField?) {
    self.header = header
    self.field = field
  }

  /// Maps a header row. A field named by two columns keeps the first; the second is an extra.
  public static func map(headers: [String]) -> [ColumnMapping] {
    var seen = Set<LeadField>()
    return headers.map { header in
      let clean = TextNormalization.clean(header)
      if let field = LeadField(header: clean), !seen.contains(field) {
        seen.insert(field)
        return ColumnMapping(header: clean, field: field)
      }
      return ColumnMapping(header: clean, field: nil)
    }
  }

  /// Whether a header row is a lead sheet's: a store column and at least one other field.
  public static func isLeadSheet(_ columns: [ColumnMapping]) -> Bool {
    let fields = Set(columns.compactMap(\.field))
    return (fields.contains(.storeID) || fields.contains(.storeName)) && fields.count >= 2
  }
}
