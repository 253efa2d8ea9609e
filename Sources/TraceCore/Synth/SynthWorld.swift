/// A planted world of rings, honest stores and hubs, with the leads publishers would send
/// about it. `SynthWriter` turns it into lead files and `truth.json`.
///
/// Rings have heavy-tailed sizes (Pareto, α = 1.3, 2…200 stores). Each is fed by one supplier
/// that ships either directly from its warehouse or through 1–3 shipping origins, with several
/// senders; the supplier is named in a minority of leads (15%, and at least once per ring).
/// Honest stores are reported too.
/// Hubs (sorting centres, 400 numbers) appear in leads of hundreds of unrelated stores.
/// Bridges are senders who work for two rings; common names collide across rings.
public struct SynthWorld: Sendable {
  public struct Party: Sendable {
    public var name: String
    public var phone: String
  }

  public struct PlantedRing: Sendable {
    public var id: String
    public var supplier: String
    public var supplierPhone: String
    public var warehouse: Address
    public var origins: [Address]
    public var senders: [Party]
    public var accounts: [String]
    public var stores: [StoreRef]
    public var direct: Bool
    /// The supplier's name without its city, written on some leads (`SynthHazards`); `nil`
    /// when the supplier is always written one way.
    public var supplierWithoutPlace: String? = nil
  }

  public struct Address: Sendable {
    public var province: String, city: String, district: String, town: String, street: String
    public var number: Int
    public var suffix: String
    public var full: String { province + city + district + town + street + "\(number)号" + suffix }
  }

  public struct StoreRef: Sendable, Hashable {
    public var platform: Int
    public var id: String
    public var name: String
    public var key: String { SynthVocabulary.platforms[platform].canonical + ":" + id }
  }

  public struct Hub: Sendable {
    public var kind: EntityKind
    public var value: String
  }

  /// One lead as generated, before it is written in some file's format.
  public struct Row: Sendable {
    public var store: StoreRef
    public var ring: Int  // -1 for honest stores
    public var publisher: String
    public var sender: Party
    public var origin: String
    public var supplier: String?
    public var supplierPhone: String?
    public var account: String?
  }

  public var seed: UInt64
  public var rings: [PlantedRing] = []
  public var honestStores: [StoreRef] = []
  public var hubs: [Hub] = []
  public var bridges: [(sender: Party, rings: [Int])] = []
  public var rows: [Row] = []

  /// The hazards asked for (`SynthHazards`), and what was planted of each.
  public var hazards = SynthHazards.none
  public var planted = PlantedHazards()

