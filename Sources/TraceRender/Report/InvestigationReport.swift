import Foundation
import Mustache
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
  public var notes: [String]

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
  }

  private static let templates: (index: MustacheTemplate, ring: MustacheTemplate) = {
    do {
      return (try MustacheTemplate(string: ReportTemplates.index), try MustacheTemplate(string: ReportTemplates.ring))
    } catch {
      preconditionFailure("report templates do not parse: \(error)")  // constant text, covered by tests
    }
  }()

  /// Ring ids that get a page.
  public var pagedRings: ArraySlice<Ring> { investigation.rings.prefix(Self.ringPageLimit) }

  /// The index page.
  public func indexHTML() -> String { Self.templates.index.render(indexContext()) }

  /// The page of ring `ring`.
  public func ringHTML(_ ring: Ring) -> String {
    let hubs = Set(investigation.hubs.map(\.entity))
    return Self.templates.ring.render(ringContext(RingEvidence(ring: ring, graph: investigation.graph, hubs: hubs)))
  }

  /// Writes `report.html` and `report/<id>.html` under `directory`; returns the paths written,
  /// relative to it. Ring pages are rendered on every core, then written in ring order.
  public func write(to directory: URL) throws -> [String] {
    let folder = directory.appendingPathComponent("report")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let rings = Array(pagedRings)
    let pages = ResultSlots<String>(count: rings.count)
    DispatchQueue.concurrentPerform(iterations: rings.count) { pages.set($0, ringHTML(rings[$0])) }
    var written: [String] = []
    for (ring, page) in zip(rings, pages.values()) {
      try Data(page.utf8).write(to: folder.appendingPathComponent("\(ring.id).html"))
      written.append("report/\(ring.id).html")
    }
    try Data(indexHTML().utf8).write(to: directory.appendingPathComponent("report.html"), options: .atomic)
    written.append("report.html")
    return written
  }

  // MARK: - Index

  func indexContext() -> [String: Any] {
    let graph = investigation.graph
    let paged = Set(pagedRings.map(\.id))
    func page(_ id: String) -> String? { paged.contains(id) ? "report/\(id).html" : nil }
    let inputs: [[String: Any]] = investigation.inputs.map { input in
      [
        "file": input.file, "format": input.format.rawValue, "encoding": input.encoding?.rawValue ?? "",
        "rows": input.rows, "leads": input.leadCount, "rejects": input.rejects.count, "sha256": input.sha256,
      ]
    }
    let failed: [[String: Any]] = investigation.failedInputs.map { ["file": $0.file, "error": $0.description] }
    let topSources: [[String: Any]] = investigation.rings.prefix(20).compactMap { ring in
      guard let top = ring.upstream.first else { return nil }
      return [
        "id": ring.id, "page": page(ring.id) ?? "#\(ring.id)", "stores": ring.stores.count,
        "label": top.label, "kind": top.kind.rawValue, "score": Self.number(top.score), "covers": top.covers,
      ]
    }
    let hubs: [[String: Any]] = investigation.hubs.sorted { ($0.stores, $1.key) > ($1.stores, $0.key) }.map { hub in
      let why =
        hub.reason == .infrastructure
        ? "names infrastructure: a 400/800 number, a sorting centre or a platform warehouse"
        : "its stores fall into \(Self.number(hub.groups)) unrelated groups when it is left out"
      return ["kind": hub.key.kind.rawValue, "label": hub.label, "stores": hub.stores, "why": why]
    }
    let ringRows: [[String: Any]] = investigation.rings.prefix(Self.ringTableLimit).map { ring in
      var row: [String: Any] = [
        "id": ring.id, "score": Self.number(ring.score), "stores": ring.stores.count,
        "publishers": ring.publishers.count, "leads": ring.leads,
        "source": ring.upstream.first.map { "\(EntityStyle.kindLabel($0.kind)) \($0.label)" } ?? "",
        "diagram": ringSVGs[ring.id] != nil,
      ]
      if let target = page(ring.id) { row["page"] = target }
      return row
    }
    let superSources: [[String: Any]] = investigation.superSources.prefix(200).map { source in
      let entity = graph.entities[Int(source.entity)]
      let rings: [[String: Any]] = source.rings.prefix(20).map { index in
        let id = investigation.rings[index].id
        return ["id": id, "page": page(id) ?? "#\(id)"]
      }
      return [
        "kind": entity.key.kind.rawValue, "label": entity.label, "rings": rings, "stores": source.stores,
        "more": source.rings.count > 20 ? "and \(source.rings.count - 20) more" : "",
      ]
    }
    var reasonCounts: [String: Int] = [:]
    for reject in investigation.rejects { reasonCounts[reject.reason.rawValue, default: 0] += 1 }
    let rejectRows: [[String: Any]] = investigation.rejects.prefix(Self.rejectRowLimit).map {
      ["file": $0.file, "line": $0.line, "reason": $0.reason.rawValue, "raw": $0.raw]
    }
    let ringCount = investigation.rings.count
    var context: [String: Any] = [
      "style": ReportTemplates.style, "script": ReportTemplates.sortScript,
      "version": PiracyTraceVersion.current, "seed": String(investigation.options.seed),
      "method": investigation.options.method.rawValue, "leads": graph.leadCount,
      "duplicates": investigation.mergedDuplicates, "rejects": investigation.rejects.count,
      "stores": graph.stores.count, "rings": ringCount, "hubs": investigation.hubs.count,
      "inputs": inputs, "failed": failed, "notes": notes, "hasNotes": !notes.isEmpty,
      "topSources": topSources, "hubList": hubs, "ringRows": ringRows, "superSources": superSources,
      "rejectReasons": reasonCounts.keys.sorted().map { ["reason": $0, "count": reasonCounts[$0] ?? 0] },
      "rejectRows": rejectRows,
      "rejectNote": investigation.rejects.count > Self.rejectRowLimit
        ? "The first \(Self.rejectRowLimit) of \(investigation.rejects.count) rejected rows:" : "",
      "ringPageNote": ringPageNote(ringCount), "command": Self.command(arguments),
    ]
    if let overviewSVG, overviewSVG.count <= Self.overviewInlineLimit {
      context["overview"] = ["svg": Self.inlineSVG(overviewSVG)]
    }
    return context
  }

  func ringPageNote(_ count: Int) -> String {
    var parts: [String] = []
    if count > Self.ringPageLimit { parts.append("The best \(Self.ringPageLimit) of \(count) rings have a page.") }
    if count > Self.ringTableLimit { parts.append("The table lists the best \(Self.ringTableLimit); all are in clusters.json.") }
    return parts.joined(separator: " ")
  }

  // MARK: - Ring page

  func ringContext(_ evidence: RingEvidence) -> [String: Any] {
    let graph = investigation.graph
    let ring = evidence.ring
    let upstream: [[String: Any]] = ring.upstream.prefix(20).enumerated().map { index, candidate in
      [
        "rank": index + 1, "rowClass": index == 0 ? "best" : "", "kind": candidate.kind.rawValue,
        "label": candidate.label, "identifiers": candidate.identifiers.joined(separator: " · "),
        "score": Self.number(candidate.score), "covers": candidate.covers,
        "components": candidate.components.map { Self.number($0.value) },
      ]
    }
    var sharesOfStore: [Int32: [[String: Any]]] = [:]
    for link in evidence.storeLinks {
      sharesOfStore[link.store, default: []].append(
        ["anchor": "e\(link.entity)", "label": graph.entities[Int(link.entity)].label])
    }
    let storeRows: [[String: Any]] = ring.stores.map { index in
      let store = graph.stores[Int(index)]
      return [
        "anchor": "s\(index)", "key": store.key, "name": store.name, "platform": store.platform,
        "leads": store.leads.count, "publishers": store.publishers.joined(separator: "、"),
        "shares": sharesOfStore[index] ?? [],
      ]
    }
    let storesOf = evidence.storeCountOfEntity
    var leadsOf: [Int32: Int] = [:]
    for link in evidence.storeLinks { leadsOf[link.entity, default: 0] += link.leads.count }
    let entityRows: [[String: Any]] = evidence.entities
      .sorted { ((storesOf[$0] ?? 0), $1) > ((storesOf[$1] ?? 0), $0) }
      .map { index in
        let entity = graph.entities[Int(index)]
        return [
          "anchor": "e\(index)", "kind": "\(EntityStyle.kindLabel(entity.key.kind)) \(entity.key.kind.rawValue)",
          "label": entity.label, "key": entity.key.key, "ringStores": storesOf[index] ?? 0,
          "allStores": entity.storeCount, "leads": leadsOf[index] ?? 0,
        ]
      }
    var storeOfLead: [Int32: Int32] = [:]
    for store in ring.stores { for lead in graph.stores[Int(store)].leads { storeOfLead[lead] = store } }
    let table = graph.table
    let leadRows: [[String: Any]] = evidence.leads.prefix(Self.leadRowLimit).map { lead in
      let row = Int(lead)
      let store = storeOfLead[lead] ?? 0
      let sources = table.sourceRefs(row).map(table.source)
      let carrier = table.value(row, .carrier)
      let waybill = table.value(row, .waybill)
      return [
        "anchor": "lead-\(lead)", "leadID": table.value(row, .leadID),
        "publisher": sources.map(\.publisher).joined(separator: "、"), "date": table.value(row, .reportedAt),
        "storeAnchor": "s\(store)", "store": graph.stores[Int(store)].key,
        "waybill": carrier.isEmpty ? waybill : "\(carrier) \(waybill)", "sender": table.value(row, .senderName),
        "phone": table.value(row, .senderPhone), "origin": table.value(row, .originAddress),
        "supplier": table.value(row, .supplier),
        "sources": sources.map { "\($0.file):\($0.line)" }.joined(separator: "; "),
      ]
    }
    var context: [String: Any] = [
      "style": ReportTemplates.style, "id": ring.id, "stores": ring.stores.count, "leads": ring.leads,
      "score": Self.number(ring.score), "publishers": ring.publishers.joined(separator: "、"),
      "upstream": upstream, "takedown": ring.takedown, "storeRows": storeRows, "entityRows": entityRows,
      "leadRows": leadRows,
    ]
    if let svg = ringSVGs[ring.id] { context["svg"] = Self.inlineSVG(svg) }
    if let note = diagramNotes[ring.id] { context["diagramNote"] = note }
    if evidence.leads.count > Self.leadRowLimit {
      context["leadNote"] = "The first \(Self.leadRowLimit) of \(evidence.leads.count) leads are shown."
    }
    return context
  }

  // MARK: - Helpers

  /// Graphviz's SVG without its XML declaration, DOCTYPE and comments, for inlining in HTML.
  static func inlineSVG(_ bytes: [UInt8]) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let start = text.range(of: "<svg") else { return "" }
    return String(text[start.lowerBound...])
  }

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
