import Foundation

/// Runs two independent pieces of work at once, one per core, and returns both results.
/// (A parallel loop inside either runs serially: the two already fill both cores.)
public func concurrently<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
  let first = ResultSlots<A>(count: 1), second = ResultSlots<B>(count: 1)
  DispatchQueue.concurrentPerform(iterations: 2) { index in
    if index == 0 { first.set(0, a()) } else { second.set(0, b()) }
  }
  return (first.values()[0], second.values()[0])
}

/// Drops the caller's `value` on a background thread. Freeing millions of small objects (the
/// strings of a million rendered rows) takes about a second, and the caller need not wait
/// for it; a process that exits first simply never frees them.
public func releaseInBackground<T: Sendable>(_ value: T) {
  DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
}
