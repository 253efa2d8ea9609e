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

  /// The hash reads a value's last bytes in whole words; it must equal reading them one at a
  /// time (the spelled-out reference below), for every length and wherever the value sits.
  @Test func hashReadsTheTailAsBytesOneAtATimeWould() {
    func reference(_ bytes: [UInt8]) -> UInt64 {
      var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
      var i = 0
      while i + 8 <= bytes.count {
        var word: UInt64 = 0
        for k in 0..<8 { word |= UInt64(bytes[i + k]) << UInt64(8 * k) }
        h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        i += 8
      }
      var tail: UInt64 = 0
      for k in 0..<(bytes.count - i) { tail |= UInt64(bytes[i + k]) << UInt64(8 * k) }
      h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
      return h ^ (h >> 32)
    }
    // Bytes of every high and low bit pattern, the same on every run.
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    let buffer = (0..<64).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    buffer.withUnsafeBufferPointer { buffer in
      for length in 1...40 {
        for start in 0...(buffer.count - length) {
          let value = UnsafeBufferPointer(rebasing: buffer[start..<start + length])
          #expect(ValuePool.hash(value) == reference(Array(value)), "length \(length) at \(start)")
        }
      }
    }
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

  /// Merged tables must be what interning each table's values in turn, one by one, makes:
  /// the same ids, cells, extras and sources. Tables share values with the first and with
  /// each other; the largest has more values than a shard of the merge, and one is smaller
  /// than there are shards.
  @Test(arguments: [1, 2] as [UInt64])
  func mergedTablesAreTheirValuesInternedInTurn(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    func table(file: String, leads: Int) -> LeadTable {
      LeadTable(
        leads: (0..<leads).map { line in
          var lead = Lead(sources: [LeadSource(file: file, line: line + 2, publisher: "出版社\(rng.below(5))")])
          lead[.storeID] = "店\(rng.below(3000))"
          lead[.waybill] = "SF\(rng.next() % 100_000)"
          lead[.senderPhone] = rng.below(3) == 0 ? "" : "138\(rng.below(500))"
          if rng.below(4) == 0 { lead.extras = [Lead.Extra(name: "备注", value: "x\(rng.below(50))")] }
          return lead
        })
    }
    let tables = [
      table(file: "a.csv", leads: 2000), table(file: "b.csv", leads: 9000), table(file: "c.csv", leads: 3),
      table(file: "d.csv", leads: 20000),
    ]
    var serial = ValuePool()
    let remaps = tables.map { table in (0..<table.pool.count).map { serial.intern(table.pool[Int32($0)]) } }
    let merged = LeadTable.merged(tables)
    #expect(merged.pool.count == serial.count)
    #expect((0..<serial.count).allSatisfy { merged.pool[Int32($0)] == serial[Int32($0)] })
    #expect(merged.cells == zip(tables, remaps).flatMap { table, remap in table.cells.map { remap[Int($0)] } })
    #expect(merged.extraNames == zip(tables, remaps).flatMap { table, remap in table.extraNames.map { remap[Int($0)] } })
    #expect(merged.extraValues == zip(tables, remaps).flatMap { table, remap in table.extraValues.map { remap[Int($0)] } })
    #expect(merged.files == tables.flatMap(\.files))
    #expect(merged.firstSources.map(\.line) == tables.flatMap { $0.firstSources.map(\.line) })
    #expect(merged.leads.map(\.values) == tables.flatMap { $0.leads.map(\.values) })
  }

  /// A merged pool finds its values in the tables of the pools it was merged from, misses
  /// those it lacks, and once a value is added keeps finding them all in a table of its own.
  /// The pools have more values than a shard of the merge, and one has fewer slots than
  /// there are shards.
  @Test func mergedPoolLooksValuesUpThenTakesNewOnes() {
    var pools = [ValuePool(), ValuePool(), ValuePool(capacity: 2)]
    for index in 0..<70_000 { _ = pools[0].intern("v\(index)") }
    for index in stride(from: 60_000, to: 90_000, by: 2) { _ = pools[1].intern("v\(index)") }
    _ = pools[2].intern("v7")
    _ = pools[2].intern("only here")
    var merged = ValuePool.merged(pools).pool
    let all = (0..<70_000).map { "v\($0)" } + stride(from: 70_000, to: 90_000, by: 2).map { "v\($0)" } + ["only here"]
    let ids = all.map { merged.id(of: $0) }
    #expect(ids.allSatisfy { $0 != nil })
    #expect(zip(all, ids).allSatisfy { merged[$1!] == $0 })
    #expect(merged.id(of: "v90001") == nil && merged.id(of: "v70001") == nil && merged.id(of: "") == 0)
    let count = merged.count
    #expect(merged.intern("v5") == ids[5])
    #expect(merged.count == count)
    #expect(merged.intern("new") == Int32(count))
    #expect(all.map { merged.id(of: $0) } == ids)
    #expect(merged.id(of: "new") == Int32(count))
  }

  /// Different values of one hash (as crafted input could make) stay different values in a
  /// merge, and each later copy joins the right one: the merge chains values by hash and
  /// length, and falls back to comparing bytes along the chain when the first differs.
  @Test func valuesOfOneHashStayApartInAMerge() {
    func intern(_ text: String, hash: UInt64, into pool: inout ValuePool) -> Int32 {
      var copy = text
      return copy.withUTF8 { pool.intern($0, hash: hash) }
    }
    let hash: UInt64 = 0x1234_5678_9ABC_DEF0
    var pools = [ValuePool(), ValuePool(), ValuePool()]
    _ = intern("abc", hash: hash, into: &pools[0])
    _ = intern("xyz", hash: hash, into: &pools[1])
    _ = intern("abc", hash: hash, into: &pools[1])
    _ = intern("xyz", hash: hash, into: &pools[2])
    _ = intern("pqr", hash: hash, into: &pools[2])
    let (merged, remap, starts) = ValuePool.merged(pools)
    #expect(merged.count == 4)
    #expect((1..<4).map { merged[Int32($0)] } == ["abc", "xyz", "pqr"])
    #expect(Array(remap[starts[1]..<starts[2]]) == [0, 2, 1])
    #expect(Array(remap[starts[2]..<starts[3]]) == [0, 2, 3])
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

  /// Sorting by prefix words must give exactly the byte order: values that share their first
  /// 24 bytes, values that are prefixes of others, zero bytes, multi-byte characters.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func positionsSortByBytesLikeUTF8Precedes(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let stems = [
      "", "拼多多:PDD159", "郑州市管城回族区开发区新华路", "a\u{0}", "abcdefghijklmnopqrstuvwx",
      "金华市义乌市福田街道稠州北路工业园区", "abcdefghijklmnopqrstuvwxabcdefghijklmnopqrstuvw\u{0}",
    ]
    let values = (0..<3000).map { _ in
      stems[rng.below(stems.count)] + String((0..<rng.below(6)).map { _ in "09a\u{0}é中".randomElement(using: &rng)! })
    }
    var pool = ValuePool()
    let ids = values.map { pool.intern($0) }
    let sorted = pool.positionsSortedByBytes(of: ids).map { values[Int($0)] }
    #expect(sorted == values.sorted { $0.utf8Precedes($1) })
    let positions = pool.positionsSortedByBytes(of: ids)
    for (a, b) in zip(positions, positions.dropFirst()) where values[Int(a)] == values[Int(b)] { #expect(a < b) }
    // The same strings packed (as store keys are), equal ones kept apart: the same order.
    var packed = PackedStrings()
    for value in values { packed.append(value) }
    let packedPositions = packed.positionsSortedByBytes(of: (0..<Int32(values.count)).map { $0 })
    #expect(packedPositions == positions)
  }

  @Test func lookingUpAddsNothing() {
    var pool = ValuePool()
    let id = pool.intern("顺丰 SF1")
    #expect(pool.id(of: "顺丰 SF1") == id)
    #expect(pool.id(of: "") == 0)
    #expect(pool.id(of: "顺丰 SF2") == nil)
    #expect(pool.count == 2)
    #expect(pool.intern("顺丰 SF2") == 2)
  }
}

