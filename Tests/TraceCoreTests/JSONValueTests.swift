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
