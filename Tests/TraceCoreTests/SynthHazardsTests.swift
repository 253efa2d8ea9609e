import Foundation
import Testing

@testable import TraceCore

/// Each hazard's knob plants what it says, and its truth says what was planted.
@Suite struct SynthHazardsTests {
  static func world(_ change: (inout SynthHazards) -> Void) -> SynthWorld {
    var hazards = SynthHazards()
    change(&hazards)
    return SynthWorld(leads: 6000, seed: 17, hazards: hazards)
  }

  @Test func noHazardsIsTheWorldAsBefore() {
    let plain = SynthWorld(leads: 3000, seed: 5)
    #expect(plain.hazards.isNone)
    #expect(plain.rings.allSatisfy { (2...200).contains($0.stores.count) })
    #expect(plain.rings.allSatisfy { $0.supplierWithoutPlace == nil })
    let writer = SynthWriter(world: plain)
    #expect(!writer.truthJSON(badRows: []).contains("\"hazards\""))
  }

  @Test func bridgeStoresShipThroughAnotherRingsSender() {
    let world = Self.world { $0.bridgeStores = 0.1 }
    #expect(!world.planted.bridgeStores.isEmpty)
    for bridge in world.planted.bridgeStores {
      #expect(bridge.ring != bridge.senderOf)
      #expect(world.rings[bridge.senderOf].senders.contains { $0.phone == bridge.phone })
      #expect(world.rings[bridge.ring].stores.contains { $0.key == bridge.store })
      #expect(world.rows.contains { $0.store.key == bridge.store && $0.sender.phone == bridge.phone })
    }
  }

  @Test func sharedTradeNamesAreRegisteredInAnotherCity() {
    let world = Self.world { $0.sharedTradeNames = 0.5 }
    #expect(!world.planted.sharedTradeNames.isEmpty)
    for shared in world.planted.sharedTradeNames {
      let (ring, lender) = (world.rings[shared.ring], world.rings[shared.borrowedFrom])
      #expect(ring.supplierWithoutPlace == lender.supplierWithoutPlace)
      #expect(ring.supplier != lender.supplier)
      #expect(CompanyName(key: ring.supplier).core == CompanyName(key: lender.supplier).core)
    }
  }

  @Test func frontsShipForFiveToFifteenStores() {
    let world = Self.world { $0.frontsPer10k = 10 }
    #expect(!world.planted.fronts.isEmpty)
    for front in world.planted.fronts {
      #expect((5...15).contains(front.stores.count))
      #expect(world.rows.filter { $0.origin == front.address && $0.sender.phone == front.phone }.count == front.stores.count)
    }
  }

  @Test func printersAreNamedInSeveralRings() {
    let world = Self.world { $0.printersPer10k = 5 }
    #expect(!world.planted.printers.isEmpty)
    for printer in world.planted.printers {
      #expect((1...4).contains(printer.rings.count))
      for ring in printer.rings {
        #expect(world.rows.contains { $0.ring == ring && $0.supplier == printer.name })
      }
    }
  }

  @Test func changedPhonesAndRenamedStoresAppearInTheLeads() {
    let world = Self.world {
      $0.phoneChanges = 0.5
      $0.renamedStores = 0.3
    }
    #expect(!world.planted.phoneChanges.isEmpty && !world.planted.renamedStores.isEmpty)
    for change in world.planted.phoneChanges {
      #expect(world.rows.contains { $0.sender.phone == change.to })
    }
    for renamed in world.planted.renamedStores.prefix(50) {
      #expect(world.rows.contains { $0.store.key == renamed.store && $0.store.name == renamed.name })
    }
  }

  @Test func ringSizesStayInTheirRange() {
    let world = Self.world { $0.ringSizes = 3...150 }
    #expect(world.rings.allSatisfy { (3...150).contains($0.stores.count) })
  }

  @Test func theTruthListsEveryHazard() throws {
    let world = SynthWorld(leads: 12_000, seed: 9, hazards: .all)
    let truth = SynthWriter(world: world).truthJSON(badRows: [])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(truth.utf8)) as? [String: Any])
    let hazards = try #require(object["hazards"] as? [String: Any])
    for key in ["bridge_stores", "shared_trade_names", "fronts", "printers", "phone_changes", "renamed_stores"] {
      #expect((hazards[key] as? [Any])?.isEmpty == false, "\(key)")
    }
  }
}
