/// Scans a worksheet part piece by piece as it is inflated, so that its XML is never held
/// whole.
///
/// A million leads' worksheet inflates to 180 MB of XML. Inflated into one buffer and then
/// scanned, it cost 45,000 page faults of fresh memory (0.6 s per GB on this kind of host)
/// and was read back from main memory; fed here in the inflater's pieces, each piece is
/// scanned while it is still in the cache. A piece is scanned up to the end of its last
/// complete row (`</row>`: text cannot hold `<`, so the tag is never inside a value); the
/// rest waits for the next piece.
struct WorksheetStream {
  typealias RowHandler = (Int, [WorksheetScanner.Cell], UnsafeBufferPointer<UInt8>) -> Bool

  /// Bytes received but not scanned yet: the start of a row whose end has not arrived.
  private var pending: [UInt8] = []
  /// The number of the last row scanned.
  private var rowNumber = 0
  /// Whether a row handler returned `false`; later pieces are then ignored.
  private(set) var stopped = false
  /// Bytes that may wait for a row's end; past them the stream stops, `overflowed`.
  private let maxPending: Int
  /// Whether more than `maxPending` bytes came without a row's end (a row too large, or
  /// a part of white space): nothing more is scanned.
  private(set) var overflowed = false

  init(maxPending: Int = .max) {
    self.maxPending = maxPending
    pending.reserveCapacity(1 << 19)
  }

  /// Takes the next inflated bytes and scans every row they complete.
  mutating func feed(_ chunk: UnsafeRawBufferPointer, row: RowHandler) {
    guard !stopped else { return }
    // What was pending holds no closing row tag, but may hold the start of one: its `row>`
    // starts at most three bytes before the new bytes.
    let searchFrom = max(0, pending.count - 3)
    pending.append(contentsOf: chunk)
    guard let end = Self.endOfLastRow(in: pending, from: searchFrom) else {
      if pending.count > maxPending {
        overflowed = true
        stopped = true
        pending = []
      }
      return
    }
    scan(upTo: end, row: row)
    pending.removeSubrange(..<end)
  }

  /// Scans whatever is left once the part has been inflated whole.
  mutating func finish(row: RowHandler) {
    guard !stopped else { return }
    scan(upTo: pending.count, row: row)
    pending.removeAll()
  }

  private mutating func scan(upTo end: Int, row: RowHandler) {
    var number = rowNumber
    let finished = pending.withUnsafeBufferPointer { bytes in
      WorksheetScanner.scan(UnsafeBufferPointer(rebasing: bytes[..<end]), rowNumber: &number, row: row)
    }
    rowNumber = number
    stopped = !finished
  }

  /// The index just past the last closing row tag (`</row>`, or `</x:row>` with a prefix)
  /// in `bytes` that starts at `from` or later, searched from the end (what follows it is
  /// less than a row). Text may hold `row>` but never `<`, so a match is checked back to
  /// its `</`.
  static func endOfLastRow(in bytes: [UInt8], from: Int = 0) -> Int? {
    let tail: StaticString = "row>"
    let length = tail.utf8CodeUnitCount
    return bytes.withUnsafeBufferPointer { bytes -> Int? in
      var start = bytes.count - length
      while start >= max(from, 2) {
        if bytes[start] == UInt8(ascii: "r"),
          WorksheetScanner.same(UnsafeBufferPointer(rebasing: bytes[start..<start + length]), tail),
          opensClosingTag(bytes, before: start)
        {
          return start + length
        }
        start -= 1
      }
      return nil
    }
  }

  /// Whether the name ending just before `end` is that of a closing tag: `</` right before
  /// it, or `</` then a prefix and `:`.
  private static func opensClosingTag(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
    var i = end - 1
    if bytes[i] == UInt8(ascii: ":") {
      i -= 1
      while i >= 1, bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: "<"), bytes[i] != UInt8(ascii: ">"),
        bytes[i] != 0x20
      {
        i -= 1
      }
    }
    return i >= 1 && bytes[i] == UInt8(ascii: "/") && bytes[i - 1] == UInt8(ascii: "<")
  }
}
