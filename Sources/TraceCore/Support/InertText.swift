/// Text from the leads made inert wherever it is shown: every character that would act
/// rather than show is written as its code, `⟨U+202E⟩`, so the reader sees it is there and
/// nothing is reordered or broken.
///
/// Such characters are the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069: `Invoice⟨U+202E⟩fdp.exe`, not "Invoiceexe.pdf"), control characters but tab,
/// line feed and carriage return (C0, DEL, C1: XML cannot carry most of them), and the
/// noncharacters (U+FDD0–U+FDEF and U+nFFFE, U+nFFFF of every plane), which make an SVG
/// invalid XML. The report, the CSV tables and the diagrams all show text this way.
public enum InertText {
  /// `text` with every active character shown as its code; `text` itself when it has none.
  public static func visible(_ text: String) -> String {
    var text = text
    let plain = text.withUTF8 { !mayHoldActive($0) }
    if plain { return text }
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      if isActive(scalar) {
        out += code(of: scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `⟨U+202E⟩`.
  public static func code(of scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "⟨U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟩"
  }

  /// Whether `scalar` acts instead of showing (see the type's documentation).
  public static func isActive(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    switch value {
    case 0x09, 0x0A, 0x0D: return false
    case 0..<0x20, 0x7F...0x9F: return true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    case 0xFDD0...0xFDEF: return true
    default: return value & 0xFFFE == 0xFFFE
    }
  }

  /// `false` when UTF-8 `bytes` surely hold no active character: no byte below 0x20 but
  /// tab, LF and CR, no DEL, and no lead byte of the sequences that encode one (C2 for C1,
  /// D8 for U+061C, E2 for U+200E–U+2069, EF for U+FDD0–U+FFFF, F0–F4 for the other planes).
  /// Most Chinese text (lead bytes E3–E9) is told apart at once.
  @inline(__always)
  public static func mayHoldActive(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes {
      if byte < 0x20 {
        if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
      } else if byte >= 0x7F {
        switch byte {
        case 0x7F, 0xC2, 0xD8, 0xE2, 0xEF, 0xF0...0xF4: return true
        default: continue
        }
      }
    }
    return false
  }
}
