/// Remarks on leads that are worth telling the sender but are no reason to reject the row:
/// a waybill that does not fit its carrier's format, a price that cannot be read, a carrier
/// nobody knows. Carrier and price verdicts are cached per distinct value.
public struct LeadNote: Sendable, Hashable {
  public enum Kind: String, Sendable, CaseIterable {
    case waybillFormat = "waybill_format"
    case unreadablePrice = "unreadable_price"
    case unknownCarrier = "unknown_carrier"
    case scientificNotation = "scientific_notation"

    public var explanation: String {
      switch self {
      case .waybillFormat: "the waybill does not look like one of its carrier's"
      case .unreadablePrice: "the price cannot be read"
      case .unknownCarrier: "the carrier is not one piracy-trace knows"
      case .scientificNotation:
        "a phone, id, waybill or account Excel saved in scientific notation (like 1.38001E+10) has lost digits "
          + "and links nothing: format the column as text in Excel and export again"
      }
    }

    /// The explanation in Chinese, for the publishers' staff who run `check`.
    public var chineseExplanation: String {
      switch self {
      case .waybillFormat: "运单号不符合该快递公司的格式"
      case .unreadablePrice: "价格无法识别"
      case .unknownCarrier: "快递公司不在已知列表中"
      case .scientificNotation: "电话、编号、运单号或账号被Excel存成了科学计数法（如1.38001E+10），数字已丢失，无法用于关联：请在Excel中将该列设为文本后重新导出"
      }
    }
  }

  public var kind: Kind
  public var file: String
  public var line: Int

  /// The fields whose values identify something, which Excel's scientific notation ruins.
  static let identifyingFields: [LeadField] = [.leadID, .storeID, .waybill, .senderPhone, .supplierPhone, .paymentAccount]

  /// The notes of every lead of `table`, in lead order.
  public static func notes(in table: LeadTable) -> [LeadNote] {
    let pool = table.pool
    var carrier = ValueMemo(capacity: 256) { Carrier(name: $0) }
    var price = ValueMemo(capacity: 4096) { Price.fen($0) != nil }
    var notes: [LeadNote] = []
    for lead in 0..<table.count {
      func note(_ kind: Kind) {
        let source = table.firstSources[lead]
        notes.append(LeadNote(kind: kind, file: table.files[Int(source.file)], line: Int(source.line)))
      }
      let carrierID = table.id(lead, .carrier), waybillID = table.id(lead, .waybill)
      if carrierID != 0 {
        if let known = carrier.value(carrierID, in: pool) {
          if waybillID != 0, !known.accepts(waybill: Carrier.cleanWaybill(pool[waybillID])) {
            note(.waybillFormat)
          }
        } else {
          note(.unknownCarrier)
        }
      }
      let priceID = table.id(lead, .price)
      if priceID != 0, !price.value(priceID, in: pool) { note(.unreadablePrice) }
      if Self.identifyingFields.contains(where: { pool.withBytes(table.id(lead, $0), ExcelDamage.isScientificNotation) }) {
        note(.scientificNotation)
      }
    }
    return notes
  }
}
