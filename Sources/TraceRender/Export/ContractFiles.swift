import Foundation
import TraceCore

/// The files of `shared/spec/outputs.md` that are tables and JSON: stores, clusters, rejects,
/// hubs and the manifest. Every function is pure: same investigation, same bytes.
public enum ContractFiles {
  /// `stores.csv`: `store_key,platform,store_id,store_name,cluster_id,leads,publishers`,
  /// written in pieces.
  public static func storesCSV(_ investigation: Investigation, into sink: inout some TextSink) throws {
    var header = CSVWriter(header: [
      "store_key", "platform", "store_id", "store_name", "cluster_id", "leads", "publishers",
    ])
    try sink.write(header.drain())
    let graph = investigation.graph
    let stores = graph.stores
    // Publishers are few: each name's bytes, and whether it needs quoting, are found once.
    let publisherBytes = stores.publisherNames.map { Array($0.utf8) }
    let plainPublisher = publisherBytes.map { !$0.contains(where: CSVWriter.needsQuotes) }
    try writeInPieces(count: stores.count, piece: 4096, into: &sink) { range in
      var csv = CSVWriter()
      var joined: [UInt8] = []
      // Column by column from the stores' columns, with no `Store` value made per store.
      for index in range {
        let ring = investigation.ringOfStore[index]
        stores.withKeyBytes(of: index) { csv.field(utf8: $0) }
        csv.field(stores.platform(of: index))
        csv.field(stores.storeID(of: index))
        stores.withNameBytes(of: index) { csv.field(utf8: $0) }
        csv.field(ring >= 0 ? investigation.rings[Int(ring)].id : "")
        csv.field(String(stores.leadCount(of: index)))
        let ranks = stores.publisherRanks(of: index)
        if ranks.allSatisfy({ plainPublisher[Int($0)] }) {
          joined.removeAll(keepingCapacity: true)
          for (position, rank) in ranks.enumerated() {
            if position > 0 { joined.append(UInt8(ascii: ";")) }
            joined += publisherBytes[Int(rank)]
          }
          joined.withUnsafeBufferPointer { csv.field(utf8: $0) }
        } else {
          csv.field(joining: stores.publishers(of: index), separator: ";")
        }
        csv.endRow()
      }
      return csv.drain()
    }
  }

  /// Makes the bytes of items `0..<count` in pieces of `piece` items, on every core, and
  /// writes them to `sink` in order, sixteen pieces at a time: a long file is never whole in
  /// memory, and its bytes do not depend on how the work was split.
  ///
  /// Writing a batch overlaps making the next (`overlapping`): the write is a serial copy
  /// into the kernel, and with the batches made and written in turn, one core idled through
  /// every write (the last second of a million leads was `clusters.json` alone at 1.4 cores).
  static func writeInPieces(
    count: Int, piece: Int, into sink: inout some TextSink, _ make: @Sendable (Range<Int>) -> [UInt8]
  ) throws {
    let batch = piece * 16
    /// The pieces of the batch starting at `start`, as ranges of items.
    func pieces(from start: Int) -> [Range<Int>] {
      let end = min(start + batch, count)
      return stride(from: start, to: end, by: piece).map { $0..<min($0 + piece, end) }
    }
    var pending = pieces(from: 0).parallelMap(serialBelow: 2, make)
    var next = batch
    while next < count {
      let ranges = pieces(from: next)
      let made = DisjointSlots<[UInt8]>(count: ranges.count)
      let ready = pending
      try withUnsafeMutablePointer(to: &sink) { sink in
        let writer = SinkWriter(sink)
        try overlapping({ writer.write(ready) }, with: ranges.count, batch: 1) { made.set($0, make(ranges[$0])) }.get()
      }
      pending = made.values()
      next += batch
    }
    for bytes in pending { try sink.write(bytes) }
  }

  /// `rejects.csv`: `file,line,reason,raw`, in input order.
  public static func rejectsCSV(_ investigation: Investigation) -> String {
    var csv = CSVWriter(header: ["file", "line", "reason", "raw"])
    for reject in investigation.rejects {
      csv.row([reject.file, String(reject.line), reject.reason.rawValue, reject.raw])
    }
    return csv.text
  }

  /// `hubs.csv`: `kind,key,label,stores,reason,groups` (`groups`: how many unrelated groups
  /// its stores form, for hubs found by structure).
  public static func hubsCSV(_ investigation: Investigation) -> String {
    var csv = CSVWriter(header: ["kind", "key", "label", "stores", "reason", "groups"])
    let hubs = investigation.hubs.sorted { ($0.stores, $1.key) > ($1.stores, $0.key) }
    for hub in hubs {
      csv.row([
        hub.key.kind.rawValue, hub.key.key, hub.label, String(hub.stores), hub.reason.rawValue,
        hub.reason == .infrastructure ? "" : String(hub.groups),
      ])
    }
    return csv.text
  }

  /// `clusters.json`: the rings, best first. Each ring is serialised at the depth it sits in
  /// the file, in pieces on every core (`writeInPieces`): the bytes of one pretty-printed
  /// document, never all in memory.
  public static func clustersJSON(_ investigation: Investigation, into sink: inout some TextSink) throws {
    let graph = investigation.graph
    try sink.write("{\n  \"version\": 1,\n  \"clusters\": ")
    let rings = investigation.rings
    if rings.isEmpty { try sink.write("[]") }
    try writeInPieces(count: rings.count, piece: 256, into: &sink) { indexes in
      var json = JSONStreamWriter(indent: 2, capacity: 1 << 20)
      if indexes.lowerBound == 0 { json.raw("[\n") }
      for index in indexes {
        json.raw("    ")
        writeRing(of: rings, at: index, graph: graph, into: &json)
        json.raw(index == rings.count - 1 ? "\n  ]" : ",\n")
      }
      return json.drain()
    }
    let sources: [JSONValue] = investigation.superSources.map { source in
      let key = graph.key(ofEntity: source.entity)
      return .object([
        ("kind", .string(key.kind.rawValue)),
        ("key", .string(key.key)),
        ("label", .string(graph.label(ofEntity: source.entity))),
        ("rings", .array(source.rings.map { .string(investigation.rings[$0].id) })),
        ("stores", .int(source.stores)),
      ])
    }
    try sink.write(",\n  \"sources\": " + JSONValue.array(sources).fragment(indent: 1) + "\n}\n")
  }

