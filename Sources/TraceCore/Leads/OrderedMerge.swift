import Foundation

/// Merges the tables of files as they are read, in the order of the files, into one table
/// (as `LeadTable.merged` would merge them all at the end, with the same ids).
///
/// Files are read in parallel, the costliest first; a workbook read on one core is often
/// still inflating when the other core has read every other file. Merging those meanwhile
/// fills the idle core, and only the tables read last are left to merge at the end.
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
  /// When the last file was read.
  private(set) var lastRead = StageTimings.now()

  init(count: Int) {
    ready = Array(repeating: nil, count: count)
    done = Array(repeating: false, count: count)
    unread = count
  }

  /// Records file `index` read (its table, or `nil` when it failed) and merges every file
  /// whose predecessors are all merged, unless another thread is merging: that thread
  /// picks it up.
  func finished(_ index: Int, table: LeadTable?) {
    lock.lock()
    ready[index] = table
    done[index] = true
    unread -= 1
    if unread == 0 { lastRead = StageTimings.now() }
    guard !merging else { return lock.unlock() }
    merging = true
    while true {
      var tables: [LeadTable] = []
      while next < done.count, done[next] {
        if let table = ready[next] { tables.append(table) }
        ready[next] = nil
        next += 1
      }
      if tables.isEmpty {
        merging = false
        return lock.unlock()
      }
      lock.unlock()
      merged = LeadTable.merged((merged.map { [$0] } ?? []) + tables)
      lock.lock()
    }
  }

  /// The merged table, once every file is finished.
  var table: LeadTable { lock.withLock { merged ?? LeadTable.merged([]) } }
}
