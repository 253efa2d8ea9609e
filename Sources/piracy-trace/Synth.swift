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

  @Flag(help: "Plant the hazards real lead sheets have: bridge stores, trade names shared across cities, dropshipping fronts, printers feeding several rings, phones that change, stores renamed.")
  var hazards = false

  func validate() throws {
    guard (10...20_000_000).contains(leads) else { throw ValidationError("--leads must be 10…20000000") }
    try OutputFolder.validate(out)
  }

  func run() throws {
    let progress = Progress()
    progress.say("planning a world of \(leads) leads")
    let world = SynthWorld(leads: leads, seed: seed, hazards: hazards ? .all : .none)
    progress.say("writing files")
    let bad = try SynthWriter(world: world, workbookStrings: workbookStrings).write(to: URL(fileURLWithPath: out))
    print(
      "\(world.rows.count) rows (\(bad.count) bad) in \(SynthWriter.files.count) files, "
        + "\(world.rings.count) rings, \(world.honestStores.count) honest stores, \(world.hubs.count) hubs → \(out)")
    keepUntilExit(world)
  }
}

extension WorkbookStrings: ExpressibleByArgument {}
