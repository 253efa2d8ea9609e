#if canImport(Glibc)
  import Glibc
#endif

/// GB18030 (and so GBK and GB2312) to UTF-8, by table.
///
/// glibc's iconv converts through UCS-4 a character at a time: a million leads' GB18030
/// file (37 MB) took 0.23 s more to read than the same leads in UTF-8. Here ASCII is
/// copied eight bytes at a time, and two- and four-byte characters are looked up in
/// tables made once, from iconv itself, so every character converts exactly as iconv
/// converts it. Anything the tables do not hold (a malformed or cut sequence, a code iconv
/// rejects) sends the whole text to iconv, which then converts or rejects it as before.
enum GB18030 {
  /// `text` as UTF-8, or `nil` when iconv rejects it.
  static func utf8(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    if let converted = Tables.shared.convert(text) { return converted }
    return TextDecoder.iconv(text, from: "GB18030", to: "UTF-8")
  }

  /// The scalars of every two-byte code and of the four-byte codes of the BMP.
  struct Tables: Sendable {
    /// By `(lead - 0x81) * 191 + (trail - 0x40)`; 0 where iconv rejects the code.
    let twoByte: [UInt32]
    /// By the four-byte code's linear index (0 for 0x81308130); 0 where iconv rejects it.
    let fourByte: [UInt32]
    /// Four-byte codes from this linear index (0x90308130) are U+10000 onwards in order.
    static let supplementaryStart = 189_000

    static let shared = Tables()

    init() {
      var twoByte = [UInt32](repeating: 0, count: 126 * 191)
      var fourByte = [UInt32](repeating: 0, count: 39_420)
      let handle = iconv_open("UTF-32LE", "GB18030")
      if let handle, handle != iconv_t(bitPattern: -1) {
        defer { iconv_close(handle) }
        for lead in 0..<126 {
          let codes = (0..<191).map { [UInt8(0x81 + lead), UInt8(0x40 + $0)] }
          Self.convert(codes, with: handle, into: &twoByte, at: lead * 191)
        }
        for run in stride(from: 0, to: fourByte.count, by: 1260) {
          let codes = (run..<min(run + 1260, fourByte.count)).map { Self.fourByteCode(index: $0) }
          Self.convert(codes, with: handle, into: &fourByte, at: run)
        }
      }
      self.twoByte = twoByte
      self.fourByte = fourByte
    }

    /// The four bytes of the four-byte code with linear index `index`.
    static func fourByteCode(index: Int) -> [UInt8] {
      [
        UInt8(0x81 + index / 12_600), UInt8(0x30 + index / 1260 % 10), UInt8(0x81 + index / 10 % 126),
        UInt8(0x30 + index % 10),
      ]
    }

    /// Converts each of `codes` (one character each) with iconv, writing its scalar to
    /// `table[start + i]`: all in one call when they all convert, else one by one, a
    /// rejected code left 0.
    private static func convert(_ codes: [[UInt8]], with handle: iconv_t, into table: inout [UInt32], at start: Int) {
      if let scalars = scalars(of: codes.flatMap { $0 }, with: handle), scalars.count == codes.count {
        for (offset, scalar) in scalars.enumerated() { table[start + offset] = scalar }
        return
      }
      for (offset, code) in codes.enumerated() {
        if let scalars = scalars(of: code, with: handle), scalars.count == 1 { table[start + offset] = scalars[0] }
      }
    }

    /// The scalars iconv makes of `bytes`, or `nil` if it rejects any of them.
    private static func scalars(of bytes: [UInt8], with handle: iconv_t) -> [UInt32]? {
      _ = Glibc.iconv(handle, nil, nil, nil, nil)  // a fresh state after any earlier error
      var input = bytes
      var output = [UInt32](repeating: 0, count: bytes.count)
      let produced: Int? = input.withUnsafeMutableBytes { inRaw in
        output.withUnsafeMutableBytes { outRaw in
          var inPointer: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
          var inLeft = inRaw.count
          var outPointer: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
          var outLeft = outRaw.count
          let result = Glibc.iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
          return result == size_t.max || inLeft != 0 ? nil : (outRaw.count - outLeft) / 4
        }
      }
      guard let produced else { return nil }
      return output.prefix(produced).map { UInt32(littleEndian: $0) }
    }

    /// `text` as UTF-8, or `nil` at the first byte sequence the tables do not hold.
    func convert(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
      guard let input = UnsafeRawPointer(text.baseAddress) else { return [] }
      let count = text.count
      var complete = true
      // Each character becomes at most twice its bytes (two bytes → a four-byte scalar).
      let output = [UInt8](unsafeUninitializedCapacity: count * 2) { out, written in
        twoByte.withUnsafeBufferPointer { twoByte in
          fourByte.withUnsafeBufferPointer { fourByte in
            var i = 0, o = 0
            while i < count {
              if i + 8 <= count {
                let word = input.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                  UnsafeMutableRawPointer(out.baseAddress! + o).storeBytes(of: word, as: UInt64.self)
                  i += 8
                  o += 8
                  continue
                }
              }
              let b0 = text[i]
              if b0 < 0x80 {
                out[o] = b0
                i += 1
                o += 1
                continue
              }
              var scalar: UInt32 = 0
              if b0 >= 0x81, b0 <= 0xFE, i + 1 < count {
                let b1 = text[i + 1]
                if b1 >= 0x30, b1 <= 0x39 {
                  if i + 3 < count, text[i + 2] >= 0x81, text[i + 2] <= 0xFE, text[i + 3] >= 0x30, text[i + 3] <= 0x39 {
                    let index =
                      ((Int(b0) - 0x81) * 10 + Int(b1) - 0x30) * 1260 + (Int(text[i + 2]) - 0x81) * 10
                      + Int(text[i + 3]) - 0x30
                    if index < fourByte.count {
                      scalar = fourByte[index]
                    } else if index >= Self.supplementaryStart, index - Self.supplementaryStart <= 0xFFFFF {
                      scalar = 0x10000 + UInt32(index - Self.supplementaryStart)
                    }
                    i += 4
                  }
                } else if b1 >= 0x40, b1 <= 0xFE, b1 != 0x7F {
                  scalar = twoByte[(Int(b0) - 0x81) * 191 + Int(b1) - 0x40]
                  i += 2
                }
              }
              guard scalar != 0 else {
                complete = false
                break
              }
              o += TextDecoder.writeUTF8(scalar, to: out.baseAddress! + o)
            }
            written = complete ? o : 0
          }
        }
      }
      return complete ? output : nil
    }
  }
}
