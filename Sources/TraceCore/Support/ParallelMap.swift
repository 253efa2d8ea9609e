import Foundation

extension Array where Element: Sendable {
  /// `map` on every core, in chunks; the results keep the order of the elements, so the
  /// output is the same as a serial `map`.
  /// - Parameter serialBelow: below this many elements the map runs serially (cheap
  ///   transforms are not worth the threads; pass a small number for costly ones).
  public func parallelMap<T: Sendable>(serialBelow: Int = 1024, _ transform: @Sendable (Element) -> T) -> [T] {
    let chunkCount = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
    guard chunkCount > 1, count >= serialBelow else { return map(transform) }
    return withUnsafeBufferPointer { elements in
      let source = SharedBuffer(elements)
      return [T].parallelFill(count: count, chunks: chunkCount) { range, target in
        for index in range { target.initialize(index, to: transform(source[index])) }
      }
    }
  }
}

extension Array {
  /// An array of `count` elements made in `chunks` contiguous ranges on every core: `fill`
  /// must initialise every index of the range it is given, through `target`. Each result is
  /// written in its place once: no per-chunk arrays joined and copied afterwards (at a
  /// million stores, that copy and its retains and releases cost a tenth of a second).
  public static func parallelFill(
    count: Int, chunks: Int, _ fill: @Sendable (Range<Int>, UninitializedTarget<Element>) -> Void
  ) -> [Element] {
    let chunkCount = Swift.max(1, Swift.min(count, chunks))
    return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      let target = UninitializedTarget(base: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        // Even split: no chunk is empty or past the end, whatever `count` is.
        fill((chunk * count / chunkCount)..<((chunk + 1) * count / chunkCount), target)
      }
      initialized = count
    }
  }
}

/// Where `Array.parallelFill` puts its results: raw, uninitialised storage shared by the
/// chunks, each writing only its own indexes.
public struct UninitializedTarget<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>?

  /// Initialises element `index` (once; it must not have been initialised).
  @inline(__always)
  public func initialize(_ index: Int, to value: consuming Element) {
    base.unsafelyUnwrapped.advanced(by: index).initialize(to: value)
  }
}

/// Read-only elements shared with the threads of a parallel loop.
struct SharedBuffer<Element>: @unchecked Sendable {
  let buffer: UnsafeBufferPointer<Element>
  init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }
  subscript(index: Int) -> Element { buffer[index] }
}

/// Elements shared with the threads of a parallel loop for writing, each element by one
/// thread only.
struct SharedMutableBuffer<Element>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Element>
  init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
