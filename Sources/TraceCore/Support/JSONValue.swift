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
    var out = ""
    write(into: &out, indent: 0)
    return out + "\n"
  }

  /// This value serialised as it is written at nesting depth `indent` (no final newline).
  public func fragment(indent: Int) -> String {
    var out = ""
    write(into: &out, indent: indent)
    return out
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .string(let s): JSONValue.writeString(s, into: &out)
    case .int(let i): out += String(i)
    case .double(let d):
      if d.isFinite {
        out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
      } else {
        out += "null"
      }
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      let scalar = items.allSatisfy {
        switch $0 {
        case .array, .object: false
        default: true
        }
      }
      if scalar {
        out += "["
        for (i, item) in items.enumerated() {
          if i > 0 { out += ", " }
          item.write(into: &out, indent: indent + 1)
        }
        out += "]"
        return
      }
      let (pad, inner) = JSONValue.padding(indent)
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += inner
        item.write(into: &out, indent: indent + 1)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += pad + "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      let (pad, inner) = JSONValue.padding(indent)
      out += "{\n"
      for (i, (key, value)) in members.enumerated() {
        out += inner
        JSONValue.writeString(key, into: &out)
        out += ": "
        value.write(into: &out, indent: indent + 1)
        out += i == members.count - 1 ? "\n" : ",\n"
      }
      out += pad + "}"
    }
  }

  /// The indentation of a container at `indent` and of its members.
  static func padding(_ indent: Int) -> (String, String) {
    (String(repeating: "  ", count: indent), String(repeating: "  ", count: indent + 1))
  }

  static func writeString(_ s: String, into out: inout String) {
    out += "\""
    // Most strings need no escape: append them whole.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0xE2 }) {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "<": out += "\\u003c"  // safe to embed in HTML <script> blocks
      case ">": out += "\\u003e"
      case "&": out += "\\u0026"
      default:
        if scalar.value < 0x20 || (0x2028...0x2029).contains(scalar.value) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
