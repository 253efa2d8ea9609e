/// The hazards real lead sheets have, each with its own knob, planted into a `SynthWorld` on
/// request (`synth --hazards`). The truth does not change: a bridge store stays in its ring, a
/// front's stores in theirs, a printer's rings stay apart.
public struct SynthHazards: Sendable, Hashable {
  /// Share of ring stores that also ship once through another ring's sender (phone and name).
  public var bridgeStores = 0.0
  /// Share of rings whose supplier bears the trade name of another ring's supplier,
  /// registered in another city. Suppliers are then written with their city, and a named
  /// supplier leaves its city out on `unplacedShare` of the leads.
  public var sharedTradeNames = 0.0
  public var unplacedShare = 0.3
  /// Dropshipping fronts (代发仓) per 10,000 leads: one address and phone that ship once each
  /// for 5–15 unrelated stores, ring and honest alike.
  public var frontsPer10k = 0.0
  /// Printers per 10,000 leads, each named as the supplier on a few leads of 2–4 rings.
  public var printersPer10k = 0.0
  /// Share of senders whose phone changes halfway through their leads.
  public var phoneChanges = 0.0
  /// Share of stores renamed between leads.
  public var renamedStores = 0.0
  /// The sizes rings are drawn from (heavy-tailed, clamped to this range).
  public var ringSizes = 2...200

  public init() {}

  /// None: the world as `synth` made it before hazards.
  public static let none = SynthHazards()

  /// Every hazard at the strength real sheets show it.
  public static let all: SynthHazards = {
    var hazards = SynthHazards()
    hazards.bridgeStores = 0.03
    hazards.sharedTradeNames = 0.3
    hazards.frontsPer10k = 4
    hazards.printersPer10k = 1
    hazards.phoneChanges = 0.2
    hazards.renamedStores = 0.1
    hazards.ringSizes = 3...150
    return hazards
  }()

  public var isNone: Bool { self == .none }
}

/// What `SynthWorld.plant(_:rng:nextID:)` planted, for `truth.json`: each hazard's own truth.
public struct PlantedHazards: Sendable {
  /// A ring store that shipped once through another ring's sender.
  public var bridgeStores: [(store: String, ring: Int, senderOf: Int, phone: String)] = []
  /// Rings whose supplier bears another city's supplier's trade name.
  public var sharedTradeNames: [(ring: Int, borrowedFrom: Int)] = []
  public var fronts: [(address: String, phone: String, stores: [String])] = []
  public var printers: [(name: String, rings: [Int])] = []
  public var phoneChanges: [(from: String, to: String)] = []
  public var renamedStores: [(store: String, name: String)] = []

  public init() {}
}

extension SynthWorld {
  /// Plants `hazards` into the rows (rings, honest stores and hubs already planned).
  mutating func plant(_ hazards: SynthHazards, rng: inout SplitMix64, nextID: () -> Int) {
    guard !rings.isEmpty else { return }
    let ringRows = rows.indices.filter { rows[$0].ring >= 0 }
    // Bridge stores: a ring store ships once through another ring's sender.
    if hazards.bridgeStores > 0, rings.count >= 2 {
      for (index, ring) in rings.enumerated() {
        for store in ring.stores where rng.chance(hazards.bridgeStores) {
          var other = rng.below(rings.count)
          if other == index { other = (other + 1) % rings.count }
          var row = ringRow(ring: index, originTexts: ring.origins.map(\.full), store: store, rng: &rng)
          row.sender = rng.pick(rings[other].senders)
          rows.append(row)
          planted.bridgeStores.append((store.key, index, other, row.sender.phone))
        }
      }
    }
    // Fronts: one address and phone, one lead each for 5–15 stores of anywhere.
    let allStores = rings.flatMap(\.stores) + honestStores
    var ringOfStore: [String: Int] = [:]
    for (index, ring) in rings.enumerated() { for store in ring.stores { ringOfStore[store.id] = index } }
    let frontCount = Int((hazards.frontsPer10k * Double(rows.count) / 10_000).rounded())
    for front in 0..<frontCount where !allStores.isEmpty {
      let city = SynthVocabulary.cities[front % SynthVocabulary.cities.count]
      let address = city.province + city.city + rng.pick(city.districts) + "代发仓\(nextID())号库"
      let phone = "177" + String(10_000_000 + nextID() * 7919 % 90_000_000)
      var served: [String] = []
      for _ in 0..<(5 + rng.below(11)) {
        let store = rng.pick(allStores)
        let ringIndex = ringOfStore[store.id] ?? -1
        rows.append(
          Row(
            store: store, ring: ringIndex, publisher: rng.pick(SynthVocabulary.publishers),
            sender: Party(name: "代发仓", phone: phone), origin: address, supplier: nil, supplierPhone: nil,
            account: nil))
        served.append(store.key)
      }
      planted.fronts.append((address, phone, served))
    }
    // Printers: named as the supplier on a few leads of 2–4 rings each.
    let printerCount = Int((hazards.printersPer10k * Double(rows.count) / 10_000).rounded())
    for printer in 0..<printerCount where !ringRows.isEmpty {
      let city = SynthVocabulary.cities[(printer * 7) % SynthVocabulary.cities.count]
      let name = city.city + String(rng.pick(SynthVocabulary.shopWords)) + Self.chineseCounter(nextID()) + "印刷厂"
      var fed: [Int] = []
      for _ in 0..<(2 + rng.below(3)) {
        let ring = rng.below(rings.count)
        let rowsOfRing = ringRows.filter { rows[$0].ring == ring }
        for _ in 0..<min(rowsOfRing.count, 1 + rng.below(3)) { rows[rng.pick(rowsOfRing)].supplier = name }
        if !rowsOfRing.isEmpty && !fed.contains(ring) { fed.append(ring) }
      }
      planted.printers.append((name, fed.sorted()))
    }
    // Phones that change: the later half of a sender's leads carry a new number.
    if hazards.phoneChanges > 0 {
      var rowsOfPhone: [String: [Int]] = [:]
      for index in rows.indices where rows[index].ring >= 0 { rowsOfPhone[rows[index].sender.phone, default: []].append(index) }
      for ring in rings {
        for sender in ring.senders where rng.chance(hazards.phoneChanges) {
          guard let used = rowsOfPhone[sender.phone], used.count >= 2 else { continue }
          let changed = "199" + String(10_000_000 + nextID() * 7919 % 90_000_000)
          for index in used[(used.count / 2)...] { rows[index].sender.phone = changed }
          rowsOfPhone[sender.phone] = nil
          planted.phoneChanges.append((sender.phone, changed))
        }
      }
    }
    // Stores renamed between leads: the later half of a store's leads carry another name.
    if hazards.renamedStores > 0 {
      var rowsOfStore: [String: [Int]] = [:]
      for index in rows.indices { rowsOfStore[rows[index].store.id, default: []].append(index) }
      for store in allStores where rng.chance(hazards.renamedStores) {
        guard let leads = rowsOfStore[store.id], leads.count >= 2 else { continue }
        let name = String(rng.pick(SynthVocabulary.shopWords)) + String(rng.pick(SynthVocabulary.shopWords))
          + rng.pick(SynthVocabulary.shopSuffixes)
        for index in leads[(leads.count / 2)...] { rows[index].store.name = name }
        rowsOfStore[store.id] = nil
        planted.renamedStores.append((store.key, name))
      }
    }
  }
}