@Suite struct PackedStringsTests {
  @Test func eachStringReadsBackWhateverItsLength() {
    var packed = PackedStrings()
    for value in ValuePoolTests.values { packed.append(value) }
    #expect(packed.count == ValuePoolTests.values.count)
    #expect((0..<packed.count).map { packed[$0] } == ValuePoolTests.values)
    #expect(packed.withBytes(2) { Array($0) } == Array("淘宝".utf8))
  }

  @Test func joinedRunsAreTheirStringsInOrder() {
    let values = ValuePoolTests.values
    let runs = stride(from: 0, to: values.count, by: 3).map { start in
      var run = PackedStrings()
      for value in values[start..<min(start + 3, values.count)] { run.append(value) }
      return run
    }
    let joined = PackedStrings(joining: runs + [PackedStrings()])
    #expect((0..<joined.count).map { joined[$0] } == values)
    // Values of two pools, in runs that cross from one list to the next.
    var first = ValuePool(), second = ValuePool()
    let firstIDs = values.prefix(4).map { first.intern($0) }.reversed()
    let secondIDs = values.dropFirst(4).map { second.intern($0) }
    let madeInRuns = PackedStrings(values: [(first, Array(firstIDs)), (second, secondIDs)], runLength: 3)
    #expect((0..<madeInRuns.count).map { madeInRuns[$0] } == values.prefix(4).reversed() + values.dropFirst(4))
  }
}

