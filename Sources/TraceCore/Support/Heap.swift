/// A binary heap ordered by a closure: `pop` returns the element for which `before` holds
/// against every other. Small and local; swift-collections' `Heap` needs `Comparable` elements.
struct Heap<Element> {
  private var items: [Element]
  private let before: (Element, Element) -> Bool

  init(_ elements: [Element], by before: @escaping (Element, Element) -> Bool) {
    items = elements
    self.before = before
    for index in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
  }

  func peek() -> Element? { items.first }

  mutating func push(_ element: Element) {
    items.append(element)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard before(items[child], items[parent]) else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Element? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let top = items.removeLast()
    siftDown(0)
    return top
  }

  private mutating func siftDown(_ start: Int) {
    var parent = start
    while true {
      let left = 2 * parent + 1, right = left + 1
      var best = parent
      if left < items.count, before(items[left], items[best]) { best = left }
      if right < items.count, before(items[right], items[best]) { best = right }
      if best == parent { return }
      items.swapAt(parent, best)
      parent = best
    }
  }
}
