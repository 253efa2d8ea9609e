import Foundation
import TraceCore

/// `report.html` and `report/<ring>.html`: what an analyst opens, reads and hands on.
///
/// The index holds the summary (inputs with SHA-256, counts, top sources, hubs and why), the
/// sortable ring table, super-sources, rejects and the command that reproduces the report.
/// Each ring has its own page (diagram inline, upstream candidates with their score parts,
/// takedown plan, stores, shared values and the evidence table), so the index stays small on
/// large inputs. Pages, tables and their order depend only on the investigation: same leads,
/// same bytes.
public struct InvestigationReport: Sendable {
  /// Rings that get a page of their own (the best by score); the rest are in `clusters.json`.
  public static let ringPageLimit = 500
  /// Rows of the index's ring table.
  public static let ringTableLimit = 5000
  /// Rejected rows shown in the index (all are in `rejects.csv`).
  public static let rejectRowLimit = 200
  /// Evidence rows on one ring page.
  public static let leadRowLimit = 2000
  /// The largest overview SVG inlined into the index.
  public static let overviewInlineLimit = 2_000_000

  public var investigation: Investigation
  public var arguments: [String]
  /// SVG of each ring that has a diagram, by ring id.
  public var ringSVGs: [String: [UInt8]]
  /// Why a ring's diagram was summarised, by ring id.
  public var diagramNotes: [String: String]
  public var overviewSVG: [UInt8]?
  /// Rings whose page shows a drawing; by default those in `ringSVGs`. Set it to make the
  /// index before the drawings exist (`indexWithHole()`).
  public var drawnRings: Set<String>?
  public var notes: [String]
  /// The hubs' entities, gathered once for every ring page.
  private let hubEntities: Set<Int32>

  public init(
    investigation: Investigation, arguments: [String], ringSVGs: [String: [UInt8]] = [:],
    diagramNotes: [String: String] = [:], overviewSVG: [UInt8]? = nil, notes: [String] = []
  ) {
    self.investigation = investigation
    self.arguments = arguments
    self.ringSVGs = ringSVGs
    self.diagramNotes = diagramNotes
    self.overviewSVG = overviewSVG
    self.notes = notes
    hubEntities = Set(investigation.hubs.map(\.entity))
  }

  /// Ring ids that get a page.
  public var pagedRings: ArraySlice<Ring> { investigation.rings.prefix(Self.ringPageLimit) }

  /// The index page.
  public func indexHTML() -> String { String(decoding: index(), as: UTF8.self) }

  /// The page of ring `ring`.
  public func ringHTML(_ ring: Ring) -> String { String(decoding: ringPage(ring), as: UTF8.self) }