  /// Plans a world with about `leads` leads, with `hazards` planted.
  public init(leads target: Int, seed: UInt64, hazards: SynthHazards = .none) {
    self.hazards = hazards
    self.seed = seed
    var rng = SplitMix64(seed: seed ^ 0x5EED_0F_5EA7)
    var counter = 0
    func nextID() -> Int {
      counter += 1
      return counter
    }
    func address(_ rng: inout SplitMix64, cityIndex: Int, suffix: String = "") -> Address {
      let c = SynthVocabulary.cities[cityIndex]
      return Address(
        province: c.province, city: c.city, district: rng.pick(c.districts),
        town: rng.pick(SynthVocabulary.towns), street: rng.pick(SynthVocabulary.streets),
        number: nextID(), suffix: suffix)
    }
    func mobile(_ rng: inout SplitMix64) -> String {
      let id = nextID()
      let prefix = ["139", "138", "158", "186", "137", "152", "188", "159"][id % 8]
      let body = String(id * 7919 % 100_000_000)
      return prefix + String(repeating: "0", count: 8 - body.count) + body
    }
    func person(_ rng: inout SplitMix64) -> String {
      if rng.chance(0.25) { return rng.pick(SynthVocabulary.commonNames) }
      return String(rng.pick(SynthVocabulary.surnames)) + String(rng.pick(SynthVocabulary.givenNames))
        + (rng.chance(0.5) ? String(rng.pick(SynthVocabulary.givenNames)) : "")
    }
    func store(_ rng: inout SplitMix64) -> StoreRef {
      let platform = rng.below(SynthVocabulary.platforms.count)
      let id = SynthVocabulary.platforms[platform].prefix + String(1_000_000 + nextID())
      let name =
        String(rng.pick(SynthVocabulary.shopWords)) + String(rng.pick(SynthVocabulary.shopWords))
        + rng.pick(SynthVocabulary.shopSuffixes)
      return StoreRef(platform: platform, id: id, name: name)
    }
    func leadsPerStore(_ rng: inout SplitMix64) -> Int {
      var n = 1
      while n < 12, rng.chance(0.45) { n += 1 }
      return n
    }

    // Hubs: sorting centres and 400 numbers, about one per 4,000 leads.
    let hubCount = max(4, target / 4000)
    for h in 0..<hubCount {
      if h % 3 == 2 {
        hubs.append(Hub(kind: .phone, value: "400" + String(1_000_000 + h * 7717 % 9_000_000)))
      } else if h % 3 == 1 {
        // A platform warehouse whose address has no telltale word: found only by structure.
        let c = SynthVocabulary.cities[h % SynthVocabulary.cities.count]
        hubs.append(Hub(kind: .address, value: c.province + c.city + c.districts[1] + "电商产业园\(h + 1)号楼"))
      } else {
        let c = SynthVocabulary.cities[h % SynthVocabulary.cities.count]
        let carrier = SynthVocabulary.hubCarriers[h % SynthVocabulary.hubCarriers.count]
        hubs.append(
          Hub(kind: .address, value: c.province + c.city + c.districts[0] + carrier + "\(c.city.dropLast())分拨中心\(h)号场"))
      }
    }

    // Rings take about 75% of the leads, honest stores the rest.
    var ringLeads = 0
    while ringLeads < target * 3 / 4 {
      let u = max(rng.unit(), 1e-9)
      let size = min(hazards.ringSizes.upperBound, max(hazards.ringSizes.lowerBound, Int(2.0 / pow(u, 1 / 1.3))))
      let cityIndex = rng.below(SynthVocabulary.cities.count)
      let warehouse = address(&rng, cityIndex: cityIndex, suffix: rng.chance(0.5) ? "仓库" : "")
      let direct = rng.chance(0.35)
      let origins =
        direct ? [warehouse] : (0..<(1 + rng.below(3))).map { _ in address(&rng, cityIndex: cityIndex) }
      let senders = (0..<(1 + rng.below(max(1, min(5, size / 3))))).map { _ in
        Party(name: person(&rng), phone: mobile(&rng))
      }
      let accounts = (0..<rng.below(3)).map { _ in "62220" + String(100_000_000_000 + nextID()) }
      var supplierName =
        String(rng.pick(SynthVocabulary.shopWords)) + String(rng.pick(SynthVocabulary.shopWords))
        + Self.chineseCounter(rings.count) + rng.pick(SynthVocabulary.companyWords)
      var withoutPlace: String? = nil
      if hazards.sharedTradeNames > 0 {
        // Suppliers written with their city; some borrow the name of another city's supplier.
        let city = SynthVocabulary.cities[cityIndex].city
        if rng.chance(hazards.sharedTradeNames),
          let lender = rings.lastIndex(where: { !$0.supplier.hasPrefix(city) }),
          let borrowed = rings[lender].supplierWithoutPlace
        {
          supplierName = borrowed
          planted.sharedTradeNames.append((rings.count, lender))
        }
        withoutPlace = supplierName
        supplierName = city + supplierName
      }
      let stores = (0..<size).map { _ in store(&rng) }
      var ring = PlantedRing(
        id: "R\(rings.count + 1)", supplier: supplierName, supplierPhone: mobile(&rng),
        warehouse: warehouse, origins: origins, senders: senders, accounts: accounts, stores: stores,
        direct: direct)
      ring.supplierWithoutPlace = withoutPlace
      rings.append(ring)
      let firstRow = rows.count
      let originTexts = origins.map(\.full)  // once per ring, not once per row
      for s in stores {
        for _ in 0..<leadsPerStore(&rng) {
          rows.append(ringRow(ring: rings.count - 1, originTexts: originTexts, store: s, rng: &rng))
          ringLeads += 1
        }
      }
      // Some test buy names the supplier at least once, as the leads police act on do: a
      // source named nowhere cannot be traced, only its storefronts.
      if !rows[firstRow...].contains(where: { $0.supplier != nil }) {
        let named = firstRow + rng.below(rows.count - firstRow)
        rows[named].supplier = supplierName
      }
    }
    // Bridges: one sender in about 2% of rings also ships for another ring.
    if rings.count >= 4 {
      for _ in 0..<max(1, rings.count / 50) {
        let a = rng.below(rings.count), b = rng.below(rings.count)
        guard a != b, let sender = rings[a].senders.first else { continue }
        let target = rings[b]
        let store = target.stores[rng.below(target.stores.count)]
        var row = ringRow(ring: b, originTexts: target.origins.map(\.full), store: store, rng: &rng)
        row.sender = sender
        rows.append(row)
        bridges.append((sender, [a, b]))
      }
    }
    // Honest stores: their own sender and address, one or two leads each.
    while rows.count < target {
      let s = store(&rng)
      honestStores.append(s)
      let sender = Party(name: person(&rng), phone: mobile(&rng))
      let origin = address(&rng, cityIndex: rng.below(SynthVocabulary.cities.count)).full
      for _ in 0..<(1 + (rng.chance(0.3) ? 1 : 0)) {
        rows.append(
          Row(
            store: s, ring: -1, publisher: rng.pick(SynthVocabulary.publishers), sender: sender,
            origin: origin, supplier: nil, supplierPhone: nil, account: nil))
      }
    }
    // Hubs replace the origin (or the phone) of 8% of all leads, ring or honest.
    for index in rows.indices where rng.chance(0.08) {
      let hub = hubs[rng.below(hubs.count)]
      switch hub.kind {
      case .phone: rows[index].sender.phone = hub.value
      default: rows[index].origin = hub.value
      }
    }
    // Hazards last, so that what they plant is in the leads as planted.
    if !hazards.isNone { plant(hazards, rng: &rng, nextID: nextID) }
    // Shuffle deterministically so files mix rings.
    for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, rng.below(i + 1)) }
  }

  /// A lead about `store` of ring `index`, shipped from one of the ring's origins (`originTexts`,
  /// their addresses written out).
  func ringRow(ring index: Int, originTexts: [String], store: StoreRef, rng: inout SplitMix64) -> Row {
    let ring = rings[index]
    let namesSupplier = rng.chance(0.15)
    return Row(
      store: store, ring: index, publisher: rng.pick(SynthVocabulary.publishers),
      sender: rng.pick(ring.senders), origin: rng.pick(originTexts),
      supplier: namesSupplier
        ? (ring.supplierWithoutPlace.map { rng.chance(hazards.unplacedShare) ? $0 : ring.supplier } ?? ring.supplier)
          + (rng.chance(0.6) ? rng.pick(SynthVocabulary.companySuffixes) : "") : nil,
      supplierPhone: namesSupplier && rng.chance(0.4) ? ring.supplierPhone : nil,
      account: ring.accounts.isEmpty || !rng.chance(0.3) ? nil : rng.pick(ring.accounts))
  }

  /// Two characters that make supplier names unique: 甲乙丙… in base 10.
  static func chineseCounter(_ n: Int) -> String {
    let digits = Array("甲乙丙丁戊己庚辛壬癸")
    var out = ""
    var value = n
    repeat {
      out = String(digits[value % 10]) + out
      value /= 10
    } while value > 0
    return out
  }
}

import Foundation