@Suite struct EntityTextTests {
  /// Every entity's key and label, read from the graph's bytes, are what the leads say;
  /// `entityIndex(for:)` finds each key and nothing else.
  @Test func keysAndLabelsAreReadInPlaceAndFoundByKey() {
    var leads: [Lead] = []
    for (index, phone) in ["138-1111-2222", "13811112222", "+86 139 0000 0001"].enumerated() {
      var lead = Lead(sources: [LeadSource(file: "t.csv", line: index + 2, publisher: "P")])
      lead[.platform] = "抖音"
      lead[.storeID] = "S\(index)"
      lead[.senderPhone] = phone
      lead[.originAddress] = "金华市义乌市稠州北路588号"
      leads.append(lead)
    }
    let graph = EvidenceGraph(leads: leads)
    let keys = graph.entities.indices.map { graph.key(ofEntity: $0) }
    #expect(keys.map(\.description) == ["address:金华市义乌市稠州北路588号", "phone:13811112222", "phone:13900000001"])
    #expect(keys == keys.sorted())
    #expect(graph.label(ofEntity: 1) == "138-1111-2222")  // written once each: the smallest
    #expect(graph.label(ofEntity: 2) == "+86 139 0000 0001")
    for (index, key) in keys.enumerated() {
      #expect(graph.entityIndex(for: key) == Int32(index))
      #expect(graph.withKeyBytes(ofEntity: index) { String(decoding: $0, as: UTF8.self) } == key.key)
    }
    #expect(graph.stores.map(\.key) == ["抖音:S0", "抖音:S1", "抖音:S2"])
    #expect(graph.stores.indices.allSatisfy { graph.storeIndex(forKey: graph.stores[$0].key) == Int32($0) })
    #expect(graph.storeIndex(forKey: "抖音:S3") == nil && graph.storeIndex(forKey: "抖音:S") == nil)
    #expect(graph.entityIndex(for: EntityKey(kind: .phone, key: "1381111222")) == nil)
    #expect(graph.entityIndex(for: EntityKey(kind: .person, key: "13811112222")) == nil)
    #expect(graph.entityIndex(for: EntityKey(kind: .phone, key: "13999999999")) == nil)
  }
}

@Suite struct ByteBufferTests {
  /// Runs of every length, single bytes and static text, across many growths and drains,
  /// read back exactly as an array built the plain way.
  @Test func holdsExactlyWhatWasAppended() {
    var rng = SplitMix64(seed: 21)
    var buffer = ByteBuffer(capacity: 3)
    var expected: [UInt8] = []
    var drained: [UInt8] = []
    for step in 0..<20_000 {
      switch rng.below(4) {
      case 0:
        let byte = UInt8(truncatingIfNeeded: rng.next())
        buffer.append(byte)
        expected.append(byte)
      case 1:
        let run = (0..<rng.below(70)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        run.withUnsafeBufferPointer { buffer.append($0) }
        expected += run
      case 2:
        buffer.append("静态文本, ")
        expected += Array("静态文本, ".utf8)
      default:
        if step % 97 == 0 { drained += buffer.drain() } else { buffer.append([]) }
      }
      #expect(buffer.count == expected.count - drained.count)
    }
    drained += buffer.drain()
    #expect(drained == expected)
    #expect(buffer.isEmpty && buffer.bytes.isEmpty)
    buffer.append(7)
    #expect(buffer.bytes == [7])
  }

  @Test func reservedRoomKeepsTheBytesWritten() {
    var buffer = ByteBuffer()
    buffer.append("abc")
    buffer.reserveCapacity(1 << 20)
    buffer.append("def")
    #expect(buffer.withUnsafeBufferPointer { Array($0) } == Array("abcdef".utf8))
  }
}

@Suite struct ByteCopyTests {
  /// Every length up to 80 from every offset of 8: exactly the source bytes land, and not a
  /// byte around them changes.
  @Test func copiesExactlyTheBytesAskedFor() {
    let source = (0..<100).map { UInt8($0 * 7 % 251) }
    for count in 0...80 {
      for offset in 0..<8 {
        var target = [UInt8](repeating: 0xAA, count: 100)
        source.withUnsafeBytes { from in
          target.withUnsafeMutableBytes { to in
            copyBytes(from: from.baseAddress! + offset, to: to.baseAddress! + 3, count: count)
          }
        }
        var expected = [UInt8](repeating: 0xAA, count: 100)
        expected.replaceSubrange(3..<(3 + count), with: source[offset..<(offset + count)])
        #expect(target == expected, "count \(count), offset \(offset)")
      }
    }
  }
}

/// A pool that appends only (`ValuePool.appendingOnly`) gives equal values new ids; merged
/// into another pool, they get the ids interning them one by one would give.
@Suite struct AppendingOnlyPoolTests {
  @Test func addsEqualValuesAgainAndMergesAsInterning() {
    let values = ["b", "a", "b", "", "c", "a", "书店", "书店"]
    var run = ValuePool.appendingOnly(capacity: 4)
    let runIDs = values.map { run.intern($0) }
    #expect(runIDs == [1, 2, 3, 0, 4, 5, 6, 7])
    #expect(run.count == 8)
    var merged = ValuePool(), direct = ValuePool()
    let remap = merged.intern(contentsOf: run)
    #expect(runIDs.map { remap[Int($0)] } == values.map { direct.intern($0) })
    #expect(merged.count == direct.count)
    #expect((0..<Int32(merged.count)).allSatisfy { merged[$0] == direct[$0] })
  }
}
