/// Reads the rows of a worksheet part (`xl/worksheets/sheetN.xml`) straight from its bytes.
///
/// Worksheets are the one large part of a workbook and have a fixed, simple shape
/// (`<row r=…><c r=… t=… s=…><v>…</v> | <is><t>…</t></is></c></row>`), so they are scanned
/// rather than run through `XMLParser`, whose per-element callbacks and attribute
/// dictionaries cost ten times more. Text is entity-decoded; phonetic runs (`<rPh>`) are
/// skipped. The small parts (workbook, relationships, shared strings, styles) still go
/// through `XMLParser`.
struct WorksheetScanner {
  /// One cell as found: its column, type attribute, style index and raw text.
  struct Cell {
    var column: Int
    var type: String
    var style: Int
    var text: String
  }

  /// Calls `row` with each row number and its cells.
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>, row: (Int, [Cell]) -> Void) {
    var i = 0
    let n = bytes.count
    var rowNumber = 0
    var cells: [Cell] = []
    var cell: Cell? = nil
    var nextColumn = 0
    var text: [UInt8] = []
    var phonetic = false

    func attribute(_ name: String, in range: Range<Int>) -> Range<Int>? {
      let key = Array(name.utf8) + [UInt8(ascii: "="), UInt8(ascii: "\"")]
      var j = range.lowerBound
      while j + key.count <= range.upperBound {
        if (j == range.lowerBound || bytes[j - 1] == 0x20 || bytes[j - 1] == 0x0A || bytes[j - 1] == 0x09),
          bytes[j..<j + key.count].elementsEqual(key)
        {
          let start = j + key.count
          var end = start
          while end < range.upperBound, bytes[end] != UInt8(ascii: "\"") { end += 1 }
          return start..<end
        }
        j += 1
      }
      return nil
    }
    func integer(_ range: Range<Int>?) -> Int? {
      guard let range, !range.isEmpty else { return nil }
      var value = 0
      for b in bytes[range] {
        guard b >= 0x30, b <= 0x39 else { return nil }
        value = value * 10 + Int(b - 0x30)
      }
      return value
    }
    func string(_ range: Range<Int>?) -> String {
      guard let range else { return "" }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
    func name(at start: Int) -> (Range<Int>, closing: Bool) {
      var j = start
      let closing = j < n && bytes[j] == UInt8(ascii: "/")
      if closing { j += 1 }
      let nameStart = j
      while j < n, bytes[j] != 0x20, bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/"),
        bytes[j] != 0x0A, bytes[j] != 0x0D, bytes[j] != 0x09
      {
        j += 1
      }
      return (nameStart..<j, closing)
    }
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
      guard range.count == literal.utf8CodeUnitCount else { return false }
      return literal.withUTF8Buffer { bytes[range].elementsEqual($0) }
    }

    while i < n {
      guard bytes[i] == UInt8(ascii: "<") else {
        i += 1
        continue
      }
      let (tag, closing) = name(at: i + 1)
      var end = tag.upperBound
      while end < n, bytes[end] != UInt8(ascii: ">") { end += 1 }
      let selfClosing = end > 0 && bytes[end - 1] == UInt8(ascii: "/")
      let attributes = tag.upperBound..<max(tag.upperBound, selfClosing ? end - 1 : end)
      i = end + 1
      if equals(tag, "row") {
        if closing {
          row(rowNumber, cells)
        } else {
          rowNumber = integer(attribute("r", in: attributes)) ?? rowNumber + 1
          cells.removeAll(keepingCapacity: true)
          nextColumn = 0
          if selfClosing { row(rowNumber, []) }
        }
      } else if equals(tag, "c") {
        if closing {
          if var finished = cell {
            finished.text = XMLText.decode(text)
            cells.append(finished)
          }
          cell = nil
        } else {
          let reference = attribute("r", in: attributes)
          let column = reference.map { Self.columnIndex(bytes[$0]) } ?? nextColumn
          nextColumn = column + 1
          let new = Cell(
            column: column, type: string(attribute("t", in: attributes)),
            style: integer(attribute("s", in: attributes)) ?? 0, text: "")
          text.removeAll(keepingCapacity: true)
          if selfClosing { cells.append(new) } else { cell = new }
        }
      } else if equals(tag, "rPh") {
        phonetic = !closing && !selfClosing
      } else if !closing, !selfClosing, !phonetic, cell != nil, equals(tag, "v") || equals(tag, "t") {
        // Text up to the next tag.
        var j = i
        while j < n, bytes[j] != UInt8(ascii: "<") { j += 1 }
        text.append(contentsOf: bytes[i..<j])
        i = j
      }
    }
  }

  /// "A1" → 0, "AB12" → 27.
  static func columnIndex(_ reference: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
    var index = 0
    for b in reference {
      guard b >= 0x41, b <= 0x5A else { break }
      index = index * 26 + Int(b - 64)
    }
    return max(0, index - 1)
  }
}

/// XML character data: the five named entities and numeric references.
enum XMLText {
  static func decode(_ bytes: [UInt8]) -> String {
    guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      guard bytes[i] == UInt8(ascii: "&"), let semicolon = bytes[i...].firstIndex(of: UInt8(ascii: ";")),
        semicolon - i <= 10
      else {
        out.append(bytes[i])
        i += 1
        continue
      }
      let entity = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
      var scalar: Unicode.Scalar? = nil
      switch entity {
      case "amp": scalar = "&"
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
          scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if entity.hasPrefix("#") {
          scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
        }
      }
      if let scalar {
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        i = semicolon + 1
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
