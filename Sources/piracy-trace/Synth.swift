import ArgumentParser
import Foundation
import TraceCore

/// `piracy-trace synth --leads N --seed S --out DIR`
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate a deterministic synthetic world of leads with its ground truth.")

  @Option(help: "About how many rows to generate.")
  var leads: Int = 10_000

  @Option(help: "Seed: the same seed gives the same files, byte for byte.")
  var seed: UInt64 = 1

  @Option(help: "The output folder.")
  var out: String

  @Option(help: "How the workbook keeps its text: inline (in each cell) or shared (one table of strings, as Excel saves it).")
  var workbookStrings: WorkbookStrings = .inline

  @Flag(help: "Plant the hazards real lead sheets have: bridge stores, trade names shared across cities, dropshipping fronts, printers feeding several rings, phones that change, stores renamed, ring sizes 3-150. Each has its own option below to set it alone.")
  var hazards = false

  @Option(help: "Share of ring stores that ship once through another ring's sender (--hazards: 0.03).")
  var bridgeStores: Double?

  @Option(help: "Share of rings whose supplier bears another city's supplier's trade name (--hazards: 0.3).")
  var sharedTradeNames: Double?

  @Option(name: .customLong("fronts-per-10k"), help: "Dropshipping fronts (代发仓) per 10,000 leads, each shipping for 5-15 unrelated stores (--hazards: 4).")
  var frontsPer10k: Double?

  @Option(name: .customLong("printers-per-10k"), help: "Printers per 10,000 leads, each named on a few leads of 2-4 rings (--hazards: 1).")
  var printersPer10k: Double?

  @Option(help: "Share of senders whose phone changes halfway through their leads (--hazards: 0.2).")
  var phoneChanges: Double?

  @Option(help: "Share of stores renamed between leads (--hazards: 0.1).")
  var renamedStores: Double?

  @Option(help: ArgumentHelp("Ring sizes as MIN-MAX (default 2-200; --hazards: 3-150).", valueName: "MIN-MAX"))
  var ringSizes: String?

  /// The hazards these flags ask for: all of them with `--hazards`, each option on its own.
  func plannedHazards() throws -> SynthHazards {
    var planned = hazards ? SynthHazards.all : SynthHazards.none
    for (name, value, range) in [
      ("--bridge-stores", bridgeStores, 0.0...1), ("--shared-trade-names", sharedTradeNames, 0...1),
      ("--fronts-per-10k", frontsPer10k, 0...1000), ("--printers-per-10k", printersPer10k, 0...1000),
      ("--phone-changes", phoneChanges, 0...1), ("--renamed-stores", renamedStores, 0...1),
    ] {
      if let value, !range.contains(value) {
        throw ValidationError("\(name) must be \(range.lowerBound)…\(range.upperBound), not \(value)")
      }
    }
    if let bridgeStores { planned.bridgeStores = bridgeStores }
    if let sharedTradeNames { planned.sharedTradeNames = sharedTradeNames }
    if let frontsPer10k { planned.frontsPer10k = frontsPer10k }
    if let printersPer10k { planned.printersPer10k = printersPer10k }
    if let phoneChanges { planned.phoneChanges = phoneChanges }
    if let renamedStores { planned.renamedStores = renamedStores }
    if let ringSizes {
      let bounds = ringSizes.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard bounds.count == 2, let low = bounds[0], let high = bounds[1], 2 <= low, low <= high, high <= 1000 else {
        throw ValidationError("--ring-sizes must be MIN-MAX with 2 ≤ MIN ≤ MAX ≤ 1000, not \(ringSizes)")
      }
      planned.ringSizes = low...high
    }
    return planned
  }

  func validate() throws {
    guard (10...20_000_000).contains(leads) else { throw ValidationError("--leads must be 10…20000000") }
    try OutputFolder.validate(out)
    _ = try plannedHazards()
  }

  func run() throws {
    let progress = Progress()
    progress.say("planning a world of \(leads) leads")
    let world = SynthWorld(leads: leads, seed: seed, hazards: try plannedHazards())
    progress.say("writing files")
    let bad = try SynthWriter(world: world, workbookStrings: workbookStrings).write(to: URL(fileURLWithPath: out))
    print(
      "\(world.rows.count) rows (\(bad.count) bad) in \(SynthWriter.files.count) files, "
        + "\(world.rings.count) rings, \(world.honestStores.count) honest stores, \(world.hubs.count) hubs → \(out)")
    keepUntilExit(world)
  }
}

extension WorkbookStrings: ExpressibleByArgument {}
