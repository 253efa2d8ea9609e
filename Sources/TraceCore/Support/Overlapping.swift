import Foundation
import Synchronization

/// Runs `serial` on one core while the other works through `work(0)`, `work(1)`, …,
/// `work(count - 1)`; when `serial` returns, its core joins in. Each index is worked on
/// exactly once, by whichever core claims it first (in batches of `batch`), so `work` must
/// not depend on the order; it writes its result where the caller can find it by index.
///
/// For a serial step (Leiden through igraph's lock) that can overlap independent work
/// (ranking the rings Leiden does not touch) instead of leaving a core idle.
/// - Returns: what `serial` returned.
public func overlapping<T: Sendable>(
  _ serial: @Sendable () -> T, with count: Int, batch: Int = 16, _ work: @Sendable (Int) -> Void
) -> T {
  let claims = WorkClaims()
  let result = ResultSlots<T>(count: 1)
  DispatchQueue.concurrentPerform(iterations: 2) { core in
    if core == 0 { result.set(0, serial()) }
    while true {
      let first = claims.next.add(batch, ordering: .relaxed).oldValue
      if first >= count { break }
      for index in first..<min(first + batch, count) { work(index) }
    }
  }
  return result.values()[0]
}

private final class WorkClaims: Sendable {
  let next = Atomic<Int>(0)
}

/// A buffer of `count` slots filled concurrently, each slot by exactly one writer, and
/// read once every writer has finished.
public final class DisjointSlots<T>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<T?>

  public init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  /// Sets slot `index`; no other writer may touch it.
  public func set(_ index: Int, _ value: T) { slots[index] = value }

  /// Every slot's value (all must be set).
  public func values() -> [T] { slots.map { $0! } }
}
