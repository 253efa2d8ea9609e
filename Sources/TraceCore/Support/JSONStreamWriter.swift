/// Writes JSON straight to bytes, in exactly the layout of `JSONValue.fragmentBytes`, without
/// building a `JSONValue` tree first.
///
/// `clusters.json` of a million leads is 200 MB; building a tree of enums, arrays and tuples
/// for each ring and then walking it spent a quarter of its time retaining and releasing
/// nodes. Objects and arrays of containers are opened and closed; arrays of scalars are
/// written whole (on one line, as `JSONValue` writes them). An object opened with
/// `beginInlineObject()` is written on one line too, with all it holds.
///
/// Member names are static strings, written without an escape check; the tables of string
/// escapes and indentation are held by the writer, not looked up as globals for every value.
public struct JSONStreamWriter {
  private var bytes: ByteBuffer
  /// For each open container: whether it has a member yet.
  private var filled: [Bool] = []
  /// How many of the open containers, innermost first, are written on one line.
  private var inlineDepth = 0
  private let baseIndent: Int
  private let mayNeedEscape = JSONValue.mayNeedEscape
  private let spaces = JSONValue.spaces

  /// A writer whose first value sits at nesting depth `indent`, with room for `capacity`
  /// bytes before it grows.
  public init(indent: Int = 0, capacity: Int = 0) {
    baseIndent = indent
    bytes = ByteBuffer(capacity: capacity)
  }

  private var depth: Int { baseIndent + filled.count }

  /// The bytes written since the last call, removed.
  public mutating func drain() -> [UInt8] { bytes.drain() }

  /// Appends bytes as they are (text between values, written by the caller).
  public mutating func raw(_ text: some Sequence<UInt8>) { bytes.append(Array(text)) }

  /// Appends the tool's own text as it is.
  public mutating func raw(_ text: StaticString) { bytes.append(text) }

  /// `, ` between the items of a line, as two bytes: appending `", ".utf8` went through the
  /// generic sequence path, 170 instructions each time (callgrind), for every member.
  private mutating func separator() {
    bytes.append(UInt8(ascii: ","))
    bytes.append(UInt8(ascii: " "))
  }

  /// Starts an object: as a value, after `key(_:)` or as an item of an open array.
  public mutating func beginObject() { open(UInt8(ascii: "{")) }
  /// Starts an object written on one line, `{"a": 1, "b": [2]}`, with every container in it.
  public mutating func beginInlineObject() {
    open(UInt8(ascii: "{"))
    if inlineDepth == 0 { inlineDepth = 1 }
  }
  public mutating func endObject() { close(UInt8(ascii: "}")) }
  /// Starts an array whose items are containers (one per line).
  public mutating func beginArray() { open(UInt8(ascii: "[")) }
  public mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts the member `key` (plain text: nothing in it needs escaping) of the open object;
  /// its value follows.
  public mutating func key(_ key: StaticString) {
    nextItem()
    bytes.append(UInt8(ascii: "\""))
    key.withUTF8Buffer { name in
      assert(!name.contains { mayNeedEscape[Int($0)] }, "member name \(key) needs escaping")
      bytes.append(name)
    }
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
    bytes.append(UInt8(ascii: " "))
  }

  /// Starts the next item of the open array of containers.
  public mutating func item() { nextItem() }

  public mutating func string(_ value: String) {
    JSONValue.writeString(value, into: &bytes, mayNeedEscape: mayNeedEscape)
  }
  /// The key of entity `entity` of `graph` as the string `kind:key`, read in place, without
  /// making that `String`.
  public mutating func identifier(ofEntity entity: Int, in graph: EvidenceGraph) {
    let prefix = graph.entities[entity].kind.identifierPrefix
    graph.withKeyBytes(ofEntity: entity) {
      JSONValue.writeString(utf8: $0, into: &bytes, mayNeedEscape: mayNeedEscape, prefix: prefix)
    }
  }

