/// A JSON document with ordered object keys, serialised deterministically.
///
/// `JSONEncoder` sorts or scrambles keys; the output contracts read better in schema order,
/// and byte-identical output needs full control of number formatting.
public indirect enum JSONValue: Sendable, Equatable {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

  /// Pretty-printed with two-space indentation and a final newline.
  public func serialized() -> String {
    var out = ByteBuffer()
    write(into: &out, indent: 0)
    out.append(0x0A)
    return String(decoding: out.bytes, as: UTF8.self)
  }

  /// This value serialised as it is written at nesting depth `indent` (no final newline).
  public func fragment(indent: Int) -> String { String(decoding: fragmentBytes(indent: indent), as: UTF8.self) }

  /// `fragment(indent:)` as UTF-8 bytes.
  public func fragmentBytes(indent: Int) -> [UInt8] {
    var out = ByteBuffer()
    write(into: &out, indent: indent)
    return out.drain()
  }

  /// Serialises into a byte buffer: appending bytes costs a fraction of appending to a
  /// `String`, and `clusters.json` of a million leads is 200 MB of it.
  private func write(into out: inout ByteBuffer, indent: Int) {
    switch self {
    case .string(let s): JSONValue.writeString(s, into: &out)
    case .int(let i): JSONValue.writeInt(i, into: &out)
    case .double(let d): JSONValue.writeDouble(d, into: &out)
    case .bool(let b): out.append(b ? "true" : "false")
    case .null: out.append("null")
    case .array(let items):
      if items.isEmpty {
        out.append("[]")
        return
      }
      let scalar = items.allSatisfy {
        switch $0 {
        case .array, .object: false
        default: true
        }
      }
      if scalar {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
          if i > 0 { out.append(", ") }
          item.write(into: &out, indent: indent + 1)
        }
        out.append(UInt8(ascii: "]"))
        return
      }
      out.append("[\n")
      for (i, item) in items.enumerated() {
        JSONValue.pad(&out, indent + 1)
        item.write(into: &out, indent: indent + 1)
        out.append(i == items.count - 1 ? "\n" : ",\n")
      }
      JSONValue.pad(&out, indent)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      if members.isEmpty {
        out.append("{}")
        return
      }
      out.append("{\n")
      for (i, (key, value)) in members.enumerated() {
        JSONValue.pad(&out, indent + 1)
        JSONValue.writeString(key, into: &out)
        out.append(": ")
        value.write(into: &out, indent: indent + 1)
        out.append(i == members.count - 1 ? "\n" : ",\n")
      }
      JSONValue.pad(&out, indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// Two spaces per level of `indent`. `spaces` is `JSONValue.spaces`, passed in by callers
  /// that hold it (`JSONStreamWriter`) rather than look up the global for every line.
  static func pad(_ out: inout ByteBuffer, _ indent: Int, spaces: [UInt8] = spaces) {
    if 2 * indent <= spaces.count {
      spaces.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[..<(2 * indent)])) }
    } else {
      for _ in 0..<(2 * indent) { out.append(UInt8(ascii: " ")) }
    }
  }

  static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

  /// Decimal digits, written straight into `out` (a `String` per number was a heap object
  /// for each of millions of numbers in a large `clusters.json`).
  static func writeInt(_ i: Int, into out: inout ByteBuffer) {
    withDecimalDigits(of: i) { out.append($0) }
  }

  /// Whole numbers as `3.0`, others in Swift's shortest round-trip form; not finite: `null`.
  ///
  /// A number with at most four decimals and fifteen digits (every score and share here) is
  /// written digit by digit: its shortest round-trip form is exactly those digits, as
  /// `String(d)` would give them (`JSONValueTests` checks two million of them).
  static func writeDouble(_ d: Double, into out: inout ByteBuffer) {
    guard d.isFinite else { return out.append("null") }
    let scaled = (d * 10000).rounded()
    if abs(scaled) < 1e15, scaled / 10000 == d {
      let tenThousandths = Int64(scaled)
      // Made from the end in a small buffer and appended at once: fraction digits up to
      // the last that is not zero (at least one), the point, the whole part, the sign.
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
        var start = 24
        var fraction = tenThousandths.magnitude % 10000
        var fractionDigits = 4
        while fractionDigits > 1, fraction % 10 == 0 {
          fraction /= 10
          fractionDigits -= 1
        }
        for _ in 0..<fractionDigits {
          start -= 1
          text[start] = UInt8(ascii: "0") + UInt8(fraction % 10)
          fraction /= 10
        }
        start -= 1
        text[start] = UInt8(ascii: ".")
        start = writeDecimalDigits(
          of: tenThousandths.magnitude / 10000, negative: tenThousandths < 0, into: text, endingAt: start)
        out.append(UnsafeBufferPointer(rebasing: text[start...]))
      }
      return
    }
    out.append(Array((d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)).utf8))
  }

  /// Bytes that start something `escape` rewrites: controls, `"`, `\\`, `<`, `>`, `&`, and
  /// 0xE2, the lead byte of U+2028 and U+2029.
  static let mayNeedEscape: [Bool] = (0...255).map { byte in
    byte < 0x20 || [0x22, 0x5C, 0x3C, 0x3E, 0x26, 0xE2].contains(byte)
  }

  /// `s` quoted and escaped. `mayNeedEscape` is `JSONValue.mayNeedEscape`, passed in by
  /// callers that hold it (`JSONStreamWriter`) rather than look up the global for every value.
  /// `s` as a JSON string, escaped, after `prefix` (plain text: nothing in it needs escaping).
  static func writeString(
    _ s: String, into out: inout ByteBuffer, mayNeedEscape: [Bool] = mayNeedEscape, prefix: StaticString = ""
  ) {
    var s = s
    s.withUTF8 { writeString(utf8: $0, into: &out, mayNeedEscape: mayNeedEscape, prefix: prefix) }
  }

  /// `writeString` of a string given as its UTF-8 bytes (valid UTF-8).
  static func writeString(
    utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer, mayNeedEscape: [Bool] = mayNeedEscape,
    prefix: StaticString = ""
  ) {
    out.append(UInt8(ascii: "\""))
    out.append(prefix)
    // Most strings need no escape: append them whole.
    let plain = mayNeedEscape.withUnsafeBufferPointer { table in !bytes.contains { table[Int($0)] } }
    if plain {
      out.append(bytes)
    } else {
      escape(String(decoding: bytes, as: UTF8.self), into: &out)
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func escape(_ s: String, into out: inout ByteBuffer) {
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case "<": out.append("\\u003c")  // safe to embed in HTML <script> blocks
      case ">": out.append("\\u003e")
      case "&": out.append("\\u0026")
      default:
        if scalar.value < 0x20 || (0x2028...0x2029).contains(scalar.value) {
          let hex = String(scalar.value, radix: 16)
          out.append(Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
        } else {
          out.append(Array(String(scalar).utf8))
        }
      }
    }
  }
}
