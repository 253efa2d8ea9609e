internal import CGraphviz
import Foundation

/// What `render` allows a DOT file from a stranger to do, and the checks that hold it to it.
///
/// Graphviz reads files a graph names: `image`, `shapefile`, `imagepath`, `fontpath`,
/// `stylesheet`, `<IMG SRC>` in HTML labels. Drawn blindly, a stranger's DOT embeds a local
/// file's pixels into a PNG or PDF, an SVG gets an absolute path, a script (`stylesheet`,
/// `URL="javascript:…"`) and a FIFO named as an image hangs the run. So, before layout:
/// - no file is read unless `allowFilesIn` is given, and then only regular files inside that
///   folder (the DOT file's own); anything else is removed from the graph, with a note;
/// - `stylesheet` and `_background` are always removed; links are kept only for `http:`,
///   `https:`, `mailto:`, `#` and relative targets;
/// - the graph's shape is bounded (`Budget`): nesting, nodes and edges, the drawing's size.
public enum UntrustedDOT {
  /// Limits on a stranger's graph, checked before layout.
  public struct Budget: Sendable, Hashable {
    /// Bytes of DOT text.
    public var bytes = 16 << 20
    /// Depth of nested `{ }` (subgraphs): Graphviz 2.42 silently cuts the graph past 2,499
    /// nested clusters, and crashes writing it back as DOT.
    public var nesting = 200
    /// Nodes plus edges.
    public var elements = 20_000
    /// Pixels on the longer side a `size` with `!` (scale up to fit) may ask for.
    public var pixels = 20_000

    public init() {}
  }

