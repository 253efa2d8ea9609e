/// Why an input row did not become a lead (`shared/spec/leads.md`).
public enum RejectReason: String, Sendable, Codable, CaseIterable, Comparable {
  case missingPublisher = "missing_publisher"
  case missingStore = "missing_store"
  case wrongFieldCount = "wrong_field_count"
  case unbalancedQuote = "unbalanced_quote"
  case badISBN = "bad_isbn"
  case badDate = "bad_date"
  case malformedRow = "malformed_row"
  case emptyRow = "empty_row"

  /// A sentence for people reading `check` output and the report.
  public var explanation: String {
    switch self {
    case .missingPublisher: "no publisher (add the column or pass --publisher)"
    case .missingStore: "both store_id and store_name are empty (or say none, like 无 or -)"
    case .wrongFieldCount: "the row has more or fewer fields than the header"
    case .unbalancedQuote: "a quote opened here is never closed; the rest of the file is in this field"
    case .badISBN: "the ISBN's check digit is wrong or it is not an ISBN"
    case .badDate: "the date cannot be read"
    case .malformedRow: "the row is not a valid record for its format"
    case .emptyRow: "every field is empty"
    }
  }

  /// The explanation in Chinese, for the publishers' staff who run `check`.
  public var chineseExplanation: String {
    switch self {
    case .missingPublisher: "缺少出版社（请添加出版社列，或使用 --publisher 指定）"
    case .missingStore: "店铺ID和店铺名称均为空（或为“无”“-”等）"
    case .wrongFieldCount: "该行的字段数与表头不一致"
    case .unbalancedQuote: "此处的引号没有闭合，文件余下的内容都落入了这个字段"
    case .badISBN: "ISBN校验位错误，或不是ISBN"
    case .badDate: "日期无法识别"
    case .malformedRow: "该行不是此格式的有效记录"
    case .emptyRow: "所有字段均为空"
    }
  }

  public static func < (a: RejectReason, b: RejectReason) -> Bool { a.rawValue < b.rawValue }
}

/// An input row that did not become a lead, with where it was and why.
public struct RejectedRow: Sendable, Hashable, CustomStringConvertible {
  public var file: String
  /// The 1-based physical line the row starts on (the header is line 1).
  public var line: Int
  public var reason: RejectReason
  /// The field the reason is about, when there is one.
  public var field: String?
  /// The row's text as it was in the file (for workbooks, the cells joined by tabs).
  public var raw: String

  public init(file: String, line: Int, reason: RejectReason, field: String? = nil, raw: String) {
    self.file = file
    self.line = line
    self.reason = reason
    self.field = field
    self.raw = raw
  }

  public var description: String {
    "\(file):\(line): " + (field.map { "field '\($0)': " } ?? "") + reason.explanation
  }
}
