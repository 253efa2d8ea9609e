/// CRC-32 (IEEE 802.3, as in ZIP), slicing-by-8.
///
/// ZIPFoundation checks entries with a bytewise CRC in Swift on Linux (its zlib `crc32` is
/// compiled only where a `zlib` module exists): that check was the largest single cost of
/// reading a 27 MB workbook. Entries are extracted without it and checked here, eight bytes
/// per step.
enum CRC32 {
  private static let tables: [[UInt32]] = {
    var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
    for n in 0..<256 {
      var c = UInt32(n)
      for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
      tables[0][n] = c
    }
    for n in 0..<256 {
      for k in 1..<8 { tables[k][n] = (tables[k - 1][n] >> 8) ^ tables[0][Int(tables[k - 1][n] & 0xFF)] }
    }
    return tables
  }()

  /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
  static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    var c = ~crc
    var i = 0
    let count = bytes.count
    let t = tables
    t[0].withUnsafeBufferPointer { t0 in
      t[1].withUnsafeBufferPointer { t1 in
        t[2].withUnsafeBufferPointer { t2 in
          t[3].withUnsafeBufferPointer { t3 in
            t[4].withUnsafeBufferPointer { t4 in
              t[5].withUnsafeBufferPointer { t5 in
                t[6].withUnsafeBufferPointer { t6 in
                  t[7].withUnsafeBufferPointer { t7 in
                    while i + 8 <= count {
                      let low = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ c
                      let high = bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                      c = t7[Int(low & 0xFF)] ^ t6[Int((low >> 8) & 0xFF)] ^ t5[Int((low >> 16) & 0xFF)]
                        ^ t4[Int(low >> 24)] ^ t3[Int(high & 0xFF)] ^ t2[Int((high >> 8) & 0xFF)]
                        ^ t1[Int((high >> 16) & 0xFF)] ^ t0[Int(high >> 24)]
                      i += 8
                    }
                    while i < count {
                      c = t0[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                      i += 1
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return ~c
  }
}
