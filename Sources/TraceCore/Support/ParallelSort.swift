import Foundation

extension Array where Element: Sendable {
  /// `sorted(by:)` on every core: equal slices sorted in parallel, then merged pairwise.
  ///
  /// The result equals `sorted(by:)` whenever `areInIncreasingOrder` is a strict total order
  /// (no two elements tie), as for the distinct keys of stores and entities; with ties, equal
  /// elements keep their input order, as `sorted(by:)` does.
  /// - Parameter serialBelow: below this many elements the sort runs serially.
  public func parallelSorted(
    serialBelow: Int = 65_536, by areInIncreasingOrder: @Sendable (Element, Element) -> Bool
  ) -> [Element] {
    let parts = Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8)
    guard parts > 1, count >= serialBelow else { return sorted(by: areInIncreasingOrder) }
    let slots = ResultSlots<[Element]>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      let range = (part * count / parts)..<((part + 1) * count / parts)
      slots.set(part, self[range].sorted(by: areInIncreasingOrder))
    }
    var runs = slots.values()
    while runs.count > 1 {
      var next: [[Element]] = []
      next.reserveCapacity((runs.count + 1) / 2)
      var index = 0
      while index + 1 < runs.count {
        next.append(Self.merged(runs[index], runs[index + 1], by: areInIncreasingOrder))
        index += 2
      }
      if index < runs.count { next.append(runs[index]) }
      runs = next
    }
    return runs.first ?? []
  }

  /// Two sorted runs merged; on a tie the element of `left` (earlier in the input) comes first.
  private static func merged(
    _ left: [Element], _ right: [Element], by areInIncreasingOrder: (Element, Element) -> Bool
  ) -> [Element] {
    var result: [Element] = []
    result.reserveCapacity(left.count + right.count)
    var i = 0, j = 0
    while i < left.count, j < right.count {
      if areInIncreasingOrder(right[j], left[i]) {
        result.append(right[j])
        j += 1
      } else {
        result.append(left[i])
        i += 1
      }
    }
    result.append(contentsOf: left[i...])
    result.append(contentsOf: right[j...])
    return result
  }
}
