/// Reads the rows of a worksheet part (`xl/worksheets/sheetN.xml`) straight from its bytes.
///
/// Worksheets are the one large part of a workbook and have a fixed, simple shape
/// (`<row r=…><c r=… t=… s=…><v>…</v> | <is><t>…</t></is></c></row>`), so they are scanned
/// rather than run through `XMLParser`, whose per-element callbacks and attribute
/// dictionaries cost ten times more. Text is entity-decoded; phonetic runs (`<rPh>`) are
/// skipped. The small parts (workbook, relationships, shared strings, styles) still go
/// through `XMLParser`.
struct WorksheetScanner {
  /// A cell's `t` attribute.
  enum CellType {
    case number, shared, boolean, inline, formulaText, error
    init(_ attribute: Slice<UnsafeBufferPointer<UInt8>>?) {
      guard let attribute else {
        self = .number
        return
      }
      // Compared as bytes: a `String` per cell cost more than the rest of reading its type.
      func `is`(_ literal: StaticString) -> Bool {
        WorksheetScanner.same(UnsafeBufferPointer(rebasing: attribute), literal)
      }
      if `is`("s") {
        self = .shared
      } else if `is`("inlineStr") {
        self = .inline
      } else if `is`("b") {
        self = .boolean
      } else if `is`("str") {
        self = .formulaText
      } else if `is`("e") {
        self = .error
      } else {
        self = .number
      }
    }
  }

  /// One cell as found: its column, type, style index and where its entity-decoded text sits
  /// in the row's text buffer.
  struct Cell {
    var column: Int
    var type: CellType
    var style: Int
    var text: Range<Int>
  }

  /// Calls `row` with each row number, its cells and the buffer holding their text, until it
  /// returns `false`. No `String` is made: a workbook of a million cells is read into the
  /// value pool from bytes.
  ///
  /// `bytes` may be one piece of a worksheet (`WorksheetStream`) if it starts and ends
  /// between rows; `rowNumber` is then the number of the row before it (a row without an `r`
  /// attribute follows it), and on return the number of the last row scanned.
  /// - Returns: `false` when `row` returned `false`.
  @discardableResult
  static func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, rowNumber: inout Int, row: (Int, [Cell], UnsafeBufferPointer<UInt8>) -> Bool
  ) -> Bool {
    var i = 0
    let n = bytes.count
    var cells: [Cell] = []
    var cell: Cell? = nil
    var nextColumn = 0
    var rowText = ByteBuffer()
    var phonetic = false

    /// The values of the `r`, `t` and `s` attributes in `range`, found in one pass.
    func cellAttributes(in range: Range<Int>) -> (r: Range<Int>?, t: Range<Int>?, s: Range<Int>?) {
      var found: (r: Range<Int>?, t: Range<Int>?, s: Range<Int>?) = (nil, nil, nil)
      var j = range.lowerBound
      while j < range.upperBound {
        // Skip white space, then read a name up to '='.
        while j < range.upperBound, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x09 || bytes[j] == 0x0D {
          j += 1
        }
        let nameStart = j
        while j < range.upperBound, bytes[j] != UInt8(ascii: "=") { j += 1 }
        let nameEnd = j
        guard j + 1 < range.upperBound, bytes[j + 1] == UInt8(ascii: "\"") || bytes[j + 1] == UInt8(ascii: "'")
        else { break }
        let quote = bytes[j + 1]
        let start = j + 2
        var end = start
        while end < range.upperBound, bytes[end] != quote { end += 1 }
        if nameEnd - nameStart == 1 {
          switch bytes[nameStart] {
          case UInt8(ascii: "r"): found.r = found.r ?? start..<end
          case UInt8(ascii: "t"): found.t = found.t ?? start..<end
          case UInt8(ascii: "s"): found.s = found.s ?? start..<end
          default: break
          }
        }
        j = end + 1
      }
      return found
    }
    /// A row number or style index: nine digits at most (a worksheet has 1,048,576 rows),
    /// so that a damaged one can neither overflow nor leave the range of a line number.
    func integer(_ range: Range<Int>?) -> Int? {
      guard let range, !range.isEmpty, range.count <= 9 else { return nil }
      var value = 0
      for b in bytes[range] {
        guard b >= 0x30, b <= 0x39 else { return nil }
        value = value * 10 + Int(b - 0x30)
      }
      return value
    }
    /// The element a tag name is, told by its length and first byte before any comparison
    /// (tags are read for every cell: comparing each name with five literals in turn was a
    /// tenth of scanning).
    func element(_ range: Range<Int>) -> Element {
      guard !range.isEmpty else { return .other }
      let first = bytes[range.lowerBound]
      switch range.count {
      case 1:
        switch first {
        case UInt8(ascii: "c"): return .cell
        case UInt8(ascii: "v"), UInt8(ascii: "t"): return .text
        default: return .other
        }
      case 3:
        let name = UnsafeBufferPointer(rebasing: bytes[range])
        if first == UInt8(ascii: "r"), Self.same(name, "row") { return .row }
        if first == UInt8(ascii: "r"), Self.same(name, "rPh") { return .phonetic }
        return .other
      default: return .other
      }
    }

    while i < n {
      guard bytes[i] == UInt8(ascii: "<") else {
        i += 1
        continue
      }
      let read = XMLTag(in: bytes, at: i)
      let (tag, closing, selfClosing) = (read.name, read.closing, read.selfClosing)
      let attributes = tag.upperBound..<max(tag.upperBound, selfClosing ? read.end - 1 : read.end)
      i = read.after
      let element = element(tag)
      if element == .row {
        if closing {
          if !rowText.withUnsafeBufferPointer({ row(rowNumber, cells, $0) }) { return false }
        } else {
          rowNumber = integer(cellAttributes(in: attributes).r) ?? rowNumber + 1
          cells.removeAll(keepingCapacity: true)
          rowText.removeAll()
          cell = nil  // a cell left open in a damaged part: its text start was in the old row's text
          nextColumn = 0
          if selfClosing, !row(rowNumber, [], UnsafeBufferPointer(start: nil, count: 0)) { return false }
        }
      } else if element == .cell {
        if closing {
          if var finished = cell {
            finished.text = finished.text.lowerBound..<rowText.count
            cells.append(finished)
          }
          cell = nil
        } else {
          let found = cellAttributes(in: attributes)
          let column = found.r.flatMap { Self.columnIndex(bytes[$0]) } ?? nextColumn
          nextColumn = column + 1
          let new = Cell(
            column: column, type: CellType(found.t.map { bytes[$0] }),
            style: integer(found.s) ?? 0, text: rowText.count..<rowText.count)
          if selfClosing { cells.append(new) } else { cell = new }
        }
      } else if element == .phonetic {
        phonetic = !closing && !selfClosing
      } else if !closing, !selfClosing, !phonetic, cell != nil, element == .text {
        // Text up to the next tag, decoded straight into the row's text (the cell's text is
        // what its runs add there, up to its closing tag).
        let j = Self.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: i)
        XMLText.decode(UnsafeBufferPointer(rebasing: bytes[i..<j]), into: &rowText)
        i = j
      }
    }
    return true
  }

  /// The index of the first `byte` in `bytes` at `start` or after, or `bytes.count`: by
  /// `memchr`, many bytes a step. The end of each tag and of each text were found a byte at
  /// a time, a quarter of scanning a worksheet (`perf annotate`).
  @inline(__always)
  static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
    guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return bytes.count }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }

  /// The elements of a worksheet the scanner acts on.
  enum Element {
    case row, cell, phonetic
    /// `v` (a value) or `t` (a run of inline or rich text).
    case text
    case other
  }

  /// Whether `bytes` are those of `literal`, compared byte by byte in place (a generic
  /// `elementsEqual` on slices was a twentieth of reading a workbook).
  @inline(__always)
  static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    guard bytes.count == literal.utf8CodeUnitCount else { return false }
    let other = literal.utf8Start
    for index in 0..<bytes.count where bytes[index] != other[index] { return false }
    return true
  }

  /// Columns a worksheet can have: A to XFD.
  static let columnLimit = 16_384

  /// "A1" → 0, "AB12" → 27; `nil` past column XFD, which no worksheet has (a damaged
  /// reference: taken as is, "ZZZZZZZZZZZZZZ1" overflowed, and a row reaching to column
  /// "ZZZZZZ" would have been 300 million empty cells).
  static func columnIndex(_ reference: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    var index = 0
    for b in reference {
      guard b >= 0x41, b <= 0x5A else { break }
      index = index * 26 + Int(b - 64)
      if index > columnLimit { return nil }
    }
    return max(0, index - 1)
  }
}

