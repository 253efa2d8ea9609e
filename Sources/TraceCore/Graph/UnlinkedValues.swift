/// Values that were kept from linking stores, and why, counted per reason and kind for the
/// report: an analyst who sees two stores "share" 无 or 金华市 can read why they are no ring.
public struct UnlinkedValues: Sendable, Equatable {
  /// Why a value links nothing.
  public enum Reason: String, Sendable, CaseIterable, Comparable {
    case excelDamage = "a number Excel saved in scientific notation (digits lost)"
    case saysNone = "a word for none (无, 未知, N/A …)"
    case maskedPhone = "a masked phone (138****8000)"
    case standInPhone = "a stand-in phone (00000000000, 13800000000 …)"
    case regionOnly = "an address naming only a region (a city, district or town)"
    case supplierKind = "a kind of supplier, not one (厂家, 一手货源, 1688 …)"
    case wayToPay = "a way to pay, not an account (微信, 支付宝 …)"
    case ambiguousCompany = "无地点的公司名，多地有同名公司 (a company name without its place that companies registered in several places bear)"
    case servesSeveralRings = "为三个以上团伙的店铺发货（代发仓、印刷厂）：服务于它们，不把它们连成一个团伙 (a value whose stores belong to three rings or more: it serves them, it does not tie them)"

    public static func < (a: Reason, b: Reason) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  public var reason: Reason
  public var kind: EntityKind
  /// Distinct values.
  public var values: Int
  /// Cells of leads holding one of them.
  public var mentions: Int
  /// Pool ids (of the leads' pool) of the most mentioned, at most three.
  public var examples: [Int32]

  public init(reason: Reason, kind: EntityKind, values: Int, mentions: Int, examples: [Int32]) {
    self.reason = reason
    self.kind = kind
    self.values = values
    self.mentions = mentions
    self.examples = examples
  }

  /// Groups values found unlinked (pool id, reason, mentions) by reason and kind, in the
  /// reasons' order, each with its most mentioned values (ties: the smaller id) as examples.
  static func grouped(_ found: [(id: Int32, kind: EntityKind, reason: Reason, mentions: Int)]) -> [UnlinkedValues] {
    var groups: [UnlinkedValues] = []
    let sorted = found.sorted { a, b in
      (a.reason, a.kind.order, -a.mentions, a.id) < (b.reason, b.kind.order, -b.mentions, b.id)
    }
    for value in sorted {
      if let last = groups.last, last.reason == value.reason, last.kind == value.kind {
        groups[groups.count - 1].values += 1
        groups[groups.count - 1].mentions += value.mentions
        if last.examples.count < 3 { groups[groups.count - 1].examples.append(value.id) }
      } else {
        groups.append(UnlinkedValues(reason: value.reason, kind: value.kind, values: 1, mentions: value.mentions, examples: [value.id]))
      }
    }
    return groups
  }

  /// The values `SupplyStructure` kept from linking because they serve several rings
  /// (`entities`, ascending), grouped by kind, each with its leads as mentions.
  static func servingSeveralRings(_ entities: [Int32], in graph: EvidenceGraph) -> [UnlinkedValues] {
    guard !entities.isEmpty else { return [] }
    var mentions = [Int](repeating: 0, count: graph.entities.count)
    let wanted = Set(entities)
    for link in graph.linkEntities.indices where wanted.contains(graph.linkEntities[link]) {
      mentions[Int(graph.linkEntities[link])] += Int(graph.linkLeadOffsets[link + 1] - graph.linkLeadOffsets[link])
    }
    return grouped(entities.map { entity in
      (graph.entities[Int(entity)].labelID, graph.entities[Int(entity)].kind, Reason.servesSeveralRings, mentions[Int(entity)])
    })
  }
}