  /// Writes the pages of the rings `ids` (paged rings only) under `directory/report/`, on
  /// every core, each as soon as it is made, so the pages are never all in memory. Pages
  /// depend only on the investigation and the ring's own diagram, so those of rings without
  /// a diagram can be written before the diagrams are drawn.
  public func writePages(of ids: some Collection<String>, to directory: URL) throws {
    let folder = directory.appendingPathComponent("report")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let wanted = Set(ids)
    let rings = pagedRings.filter { wanted.contains($0.id) }
    let failures = rings.parallelMap(serialBelow: 2) { ring -> (any Error)? in
      do {
        try OutputFile.write(ringPage(ring), to: folder.appendingPathComponent("\(ring.id).html"))
        return nil
      } catch {
        return error
      }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
  }

  /// Writes `report.html` under `directory`.
  public func writeIndex(to directory: URL) throws {
    try OutputFile.write(index(), to: directory.appendingPathComponent("report.html"))
  }

  /// The pages of the rings `ids` (paged rings only), made on every core before their
  /// drawings exist, with `evidence` gathered already where given (by ring id): each has a
  /// hole where `ringSVGs` will put the drawing.
  func pagesWithHoles(of ids: some Collection<String>, evidence: [String: RingEvidence] = [:])
    -> [(id: String, page: PageWithHole)]
  {
    let wanted = Set(ids)
    let rings = pagedRings.filter { wanted.contains($0.id) }
    let pages = rings.parallelMap(serialBelow: 2) { ring in ringPageWithHole(ring, evidence: evidence[ring.id]) }
    return Array(zip(rings.map(\.id), pages))
  }

  /// Writes a page made by `pagesWithHoles` under `directory/report/`, with its drawing
  /// (from `ringSVGs`) put in.
  func writePage(_ page: PageWithHole, of id: String, to directory: URL) throws {
    let url = directory.appendingPathComponent("report").appendingPathComponent("\(id).html")
    try page.write(to: url) { diagramSection(&$0, ringID: id) }
  }

  /// The index, made before the overview is drawn, with a hole where `overviewSVG` goes.
  func indexWithHole() -> PageWithHole { indexParts() }

  /// Writes an index made by `indexWithHole()` as `report.html` under `directory`, with the
  /// overview (`overviewSVG`) put in.
  func writeIndex(_ index: PageWithHole, to directory: URL) throws {
    try index.write(to: directory.appendingPathComponent("report.html")) { overviewSection(&$0) }
  }

  // MARK: - Index

  func index() -> [UInt8] { indexParts().filled { overviewSection(&$0) } }

  /// The overview diagram's section of the index: nothing when there is no SVG, or one too
  /// large to inline.
  func overviewSection(_ html: inout HTMLWriter) {
    if let overviewSVG, overviewSVG.count <= Self.overviewInlineLimit {
      html.markup("<h2 id=\"overview\">总览 Overview</h2><div class=\"diagram\">")
      html.graphvizSVG(overviewSVG)
      html.markup("</div>\n")
    }
  }

  /// The values kept from linking because they identify nothing, by reason and kind (none
  /// found: nothing is written).
  func unlinkedSection(_ html: inout HTMLWriter) {
    let graph = investigation.graph
    guard !graph.unlinked.isEmpty else { return }
    html.markup("<h3 id=\"unlinked\">未用于关联的值 Values kept from linking</h3>\n")
    html.markup(
      "<p>These values look like a supplier, address, phone or account but identify nothing, so stores that share them are not linked through them.</p>\n"
    )
    tableHead(&html, ["kind", "why", "values", "in leads", "for example"])
    for group in graph.unlinked {
      html.open("tr")
      html.element("td", [], group.kind.rawValue)
      html.element("td", [], group.reason.rawValue)
      html.numberCell(String(group.values))
      html.numberCell(String(group.mentions))
      html.element("td", [], group.examples.map { graph.table.pool[$0] }.joined(separator: ", "))
      html.markup("</tr>\n")
    }
    tableEnd(&html)
  }

  func indexParts() -> PageWithHole {
    let graph = investigation.graph
    let paged = Set(pagedRings.map(\.id))
    let drawn = drawnRings ?? Set(ringSVGs.keys)
    func page(_ id: String) -> String { paged.contains(id) ? "report/\(id).html" : "#\(id)" }
    var html = HTMLWriter()
    Self.head(&html, title: "piracy-trace 调查报告 · \(investigation.rings.count) rings")
    html.markup("<h1>盗版线索调查报告 <span class=\"muted\">Investigation report</span></h1>\n")
    html.element(
      "p", [("class", "muted")],
      "piracy-trace \(PiracyTraceVersion.current) · seed \(investigation.options.seed) · method \(investigation.options.method.rawValue)")

    html.markup("\n<h2 id=\"summary\">摘要 Summary</h2>\n<p class=\"facts\">")
    for (value, label) in [
      (graph.leadCount, "leads 线索"), (investigation.mergedDuplicates, "duplicates merged"),
      (investigation.rejects.count, "rejected rows"), (graph.stores.count, "stores 店铺"),
      (investigation.rings.count, "rings 团伙"), (investigation.hubs.count, "hubs"),
    ] {
      html.markup("<span><b>")
      html.text(value)
      html.markup("</b> ")
      html.text(label)
      html.markup("</span>")
    }
    html.markup("</p>\n")
    tableHead(&html, ["file 文件", "format", "encoding", "rows", "leads", "rejects", "SHA-256"])
    for input in investigation.inputs {
      html.open("tr")
      html.element("td", [], input.file)
      html.element("td", [], input.format.rawValue)
      html.element("td", [], input.encoding?.rawValue ?? "")
      html.numberCell(String(input.rows))
      html.numberCell(String(input.leadCount))
      html.numberCell(String(input.rejects.count))
      html.open("td")
      html.element("code", [], input.sha256)
      html.markup("</td></tr>\n")
    }
    tableEnd(&html)
    for failure in investigation.failedInputs {
      html.element("p", [("class", "note")], "Not read: \(failure.file) — \(failure.description)")
    }
    if !notes.isEmpty {
      html.markup("<h3>Notes on the diagrams</h3><ul>")
      for note in notes { html.element("li", [], note) }
      html.markup("</ul>\n")
    }

    html.markup("<h3 id=\"top-sources\">最可能的上游 Top sources</h3>\n")
    tableHead(&html, ["ring", "stores", "source 来源", "kind", "score", "reaches"])
    for ring in investigation.rings.prefix(20) {
      guard let top = ring.upstream.first else { continue }
      html.markup("<tr><td>")
      html.element("a", [("href", page(ring.id))], ring.id)
      html.markup("</td>")
      html.numberCell(String(ring.stores.count))
      html.element("td", [], top.label(in: graph))
      html.element("td", [], top.kind.rawValue)
      html.numberCell(Self.number(top.score))
      html.numberCell(String(top.covers))
      html.markup("</tr>\n")
    }
    tableEnd(&html)

    html.markup("<h3 id=\"hubs\">不参与关联的公共节点 Hubs kept out of linking</h3>\n")
    html.markup(
      "<p>A value shared by many unrelated stores (a courier sorting centre, a platform warehouse, a 400 number) proves nothing about a ring, so it never links stores.</p>\n"
    )
    tableHead(&html, ["kind", "value", "stores", "why"])
    for hub in investigation.hubs.sorted(by: { ($0.stores, $1.key) > ($1.stores, $0.key) }) {
      html.open("tr")
      html.element("td", [], hub.key.kind.rawValue)
      html.element("td", [], hub.label)
      html.numberCell(String(hub.stores))
      html.element(
        "td", [],
        hub.reason == .infrastructure
          ? "names infrastructure: a 400/800 number, a sorting centre or a platform warehouse"
          : "its stores fall into \(Self.number(hub.groups)) unrelated groups when it is left out")
      html.markup("</tr>\n")
    }
    tableEnd(&html)
    unlinkedSection(&html)

    html.markup("\n<h2 id=\"rings\">团伙 Rings</h2>\n")
    html.element("p", [], "Click a column to sort. " + ringPageNote(investigation.rings.count))
    html.markup("<table class=\"sortable\" id=\"ring-table\"><thead><tr><th class=\"sortable\">ring</th>")
    html.markup("<th class=\"sortable\">score</th><th class=\"sortable\">stores</th><th class=\"sortable\">publishers</th>")
    html.markup("<th class=\"sortable\">leads</th><th>most likely source</th><th>diagram</th></tr></thead>\n<tbody>")
    for ring in investigation.rings.prefix(Self.ringTableLimit) {
      html.open("tr", [("id", ring.id)])
      html.open("td")
      if paged.contains(ring.id) { html.element("a", [("href", page(ring.id))], ring.id) } else { html.text(ring.id) }
      html.close("td")
      html.numberCell(Self.number(ring.score))
      html.numberCell(String(ring.stores.count))
      html.numberCell(String(ring.publishers.count))
      html.numberCell(String(ring.leads))
      html.element("td", [], ring.upstream.first.map { "\(EntityStyle.kindLabel($0.kind)) \($0.label(in: graph))" } ?? "")
      html.element("td", [], drawn.contains(ring.id) ? "yes" : "")
      html.markup("</tr>\n")
    }
    html.markup("</tbody></table>\n")

    let overviewHole = html.count

    html.markup("<h2 id=\"super-sources\">跨团伙来源 Super-sources</h2>\n")
    html.markup("<p>Values that feed stores of several rings: one printer or warehouse behind several rings.</p>\n")
    tableHead(&html, ["kind", "value", "rings", "stores"])
    for source in investigation.superSources.prefix(200) {
      let key = graph.key(ofEntity: source.entity)
      html.open("tr")
      html.element("td", [], key.kind.rawValue)
      html.element("td", [], graph.label(ofEntity: source.entity))
      html.open("td")
      for index in source.rings.prefix(20) {
        let id = investigation.rings[index].id
        html.element("a", [("href", page(id))], id)
        html.markup(" ")
      }
      if source.rings.count > 20 { html.text("and \(source.rings.count - 20) more") }
      html.close("td")
      html.numberCell(String(source.stores))
      html.markup("</tr>\n")
    }
    tableEnd(&html)

    html.markup("<h2 id=\"rejects\">未采用的行 Rejected rows</h2>\n")
    var reasonCounts: [String: Int] = [:]
    for reject in investigation.rejects { reasonCounts[reject.reason.rawValue, default: 0] += 1 }
    tableHead(&html, ["reason", "rows"])
    for reason in reasonCounts.keys.sorted() {
      html.open("tr")
      html.element("td", [], reason)
      html.numberCell(String(reasonCounts[reason] ?? 0))
      html.markup("</tr>\n")
    }
    tableEnd(&html)
    html.open("p")
    if investigation.rejects.count > Self.rejectRowLimit {
      html.text("The first \(Self.rejectRowLimit) of \(investigation.rejects.count) rejected rows. ")
    }
    html.markup("Every rejected row is in <a href=\"rejects.csv\">rejects.csv</a>.</p>\n")
    tableHead(&html, ["file:line", "reason", "raw text"])
    for reject in investigation.rejects.prefix(Self.rejectRowLimit) {
      html.open("tr")
      html.element("td", [], "\(reject.file):\(reject.line)")
      html.element("td", [], reject.reason.rawValue)
      html.open("td")
      html.element("code", [], reject.raw)
      html.markup("</td></tr>\n")
    }
    tableEnd(&html)

    html.markup("<h2 id=\"reproduce\">复现 Reproduce</h2>\n")
    html.element(
      "p", [],
      "The same files and this command give the same report, byte for byte (piracy-trace \(PiracyTraceVersion.current)):")
    html.markup("<pre><code>")
    html.text(Self.command(arguments))
    html.markup("</code></pre>\n<script>")
    html.markup(ReportStyle.sortScript)
    html.markup("</script>\n</body></html>\n")
    return PageWithHole(bytes: html.bytes, hole: overviewHole)
  }

  func ringPageNote(_ count: Int) -> String {
    var parts: [String] = []
    if count > Self.ringPageLimit { parts.append("The best \(Self.ringPageLimit) of \(count) rings have a page.") }
    if count > Self.ringTableLimit { parts.append("The table lists the best \(Self.ringTableLimit); all are in clusters.json.") }
    return parts.joined(separator: " ")
  }

  /// The doctype, head (title, constant style) and the opening of the body of a page.
  static func head(_ html: inout HTMLWriter, title: String) {
    html.markup("<!DOCTYPE html>\n<html lang=\"zh\">\n<head><meta charset=\"utf-8\">")
    html.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    html.element("title", [], title)
    html.markup("<style>")
    html.markup(ReportStyle.css)
    html.markup("</style></head>\n<body>\n")
  }

  /// Opens a table with a header row and its body.
  func tableHead(_ html: inout HTMLWriter, _ headers: [String]) {
    html.markup("<table><thead><tr>")
    for header in headers { html.element("th", [], header) }
    html.markup("</tr></thead>\n<tbody>")
  }

  func tableEnd(_ html: inout HTMLWriter) { html.markup("</tbody></table>\n") }

  // MARK: - Ring page

  func ringPage(_ ring: Ring) -> [UInt8] {
    ringPageWithHole(ring).filled { diagramSection(&$0, ringID: ring.id) }
  }

  /// A ring's drawing, from `ringSVGs`, or why it has none, and any note on it.
  func diagramSection(_ html: inout HTMLWriter, ringID: String) {
    if let svg = ringSVGs[ringID] {
      html.markup("<div class=\"diagram\">")
      html.graphvizSVG(svg)
      html.markup("</div>\n")
    } else {
      html.markup("<p class=\"note\">No diagram for this ring: only the best rings get one (<code>--diagrams N|all</code>).</p>\n")
    }
    if let note = diagramNotes[ringID] { html.element("p", [("class", "note")], note) }
  }

  /// A ring's page without its diagram section (`diagramSection`), which goes in the hole;
  /// from `evidence` when given, else from evidence gathered here.
  func ringPageWithHole(_ ring: Ring, evidence given: RingEvidence? = nil) -> PageWithHole {
    let graph = investigation.graph
    let evidence = given ?? RingEvidence(ring: ring, graph: graph, hubs: hubEntities)
    var html = HTMLWriter()
    Self.head(&html, title: "\(ring.id) · piracy-trace")
    html.markup("<p><a href=\"../report.html#rings\">← 全部团伙 all rings</a></p>\n")
    html.element("h1", [], "团伙 Ring \(ring.id)")
    html.markup("<p class=\"facts\"><span><b>")
    html.text(ring.stores.count)
    html.markup("</b> stores</span><span><b>")
    html.text(ring.leads)
    html.markup("</b> leads</span><span>score <b>")
    html.text(Self.number(ring.score))
    html.markup("</b></span>")
    html.element("span", [], "publishers: " + ring.publishers.joined(separator: "、"))
    html.markup("</p>\n<p>Why one ring: the stores below share the values in <a href=\"#shared\">Shared values</a>, ")
    html.markup("each shown by the leads in <a href=\"#evidence\">Evidence</a>; values shared by unrelated stores (hubs) were left out.</p>\n")

    html.markup("<h2 id=\"diagram\">关系图 Diagram</h2>\n")
    let diagramHole = html.count

    html.markup("<h2 id=\"upstream\">上游来源 Upstream candidates</h2>\n")
    tableHead(&html, [
      "#", "kind", "value", "identifiers", "score", "reaches", "reach", "direct", "tier", "specificity", "evidence",
      "pagerank",
    ])
    for (index, candidate) in ring.upstream.prefix(20).enumerated() {
      html.open("tr", index == 0 ? [("class", "best")] : [])
      html.numberCell(String(index + 1))
      html.element("td", [], candidate.kind.rawValue)
      html.element("td", [], candidate.label(in: graph))
      html.open("td")
      html.element("code", [], candidate.identifiers(in: graph).joined(separator: " · "))
      html.close("td")
      html.numberCell(Self.number(candidate.score))
      html.numberCell(String(candidate.covers))
      for component in candidate.components { html.numberCell(Self.number(component.value)) }
      html.markup("</tr>\n")
    }
    tableEnd(&html)
    html.markup("<p class=\"muted\">score = 0.30 reach + 0.02 direct + 0.40 tier + 0.08 specificity + 0.05 evidence + 0.15 pagerank.</p>\n")

    html.markup("<h2 id=\"takedown\">打击方案 Takedown plan</h2>\n")
    html.markup("<p>The smallest set of sources found that together reach at least 90% of the ring's stores:</p>\n<ul>")
    for key in ring.takedown {
      html.open("li")
      html.element("code", [], key)
      html.close("li")
    }
    html.markup("</ul>\n")

    if !ring.bridges.isEmpty {
      html.markup("<h2 id=\"bridges\">跨团伙店铺 Bridge stores</h2>\n")
      html.markup("<p>本团伙的店铺也通过其他团伙的线索值发货：归入共享最多的团伙，此处列为证据。 The ring's stores that also shipped through another ring's value: kept in the ring they share most with, listed here as evidence.</p>\n")
      tableHead(&html, ["store", "via", "value", "other ring"])
      for bridge in ring.bridges {
        html.open("tr")
        html.open("td")
        html.element("code", [], graph.stores.key(of: Int(bridge.store)))
        html.close("td")
        html.element("td", [], EntityStyle.kindLabel(graph.key(ofEntity: bridge.entity).kind))
        html.element("td", [], graph.label(ofEntity: bridge.entity))
        html.element("td", [], investigation.rings[Int(bridge.ring)].id)
        html.markup("</tr>\n")
      }
      tableEnd(&html)
    }

    // Stores, values and leads are looked up in the evidence's sorted lists (positions by
    // binary search), not in dictionaries: hashing every link and lead was a tenth of a page.
    let storeLinks = evidence.storeLinks
    html.markup("<h2 id=\"stores\">店铺 Stores</h2>\n")
    tableHead(&html, ["store", "name", "platform", "leads", "publishers", "shares"])
    let stores = graph.stores
    for index in ring.stores {
      // Column by column: no `Store` value with its strings and arrays is made per row.
      html.open("tr", id: "s", Int(index))
      html.open("td")
      html.element("code", [], stores.key(of: Int(index)))
      html.close("td")
      html.element("td", [], stores.name(of: Int(index)))
      html.element("td", [], stores.platform(of: Int(index)))
      html.numberCell(stores.leadCount(of: Int(index)))
      html.open("td")
      for (position, rank) in stores.publisherRanks(of: Int(index)).enumerated() {
        if position > 0 { html.markup("、") }
        html.text(stores.publisherNames[Int(rank)])
      }
      html.close("td")
      html.open("td")
      for link in evidence.links(ofStore: index) {
        graph.withLabelBytes(ofEntity: Int(link.entity)) { html.link(toID: "e", Int(link.entity), utf8: $0) }
        html.markup(" ")
      }
      html.markup("</td></tr>\n")
    }
    tableEnd(&html)

    let shared = evidence.entities
    let storesOf = evidence.storeCounts
    var leadsOf = [Int](repeating: 0, count: shared.count)
    for link in storeLinks { leadsOf[shared.lowerBound(of: link.entity)] += link.leads.count }
    html.markup("<h2 id=\"shared\">共享线索值 Shared values</h2>\n")
    tableHead(&html, ["kind", "value", "key", "ring stores", "all stores", "leads"])
    // Most shared first, ties by id.
    let sharedOrder = shared.indices.sorted { a, b in
      storesOf[a] != storesOf[b] ? storesOf[a] > storesOf[b] : shared[a] < shared[b]
    }
    graph.entities.withUnsafeBufferPointer { entities in
      for position in sharedOrder {
        let index = shared[position]
        let kind = entities[Int(index)].kind
        html.open("tr", id: "e", Int(index))
        html.open("td")
        html.text(EntityStyle.kindLabel(kind))
        html.markup(" ")
        html.text(kind.rawValue)
        html.close("td")
        graph.withLabelBytes(ofEntity: Int(index)) { html.element("td", utf8: $0) }
        html.open("td")
        graph.withKeyBytes(ofEntity: Int(index)) { html.element("code", utf8: $0) }
        html.close("td")
        html.numberCell(storesOf[position])
        html.numberCell(entities[Int(index)].storeCount)
        html.numberCell(leadsOf[position])
        html.markup("</tr>\n")
      }
    }
    tableEnd(&html)

    // The store of each of the evidence's leads (each lead is about one store).
    let evidenceLeads = evidence.leads
    var storeOfLead = [Int32](repeating: 0, count: evidenceLeads.count)
    for store in ring.stores {
      for lead in graph.stores.leads(of: Int(store)) { storeOfLead[evidenceLeads.lowerBound(of: lead)] = store }
    }
    let leads = graph.table
    // Held once: reaching the pool through the table in every cell copied it (retaining
    // each of its buffers) a hundred thousand times a page.
    let pool = leads.pool
    let files = leads.files
    html.markup("<h2 id=\"evidence\">证据 Evidence</h2>\n")
    tableHead(&html, [
      "lead", "publisher", "date", "store", "waybill", "sender", "sender phone", "origin", "supplier", "file:line",
    ])
    // Cells are written from the pool's bytes: up to 2,000 rows of ten cells a page. A
    // cell of two fields puts a space after the first when it is not empty.
    func cell(_ html: inout HTMLWriter, _ row: Int, _ field: LeadField) {
      html.open("td")
      pool.withBytes(leads.id(row, field)) { html.text(utf8: $0) }
      html.close("td")
    }
    func cell(_ html: inout HTMLWriter, _ row: Int, _ first: LeadField, _ second: LeadField) {
      html.open("td")
      let id = leads.id(row, first)
      pool.withBytes(id) { html.text(utf8: $0) }
      if id != 0 { html.markup(" ") }
      pool.withBytes(leads.id(row, second)) { html.text(utf8: $0) }
      html.close("td")
    }
    for (position, lead) in evidenceLeads.prefix(Self.leadRowLimit).enumerated() {
      let row = Int(lead)
      let store = storeOfLead[position]
      html.open("tr", id: "lead-", Int(lead))
      cell(&html, row, .leadID)
      html.open("td")
      var firstSource = true
      leads.forEachSource(row) { source in
        if !firstSource { html.markup("、") }
        firstSource = false
        pool.withBytes(source.publisher) { html.text(utf8: $0) }
      }
      html.close("td")
      cell(&html, row, .reportedAt)
      html.open("td")
      html.link(toID: "s", Int(store), graph.stores.key(of: Int(store)))
      html.close("td")
      cell(&html, row, .carrier, .waybill)
      cell(&html, row, .senderName)
      cell(&html, row, .senderPhone)
      cell(&html, row, .originAddress)
      cell(&html, row, .supplier)
      html.open("td")
      firstSource = true
      leads.forEachSource(row) { source in
        if !firstSource { html.markup("; ") }
        firstSource = false
        html.text(files[Int(source.file)])
        html.markup(":")
        html.text(Int(source.line))
      }
      html.close("td")
      html.markup("</tr>\n")
    }
    tableEnd(&html)
    if evidence.leads.count > Self.leadRowLimit {
      html.element("p", [("class", "note")], "The first \(Self.leadRowLimit) of \(evidence.leads.count) leads are shown.")
    }
    html.markup("</body></html>\n")
    return PageWithHole(bytes: html.bytes, hole: diagramHole)
  }

  // MARK: - Helpers

  /// A score as written in `clusters.json` (shortest round-trip form).
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  /// The command line, quoted for a POSIX shell.
  static func command(_ arguments: [String]) -> String {
    (["piracy-trace"] + arguments).map { argument in
      let safe = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
        CharacterSet.alphanumerics.contains($0) || "-_./:=,@%+".unicodeScalars.contains($0)
      }
      return safe ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }.joined(separator: " ")
  }
}
