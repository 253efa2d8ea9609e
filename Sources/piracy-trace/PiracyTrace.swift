import ArgumentParser
import TraceCore

/// The root command: anti-piracy lead analysis, from publisher lead sheets to rings and sources.
@main
struct PiracyTrace: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "piracy-trace",
    abstract: "Find piracy rings and their upstream sources in publishers' lead sheets.",
    version: PiracyTraceVersion.current,
    subcommands: [Analyze.self, Check.self, Explain.self, Synth.self, Render.self, RenderWorker.self])

  /// Sets up the allocator (`MemoryReuse`), then parses the arguments and runs the command.
  static func main() {
    MemoryReuse.keepFreedMemory()
    main(nil)
  }
}
