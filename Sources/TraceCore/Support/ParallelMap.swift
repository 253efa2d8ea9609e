import Foundation

extension Array where Element: Sendable {
  /// `map` on every core, in chunks; the results keep the order of the elements, so the
  /// output is the same as a serial `map`.
  public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
    let chunkCount = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
    guard chunkCount > 1, count >= 1024 else { return map(transform) }
    let chunks = ResultSlots<[T]>(count: chunkCount)
    let size = (count + chunkCount - 1) / chunkCount
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      let range = (chunk * size)..<Swift.min(count, (chunk + 1) * size)
      chunks.set(chunk, self[range].map(transform))
    }
    return chunks.values().flatMap { $0 }
  }
}
