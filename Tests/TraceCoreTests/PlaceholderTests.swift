import Foundation
import Testing

@testable import TraceCore

/// Words for "none" and stand-in phones link nothing.
@Suite struct PlaceholderTests {
  static func isPlaceholder(_ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer(Placeholder.isPlaceholder) }
  static func isPlaceholderPhone(_ digits: String) -> Bool {
    Array(digits.utf8).withUnsafeBufferPointer { Placeholder.isPlaceholderPhone(digits: $0) }
  }

  @Test func wordsForNoneAreToldFromNames() {
    for word in ["无", "未知", "不详", " 暂无 ", "N/A", "n/a", "NULL", "-", "—", "/", "？", "Unknown", "xxx"] {
      #expect(Self.isPlaceholder(word), "\(word)")
    }
    for name in ["无锡", "无锡市新华书店", "王明", "未来书店", "不二书社", "NA书屋", "上海市", "x书", "", "00"] {
      #expect(!Self.isPlaceholder(name), "\(name)")
    }
  }

  /// A masked phone (138****8000, as platforms print them) links nothing: thousands of numbers
  /// share the digits left.
  @Test func maskedPhonesLinkNothing() throws {
    for masked in ["138****8000", "138＊＊＊＊8000", "+86 139*****345"] {
      #expect(Array(masked.utf8).withUnsafeBufferPointer(Placeholder.isMaskedPhone), "\(masked)")
    }
    #expect(!Array("138-0013-8000".utf8).withUnsafeBufferPointer(Placeholder.isMaskedPhone))
    let text = """
      publisher,platform,store_id,sender_phone,supplier
      人民,淘宝,S1,138****8000,同上
      人民,淘宝,S2,138****8000,同上
      人民,淘宝,S3,13800138000,
      人民,淘宝,S4,138 0013 8000,

      """
    let graph = EvidenceGraph(table: try LeadSheetReader.read(bytes: Array(text.utf8), path: "masked.csv").table)
    #expect(graph.entities.map(\.kind) == [.phone])
    #expect(graph.entities.map(\.storeCount) == [2])
  }

  @Test func standInPhonesAreToldFromNumbers() {
    for digits in ["00000000000", "11111111111", "12345678901", "13800000000", "0000000"] {
      #expect(Self.isPlaceholderPhone(digits), "\(digits)")
    }
    for digits in ["13800138000", "13900001234", "057985123456", "4008001234", "13800000001"] {
      #expect(!Self.isPlaceholderPhone(digits), "\(digits)")
    }
  }

  /// Sellers who name "the factory" or "1688" as their supplier name none; a supplier's real
  /// name still links.
  @Test func genericSuppliersLinkNothing() throws {
    for word in ["厂家", " 一手货源 ", "1688", "淘宝", "无"] {
      #expect(Array(word.utf8).withUnsafeBufferPointer(Placeholder.isGenericSupplier), "\(word)")
    }
    for name in ["华强印务", "金华星河图书有限公司", "厂家张三", "义乌1688仓"] {
      #expect(!Array(name.utf8).withUnsafeBufferPointer(Placeholder.isGenericSupplier), "\(name)")
    }
    let text = """
      publisher,platform,store_id,supplier
      人民,快手,S1,厂家
      人民,快手,S2,厂家
      人民,抖音,S3,1688
      人民,抖音,S4,1688
      人民,淘宝,S5,华强印务
      人民,淘宝,S6,华强印务有限公司

      """
    let graph = EvidenceGraph(table: try LeadSheetReader.read(bytes: Array(text.utf8), path: "suppliers.csv").table)
    #expect(graph.entities.map(\.kind) == [.supplier])
    #expect(graph.entities.map(\.storeCount) == [2])
  }

  /// Stores whose leads share only "none" (无, 未知, 不详, N/A, a phone of zeros) are no ring;
  /// stores sharing a real supplier still are.
  @Test func storesSharingOnlyPlaceholdersAreNoRing() throws {
    let text = """
      publisher,platform,store_id,supplier,sender_name,origin_address,sender_phone
      人民,淘宝,S1,无,未知,不详,00000000000
      人民,淘宝,S2,无,未知,不详,00000000000
      人民,抖音,S3,未知,无,无,13800000000
      人民,抖音,S4,未知,无,无,13800000000
      人民,抖音,S5,N/A,-,/,N/A
      人民,抖音,S6,N/A,-,/,N/A
      人民,快手,S7,华强印务,,,
      人民,快手,S8,华强印务,,,

      """
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "none.csv")
    let graph = EvidenceGraph(table: result.table)
    #expect(graph.entities.map(\.kind) == [.supplier])
    #expect(graph.entities.map(\.storeCount) == [2])
  }

  /// A store id or lead id of 无 identifies nothing: the store is known by its name, a store
  /// with neither is a missing store, and leads are not duplicates by it.
  @Test func identifiersSayingNoneIdentifyNothing() throws {
    let text = """
      publisher,platform,store_id,store_name,lead_id,waybill
      人民,淘宝,无,甲书店,无,无
      人民,淘宝,无,乙书店,无,无
      人民,淘宝,-,无,L3,SF3

      """
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "none-ids.csv")
    #expect(result.rejects.map(\.line) == [4] && result.rejects.map(\.reason) == [.missingStore])
    let (table, stores, merged) = LeadDeduplicator.deduplicate(result.table)
    #expect(merged == 0 && table.count == 2)
    #expect(stores.keys == ["淘宝:@甲书店", "淘宝:@乙书店"])
  }
}