  /// A graph refused, with why.
  public struct Refusal: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
  }

  /// Refuses DOT text deeper than `budget.nesting` or longer than `budget.bytes`, before it is
  /// parsed (the parser's own limit cuts silently).
  public static func checkText(_ text: [UInt8], budget: Budget) throws(Refusal) {
    guard text.count <= budget.bytes else {
      throw Refusal(description: "DOT 文件过大 (the DOT text has \(text.count) bytes, over \(budget.bytes))")
    }
    var depth = 0, deepest = 0, line = 1
    var index = 0
    var inString = false, htmlDepth = 0
    while index < text.count {
      let byte = text[index]
      if byte == 0x0A { line += 1 }
      if inString {
        if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
      } else if htmlDepth > 0 {
        if byte == UInt8(ascii: "<") { htmlDepth += 1 } else if byte == UInt8(ascii: ">") { htmlDepth -= 1 }
      } else {
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "<"): htmlDepth = 1
        case UInt8(ascii: "{"):
          depth += 1
          deepest = max(deepest, depth)
          if deepest > budget.nesting {
            throw Refusal(
              description: "line \(line): 子图嵌套过深 (subgraphs nested over \(budget.nesting) deep: refused before layout)")
          }
        case UInt8(ascii: "}"): depth -= 1
        case UInt8(ascii: "/") where index + 1 < text.count && text[index + 1] == UInt8(ascii: "*"):
          index += 2
          while index + 1 < text.count, !(text[index] == UInt8(ascii: "*") && text[index + 1] == UInt8(ascii: "/")) {
            if text[index] == 0x0A { line += 1 }
            index += 1
          }
          index += 1
        case UInt8(ascii: "/") where index + 1 < text.count && text[index + 1] == UInt8(ascii: "/"),
          UInt8(ascii: "#") where index == 0 || text[index - 1] == 0x0A:
          while index < text.count, text[index] != 0x0A { index += 1 }
          continue
        default: break
        }
      }
      index += 1
    }
  }

  /// Refuses a parsed graph over `budget` in elements or in the size it asks to be drawn at.
  static func checkShape(_ graph: UnsafeMutablePointer<Agraph_t>, format: RenderFormat, budget: Budget) throws(Refusal) {
    let elements = Int(CGraphviz_nodeCount(graph)) + Int(CGraphviz_edgeCount(graph))
    guard elements <= budget.elements else {
      throw Refusal(description: "图过大 (\(elements) nodes and edges, over \(budget.elements): refused before layout)")
    }
    guard let size = value(graph, "size"), size.hasSuffix("!") else { return }
    let parts = size.dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    let dpi = value(graph, "dpi").flatMap(Double.init) ?? value(graph, "resolution").flatMap(Double.init) ?? 96
    let longest = (parts.max() ?? 0) * max(dpi, 1)
    if longest > Double(budget.pixels) || !longest.isFinite {
      throw Refusal(
        description: "图的尺寸过大 (size=\"\(size)\" at \(dpi) dpi asks for \(Int(min(longest, 1e12))) pixels, over \(budget.pixels))")
    }
  }

  /// Removes from `graph` every attribute that would read a file (unless `allowFilesIn`
  /// holds it), run a script or link anywhere unsafe. Returns a note for each kind removed.
  static func sanitize(_ graph: UnsafeMutablePointer<Agraph_t>, allowFilesIn folder: URL?) -> [String] {
    var removed: Set<String> = []
    let kinds: [Int32] = [Int32(AGRAPH), Int32(AGNODE), Int32(AGEDGE)]
    for kind in kinds {
      var symbols: [UnsafeMutablePointer<Agsym_t>] = []
      var symbol = agnxtattr(graph, kind, nil)
      while let current = symbol {
        symbols.append(current)
        symbol = agnxtattr(graph, kind, current)
      }
      for object in objects(of: graph, kind: kind) {
        for symbol in symbols {
          let name = String(cString: symbol.pointee.name)
          guard let raw = agxget(object, symbol) else { continue }
          let isHTML = aghtmlstr(raw) != 0
          let value = String(cString: raw)
          guard !value.isEmpty,
            let replacement = replacement(for: name, value: value, isHTML: isHTML, allowFilesIn: folder)
          else { continue }
          _ = replacement.withCString { agxset(object, symbol, UnsafeMutablePointer(mutating: $0)) }
          removed.insert(name)
        }
      }
    }
    return removed.sorted().map { "removed \($0): it would read a file or run a link (已移除 \($0))" }
  }

  /// What a value becomes, or `nil` to keep it.
  static func replacement(for name: String, value: String, isHTML: Bool, allowFilesIn folder: URL?) -> String? {
    switch name {
    case "stylesheet", "_background", "_draw_", "_ldraw_", "_hdraw_", "_tdraw_", "_hldraw_", "_tldraw_":
      return ""
    case "image", "shapefile":
      return folder.map { isInside(value, folder: $0) } == true ? nil : ""
    case "imagepath", "fontpath":
      guard let folder else { return "" }
      return value.split(separator: ":").allSatisfy { isInside(String($0), folder: folder, folderAllowed: true) } ? nil : ""
    case "fontname", "fontnames":
      return value.contains("/") ? "" : nil
    case "URL", "href", "tailURL", "headURL", "labelURL", "edgeURL", "tailhref", "headhref", "labelhref", "edgehref":
      return isSafeLink(value) ? nil : ""
    default:
      guard isHTML else { return nil }
      return isSafeHTML(value, allowFilesIn: folder) ? nil : "[已移除 removed: an HTML label reading a file or linking unsafely]"
    }
  }

  /// Whether an HTML-like label reads no file outside `folder` (`<IMG SRC>`) and links only
  /// safely (`HREF`).
  static func isSafeHTML(_ html: String, allowFilesIn folder: URL?) -> Bool {
    for (attribute, value) in htmlAttributes(html) {
      switch attribute {
      case "src":
        guard let folder, isInside(value, folder: folder) else { return false }
      case "href": if !isSafeLink(value) { return false }
      default: continue
      }
    }
    return !html.lowercased().contains("<img") || folder != nil
  }

  /// Every `name="value"` in an HTML-like label, names lower-cased.
  static func htmlAttributes(_ html: String) -> [(String, String)] {
    var found: [(String, String)] = []
    let scalars = Array(html.unicodeScalars)
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "=" else {
        index += 1
        continue
      }
      var nameStart = index
      while nameStart > 0, scalars[nameStart - 1].properties.isAlphabetic { nameStart -= 1 }
      let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
      var valueStart = index + 1
      while valueStart < scalars.count, scalars[valueStart] == " " { valueStart += 1 }
      guard valueStart < scalars.count else { break }
      let quote = scalars[valueStart]
      var end = valueStart + 1
      if quote == "\"" || quote == "'" {
        while end < scalars.count, scalars[end] != quote { end += 1 }
        found.append((name, String(String.UnicodeScalarView(scalars[(valueStart + 1)..<min(end, scalars.count)]))))
      } else {
        while end < scalars.count, scalars[end] != " ", scalars[end] != ">" { end += 1 }
        found.append((name, String(String.UnicodeScalarView(scalars[valueStart..<end]))))
      }
      index = end
    }
    return found
  }

  /// A link to `http:`, `https:`, `mailto:`, an anchor, or a relative path (no scheme).
  static func isSafeLink(_ link: String) -> Bool {
    let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    if trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://") || trimmed.hasPrefix("mailto:") || trimmed.hasPrefix("#") {
      return true
    }
    guard let colon = trimmed.firstIndex(of: ":") else { return !trimmed.contains(where: \.isNewline) }
    // A colon after a slash, `?` or `#` is inside a relative path, not a scheme.
    return trimmed[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" })
  }

  /// Whether `path` (relative to `folder`, or absolute) is a regular file inside `folder`,
  /// symbolic links resolved (or, with `folderAllowed`, a folder inside it).
  static func isInside(_ path: String, folder: URL, folderAllowed: Bool = false) -> Bool {
    let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
    let candidate = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path))
      .standardizedFileURL.resolvingSymlinksInPath().path
    guard candidate == base || candidate.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { return false }
    var status = stat()
    guard stat(candidate, &status) == 0 else { return false }
    let type = status.st_mode & S_IFMT
    return type == S_IFREG || (folderAllowed && type == S_IFDIR)
  }

  /// The graph, its subgraphs at every depth, its nodes or its edges.
  private static func objects(of graph: UnsafeMutablePointer<Agraph_t>, kind: Int32) -> [UnsafeMutableRawPointer] {
    var found: [UnsafeMutableRawPointer] = []
    switch kind {
    case Int32(AGRAPH):
      var pending = [graph]
      while let next = pending.popLast() {
        found.append(UnsafeMutableRawPointer(next))
        var subgraph = agfstsubg(next)
        while let current = subgraph {
          pending.append(current)
          subgraph = agnxtsubg(current)
        }
      }
    case Int32(AGNODE):
      var node = agfstnode(graph)
      while let current = node {
        found.append(UnsafeMutableRawPointer(current))
        node = agnxtnode(graph, current)
      }
    default:
      var node = agfstnode(graph)
      while let current = node {
        var edge = agfstout(graph, current)
        while let out = edge {
          found.append(UnsafeMutableRawPointer(out))
          edge = agnxtout(graph, out)
        }
        node = agnxtnode(graph, current)
      }
    }
    return found
  }

  private static func value(_ graph: UnsafeMutablePointer<Agraph_t>, _ name: String) -> String? {
    guard let raw = CGraphviz_get(graph, name), raw.pointee != 0 else { return nil }
    return String(cString: raw)
  }
}
