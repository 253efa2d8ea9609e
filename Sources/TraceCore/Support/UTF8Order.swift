import Foundation

extension String {
  /// Whether `self` sorts before `other` byte by byte in UTF-8 — the order of their Unicode
  /// scalars, which every output uses. One `memcmp` instead of a generic per-byte loop: sorting
  /// the keys of a million-lead graph spent a tenth of its time comparing.
  @inlinable
  public func utf8Precedes(_ other: String) -> Bool {
    var a = self, b = other
    return a.withUTF8 { x in
      b.withUTF8 { y in
        let shared = Swift.min(x.count, y.count)
        if shared > 0 {
          let order = memcmp(x.baseAddress!, y.baseAddress!, shared)
          if order != 0 { return order < 0 }
        }
        return x.count < y.count
      }
    }
  }
}
