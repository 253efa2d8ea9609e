import TraceCore

/// Writes HTML as UTF-8 bytes, escaping by construction: markup can only come from
/// `StaticString`s — the tool's own constant text, fixed at compile time — while every
/// `String` (anything that may come from a lead) is written escaped, as text or as a quoted
/// attribute value. A store named `<script>` can only ever be shown as text.
///
/// Written by hand rather than through a template library: swift-mustache (escaping too)
/// rendered the 500 ring pages of a 200k-lead world in 4.8 s, a third of the whole analysis
/// (perf, `Scripts/bench.sh`); this writer does it in a fraction of a second. Plot does not
/// escape attribute values at all.
///
/// The page is built in a buffer of its own, not an `Array`: a ring page is a hundred
/// thousand small appends (`<td>`, a cell, `</td>`), and `Array.append(contentsOf:)` checked
/// uniqueness and capacity and called `memcpy` for each, a fifth of making the page. The
/// writer is not copyable, so the buffer has one owner, which frees it.
struct HTMLWriter: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  /// Bytes written so far.
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 1 << 16) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// The page so far.
  var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  private mutating func grow(to needed: Int) {
    var size = capacity * 2
    while size < needed { size *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    bigger.update(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = size
  }

  @inline(__always)
  private mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  @inline(__always)
  private mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
    guard let from = source.baseAddress else { return }
    reserve(source.count)
    copyBytes(from: from, to: base + count, count: source.count)
    count += source.count
  }

  /// The tool's own markup, written as is.
  @inline(__always)
  mutating func markup(_ text: StaticString) {
    // The literal's bytes directly: through `withUTF8Buffer` each of the millions of calls
    // went through a closure compiled on its own. (A one-scalar literal may be held as the
    // scalar, without bytes to point at.)
    if text.hasPointerRepresentation {
      append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    } else {
      text.withUTF8Buffer { append($0) }
    }
  }

  /// Text, escaped (`& < > " '`), safe inside elements and quoted attribute values; a
  /// character that would act rather than show (a bidirectional control, a control, a
  /// noncharacter) is shown as its code (`InertText`).
  mutating func text(_ text: String) {
    var text = text
    text.withUTF8 { self.text(utf8: $0) }
  }

  /// UTF-8 text, escaped as `text(_:)` (values straight from a lead table's pool, with no
  /// `String` made for them).
  mutating func text(utf8: UnsafeBufferPointer<UInt8>) {
    if InertText.mayHoldActive(utf8) {
      let shown = InertText.visible(String(decoding: utf8, as: UTF8.self))
      if shown.utf8.count != utf8.count || !shown.utf8.elementsEqual(utf8) {
        var shown = shown
        return shown.withUTF8 { escaped(utf8: $0) }
      }
    }
    escaped(utf8: utf8)
  }

  /// `& < > " '` escaped, the rest as is.
  private mutating func escaped(utf8: UnsafeBufferPointer<UInt8>) {
    guard utf8.contains(where: Self.needsEscape) else { return append(utf8) }
    for byte in utf8 {
      switch byte {
      case UInt8(ascii: "&"): markup("&amp;")
      case UInt8(ascii: "<"): markup("&lt;")
      case UInt8(ascii: ">"): markup("&gt;")
      case UInt8(ascii: "\""): markup("&quot;")
      case UInt8(ascii: "'"): markup("&#39;")
      default: append(byte)
      }
    }
  }

  mutating func text(_ number: Int) { withDecimalDigits(of: number) { append($0) } }

  /// Bytes that `text` escapes: `& < > " '`. A byte above ASCII (most of a Chinese text) is
  /// told apart at once.
  @inline(__always)
  private static func needsEscape(_ byte: UInt8) -> Bool {
    byte < 0x40 && (0x5000_00C4_0000_0000 as UInt64) >> UInt64(byte) & 1 != 0
  }

  /// `<tag>`: what `open(tag, [])` writes, without walking an empty list of attributes (a
  /// page opens a hundred thousand cells).
  mutating func open(_ tag: StaticString) {
    markup("<")
    markup(tag)
    markup(">")
  }

  /// `<tag a="v" …>` with escaped attribute values.
  mutating func open(_ tag: StaticString, _ attributes: [(StaticString, String)]) {
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
    if attributes.isEmpty { open(tag) } else { open(tag, attributes) }
    text(content)
    close(tag)
  }

  /// `<tag>text</tag>` of text given as UTF-8 bytes.
  mutating func element(_ tag: StaticString, utf8 content: UnsafeBufferPointer<UInt8>) {
    open(tag)
    text(utf8: content)
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

  /// `numberCell(String(value))`, without making the `String`.
  mutating func numberCell(_ value: Int) {
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
    var content = content
    content.withUTF8 { link(toID: prefix, number, utf8: $0) }
  }

  /// `link(toID:_:_:)` with text given as UTF-8 bytes.
  mutating func link(toID prefix: StaticString, _ number: Int, utf8 content: UnsafeBufferPointer<UInt8>) {
    markup("<a href=\"#")
    markup(prefix)
    text(number)
    markup("\">")
    text(utf8: content)
    markup("</a>")
  }

  /// SVG that Graphviz wrote (it escapes every label, tooltip and link it writes), from its
  /// `<svg` element on: the XML declaration and DOCTYPE do not belong inside HTML.
  mutating func graphvizSVG(_ svg: [UInt8]) {
    let start = "<svg".utf8
    guard let index = svg.indices.first(where: { svg[$0...].starts(with: start) }) else { return }
    svg.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[index...])) }
  }
}
