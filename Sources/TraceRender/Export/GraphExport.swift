import TraceCore

/// The evidence graph for other tools: GraphML (Gephi, Cytoscape, yEd), node and edge CSV
/// tables, and JSON. Every store and every shared value is a node, every store–value link
/// an edge; nodes carry their ring id, so a tool can colour or filter by ring.
public struct GraphExport {
  /// One node of the export.
  struct Node {
    var id: String
    var type: String
    var key: String
    var label: String
    var platform: String
    /// The ring of a store; of a value, the ring when all its stores are in one ring.
    var ring: String
    var leads: Int
    var stores: Int
    var hub: Bool
  }

  struct Edge {
    var source: String
    var target: String
    var kind: String
    var leads: Int
    var ring: String
  }

  var nodes: [Node] = []
  var edges: [Edge] = []

  /// Builds the node and edge lists once; the writers below only format them.
  /// - Complexity: O(stores + entities + links).
  public init(_ investigation: Investigation) {
    let graph = investigation.graph
    let hubs = Set(investigation.hubs.map(\.entity))
    func ringID(_ ring: Int32) -> String { ring >= 0 ? investigation.rings[Int(ring)].id : "" }
    // The single ring of each value (-1: none yet, -2: several).
    var ringOfEntity = [Int32](repeating: -1, count: graph.entities.count)
    var leadsOfEntity = [Int](repeating: 0, count: graph.entities.count)
    nodes.reserveCapacity(graph.stores.count + graph.entities.count)
    for (index, store) in graph.stores.enumerated() {
      let ring = investigation.ringOfStore[index]
      nodes.append(
        Node(
          id: "s\(index)", type: "store", key: store.key, label: store.name, platform: store.platform,
          ring: ringID(ring), leads: store.leads.count, stores: 1, hub: false))
      for link in graph.links(ofStore: index) {
        let entity = Int(graph.linkEntities[link])
        let leads = graph.leads(ofLink: link).count
        leadsOfEntity[entity] += leads
        edges.append(
          Edge(
            source: "s\(index)", target: "e\(entity)", kind: graph.entities[entity].kind.rawValue,
            leads: leads, ring: ringID(ring)))
        if ring < 0 || ringOfEntity[entity] == -2 { continue }
        ringOfEntity[entity] = ringOfEntity[entity] == -1 || ringOfEntity[entity] == ring ? ring : -2
      }
    }
    for (index, entity) in graph.entities.enumerated() {
      let isHub = hubs.contains(Int32(index))
      nodes.append(
        Node(
          id: "e\(index)", type: entity.kind.rawValue, key: graph.entityKeys[index], label: graph.label(ofEntity: index),
          platform: "", ring: isHub ? "" : ringID(max(-1, ringOfEntity[index])), leads: leadsOfEntity[index],
          stores: entity.storeCount, hub: isHub))
    }
  }

  /// `nodes.csv`: `id,type,key,label,platform,ring,leads,stores,hub`.
  public func nodesCSV() -> String {
    var csv = CSVWriter(header: ["id", "type", "key", "label", "platform", "ring", "leads", "stores", "hub"])
    for node in nodes {
      csv.row([
        node.id, node.type, node.key, node.label, node.platform, node.ring, String(node.leads),
        String(node.stores), String(node.hub),
      ])
    }
    return csv.text
  }

  /// `edges.csv`: `source,target,kind,leads,ring` (store → value).
  public func edgesCSV() -> String {
    var csv = CSVWriter(header: ["source", "target", "kind", "leads", "ring"])
    for edge in edges { csv.row([edge.source, edge.target, edge.kind, String(edge.leads), edge.ring]) }
    return csv.text
  }

  /// `graph.json`: `{"nodes": [...], "edges": [...]}` with the same fields as the CSVs.
  public func json() -> String {
    JSONValue.object([
      ("version", .int(1)),
      (
        "nodes",
        .array(
          nodes.map { node in
            .object([
              ("id", .string(node.id)), ("type", .string(node.type)), ("key", .string(node.key)),
              ("label", .string(node.label)), ("platform", .string(node.platform)),
              ("ring", .string(node.ring)), ("leads", .int(node.leads)), ("stores", .int(node.stores)),
              ("hub", .bool(node.hub)),
            ])
          })
      ),
      (
        "edges",
        .array(
          edges.map { edge in
            .object([
              ("source", .string(edge.source)), ("target", .string(edge.target)),
              ("kind", .string(edge.kind)), ("leads", .int(edge.leads)), ("ring", .string(edge.ring)),
            ])
          })
      ),
    ]).serialized()
  }

  /// `graph.graphml`: typed attributes (`string`, `int`, `boolean`), undirected.
  public func graphML() -> String {
    let nodeKeys: [(String, String)] = [
      ("type", "string"), ("key", "string"), ("label", "string"), ("platform", "string"),
      ("ring", "string"), ("leads", "int"), ("stores", "int"), ("hub", "boolean"),
    ]
    let edgeKeys: [(String, String)] = [("kind", "string"), ("leads", "int"), ("ring", "string")]
    var xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
      xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

      """
    for (name, type) in nodeKeys {
      xml += "  <key id=\"n_\(name)\" for=\"node\" attr.name=\"\(name)\" attr.type=\"\(type)\"/>\n"
    }
    for (name, type) in edgeKeys {
      xml += "  <key id=\"e_\(name)\" for=\"edge\" attr.name=\"\(name)\" attr.type=\"\(type)\"/>\n"
    }
    xml += "  <graph id=\"evidence\" edgedefault=\"undirected\">\n"
    func data(_ key: String, _ value: String) -> String {
      "<data key=\"\(key)\">\(XMLEscaping.text(value))</data>"
    }
    for node in nodes {
      xml += "    <node id=\"\(node.id)\">" + data("n_type", node.type) + data("n_key", node.key)
        + data("n_label", node.label) + data("n_platform", node.platform) + data("n_ring", node.ring)
        + data("n_leads", String(node.leads)) + data("n_stores", String(node.stores))
        + data("n_hub", String(node.hub)) + "</node>\n"
    }
    for (index, edge) in edges.enumerated() {
      xml += "    <edge id=\"l\(index)\" source=\"\(edge.source)\" target=\"\(edge.target)\">"
        + data("e_kind", edge.kind) + data("e_leads", String(edge.leads)) + data("e_ring", edge.ring)
        + "</edge>\n"
    }
    xml += "  </graph>\n</graphml>\n"
    return xml
  }
}

/// Escapes untrusted text for XML character data and attribute values.
public enum XMLEscaping {
  /// `&`, `<`, `>`, `"` and `'` as entities; characters XML 1.0 cannot carry (C0 controls
  /// other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD.
  public static func text(_ raw: String) -> String {
    var out = ""
    out.reserveCapacity(raw.utf8.count)
    for scalar in raw.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
