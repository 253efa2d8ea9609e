import Testing
@testable import TraceCore

@Suite struct ValuePoolTests {
  static let values = ["", "a", "淘宝", "12345678", "123456789", "店铺A店铺B店铺C", "a", "淘宝", "x\0y", "12345678"]

  @Test func aRowInternedAtOnceGetsTheIdsOfOneByOne() {
    var single = ValuePool(), batch = ValuePool()
    let expected = Self.values.map { single.intern($0) }
    // The row's cells as ranges of one buffer, as the parsers hand them over.
    var flat: [UInt8] = []
    var ranges: [Range<Int>] = []
    for value in Self.values {
      ranges.append(flat.count..<flat.count + value.utf8.count)
      flat += value.utf8
    }
    var ids: [Int32] = [99]  // replaced, not appended to
    flat.withUnsafeBufferPointer { buffer in
      batch.intern(count: ranges.count, { UnsafeBufferPointer(rebasing: buffer[ranges[$0]]) }, into: &ids)
    }
    #expect(ids == expected)
    #expect(ids[0] == 0 && ids[1] == ids[6] && ids[2] == ids[7] && ids[3] == ids[9] && ids[3] != ids[4])
    #expect(Self.values.indices.allSatisfy { batch[ids[$0]] == Self.values[$0] })
  }

  @Test func reservingKeepsIdsAndLookups() {
    var pool = ValuePool(capacity: 4)
    let before = Self.values.map { pool.intern($0) }
    pool.reserve(capacity: 100_000, arenaCapacity: 1 << 20)
    #expect(Self.values.map { pool.intern($0) } == before)
    #expect(pool.intern("new") == Int32(pool.count - 1))
  }

  @Test func mergingKeepsTheFirstPoolsIds() {
    var first = LeadTable(), second = LeadTable()
    let a = (0..<3).map { first.pool.intern("first \($0)") }
    _ = (0..<3).map { second.pool.intern("second \($0)") }
    _ = second.pool.intern("first 1")
    var pool = LeadTable.merged([first, second]).pool
    #expect(pool.count == 1 + 3 + 3)
    #expect((0..<3).map { pool.intern("first \($0)") } == a)
    #expect(pool.count == 1 + 3 + 3)
  }

  @Test(arguments: Array(0...20))
  func shortValuesCompareByEveryByte(length: Int) {
    let a = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    a.withUnsafeBytes { x in
      #expect(ValuePool.sameBytes(x.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, x.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, length))
      for index in 0..<length {
        var b = a
        b[index] ^= 0x40
        b.withUnsafeBytes { y in #expect(!ValuePool.sameBytes(x.baseAddress!, y.baseAddress!, length)) }
      }
    }
  }
}
