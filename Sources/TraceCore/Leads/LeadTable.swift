import Foundation

/// Leads stored column-wise as ids into one `ValuePool`: 4 bytes a cell, each distinct value
/// stored once. This is how leads travel through the pipeline; `Lead` is a view of one row.
public struct LeadTable: Sendable {
  /// Where one lead was read: a file (index into `files`), its line, and its publisher (pool id).
  public struct SourceRef: Sendable, Hashable {
    public var file: Int32
    public var line: Int32
    public var publisher: Int32
  }

  public static let width = LeadField.allCases.count

  public var pool: ValuePool
  /// Input file names, as given; `SourceRef.file` indexes this.
  public var files: [String]
  /// `cells[lead * width + field.index]` is a pool id.
  public private(set) var cells: [Int32] = []
  /// Unknown columns: `extraOffsets[lead]..<extraOffsets[lead+1]` into the two arrays.
  public private(set) var extraOffsets: [Int32] = [0]
  public private(set) var extraNames: [Int32] = []
  public private(set) var extraValues: [Int32] = []
  /// The first source of each lead.
  public private(set) var firstSources: [SourceRef] = []
  /// Further sources of leads merged by deduplication, by lead index.
  public var moreSources: [Int32: [SourceRef]] = [:]

  public init(pool: ValuePool = ValuePool(), files: [String] = []) {
    self.pool = pool
    self.files = files
  }

  public var count: Int { firstSources.count }

  /// Appends a lead: `row` holds one pool id per field, `extras` (name, value) id pairs.
  public mutating func append(row: UnsafeBufferPointer<Int32>, extras: [(Int32, Int32)], source: SourceRef) {
    cells.append(contentsOf: row)
    for (name, value) in extras {
      extraNames.append(name)
      extraValues.append(value)
    }
    extraOffsets.append(Int32(extraNames.count))
    firstSources.append(source)
  }

  public mutating func reserveCapacity(_ leads: Int) {
    cells.reserveCapacity(leads * Self.width)
    firstSources.reserveCapacity(leads)
    extraOffsets.reserveCapacity(leads + 1)
  }

  /// The pool id of `field` of lead `lead`.
  @inlinable @inline(__always)
  public func id(_ lead: Int, _ field: LeadField) -> Int32 { cells[lead * Self.width + field.index] }

  /// The text of `field` of lead `lead`.
  public func value(_ lead: Int, _ field: LeadField) -> String { pool[id(lead, field)] }

  /// Every source of lead `lead`, first first.
  public func sourceRefs(_ lead: Int) -> [SourceRef] {
    [firstSources[lead]] + (moreSources[Int32(lead)] ?? [])
  }

  /// Calls `body` with every source of lead `lead`, first first, building no array (most
  /// leads have one source, and the lookup of further ones is skipped when there are none).
  @inlinable @inline(__always)
  public func forEachSource(_ lead: Int, _ body: (SourceRef) -> Void) {
    body(firstSources[lead])
    if !moreSources.isEmpty, let more = moreSources[Int32(lead)] { more.forEach(body) }
  }

  public func source(_ ref: SourceRef) -> LeadSource {
    LeadSource(file: files[Int(ref.file)], line: Int(ref.line), publisher: pool[ref.publisher])
  }

  /// Lead `lead` as a value with strings.
  public func lead(at lead: Int) -> Lead {
    let start = lead * Self.width
    let values = (0..<Self.width).map { pool[cells[start + $0]] }
    let extras = (Int(extraOffsets[lead])..<Int(extraOffsets[lead + 1])).map {
      Lead.Extra(name: pool[extraNames[$0]], value: pool[extraValues[$0]])
    }
    return Lead(values: values, extras: extras, sources: sourceRefs(lead).map(source))
  }

  /// All leads as values (tests and small inputs).
  public var leads: [Lead] { (0..<count).map(lead(at:)) }

  /// Joins tables read from separate files into one with one pool: the first table with
  /// the others appended (`append(contentsOf:)`).
  /// - Complexity: O(total cells + distinct values of all tables but the first).
  public static func merged(_ tables: [LeadTable]) -> LeadTable {
    guard var result = tables.first else { return LeadTable() }
    result.append(contentsOf: tables.dropFirst())
    return result
  }

  /// Appends the leads of `tables` after this table's, in order. This table's pool stays as
  /// it is (its ids do not change); each distinct value of the others is interned into it
  /// once, and their cells remapped. Appending to a table merged before copies nothing of
  /// what it holds, so files can be merged one after another as they are read.
  public mutating func append(contentsOf tables: some Collection<LeadTable>) {
    if tables.isEmpty { return }
    reserveRoom(for: tables)
    for table in tables { append(table, remap: pool.intern(contentsOf: table.pool)) }
  }

