import Foundation

/// Shared text clean-up used by every normaliser.
public enum TextNormalization {
  /// NFKC (full-width → ASCII, compatibility forms folded), trimmed, inner whitespace
  /// collapsed to one space.
  public static func clean(_ text: String) -> String {
    let folded = text.precomposedStringWithCompatibilityMapping
    var out = ""
    out.reserveCapacity(folded.utf8.count)
    var pendingSpace = false
    for scalar in folded.unicodeScalars {
      if CharacterSet.whitespacesAndNewlines.contains(scalar) || isInvisible(scalar) {
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
    let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
    var out = String.UnicodeScalarView()
    for scalar in folded.unicodeScalars
    where !CharacterSet.whitespacesAndNewlines.contains(scalar)
      && !CharacterSet.punctuationCharacters.contains(scalar)
      && !CharacterSet.symbols.contains(scalar) && !isInvisible(scalar)
    {
      out.append(scalar)
    }
    return String(out)
  }

  /// Zero-width and bidirectional control characters, which never belong in a key.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: true
    default: false
    }
  }
}
