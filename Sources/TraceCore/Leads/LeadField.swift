import Foundation

/// A canonical lead column, as named in `shared/spec/leads.md`.
///
/// Headers are matched case-insensitively after NFKC (so full-width letters match) with spaces,
/// underscores and hyphens ignored; each field also accepts the Chinese aliases publishers use.
public enum LeadField: String, CaseIterable, Sendable, Codable {
  case leadID = "lead_id"
  case publisher
  case reportedAt = "reported_at"
  case platform
  case storeID = "store_id"
  case storeName = "store_name"
  case listingURL = "listing_url"
  case title
  case isbn
  case price
  case waybill
  case carrier
  case senderName = "sender_name"
  case senderPhone = "sender_phone"
  case originAddress = "origin_address"
  case supplier
  case supplierPhone = "supplier_phone"
  case supplierAddress = "supplier_address"
  case paymentAccount = "payment_account"
  case notes

  /// The position of this field in `Lead.values` (declaration order, as in `allCases`).
  /// A switch, not a dictionary: a `String`-backed enum hashes its raw string, and this is
  /// read for every cell on the hot path.
  @inlinable @inline(__always)
  public var index: Int {
    switch self {
    case .leadID: 0
    case .publisher: 1
    case .reportedAt: 2
    case .platform: 3
    case .storeID: 4
    case .storeName: 5
    case .listingURL: 6
    case .title: 7
    case .isbn: 8
    case .price: 9
    case .waybill: 10
    case .carrier: 11
    case .senderName: 12
    case .senderPhone: 13
    case .originAddress: 14
    case .supplier: 15
    case .supplierPhone: 16
    case .supplierAddress: 17
    case .paymentAccount: 18
    case .notes: 19
    }
  }

  /// The header spellings accepted besides the canonical name.
  public var aliases: [String] {
    switch self {
    case .leadID: ["线索编号", "编号", "线索ID", "id"]
    case .publisher: ["举报方", "出版社", "权利人", "品牌方"]
    case .reportedAt: ["举报日期", "日期", "举报时间", "date"]
    case .platform: ["平台"]
    case .storeID: ["店铺ID", "店铺编号", "店铺id"]
    case .storeName: ["店铺名称", "店铺名", "店名", "store"]
    case .listingURL: ["商品链接", "链接", "url"]
    case .title: ["书名", "商品名称", "商品名"]
    case .isbn: ["ISBN", "书号"]
    case .price: ["售价", "价格"]
    case .waybill: ["运单号", "快递单号"]
    case .carrier: ["快递公司", "物流公司"]
    case .senderName: ["发货人", "寄件人"]
    case .senderPhone: ["发货电话", "寄件人电话", "联系电话"]
    case .originAddress: ["发货地址", "寄件地址"]
    case .supplier: ["供货商", "上游供应商", "货源"]
    case .supplierPhone: ["供货商电话"]
    case .supplierAddress: ["供货商地址", "仓库地址"]
    case .paymentAccount: ["收款账户", "收款账号"]
    case .notes: ["备注"]
    }
  }

  /// Maps a header cell to its field, or `nil` for a column to keep as an extra.
  public init?(header: String) {
    guard let field = Self.byHeaderKey[Self.headerKey(header)] else { return nil }
    self = field
  }

  /// The comparison form of a header: NFKC, lower-cased, without spaces, `_` or `-`.
  static func headerKey(_ header: String) -> String {
    let folded = header.precomposedStringWithCompatibilityMapping.lowercased()
    return String(folded.unicodeScalars.filter {
      !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "_" && $0 != "-"
        && $0 != "\u{FEFF}"
    }.map(Character.init))
  }

  private static let byHeaderKey: [String: LeadField] = {
    var map: [String: LeadField] = [:]
    for field in allCases {
      map[headerKey(field.rawValue)] = field
      for alias in field.aliases { map[headerKey(alias)] = field }
    }
    return map
  }()
}
