import Foundation
import Testing
@testable import TraceRender

@Suite struct PageWithHoleTests {
  static let page = PageWithHole(bytes: Array("<h2>Diagram</h2>\n<h2>Next</h2>".utf8), hole: 17)

  @Test func theSectionGoesInTheHole() {
    let filled = Self.page.filled { $0.markup("<div>drawing</div>\n") }
    #expect(String(decoding: filled, as: UTF8.self) == "<h2>Diagram</h2>\n<div>drawing</div>\n<h2>Next</h2>")
    let empty = Self.page.filled { _ in }
    #expect(empty == Self.page.bytes)
  }

  @Test func holesAtEitherEndWork() {
    let bytes = Array("middle".utf8)
    #expect(PageWithHole(bytes: bytes, hole: 0).filled { $0.markup("<") } == Array("<middle".utf8))
    #expect(PageWithHole(bytes: bytes, hole: bytes.count).filled { $0.markup(">") } == Array("middle>".utf8))
  }

  @Test func writtenFileIsTheFilledPage() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hole-\(UUID().uuidString).html")
    defer { try? FileManager.default.removeItem(at: url) }
    let hostile = "<script>x</script>"
    try Self.page.write(to: url) { $0.text(hostile) }
    let expected = Self.page.filled { $0.text(hostile) }
    #expect(try Data(contentsOf: url) == Data(expected))
    #expect(String(decoding: expected, as: UTF8.self).contains("&lt;script&gt;"))
  }
}
