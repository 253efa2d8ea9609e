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

  /// Joins tables read from separate files into one with one pool, on every core: the
  /// leads of each in turn, their values merged as interning them one by one in that order
  /// would (`ValuePool.merged`: the first table's ids stay as they are).
  /// - Complexity: O(total cells + values of all tables).
  public static func merged(_ tables: [LeadTable]) -> LeadTable {
    guard tables.count > 1 else { return tables.first ?? LeadTable() }
    let (pool, remap, starts) = ValuePool.merged(tables.map(\.pool))
    var result = LeadTable(pool: pool)
    let leads = tables.reduce(0) { $0 + $1.count }
    result.firstSources.reserveCapacity(leads)
    result.extraOffsets.reserveCapacity(leads + 1)
    remap.withUnsafeBufferPointer { remap in
      result.cells = remappedCells(of: tables, remap: SharedBuffer(remap), starts: starts)
      for (index, table) in tables.enumerated() {
        result.appendRows(of: table, remap: UnsafeBufferPointer(rebasing: remap[starts[index]..<starts[index + 1]]))
      }
    }
    return result
  }

  /// The cells of `tables` end to end, table `t`'s value `id` as `remap[starts[t] + id]`,
  /// written in place on every core.
  private static func remappedCells(of tables: [LeadTable], remap: SharedBuffer<Int32>, starts: [Int]) -> [Int32] {
    var ends = [0]
    for table in tables { ends.append(ends.last! + table.cells.count) }
    let cellStarts = ends, piece = 1 << 16
    let pieces = tables.indices.flatMap { table in
      stride(from: 0, to: tables[table].cells.count, by: piece).map { (table: table, start: $0) }
    }
    return [Int32](unsafeUninitializedCapacity: cellStarts.last!) { cells, initialized in
      let target = SharedMutableBuffer(cells)
      DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
        let (table, start) = pieces[index]
        let base = starts[table], into = target.buffer.baseAddress! + cellStarts[table]
        tables[table].cells.withUnsafeBufferPointer { cells in
          for cell in start..<min(start + piece, cells.count) {
            (into + cell).initialize(to: remap[base + Int(cells[cell])])
          }
        }
      }
      initialized = cellStarts.last!
    }
  }

  /// Appends everything of the leads of `table` but their cells, its value `i` having id
  /// `remap[i]` in this table's pool.
  private mutating func appendRows(of table: LeadTable, remap: UnsafeBufferPointer<Int32>) {
    let fileBase = Int32(files.count)
    files += table.files
    let leadBase = Int32(count)
    let extraBase = Int32(extraNames.count)
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
