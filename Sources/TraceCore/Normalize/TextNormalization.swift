import Foundation

/// Shared text clean-up used by every normaliser.
public enum TextNormalization {
  /// NFKC, skipped when every scalar is ASCII or a CJK unified ideograph (U+4E00–U+9FFF), for
  /// which NFKC is the identity: most cells, and NFKC on Linux is slow.
  public static func nfkc(_ text: String) -> String {
    let unchanged = text.utf8.allSatisfy { $0 < 0x80 } || isASCIIOrCJK(text)
    return unchanged ? text : text.precomposedStringWithCompatibilityMapping
  }

  /// Whether every scalar is ASCII or a CJK unified ideograph (U+4E00–U+9FFF): text that NFKC
  /// leaves as it is, and in which each scalar is one `Character`.
  static func isASCIIOrCJK(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0.isASCII || (0x4E00...0x9FFF).contains($0.value) }
  }

  /// NFKC (full-width → ASCII, compatibility forms folded), trimmed, inner whitespace
  /// collapsed to one space.
  public static func clean(_ text: String) -> String {
    let folded = nfkc(text)
    var out = ""
    out.reserveCapacity(folded.utf8.count)
    var pendingSpace = false
    for scalar in folded.unicodeScalars {
      if isSpace(scalar) || isInvisible(scalar) {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace {
        out.unicodeScalars.append(" ")
        pendingSpace = false
      }
      out.unicodeScalars.append(scalar)
    }
    return out
  }

  /// `clean` without any spaces or punctuation, lower-cased: the comparison form of a key.
  public static func compact(_ text: String) -> String {
    var text = text
    if let fast = text.withUTF8(compactASCIIAndCJK) { return fast }
    return compactAnyText(text)
  }

  /// `compact` for any text (the general path).
  static func compactAnyText(_ text: String) -> String {
    let folded = nfkc(text).lowercased()
    var out = String.UnicodeScalarView()
    for scalar in folded.unicodeScalars
    where !isSpace(scalar) && !isInvisible(scalar)
      && (scalar.isASCII
        ? (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        : (0x4E00...0x9FFF).contains(scalar.value)
          || (!CharacterSet.punctuationCharacters.contains(scalar)
            && !CharacterSet.symbols.contains(scalar)))
    {
      out.append(scalar)
    }
    return String(out)
  }

  /// `compact` of text whose every scalar is ASCII, a CJK unified ideograph (U+4E00–U+9FFF),
  /// a full-width form of ASCII (U+FF01–U+FF5E, as Chinese input methods type digits and
  /// letters) or the ideographic space, done on the UTF-8 bytes: NFKC is the identity on the
  /// first two and turns a full-width form into its ASCII character, lower-casing touches
  /// only A–Z, and the kept scalars are ASCII letters and digits and every ideograph. `nil`
  /// for any other text, which takes the general path. Nearly all cells are such text; the
  /// general path costs three `String` passes and a `CharacterSet` lookup per scalar.
  static func compactASCIIAndCJK(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var supported = true
    let result = String(unsafeUninitializedCapacity: bytes.count) { out in
      guard let count = compactASCIIAndCJK(bytes, into: out) else {
        supported = false
        return 0
      }
      return count
    }
    return supported ? result : nil
  }

  /// `compactASCIIAndCJK` written into `out` (room for `bytes.count` bytes): how many bytes it
  /// wrote, or `nil` for text the byte path does not handle.
  static func compactASCIIAndCJK(
    _ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>
  ) -> Int? {
    var n = 0, i = 0
    /// Writes what `compact` keeps of ASCII character `byte`.
    func keepASCII(_ byte: UInt8) {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        out[n] = byte | 0x20
        n += 1
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        out[n] = byte
        n += 1
      default: break
      }
    }
    while i < bytes.count {
      let byte = bytes[i]
      if byte < 0x80 {
        keepASCII(byte)
        i += 1
      } else if byte == 0xEF, i + 2 < bytes.count,
        case let scalar = (UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)) | 0xF000,
        (0xFF01...0xFF5E).contains(scalar)
      {
        keepASCII(UInt8(scalar - 0xFEE0))  // a full-width form: NFKC gives its ASCII twin
        i += 3
      } else if byte == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
        i += 3  // U+3000, the ideographic space: white space, dropped
      } else if startsCJKIdeograph(bytes, at: i) {
        out[n] = byte
        out[n + 1] = bytes[i + 1]
        out[n + 2] = bytes[i + 2]
        n += 3
        i += 3
      } else {
        return nil
      }
    }
    return n
  }

  /// Whether a CJK unified ideograph (U+4E00–U+9FFF, three bytes) starts at `index` of the
  /// valid UTF-8 `bytes` (pool values are valid): told by its lead byte alone, and the second
  /// byte for U+4E00's block.
  @inline(__always)
  static func startsCJKIdeograph(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    let byte = bytes[index]
    return (0xE4...0xE9).contains(byte) && index + 2 < bytes.count && (byte != 0xE4 || bytes[index + 1] >= 0xB8)
  }

  /// The value trimmed of surrounding whitespace; free when there is none (the usual case).
  public static func trimmed(_ text: String) -> String {
    var utf8 = text
    if !utf8.withUTF8(startsOrEndsWithSpace) { return text }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Whether the first or the last scalar of UTF-8 `bytes` is white space: whether
  /// `trimmed` would change the text.
  static func startsOrEndsWithSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let lastByte = bytes.last else { return false }
    if bytes[0] < 0x80 && lastByte < 0x80 {
      return isSpace(Unicode.Scalar(bytes[0])) || isSpace(Unicode.Scalar(lastByte))
    }
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    if case .scalarValue(let first) = decoder.decode(&iterator), isSpace(first) { return true }
    var start = bytes.count - 1
    while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    var tail = UnsafeBufferPointer(rebasing: bytes[start...]).makeIterator()
    if case .scalarValue(let last) = decoder.decode(&tail), isSpace(last) { return true }
    return false
  }

  /// Whether every scalar is whitespace (an empty cell).
  /// Whether `text` contains `word`, compared as UTF-8 bytes (both already normalised).
  /// Foundation's `contains` goes through NSString and locale-aware folding: ten times
  /// slower on the hub check of every address.
  public static func contains(_ text: String, _ word: String) -> Bool {
    var text = text, word = word
    return text.withUTF8 { haystack in
      word.withUTF8 { needle in
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
          if memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0 { return true }
        }
        return false
      }
    }
  }

  /// `isBlank` of UTF-8 bytes, scalar by scalar, stopping at the first that is not blank (the
  /// first byte, for nearly every cell): no `String` is made.
  public static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): if !isSpace(scalar) && !isInvisible(scalar) { return false }
      case .emptyInput: return true
      case .error: return false  // shown as U+FFFD, which is not blank
      }
    }
  }

  public static func isBlank(_ text: String) -> Bool {
    var utf8 = text
    return utf8.withUTF8 { isBlank($0) }
  }

  /// Unicode white space, tested without `CharacterSet` (slow on Linux).
  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
      0x3000:
      true
    default: false
    }
  }

  /// Zero-width and bidirectional control characters, which never belong in a key.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: true
    default: false
    }
  }
}
