extension Array where Element: Comparable {
  /// The first index whose element is not less than `value`, in an ascending array
  /// (binary search): `value`'s index when present.
  @inlinable
  public func lowerBound(of value: Element) -> Int {
    var low = 0, high = count
    while low < high {
      let mid = (low + high) / 2
      if self[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The distinct elements of an ascending array, ascending (what `Array(Set(self)).sorted()`
  /// gives, without hashing).
  @inlinable
  public func uniquedSorted() -> [Element] {
    var result: [Element] = []
    result.reserveCapacity(count)
    for element in self where result.last != element { result.append(element) }
    return result
  }
}
