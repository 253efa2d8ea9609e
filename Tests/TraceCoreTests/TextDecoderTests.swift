import Testing
@testable import TraceCore

@Suite struct TextDecoderTests {
  /// Text with ASCII, CJK, a two-byte scalar, a four-byte scalar (a surrogate pair in
  /// UTF-16) and a line break.
  static let sample = "店铺 A1,¥39.8,😀 书\r\n末行"

  static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
    for unit in text.utf16 {
      bytes += littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
    }
    return bytes
  }

  @Test(arguments: [true, false])
  func utf16BecomesTheSameUTF8(littleEndian: Bool) {
    let bytes = Self.utf16(Self.sample, littleEndian: littleEndian)
    let decoded = TextDecoder.utf8Bytes(of: bytes, encoding: littleEndian ? .utf16LE : .utf16BE)
    #expect(decoded == Array(Self.sample.utf8))
  }

  /// Random text of ASCII runs of every length between other scalars (two-, three- and
  /// four-byte UTF-8, controls, U+0080 and U+00FF whose units look almost ASCII), both byte
  /// orders: exactly the text's UTF-8, whichever units go four at a time.
  @Test(arguments: [true, false])
  func randomTextBecomesTheSameUTF8(littleEndian: Bool) {
    var rng = SplitMix64(seed: littleEndian ? 16 : 61)
    let pieces = ["a", "Z", "0", ",", "\t", "\u{7F}", "\u{80}", "\u{FF}", "\u{100}", "é", "¥", "书", "號", "😀", "\u{FFFF}", "\r\n", "\u{0}"]
    for _ in 0..<300 {
      let text = (0..<rng.below(40)).map { _ in pieces[rng.below(pieces.count)] }.joined()
      let bytes = Self.utf16(text, littleEndian: littleEndian)
      #expect(TextDecoder.utf8Bytes(of: bytes, encoding: littleEndian ? .utf16LE : .utf16BE) == Array(text.utf8), "\(text)")
    }
  }

  /// UTF-16 without a byte-order mark is told from binary by where its NUL bytes are.
  @Test func utf16WithoutAByteOrderMarkIsDetected() {
    let sheet = "出版社,平台,店铺ID,联系电话\r\n人民文学出版社,抖音,DY100201,13800138000\r\n"
    for littleEndian in [true, false] {
      let bytes = Array(Self.utf16(sheet, littleEndian: littleEndian).dropFirst(2))  // no mark
      #expect(TextDecoder.detect(bytes) == (littleEndian ? .utf16LE : .utf16BE))
      #expect(TextDecoder.utf8Bytes(of: bytes, encoding: littleEndian ? .utf16LE : .utf16BE) == Array(sheet.utf8))
    }
    // Binary: NULs in both places (every byte value in turn), or too few bytes to tell.
    #expect(TextDecoder.detect((0..<1024).map { UInt8($0 % 256) }) == nil)
    #expect(TextDecoder.detect([0x41, 0x00]) == nil)
  }

  @Test func unpairedSurrogatesAndOddLengthsAreUndecodable() {
    // A lone high surrogate, a lone low surrogate, a high surrogate at the very end.
    for units: [UInt16] in [[0x0041, 0xD83D, 0x0042], [0xDE00, 0x0041], [0x0041, 0xD83D]] {
      let bytes: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
      #expect(TextDecoder.utf8Bytes(of: bytes, encoding: .utf16LE) == nil)
    }
    #expect(TextDecoder.utf8Bytes(of: [0xFF, 0xFE, 0x41], encoding: .utf16LE) == nil)
  }

  @Test func gb18030RoundTripsThroughIconv() throws {
    let text = "新华书店,¥39.8,１５９,號"
    let gb = try #require(TextDecoder.iconv(Array(text.utf8), from: "UTF-8", to: "GB18030"))
    #expect(gb != Array(text.utf8))
    #expect(TextDecoder.utf8Bytes(of: gb, encoding: .gb18030) == Array(text.utf8))
    #expect(TextDecoder.iconv([0x81], from: "GB18030", to: "UTF-8") == nil)  // a cut sequence
  }

  /// The table decoder converts every two-byte code, four-byte codes across the BMP and
  /// beyond, and mixed text exactly as iconv does, and rejects what iconv rejects.
  @Test func gb18030TablesConvertAsIconvDoes() throws {
    func iconv(_ bytes: [UInt8]) -> [UInt8]? { TextDecoder.iconv(bytes, from: "GB18030", to: "UTF-8") }
    func tables(_ bytes: [UInt8]) -> [UInt8]? { bytes.withUnsafeBufferPointer { GB18030.utf8($0) } }
    var codes: [[UInt8]] = []
    for lead in 0x81...0xFE {
      for trail in 0x40...0xFE where trail != 0x7F { codes.append([UInt8(lead), UInt8(trail)]) }
    }
    for index in stride(from: 0, to: 39_420, by: 7) { codes.append(GB18030.Tables.fourByteCode(index: index)) }
    codes += [[0x84, 0x31, 0xA4, 0x39], [0x90, 0x30, 0x81, 0x30], [0x95, 0x32, 0x82, 0x36], [0xE3, 0x32, 0x9A, 0x35]]
    var converted = 0
    for code in codes {
      let expected = iconv(code)
      #expect(tables(code) == expected, "\(code.map { String($0, radix: 16) })")
      if expected != nil { converted += 1 }
      // The table alone, without the fall-back to iconv, agrees wherever it answers.
      if let direct = code.withUnsafeBufferPointer({ GB18030.Tables.shared.convert($0) }) { #expect(direct == expected) }
    }
    #expect(converted > 24_000)
    // Rejected: a lone high byte, cut sequences, codes past the end of Unicode.
    for bad: [UInt8] in [[0x80], [0xFF], [0xD6], [0x81, 0x30], [0x81, 0x30, 0x81], [0x84, 0x31, 0xA5, 0x30], [0xE3, 0x32, 0x9A, 0x36], [0xFE, 0x39, 0xFE, 0x39]] {
      #expect(tables(Array("ok,".utf8) + bad) == iconv(Array("ok,".utf8) + bad))
      #expect(tables(bad) == nil)
    }
    // Mixed text: ASCII runs of every length between characters of every kind.
    var state: UInt64 = 42
    var text: [UInt8] = []
    for _ in 0..<5000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let pick = Int(state >> 33)
      text += Array(repeating: UInt8(ascii: "a") + UInt8(pick % 26), count: pick % 11)
      let code = codes[pick % codes.count]
      if iconv(code) != nil { text += code }
    }
    let expected = try #require(iconv(text))
    #expect(tables(text) == expected)
  }

  @Test func utf8ByteOrderMarkIsDropped() {
    let text = Array("线索编号,x".utf8)
    #expect(TextDecoder.utf8Bytes(of: [0xEF, 0xBB, 0xBF] + text, encoding: .utf8BOM) == text)
    #expect(TextDecoder.utf8Bytes(of: [0xC3, 0x28], encoding: .utf8) == nil)
  }
}

