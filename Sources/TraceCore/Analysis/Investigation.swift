import Foundation

/// Options of one analysis run.
public struct AnalysisOptions: Sendable, Hashable {
  /// How stores are grouped.
  public enum Method: String, Sendable, CaseIterable {
    /// Hubs kept out; values tied by the structure of the stores they share, each store in
    /// the group it shares most with (`SupplyStructure`, the default).
    case rings
    /// Hubs kept out, components, Leiden on modularity inside large components (at
    /// `resolution`): the method before `SupplyStructure`, for comparison.
    case leiden
    /// The naive baseline: any shared value links, no hubs, plain connected components.
    case components
  }

  public var read: LeadReadOptions
  public var seed: UInt64
  public var resolution: Double
  public var method: Method

  public init(
    read: LeadReadOptions = LeadReadOptions(), seed: UInt64 = 1, resolution: Double = 0.2,
    method: Method = .rings
  ) {
    self.read = read
    self.seed = seed
    self.resolution = resolution
    self.method = method
  }
}

/// The result of analysing a set of lead files: the evidence graph, the hubs kept out of
/// linking, and the rings, best first.
public struct Investigation: Sendable {
  public var inputs: [LeadFileResult]
  /// Files that were not lead sheets at all, with why.
  public var failedInputs: [LeadFileError]
  public var rejects: [RejectedRow]
  public var mergedDuplicates: Int
  public var graph: EvidenceGraph
  public var hubs: [Hub]
  public var rings: [Ring]
  /// For each store, the index into `rings` of its ring, or -1.
  public var ringOfStore: [Int32]
  /// Values that feed several rings, most rings first.
  public var superSources: [SuperSource]
  public var options: AnalysisOptions
  /// Wall time of each stage that produced this investigation.
  public var timings = StageTimings()

  /// Reads, normalises, links and clusters the leads in `paths`.
  ///
  /// The files are taken in the order of their full paths (`inputOrder`), whatever order
  /// they were given in: which copy of a lead sent twice is kept, the order of rejects and
  /// the sample leads of diagrams and evidence tables then never depend on how the files
  /// were listed on the command line.
  ///
  /// - Throws: `IGraphError` only if igraph itself fails; unreadable files are collected in
  ///   `failedInputs` and the other files go on.
  public static func run(paths: [String], options: AnalysisOptions) throws -> Investigation {
    var timings = StageTimings()
    var inputs: [LeadFileResult] = []
    var failed: [LeadFileError] = []
    let paths = inputOrder(paths)
    for result in timings.measure("read", { LeadSheetReader.read(paths: paths, options: options.read) }) {
      switch result {
      case .success(let input): inputs.append(input)
      case .failure(let error): failed.append(error)
      }
    }
    let table = timings.measure("merge") { LeadTable.merged(inputs.map(\.table)) }
    // Merged into `table`: the files' tables are released (hundreds of megabytes), but for
    // their pools' lookup tables, which the merged pool looks values up in.
    for index in inputs.indices { inputs[index].releaseTable() }
    return try analyze(inputs: inputs, failedInputs: failed, merged: table, options: options, timings: timings)
  }

  /// `paths` in the order the analysis takes them: by absolute path (standardised, so
  /// `./a.csv` and `a.csv` sort alike), in byte order; a path given twice stays twice.
  public static func inputOrder(_ paths: [String]) -> [String] {
    let keys = paths.map { Array(URL(fileURLWithPath: $0).standardizedFileURL.path.utf8) }
    return paths.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) || (keys[$0] == keys[$1] && $0 < $1) }
      .map { paths[$0] }
  }

  /// Analyses files already read.
  public static func analyze(
    inputs: [LeadFileResult], failedInputs: [LeadFileError], options: AnalysisOptions,
    timings: StageTimings = StageTimings()
  ) throws -> Investigation {
    var timings = timings
    let all = timings.measure("merge") { LeadTable.merged(inputs.map(\.table)) }
    return try analyze(inputs: inputs, failedInputs: failedInputs, merged: all, options: options, timings: timings)
  }

  /// Analyses files already read whose tables are already merged (in the order of `inputs`).
  static func analyze(
    inputs: [LeadFileResult], failedInputs: [LeadFileError], merged all: LeadTable,
    options: AnalysisOptions, timings: StageTimings
  ) throws -> Investigation {
    var timings = timings
    let (table, storeKeys, merged) = timings.measure("dedup") { LeadDeduplicator.deduplicate(all) }
    var graph = EvidenceGraph(table: table, storeKeys: storeKeys, timings: &timings)
    // The leads are read and normalised: the inputs are hashed in the cores' idle time from
    // now on (`FileDigest`), not while the cores were reading.
    for input in inputs { input.digest.startInBackground() }
    let hubs = timings.measure("hubs") {
      options.method == .components ? [] : HubDetector.hubs(in: graph)
    }
    let clustering = try RingClusterer.rings(in: graph, hubs: hubs, options: options, timings: &timings)
    // Values that serve several rings are listed with the other values kept from linking.
    graph.unlinked += UnlinkedValues.servingSeveralRings(clustering.spanning, in: graph)
    let sources = timings.measure("super-sources") {
      superSources(graph: graph, hubs: hubs, ringOfStore: clustering.ringOfStore)
    }
    let rejects = inputs.flatMap(\.rejects)
    return Investigation(
      inputs: inputs, failedInputs: failedInputs, rejects: rejects, mergedDuplicates: merged,
      graph: graph, hubs: hubs, rings: clustering.rings, ringOfStore: clustering.ringOfStore,
      superSources: sources, options: options, timings: timings)
  }
}
