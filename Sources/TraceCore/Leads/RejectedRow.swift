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
  /// A cell longer than `ReadLimits.cellBytes`, or more cells than `ReadLimits.cellsPerRow`.
  case oversizedRow = "oversized_row"

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
    case .oversizedRow: "a cell is longer, or the row has more cells, than a lead sheet holds (--max-cell-bytes, --max-cells)"
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
    case .oversizedRow: "单元格过长或单元格过多，超出线索表的上限（--max-cell-bytes、--max-cells）"
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
    self.raw = Self.bounded(raw)
  }

  /// Bytes of a row's text kept in `raw`; a longer row is cut, and says so.
  public static let rawLimit = 16 << 10

  /// `raw` cut to `rawLimit` bytes (at a character) with a note that it was.
  static func bounded(_ raw: String) -> String {
    guard raw.utf8.count > rawLimit else { return raw }
    var bytes = Array(raw.utf8.prefix(rawLimit + 1))
    repeat { bytes.removeLast() } while bytes.last.map { $0 & 0xC0 == 0x80 } ?? false  // to a character's start
    if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self) + "…〔已截短，原行 \(raw.utf8.count) 字节 cut; the row has \(raw.utf8.count) bytes〕"
  }

  public var description: String {
    "\(file):\(line): " + (field.map { "field '\($0)': " } ?? "") + reason.explanation
  }
}
