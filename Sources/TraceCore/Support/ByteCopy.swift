/// Copies `count` bytes from `source` to `target` (not overlapping). Runs up to 32 bytes —
/// most of what the writers append: a tag, a cell, a key — are copied as two to four
/// unaligned words that may overlap each other, inline; longer runs call `memcpy`. A byte
/// loop cost three instructions a byte and a `memcpy` call twenty or more before copying
/// anything (callgrind).
@inlinable @inline(__always)
public func copyBytes(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
  switch count {
  case 0:
    return
  case 1...3:
    // First, middle and last byte: every byte of 1, 2 or 3.
    let first = source.load(as: UInt8.self), middle = source.load(fromByteOffset: count >> 1, as: UInt8.self)
    let last = source.load(fromByteOffset: count - 1, as: UInt8.self)
    target.storeBytes(of: first, as: UInt8.self)
    target.storeBytes(of: middle, toByteOffset: count >> 1, as: UInt8.self)
    target.storeBytes(of: last, toByteOffset: count - 1, as: UInt8.self)
  case 4...7:
    let head = source.loadUnaligned(as: UInt32.self)
    let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    target.storeBytes(of: head, as: UInt32.self)
    target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
  case 8...16:
    let head = source.loadUnaligned(as: UInt64.self)
    let tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    target.storeBytes(of: head, as: UInt64.self)
    target.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
  case 17...32:
    let a = source.loadUnaligned(as: UInt64.self)
    let b = source.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let c = source.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
    let d = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    target.storeBytes(of: a, as: UInt64.self)
    target.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
    target.storeBytes(of: c, toByteOffset: count - 16, as: UInt64.self)
    target.storeBytes(of: d, toByteOffset: count - 8, as: UInt64.self)
  default:
    target.copyMemory(from: source, byteCount: count)
  }
}