  /// `append(contentsOf:)` on every core, with the same result: for what is left to merge
  /// once every file is read, when no other work is waiting for the cores.
  ///
  /// Every value of every table is first looked up in this pool, which only reads it, in
  /// pieces on every core: the lookups are cache misses, now on both cores at once. Only
  /// the values it lacks are then interned one after another, in order, and the cells are
  /// remapped on every core. (Merged on one thread, the last two files of a million leads
  /// took up to 0.9 s while the other core idled.)
  public mutating func appendOnEveryCore(contentsOf tables: [LeadTable]) {
    if tables.isEmpty { return }
    reserveRoom(for: tables)
    var valueStarts = [0]
    for table in tables { valueStarts.append(valueStarts.last! + table.pool.count) }
    let starts = valueStarts
    var ids = [Int32](repeating: 0, count: starts.last!)
    ids.withUnsafeMutableBufferPointer { ids in
      do {
        let pool = self.pool  // released before the pool grows below, which must not copy it
        let shared = SharedMutableBuffer(ids)
        let piece = 1 << 15
        let pieces = tables.indices.flatMap { table in
          stride(from: 0, to: tables[table].pool.count, by: piece).map { (table: table, start: $0) }
        }
        DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
          let (table, start) = pieces[index]
          let own = UnsafeMutableBufferPointer(rebasing: shared.buffer[starts[table]..<starts[table + 1]])
          pool.lookUp(
            contentsOf: tables[table].pool, range: start..<min(start + piece, tables[table].pool.count), into: own)
        }
      }
      for table in tables.indices {
        let own = UnsafeMutableBufferPointer(rebasing: ids[starts[table]..<starts[table + 1]])
        pool.internMissing(of: tables[table].pool, ids: own)
        append(tables[table], remap: UnsafeBufferPointer(own), onEveryCore: true)
      }
    }
  }

  /// Reserves room for the values and leads of `tables`.
  private mutating func reserveRoom(for tables: some Collection<LeadTable>) {
    pool.reserve(
      capacity: tables.reduce(pool.count) { $0 + $1.pool.count },
      arenaCapacity: tables.reduce(pool.arenaSize) { $0 + $1.pool.arenaSize })
    reserveCapacity(tables.reduce(count) { $0 + $1.count })
  }

  /// Appends the leads of `table`, whose value `i` has id `remap[i]` in this table's pool.
  private mutating func append(_ table: LeadTable, remap: [Int32]) {
    remap.withUnsafeBufferPointer { append(table, remap: $0, onEveryCore: false) }
  }

  private mutating func append(_ table: LeadTable, remap: UnsafeBufferPointer<Int32>, onEveryCore: Bool) {
    let fileBase = Int32(files.count)
    files += table.files
    let leadBase = Int32(count)
    let extraBase = Int32(extraNames.count)
    if onEveryCore {
      let shared = SharedBuffer(remap)
      cells += table.cells.withUnsafeBufferPointer { cells in
        let source = SharedBuffer(cells)
        return [Int32].parallelFill(count: cells.count, chunks: 64) { range, target in
          for index in range { target.initialize(index, to: shared[Int(source[index])]) }
        }
      }
    } else {
      cells.append(contentsOf: table.cells.lazy.map { remap[Int($0)] })
    }
    extraNames.append(contentsOf: table.extraNames.lazy.map { remap[Int($0)] })
    extraValues.append(contentsOf: table.extraValues.lazy.map { remap[Int($0)] })
    extraOffsets.append(contentsOf: table.extraOffsets.dropFirst().lazy.map { $0 + extraBase })
    func moved(_ ref: SourceRef) -> SourceRef {
      SourceRef(file: ref.file + fileBase, line: ref.line, publisher: remap[Int(ref.publisher)])
    }
    firstSources.append(contentsOf: table.firstSources.lazy.map(moved))
    for (lead, refs) in table.moreSources { moreSources[lead + leadBase] = refs.map(moved) }
  }

  /// A table of the leads at `indexes`, in that order, sharing this pool.
  public func subset(_ indexes: [Int]) -> LeadTable {
    var result = LeadTable(pool: pool, files: files)
    result.reserveCapacity(indexes.count)
    cells.withUnsafeBufferPointer { cells in
      for old in indexes {
        let start = old * Self.width
        result.cells.append(contentsOf: UnsafeBufferPointer(rebasing: cells[start..<start + Self.width]))
      }
    }
    for old in indexes {
      for e in Int(extraOffsets[old])..<Int(extraOffsets[old + 1]) {
        result.extraNames.append(extraNames[e])
        result.extraValues.append(extraValues[e])
      }
      result.extraOffsets.append(Int32(result.extraNames.count))
      result.firstSources.append(firstSources[old])
    }
    // Further sources follow their leads; the dictionary is consulted only for leads that
    // have some, not once per lead.
    if !moreSources.isEmpty {
      var hasMore = [Bool](repeating: false, count: count)
      for old in moreSources.keys { hasMore[Int(old)] = true }
      for (position, old) in indexes.enumerated() where hasMore[old] {
        result.moreSources[Int32(position)] = moreSources[Int32(old)]
      }
    }
    return result
  }
}