/// One tag of an XML part (shared strings, a worksheet), read from its `<`.
struct XMLTag {
  /// The element's local name: after a namespace prefix (`x:row` is `row`), if any.
  var name: Range<Int>
  /// `</name>`.
  var closing: Bool
  /// `<name … />`.
  var selfClosing: Bool
  /// Where its `>` is (the end of the bytes if it has none).
  var end: Int
  /// Where scanning goes on: just after its `>`, or the end of the bytes for a tag cut off
  /// before its `>` (a damaged part; `end + 1` would be past the bytes).
  var after: Int

  /// The tag whose `<` is at `start`.
  @inline(__always)
  init(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) {
    let n = bytes.count
    var j = start + 1
    closing = j < n && bytes[j] == UInt8(ascii: "/")
    if closing { j += 1 }
    var nameStart = j
    while j < n, bytes[j] != 0x20, bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/"),
      bytes[j] != 0x0A, bytes[j] != 0x0D, bytes[j] != 0x09
    {
      if bytes[j] == UInt8(ascii: ":") { nameStart = j + 1 }  // `x:row`: the local name follows
      j += 1
    }
    name = nameStart..<j
    end = WorksheetScanner.firstIndex(of: UInt8(ascii: ">"), in: bytes, from: j)
    selfClosing = end > start && bytes[end - 1] == UInt8(ascii: "/")
    after = min(end + 1, n)
  }
}

/// XML character data: the five named entities and numeric references.
enum XMLText {
  /// Appends the decoded text of `bytes` to `out`.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) {
    guard bytes.contains(UInt8(ascii: "&")) else {
      out.append(bytes)
      return
    }
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
        out.append(Array(String(Character(scalar)).utf8))
        i = semicolon + 1
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
