import Testing
@testable import TraceRender

@Suite struct HTMLWriterTests {
  static func html(_ build: (inout HTMLWriter) -> Void) -> String {
    var writer = HTMLWriter()
    build(&writer)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  @Test func textAndAttributesAreEscaped() {
    let hostile = "<script>alert('x')</script> & \"q\" &amp;"
    let out = Self.html { $0.element("td", [("title", hostile)], hostile) }
    let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; &amp;amp;"
    #expect(out == "<td title=\"\(escaped)\">\(escaped)</td>")
  }

  @Test func plainTextIsCopiedAsIs() {
    #expect(Self.html { $0.text("星河好书屋 DY100201") } == "星河好书屋 DY100201")
  }

  /// The shortcuts for ids, links and number cells write what the general forms write,
  /// hostile content escaped.
  @Test func shortcutsWriteWhatTheGeneralFormsWrite() {
    #expect(Self.html { $0.open("tr", id: "lead-", 42) } == Self.html { $0.open("tr", [("id", "lead-42")]) })
    let hostile = "\"]; x -> y [<b>"
    #expect(
      Self.html { $0.link(toID: "s", -3, hostile) } == Self.html { $0.element("a", [("href", "#s-3")], hostile) })
    #expect(
      Self.html { $0.numberCell(hostile) }
        == Self.html { $0.element("td", [("class", "num"), ("data-v", hostile)], hostile) })
  }

  @Test func graphvizSVGIsInlinedFromItsSVGElement() {
    let svg = Array("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"1\"><g/></svg>\n".utf8)
    #expect(Self.html { $0.graphvizSVG(svg) } == "<svg width=\"1\"><g/></svg>\n")
    #expect(Self.html { $0.graphvizSVG(Array("not svg".utf8)) } == "")
  }
}
