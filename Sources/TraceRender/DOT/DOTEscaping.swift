/// Makes untrusted text safe inside a double-quoted DOT string used as a label.
///
/// In DOT, a quoted string ends at an unescaped `"`; inside labels Graphviz also interprets
/// `\N`, `\G`, `\n`, `\l`, `\r` and HTML entities such as `&amp;`. To show text exactly as
/// written: every backslash is doubled, every `"` escaped, `&` written as `&amp;`, and
/// line breaks become Graphviz's centred line break `\n`. Other control characters,
/// which XML cannot carry, become spaces; bidirectional overrides are dropped so they cannot
/// reorder the rest of the drawing.
public enum DOTEscaping {
  /// The body of a quoted DOT label showing `text` literally (without the surrounding quotes).
  public static func label(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      defer { previousWasCR = scalar == "\r" }
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "&": out += "&amp;"
      case "\n": if !previousWasCR { out += "\\n" }
      case "\r": out += "\\n"
      case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}": continue
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += " "
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A quoted DOT identifier or attribute value (no label escapes are interpreted in ids,
  /// but quotes and backslashes still are).
  public static func quoted(_ text: String) -> String { "\"" + label(text) + "\"" }
}
