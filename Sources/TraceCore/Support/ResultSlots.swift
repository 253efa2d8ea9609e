import Foundation

/// One slot per task of a parallel loop (`DispatchQueue.concurrentPerform`), filled from any
/// thread and read in index order afterwards, so parallel results stay deterministic.
public final class ResultSlots<T>: @unchecked Sendable {
  private var slots: [T?]
  private let lock = NSLock()

  public init(count: Int) { slots = Array(repeating: nil, count: count) }

  public func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

  /// The filled slots, in index order.
  public func values() -> [T] { lock.withLock { slots.compactMap { $0 } } }
}
