import Foundation

extension Array where Element: Sendable {
  /// `map` on every core, in chunks; the results keep the order of the elements, so the
  /// output is the same as a serial `map`.
  /// - Parameter serialBelow: below this many elements the map runs serially (cheap
  ///   transforms are not worth the threads; pass a small number for costly ones).
  public func parallelMap<T: Sendable>(serialBelow: Int = 1024, _ transform: @Sendable (Element) -> T) -> [T] {
    let chunkCount = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
    guard chunkCount > 1, count >= serialBelow else { return map(transform) }
    let chunks = ResultSlots<[T]>(count: chunkCount)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      // Even split: no chunk is empty or past the end, whatever `count` is.
      let range = (chunk * count / chunkCount)..<((chunk + 1) * count / chunkCount)
      chunks.set(chunk, self[range].map(transform))
    }
    return chunks.values().flatMap { $0 }
  }
}
