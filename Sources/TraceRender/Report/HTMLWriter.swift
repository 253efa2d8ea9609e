/// Writes HTML as UTF-8 bytes, escaping by construction: markup can only come from
/// `StaticString`s — the tool's own constant text, fixed at compile time — while every
/// `String` (anything that may come from a lead) is written escaped, as text or as a quoted
/// attribute value. A store named `<script>` can only ever be shown as text.
///
/// Written by hand rather than through a template library: swift-mustache (escaping too)
/// rendered the 500 ring pages of a 200k-lead world in 4.8 s, a third of the whole analysis
/// (perf, `Scripts/bench.sh`); this writer does it in a fraction of a second. Plot does not
/// escape attribute values at all.
struct HTMLWriter {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  /// The tool's own markup, written as is.
  mutating func markup(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// Text, escaped (`& < > " '`), safe inside elements and quoted attribute values.
  mutating func text(_ text: String) {
    var text = text
    text.withUTF8 { self.text(utf8: $0) }
  }

  /// UTF-8 text, escaped as `text(_:)` (values straight from a lead table's pool, with no
  /// `String` made for them).
  mutating func text(utf8: UnsafeBufferPointer<UInt8>) {
    guard utf8.contains(where: Self.needsEscape) else {
      bytes.append(contentsOf: utf8)
      return
    }
    for byte in utf8 {
        switch byte {
        case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
        default: bytes.append(byte)
      }
    }
  }

  mutating func text(_ number: Int) { bytes.append(contentsOf: String(number).utf8) }

  private static func needsEscape(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }

  /// `<tag a="v" …>` with escaped attribute values.
  mutating func open(_ tag: StaticString, _ attributes: [(StaticString, String)] = []) {
    markup("<")
    markup(tag)
    for (name, value) in attributes {
      markup(" ")
      markup(name)
      markup("=\"")
      text(value)
      markup("\"")
    }
    markup(">")
  }

  mutating func close(_ tag: StaticString) {
    markup("</")
    markup(tag)
    markup(">")
  }

  /// `<tag …>text</tag>`.
  mutating func element(_ tag: StaticString, _ attributes: [(StaticString, String)] = [], _ content: String) {
    open(tag, attributes)
    text(content)
    close(tag)
  }

  /// A table cell holding a number, right-aligned, with `data-v` for sorting.
  mutating func numberCell(_ value: String) {
    markup("<td class=\"num\" data-v=\"")
    text(value)
    markup("\">")
    text(value)
    markup("</td>")
  }

  /// `<tag id="…">` whose id is a constant prefix and a number (`s12`, `lead-7`): what
  /// `open(tag, [("id", …)])` writes, without an array and a `String` for each of the
  /// thousands of rows of a ring page.
  mutating func open(_ tag: StaticString, id prefix: StaticString, _ number: Int) {
    markup("<")
    markup(tag)
    markup(" id=\"")
    markup(prefix)
    text(number)
    markup("\">")
  }

  /// `<a href="#…">text</a>` to the element whose id is `prefix` and `number`.
  mutating func link(toID prefix: StaticString, _ number: Int, _ content: String) {
    markup("<a href=\"#")
    markup(prefix)
    text(number)
    markup("\">")
    text(content)
    markup("</a>")
  }

  /// SVG that Graphviz wrote (it escapes every label, tooltip and link it writes), from its
  /// `<svg` element on: the XML declaration and DOCTYPE do not belong inside HTML.
  mutating func graphvizSVG(_ svg: [UInt8]) {
    let start = "<svg".utf8
    guard let index = svg.indices.first(where: { svg[$0...].starts(with: start) }) else { return }
    bytes.append(contentsOf: svg[index...])
  }
}
