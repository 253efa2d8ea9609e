/// One report about one suspect store or listing, as read from a lead sheet.
///
/// Values are kept as written (trimmed); normalised keys are computed once per distinct value
/// when the evidence graph is built.
/// Columns the reader did not recognise are kept in `extras`, in file order.
public struct Lead: Sendable, Hashable {
  /// Raw cell text by `LeadField.index`; empty when the column is absent or blank.
  public var values: [String]
  /// Unknown columns as (header, value), in the order of the file's columns.
  public var extras: [Extra]
  /// Every file line behind this lead; more than one after deduplication.
  public var sources: [LeadSource]
  /// Remarks found while normalising (e.g. a waybill that does not fit its carrier).
  public var remarks: [String]

  public struct Extra: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(
    values: [String] = Array(repeating: "", count: LeadField.allCases.count),
    extras: [Extra] = [], sources: [LeadSource], remarks: [String] = []
  ) {
    self.values = values
    self.extras = extras
    self.sources = sources
    self.remarks = remarks
  }

  public subscript(field: LeadField) -> String {
    get { values[field.index] }
    set { values[field.index] = newValue }
  }

  /// The first source: where the lead was first seen.
  public var origin: LeadSource { sources[0] }
}
