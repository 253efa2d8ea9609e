import Foundation
import Testing

@testable import TraceCore

/// Numbers Excel saved in scientific notation: told apart, and never used as keys.
@Suite struct ExcelDamageTests {
  @Test func scientificNotationIsToldFromEverythingElse() {
    for damaged in ["1.38001E+10", "7.53123E+13", "6.22848e+18", "6E+15", "9.78702E+12"] {
      #expect(ExcelDamage.isScientificNotation(damaged), "\(damaged)")
    }
    for intact in [
      "13800138000", "SF1234567890", "1.5", "39.8", "1E5", "E+10", "1.E+10", "1.3E+", "1.3E+1x", "1.3E-05",
      "+86 138 0013 8000", "DY100201", "1.38001E+10 ", "上海市1号", "",
    ] {
      #expect(!ExcelDamage.isScientificNotation(intact), "\(intact)")
    }
  }

  /// Two stores whose phones Excel turned into the same `1.38001E+10` share no phone: they
  /// were linked into a ring through the key `13800110`. Stores whose ids Excel damaged are
  /// known by their names; leads whose ids and waybills it damaged are not duplicates.
  @Test func damagedValuesLinkAndMergeNothing() throws {
    let text = """
      publisher,platform,store_id,store_name,lead_id,waybill,sender_phone
      人民,淘宝,1.23457E+11,甲书店,1.00001E+11,7.53123E+13,1.38001E+10
      人民,淘宝,1.23457E+11,乙书店,1.00001E+11,7.53123E+13,1.38001E+10
      人民,淘宝,S3,丙书店,L3,SF3,13800112345

      """
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "damaged.csv")
    let (table, stores, merged) = LeadDeduplicator.deduplicate(result.table)
    #expect(merged == 0 && table.count == 3)
    #expect(stores.keys == ["淘宝:@甲书店", "淘宝:@乙书店", "淘宝:S3"])
    let graph = EvidenceGraph(table: table, storeKeys: stores)
    #expect(graph.stores.count == 3)
    // Only the intact phone is an entity (the damaged one was `13800110`, shared by two stores).
    #expect(graph.entities.filter { $0.kind == .phone }.map(\.storeCount) == [1])
    let notes = LeadNote.notes(in: result.table).filter { $0.kind == .scientificNotation }.map(\.line)
    #expect(notes == [2, 3])
  }
}
