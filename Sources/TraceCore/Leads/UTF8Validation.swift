#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Checks that bytes are well-formed UTF-8 without building a `String` (the input may be
/// hundreds of megabytes). ASCII runs are skipped eight bytes at a time.
enum UTF8Validation {
  /// Whether `bytes` hold a zero byte (a binary file): `memchr`, many bytes a step, where
  /// `contains(0)` took one byte a step and cost a third as much as validating.
  static func containsNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    return memchr(base, 0, bytes.count) != nil
  }

  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
    let count = bytes.count
    var i = 0
    while i < count {
      if i + 8 <= count,
        base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        i += 8
        continue
      }
      let b0 = bytes[i]
      if b0 < 0x80 {
        i += 1
        continue
      }
      // Chinese text is mostly runs of three-byte characters whose lead byte rules out
      // overlong forms and surrogates (not E0, not ED): checked a character a step, from
      // one four-byte load while one fits, without decoding the scalar.
      if b0 & 0xF0 == 0xE0, b0 != 0xE0, b0 != 0xED, i + 3 <= count {
        while i + 4 <= count {
          let word = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
          let lead = word & 0xFF
          guard word & 0x00C0_C0F0 == 0x0080_80E0, lead != 0xE0, lead != 0xED else { break }
          i += 3
        }
        if i + 3 <= count, bytes[i] & 0xF0 == 0xE0, bytes[i] != 0xE0, bytes[i] != 0xED {
          guard bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 else { return false }
          i += 3
        }
        continue
      }
      let length: Int
      var minimum: UInt32
      var scalar: UInt32
      switch b0 {
      case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(b0 & 0x1F))
      case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(b0 & 0x0F))
      case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(b0 & 0x07))
      default: return false
      }
      guard i + length <= count else { return false }
      for k in 1..<length {
        let b = bytes[i + k]
        guard b & 0xC0 == 0x80 else { return false }
        scalar = scalar << 6 | UInt32(b & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
        return false
      }
      minimum = 0
      i += length
    }
    return true
  }
}
