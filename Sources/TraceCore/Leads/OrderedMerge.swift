import Foundation

/// Merges the tables of files as they are read, in the order of the files, into one table
/// (as `LeadTable.merged` would merge them all at the end, with the same ids).
///
/// Files are read in parallel, the costliest first; a workbook read on one core is often
/// still inflating when the other core has read every other file. Merging those meanwhile
/// fills the idle core; what is left when the last file is read is merged by `table()`, on
/// every core (`LeadTable.appendOnEveryCore`).
///
/// The first merge reserves room for every file's values, estimated from the share of the
/// input bytes merged so far: growing the value table later rehashed millions of values and
/// copied the arena while nothing else could run (0.3 s of a 1M-lead merge). The estimate
/// is already high (files share values: a million leads' five files hold 4.85 million values
/// between them, 3.85 million distinct), so it is not padded: padded by a tenth, it doubled
/// that table to 256 MB, every page of it a fresh page fault, for a table 23 % full.
final class OrderedMerge: @unchecked Sendable {
  private let lock = NSLock()
  private var ready: [LeadTable?]
  private var done: [Bool]
  /// The first file not yet merged.
  private var next = 0
  /// Whether a thread is merging; only that thread touches `merged`.
  private var merging = false
  private var merged: LeadTable?
  private var unread: Int
  /// When the last file was read, and the process's CPU time then.
  private(set) var lastRead = StageTimings.now()
  private(set) var cpuSecondsAtLastRead = 0.0

  /// Byte sizes of the files, for estimating how many values all of them hold.
  private let sizes: [Int]

  init(sizes: [Int]) {
    self.sizes = sizes
    ready = Array(repeating: nil, count: sizes.count)
    done = Array(repeating: false, count: sizes.count)
    unread = sizes.count
  }

  /// Records file `index` read (its table, or `nil` when it failed) and, while other files
  /// are still being read, merges every file whose predecessors are all merged (unless
  /// another thread is merging: that thread picks it up).
  func finished(_ index: Int, table: LeadTable?) {
    lock.lock()
    ready[index] = table
    done[index] = true
    unread -= 1
    if unread == 0 {
      lastRead = StageTimings.now()
      cpuSecondsAtLastRead = StageTimings.cpuSeconds()
    }
    guard !merging else { return lock.unlock() }
    merging = true
    while unread > 0 {
      let tables = takeReady(), end = next
      if tables.isEmpty { break }
      lock.unlock()
      merge(tables, through: end)
      lock.lock()
    }
    merging = false
    lock.unlock()
  }

  /// The tables ready to merge next, in order. Must hold the lock.
  private func takeReady() -> [LeadTable] {
    var tables: [LeadTable] = []
    while next < done.count, done[next] {
      if let table = ready[next] { tables.append(table) }
      ready[next] = nil
      next += 1
    }
    return tables
  }

  /// The merged table; call once every file is finished. What is left to merge is merged
  /// on every core: nothing else runs by then.
  func table() -> LeadTable {
    lock.withLock {
      merge(takeReady(), through: next, onEveryCore: true)
      return merged ?? LeadTable()
    }
  }

  /// Appends `tables` (files up to `end`) to what is merged, in place. Only the merging
  /// thread calls it.
  private func merge(_ tables: [LeadTable], through end: Int, onEveryCore: Bool = false) {
    guard !tables.isEmpty else { return }
    guard merged != nil else {
      var first = tables[0]
      if onEveryCore {
        first.appendOnEveryCore(contentsOf: Array(tables.dropFirst()))
      } else {
        first.append(contentsOf: tables.dropFirst())
      }
      let total = sizes.reduce(0, +), mergedBytes = sizes[..<end].reduce(0, +)
      if mergedBytes > 0, mergedBytes < total {
        let scale = Double(total) / Double(mergedBytes)
        first.pool.reserve(
          capacity: Int(Double(first.pool.count) * scale), arenaCapacity: Int(Double(first.pool.arenaSize) * scale))
        first.reserveCapacity(Int(Double(first.count) * scale))
      }
      self.merged = first
      return
    }
    if onEveryCore {
      merged!.appendOnEveryCore(contentsOf: tables)
    } else {
      merged!.append(contentsOf: tables)
    }
  }
}
