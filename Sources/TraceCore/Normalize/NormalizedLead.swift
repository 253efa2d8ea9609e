/// The linking keys of one lead, computed once from its raw values.
public struct NormalizedLead: Sendable {
  public var platform: String
  public var storeID: String
  public var storeName: String
  /// `platform:store_id`, or `platform:@name` when no id was given.
  public var storeKey: String
  public var publisher: String
  public var date: LeadDate?
  public var isbn: ISBN?
  public var priceFen: Int?
  public var carrier: Carrier?
  public var waybill: String?
  public var senderPhone: PhoneNumber?
  public var senderName: PartyName?
  public var origin: PostalAddress?
  public var supplier: PartyName?
  public var supplierPhone: PhoneNumber?
  public var supplierAddress: PostalAddress?
  public var account: String?
  /// Things worth telling the analyst that are not reasons to reject (an odd waybill …).
  public var remarks: [String]

  public init(_ lead: Lead) {
    platform = Platform.canonical(lead[.platform])
    storeID = TextNormalization.compact(lead[.storeID]).uppercased()
    storeName = lead[.storeName]
    storeKey = NormalizedLead.storeKey(platform: platform, storeID: storeID, storeName: storeName)
    publisher = lead[.publisher]
    date = LeadDate(lead[.reportedAt])
    if case .valid(let parsed) = ISBN.parse(lead[.isbn]) { isbn = parsed }
    priceFen = Price.fen(lead[.price])
    carrier = Carrier(name: lead[.carrier])
    let bill = Carrier.cleanWaybill(lead[.waybill])
    waybill = bill.isEmpty ? nil : bill
    senderPhone = PhoneNumber(lead[.senderPhone])
    senderName = PartyName(lead[.senderName])
    origin = PostalAddress(lead[.originAddress])
    supplier = PartyName(lead[.supplier])
    supplierPhone = PhoneNumber(lead[.supplierPhone])
    supplierAddress = PostalAddress(lead[.supplierAddress])
    let accountKey = TextNormalization.compact(lead[.paymentAccount])
    account = accountKey.isEmpty ? nil : accountKey
    remarks = lead.remarks
    if let carrier, let waybill, !carrier.accepts(waybill: waybill) {
      remarks.append("waybill \(waybill) does not look like a \(carrier.rawValue) number")
    }
    if !lead[.price].isEmpty, priceFen == nil { remarks.append("price '\(lead[.price])' not read") }
  }

  /// The store key of `shared/spec/outputs.md`: `platform:store_id`, or `platform:@name`.
  public static func storeKey(platform: String, storeID: String, storeName: String) -> String {
    if !storeID.isEmpty { return "\(platform):\(storeID)" }
    return "\(platform):@\(TextNormalization.clean(storeName))"
  }
}