@Suite struct UTF8ValidationTests {
  static func isValid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(UTF8Validation.isValid) }

  /// Overlong forms, surrogates, values above U+10FFFF, stray and missing continuation
  /// bytes: invalid; everything else (CJK, emoji, ASCII runs) valid.
  @Test func edgeCases() {
    #expect(Self.isValid(Array("线索 ABC 😀 é 號".utf8)))
    for bad: [UInt8] in [
      [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80],
      [0xE4, 0xB8], [0xE4, 0x28, 0xA0], [0xE4, 0xB8, 0x28], [0xF0, 0x9F, 0x98], [0xFF],
    ] {
      #expect(!Self.isValid(bad), "\(bad)")
      #expect(!Self.isValid(Array("前缀".utf8) + bad + Array("12345678".utf8)), "\(bad)")
    }
  }

  /// Random mixtures of valid text and corrupted bytes agree with the standard library.
  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func agreesWithTheStandardLibrary(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for _ in 0..<500 {
      var bytes = Array(String(repeating: "线索号ab😀é", count: 1 + rng.below(4)).utf8)
      for _ in 0..<rng.below(3) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
      #expect(Self.isValid(bytes) == (String(validating: bytes, as: UTF8.self) != nil))
    }
  }
}

/// Text taken for UTF-8 is checked in its distinct values as it is read, and detection looks
/// at the first megabyte: the same files are UTF-8, GB18030 or undecodable as when every
/// byte was checked first.
@Suite struct UTF8CheckedAsReadTests {
  static let header = Array("publisher,platform,store_id,lead_id\n".utf8)
  /// 人民 in GB18030 (invalid as UTF-8).
  static let renminGB18030: [UInt8] = [0xC8, 0xCB, 0xC3, 0xF1]

  static func reason(_ bytes: [UInt8], encoding: TextEncoding? = nil) -> LeadFileError.Reason? {
    do {
      _ = try LeadSheetReader.read(bytes: bytes, path: "x.csv", options: LeadReadOptions(encoding: encoding))
      return nil
    } catch {
      return error.reason
    }
  }

  /// A GB18030 sheet whose first megabyte is ASCII is read as GB18030 (guessed UTF-8 from
  /// that megabyte, then read again).
  @Test func gb18030AfterAMegabyteOfASCIIIsStillGB18030() throws {
    var bytes = Self.header
    var row = 0
    while bytes.count < (1 << 20) + 1000 {
      bytes += Array("P,tb,S\(row),L\(row)\n".utf8)
      row += 1
    }
    bytes += Self.renminGB18030 + Array(",tb,S-last,L-last\n".utf8)
    let result = try LeadSheetReader.read(bytes: bytes, path: "late.csv")
    #expect(result.encoding == .gb18030)
    #expect(result.leads.count == row + 1)
    #expect(result.leads.last?[.publisher] == "人民")
  }

  @Test func aByteThatIsNotUTF8MakesTheFileUndecodable() {
    let bad: [UInt8] = [0xEF, 0xBB, 0xBF] + Self.header + Array("P,tb,S1,L1\nP,tb,S".utf8) + [0xFF] + Array(",L2\n".utf8)
    #expect(Self.reason(bad) == .undecodable(.utf8BOM))
    // Also when the header is not recognised: undecodable is said first, as before.
    let noHeader: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("foo,bar\nx,".utf8) + [0xC3] + Array("\n".utf8)
    #expect(Self.reason(noHeader) == .undecodable(.utf8BOM))
    // A GB18030 file read as UTF-8 by `--encoding`.
    let gb = Self.header + Self.renminGB18030 + Array(",tb,S1,L1\n".utf8)
    #expect(Self.reason(gb, encoding: .utf8) == .undecodable(.utf8))
    #expect(Self.reason(gb) == nil)
  }
}
