import Foundation

/// The order every output uses: UTF-8 bytes compared byte by byte, which is the order of
/// the Unicode scalars. One `memcmp` instead of a generic per-byte loop: sorting the keys of
/// a million-lead graph spent a tenth of its time comparing.
public enum UTF8Order {
  /// Whether `x` sorts before `y`.
  @inlinable
  public static func precedes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    let shared = Swift.min(x.count, y.count)
    if shared > 0, let a = x.baseAddress, let b = y.baseAddress {
      let order = memcmp(a, b, shared)
      if order != 0 { return order < 0 }
    }
    return x.count < y.count
  }
}

extension String {
  /// Whether `self` sorts before `other` in `UTF8Order`.
  @inlinable
  public func utf8Precedes(_ other: String) -> Bool {
    var a = self, b = other
    return a.withUTF8 { x in b.withUTF8 { y in UTF8Order.precedes(x, y) } }
  }
}
