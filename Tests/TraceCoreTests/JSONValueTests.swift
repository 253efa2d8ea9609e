import Testing
@testable import TraceCore

@Suite struct JSONValueTests {
  @Test func orderedAndEscaped() {
    let value = JSONValue.object([
      ("b", .int(1)), ("a", .string("<x>\"\n")), ("c", .array([.double(0.5), .double(2)])),
    ])
    #expect(
      value.serialized()
        == "{\n  \"b\": 1,\n  \"a\": \"\\u003cx\\u003e\\\"\\n\",\n  \"c\": [0.5, 2.0]\n}\n")
  }
}

@Suite struct JSONStreamWriterTests {
  /// A ring-shaped document: nested objects, arrays of objects, scalar arrays, empty
  /// containers, hostile strings, numbers of every kind.
  static let document = JSONValue.object([
    ("id", .string("C0001")),
    ("stores", .array([.string("淘宝:A"), .string("\"]; x -> y [")])),
    ("empty", .array([])),
    ("size", .int(2)),
    ("score", .double(0.125)),
    ("whole", .double(3)),
    ("nan", .double(.nan)),
    (
      "upstream",
      .array([
        .object([
          ("label", .string("<script>")), ("identifiers", .array([])),
          ("components", .object([("coverage", .double(1)), ("share", .double(0.3))])),
        ]),
        .object([("components", .object([]))]),
      ])
    ),
    ("none", .array([])),
  ])

  static func streamed(indent: Int) -> [UInt8] {
    var json = JSONStreamWriter(indent: indent)
    json.beginObject()
    json.member("id", "C0001")
    json.member("stores", strings: ["淘宝:A", "\"]; x -> y ["])
    json.key("empty")
    json.strings([String]())
    json.member("size", 2)
    json.member("score", 0.125)
    json.key("whole")
    json.double(3)
    json.key("nan")
    json.double(.nan)
    json.key("upstream")
    json.beginArray()
    json.item()
    json.beginObject()
    json.key("label")
    json.string("<script>")
    json.key("identifiers")
    json.strings([String]())
    json.key("components")
    json.beginObject()
    json.key("coverage")
    json.double(1)
    json.key("share")
    json.double(0.3)
    json.endObject()
    json.endObject()
    json.item()
    json.beginObject()
    json.key("components")
    json.beginObject()
    json.endObject()
    json.endObject()
    json.endArray()
    json.key("none")
    json.beginArray()
    json.endArray()
    json.endObject()
    return json.drain()
  }

  @Test(arguments: [0, 2])
  func sameBytesAsTheTree(indent: Int) {
    #expect(
      String(decoding: Self.streamed(indent: indent), as: UTF8.self)
        == Self.document.fragment(indent: indent))
  }
}
