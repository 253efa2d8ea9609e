import TraceCore

/// Makes untrusted text safe inside a double-quoted DOT string used as a label.
///
/// In DOT, a quoted string ends at an unescaped `"`; inside labels Graphviz also interprets
/// `\N`, `\G`, `\n`, `\l`, `\r` and HTML entities such as `&amp;`. To show text exactly as
/// written: every backslash is doubled, every `"` escaped, `&` written as `&amp;`, and
/// line breaks become Graphviz's centred line break `\n`. Characters that would act rather
/// than show (bidirectional controls, other controls, noncharacters) are written as their
/// codes (`InertText`), so they can neither reorder the drawing nor make its SVG invalid.
///
/// Every value is also bounded (`Bounds`): Graphviz 2.42 writes to a wild address laying out
/// a label of 32,769 lines, and the `dot` command cannot read a string over 16,384 bytes.
/// A shortened value ends its cut lines with `…` and has a last line saying it was shortened;
/// the full text stays in the tables and the report.
public enum DOTEscaping {
  /// How much of a value a diagram shows.
  public struct Bounds: Sendable, Hashable {
    /// Lines kept; the rest are dropped with a note.
    public var lines: Int
    /// Characters (Unicode scalars) kept of each line.
    public var lineLength: Int
    /// Bytes of the escaped value, at most.
    public var bytes: Int

    /// A label: a few short lines.
    public static let label = Bounds(lines: 8, lineLength: 80, bytes: 2_000)
    /// A tooltip, read on hovering: longer, still well under the 16 KB the `dot` command reads.
    public static let tooltip = Bounds(lines: 24, lineLength: 240, bytes: 8_000)
  }

  /// The line that ends a value whose lines were dropped.
  public static let shortenedNote = "…〔已截短 shortened〕"

  /// The body of a quoted DOT label showing `text` literally (without the surrounding
  /// quotes), bounded by `bounds`.
  public static func label(_ text: String, bounds: Bounds = .label) -> String {
    var out = ""
    out.reserveCapacity(min(text.utf8.count, bounds.bytes) + 8)
    var previousWasCR = false
    var lines = 1, lineLength = 0
    var shortenedLine = false, cutAnyLine = false
    func append(_ piece: String) -> Bool {
      guard out.utf8.count + piece.utf8.count <= bounds.bytes - shortenedNote.utf8.count - 4 else { return false }
      out += piece
      return true
    }
    for scalar in text.unicodeScalars {
      defer { previousWasCR = scalar == "\r" }
      if scalar == "\n" || scalar == "\r" {
        if scalar == "\n" && previousWasCR { continue }
        lines += 1
        lineLength = 0
        shortenedLine = false
        guard lines <= bounds.lines else {
          out += "\\n" + shortenedNote
          return out
        }
        out += "\\n"
        continue
      }
      if shortenedLine { continue }
      if lineLength >= bounds.lineLength {
        out += "…"
        shortenedLine = true
        cutAnyLine = true
        continue
      }
      lineLength += 1
      let piece: String
      switch scalar {
      case "\\": piece = "\\\\"
      case "\"": piece = "\\\""
      case "&": piece = "&amp;"
      case "\t": piece = " "
      default: piece = InertText.isActive(scalar) ? InertText.code(of: scalar) : String(scalar)
      }
      guard append(piece) else {
        out += "…\\n" + shortenedNote
        return out
      }
    }
    // A line cut short says so too, on a line of its own.
    return cutAnyLine ? out + "\\n" + shortenedNote : out
  }

  /// A quoted DOT identifier or attribute value (no label escapes are interpreted in ids,
  /// but quotes and backslashes still are), bounded as a label.
  public static func quoted(_ text: String, bounds: Bounds = .label) -> String {
    "\"" + label(text, bounds: bounds) + "\""
  }

  /// The bounds of attribute `name`'s value: a tooltip's, or a label's.
  static func bounds(ofAttribute name: String) -> Bounds {
    name == "tooltip" || name == "edgetooltip" || name == "labeltooltip" ? .tooltip : .label
  }
}