  /// A string given as its UTF-8 bytes.
  public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
    JSONValue.writeString(utf8: utf8, into: &bytes, mayNeedEscape: mayNeedEscape)
  }

  /// The member `key` of the open object with the key of entity `entity` of `graph`, and the
  /// member `label` with its label, both read in place.
  public mutating func keyAndLabel(ofEntity entity: Int, in graph: EvidenceGraph) {
    key("key")
    graph.withKeyBytes(ofEntity: entity) { string(utf8: $0) }
    key("label")
    graph.withLabelBytes(ofEntity: entity) { string(utf8: $0) }
  }
  public mutating func int(_ value: Int) { JSONValue.writeInt(value, into: &bytes) }
  public mutating func double(_ value: Double) { JSONValue.writeDouble(value, into: &bytes) }

  /// The member `key` of the open object with a string, whole-number or fractional value.
  public mutating func member(_ key: StaticString, _ value: String) {
    self.key(key)
    string(value)
  }

  public mutating func member(_ key: StaticString, _ value: Int) {
    self.key(key)
    int(value)
  }

  public mutating func member(_ key: StaticString, _ value: Double) {
    self.key(key)
    double(value)
  }

  /// The member `key` of the open object with an array of strings, on one line.
  public mutating func member(_ key: StaticString, strings: some Collection<String>) {
    self.key(key)
    self.strings(strings)
  }

  public mutating func member(_ key: StaticString, strings: [String]) {
    self.key(key)
    self.strings(strings)
  }

  /// An array of scalars, on one line: `["a", "b"]`, or `[]`.
  public mutating func scalars<C: Collection>(_ items: C, _ write: (inout JSONStreamWriter, C.Element) -> Void) {
    bytes.append(UInt8(ascii: "["))
    var first = true
    for item in items {
      if !first { separator() }
      first = false
      write(&self, item)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  /// `scalars` of strings.
  public mutating func strings(_ items: some Collection<String>) { scalars(items) { $0.string($1) } }

  // Arrays of the shapes `clusters.json` writes for every ring, as concrete methods: other
  // modules call the generic `scalars` unspecialised, through witness tables and an
  // iterator per item, and that was a fifth of writing the file. Here, in its own module,
  // it is specialised.

  /// `strings` of an array.
  public mutating func strings(_ items: [String]) { scalars(items) { $0.string($1) } }

  /// The keys of `stores`, stores of `graph`, read in place.
  public mutating func storeKeys(_ stores: [Int32], in graph: EvidenceGraph) {
    bytes.append(UInt8(ascii: "["))
    for (position, store) in stores.enumerated() {
      if position > 0 { separator() }
      graph.stores.withKeyBytes(of: Int(store)) { string(utf8: $0) }
    }
    bytes.append(UInt8(ascii: "]"))
  }

  /// The identifiers (`kind:key`) of `members`, entities of `graph`.
  public mutating func identifiers(of members: ArraySlice<Int32>, in graph: EvidenceGraph) {
    // A loop, not `scalars`: its closure would capture (copy) the graph for every call.
    bytes.append(UInt8(ascii: "["))
    for (position, member) in members.enumerated() {
      if position > 0 { separator() }
      identifier(ofEntity: Int(member), in: graph)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    filled.append(false)
    if inlineDepth > 0 { inlineDepth += 1 }
  }

  private mutating func nextItem() {
    if inlineDepth > 0 {
      if filled[filled.count - 1] { separator() }
      filled[filled.count - 1] = true
      return
    }
    if filled[filled.count - 1] { bytes.append(UInt8(ascii: ",")) }
    bytes.append(0x0A)
    filled[filled.count - 1] = true
    pad()
  }

  private mutating func close(_ bracket: UInt8) {
    if inlineDepth > 0 {
      filled.removeLast()
      inlineDepth -= 1
      bytes.append(bracket)
      return
    }
    if filled.removeLast() {
      bytes.append(0x0A)
      pad()
    }
    bytes.append(bracket)
  }

  /// The indentation of the current depth.
  private mutating func pad() { JSONValue.pad(&bytes, depth, spaces: spaces) }
}