  /// One ring of `clusters.json`, written straight to bytes (no `JSONValue` tree: this
  /// file is 130 MB at a million leads). Each upstream candidate is one line: spread over
  /// seventeen, a third of the file was indentation.
  ///
  /// The ring and its candidates are read in place in `rings` (`rings[index].upstream[i]…`):
  /// a copy of each retained and released every list and string it holds.
  static func writeRing(
    of rings: [Ring], at index: Int, graph: EvidenceGraph,
    into json: inout JSONStreamWriter
  ) {
    json.beginObject()
    json.member("id", rings[index].id)
    json.key("stores")
    json.storeKeys(rings[index].stores, in: graph)
    json.member("size", rings[index].stores.count)
    json.member("score", rings[index].score)
    json.member("publishers", strings: rings[index].publishers)
    json.member("leads", rings[index].leads)
    json.key("upstream")
    json.beginArray()
    for position in 0..<min(10, rings[index].upstream.count) {
      json.item()
      json.beginInlineObject()  // one candidate a line, as in `outputs.md`
      json.member("kind", rings[index].upstream[position].kind.rawValue)
      json.keyAndLabel(ofEntity: Int(rings[index].upstream[position].entity), in: graph)
      json.key("identifiers")
      json.identifiers(of: rings[index].upstream[position].members, in: graph)
      json.member("score", rings[index].upstream[position].score)
      json.member("covers", rings[index].upstream[position].covers)
      json.key("components")
      json.beginObject()
      for (component, name) in ScoreComponents.names.enumerated() {
        json.member(name, rings[index].upstream[position].components.value(at: component))
      }
      json.endObject()
      json.endObject()
    }
    json.endArray()
    json.member("takedown", strings: rings[index].takedown)
    // Stores that also shipped through another ring's value: kept here, listed as evidence.
    json.key("bridges")
    json.beginArray()
    for bridge in rings[index].bridges {
      json.item()
      json.beginInlineObject()
      json.member("store", graph.stores[Int(bridge.store)].key)
      json.member("via", graph.key(ofEntity: bridge.entity).description)
      json.member("ring", rings[Int(bridge.ring)].id)
      json.endObject()
    }
    json.endArray()
    json.endObject()
  }

  /// `manifest.json`: tool version, flags, each input with its SHA-256 and counts, the rings
  /// that have a diagram, a note for every diagram that had to be summarised, and every file
  /// the run wrote (`files`, relative paths: what a later run may remove; `ResultFolder`).
  public static func manifestJSON(
    _ investigation: Investigation, toolVersion: String, arguments: [String],
    diagrams: [String] = [], notes: [String] = [], files: [String] = []
  ) -> String {
    let inputs: [JSONValue] = investigation.inputs.map { input in
      .object([
        ("file", .string(input.file)),
        ("sha256", .string(input.sha256)),
        ("bytes", .int(input.byteCount)),
        ("format", .string(input.format.rawValue)),
        ("encoding", input.encoding.map { .string($0.rawValue) } ?? .null),
        ("sheet", input.sheet.map(JSONValue.string) ?? .null),
        ("rows", .int(input.rows)),
        ("leads", .int(input.leadCount)),
        ("rejects", .int(input.rejects.count)),
      ])
    }
    let failed: [JSONValue] = investigation.failedInputs.map { error in
      .object([("file", .string(error.file)), ("error", .string(error.description))])
    }
    return JSONValue.object([
      ("version", .int(1)),
      ("tool", .string("piracy-trace")),
      ("tool_version", .string(toolVersion)),
      ("arguments", .array(arguments.map(JSONValue.string))),
      ("seed", .int(Int(investigation.options.seed))),
      ("resolution", .double(investigation.options.resolution)),
      ("method", .string(investigation.options.method.rawValue)),
      ("inputs", .array(inputs)),
      ("failed_inputs", .array(failed)),
      ("leads", .int(investigation.graph.leadCount)),
      ("duplicates_merged", .int(investigation.mergedDuplicates)),
      ("rejects", .int(investigation.rejects.count)),
      ("stores", .int(investigation.graph.stores.count)),
      ("rings", .int(investigation.rings.count)),
      ("hubs", .int(investigation.hubs.count)),
      ("diagrams", .array(diagrams.map(JSONValue.string))),
      ("notes", .array(notes.map(JSONValue.string))),
      ("files", .array(files.map(JSONValue.string))),
    ]).serialized()
  }
}

/// The sink of `ContractFiles.writeInPieces`, handed to the one thread that writes to it
/// while other threads make the next bytes; the caller waits for that thread.
private struct SinkWriter<Sink: TextSink>: @unchecked Sendable {
  let sink: UnsafeMutablePointer<Sink>

  init(_ sink: UnsafeMutablePointer<Sink>) { self.sink = sink }

  /// Writes `pieces` in order; the first error stops the writing.
  func write(_ pieces: [[UInt8]]) -> Result<Void, any Error> {
    Result { for bytes in pieces { try sink.pointee.write(bytes) } }
  }
}
