import Foundation
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

@Suite struct JSONNumberTests {
  /// What numbers were written as before they were written digit by digit.
  static func reference(_ d: Double) -> String {
    d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)) : "null"
  }

  static func written(_ d: Double) -> String {
    var out = ByteBuffer()
    JSONValue.writeDouble(d, into: &out)
    return String(decoding: out.bytes, as: UTF8.self)
  }

  /// Every multiple of 0.0001 from −20 to 200 (the range of scores, shares and ring
  /// scores), written exactly as Swift's shortest form.
  @Test func fourDecimalNumbersAsSwiftWritesThem() {
    var mismatches: [Double] = []
    for k in -200_000...2_000_000 {
      let d = Double(k) / 10000
      if Self.written(d) != Self.reference(d) { mismatches.append(d) }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }

  @Test func otherNumbersAsBefore() {
    var rng = SplitMix64(seed: 9)
    var values: [Double] = [
      0, -0.0, 1e15, 1e15 - 1, 99_999_999_999.9999, 1e11, 0.00005, -0.00005, 1e-7, 1.0 / 3, .pi, 1e300, -1e300,
      .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    ]
    for _ in 0..<20_000 { values.append((rng.unit() - 0.3) * pow(10, Double(rng.below(24)) - 8)) }
    for value in values { #expect(Self.written(value) == Self.reference(value), "\(value)") }
  }

  @Test func integersAsSwiftWritesThem() {
    var rng = SplitMix64(seed: 4)
    for value in [0, 1, -1, 9, 10, Int.max, Int.min] + (0..<10_000).map({ _ in Int(bitPattern: UInt(rng.next())) >> rng.below(60) }) {
      var out = ByteBuffer()
      JSONValue.writeInt(value, into: &out)
      #expect(String(decoding: out.bytes, as: UTF8.self) == String(value))
    }
  }
}

@Suite struct JSONStreamWriterInlineTests {
  @Test func inlineObjectsAreOneLineWithAllTheyHold() {
    var json = JSONStreamWriter(indent: 1)
    json.beginObject()
    json.key("upstream")
    json.beginArray()
    for label in ["<script>", "\"]; x -> y ["] {
      json.item()
      json.beginInlineObject()
      json.member("label", label)
      json.member("identifiers", strings: ["phone:1", "person:张三"])
      json.member("score", 0.5)
      json.key("components")
      json.beginObject()
      json.member("reach", 1.0)
      json.member("tier", 0.8)
      json.endObject()
      json.key("empty")
      json.beginObject()
      json.endObject()
      json.endObject()
    }
    json.endArray()
    json.member("after", 1)
    json.endObject()
    let text = String(decoding: json.drain(), as: UTF8.self)
    #expect(
      text == """
        {
            "upstream": [
              {"label": "\\u003cscript\\u003e", "identifiers": ["phone:1", "person:张三"], "score": 0.5, \
        "components": {"reach": 1.0, "tier": 0.8}, "empty": {}},
              {"label": "\\"]; x -\\u003e y [", "identifiers": ["phone:1", "person:张三"], "score": 0.5, \
        "components": {"reach": 1.0, "tier": 0.8}, "empty": {}}
            ],
            "after": 1
          }
        """)
    let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect((parsed?["upstream"] as? [[String: Any]])?.last?["label"] as? String == "\"]; x -> y [")
  }
}

@Suite struct DecimalDigitsTests {
  @Test(arguments: [0, 7, -1, 10, 99, 100, -4096, 1_234_567_890, Int.max, Int.min])
  func sameDigitsAsString(value: Int) {
    #expect(withDecimalDigits(of: value) { String(decoding: $0, as: UTF8.self) } == String(value))
  }
}

@Suite struct JSONStreamWriterArrayTests {
  @Test func storeKeysAndIdentifiersAreWrittenByIndexEscaped() throws {
    var lead = Lead(sources: [LeadSource(file: "t.csv", line: 2, publisher: "P")])
    lead[.platform] = "抖音"
    lead[.storeID] = "A"
    lead[.senderPhone] = "138-1111-2222"
    lead[.paymentAccount] = "星河\"<图书>62221"
    var named = Lead(sources: [LeadSource(file: "t.csv", line: 3, publisher: "P")])
    named[.platform] = "抖音"
    named[.storeName] = "\"<b>"  // no store id: the key is the name, punctuation and all
    let graph = EvidenceGraph(leads: [lead, named])
    try #require(graph.stores.map(\.key) == ["抖音:@\"<b>", "抖音:A"])
    var json = JSONStreamWriter()
    json.storeKeys([1, 0], in: graph)
    json.raw(" ".utf8)
    json.strings([String]())
    let phone = graph.entityIndex(for: EntityKey(kind: .phone, key: "13811112222"))
    let account = graph.entityIndex(for: EntityKey(kind: .account, key: "星河图书62221"))  // punctuation is not key
    try #require(phone != nil && account != nil)
    json.raw(" ".utf8)
    json.identifiers(of: [9, account!, phone!][1...], in: graph)
    json.raw(" ".utf8)
    json.beginInlineObject()
    json.keyAndLabel(ofEntity: Int(account!), in: graph)
    json.endObject()
    #expect(
      String(decoding: json.drain(), as: UTF8.self)
        == #"["抖音:A", "抖音:@\"\u003cb\u003e"] [] ["account:星河图书62221", "phone:13811112222"]"#
        + #" {"key": "星河图书62221", "label": "星河\"\u003c图书\u003e62221"}"#)
  }
}
