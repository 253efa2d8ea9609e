import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// libFuzzer's entry point. Built with `-sanitize=fuzzer -DFUZZING`
/// (`Scripts/fuzz.sh TARGET`), libFuzzer calls it with each input; the target is named by
/// `FUZZ_TARGET` (`sheet`, `xlsx`, `label`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  FuzzEntry.target.run(UnsafeBufferPointer(start: data, count: size))
  return 0
}

enum FuzzEntry {
  static let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      fatalError("FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))")
    }
    return target
  }()
}

#if FUZZING
  /// libFuzzer's driver (in the libFuzzer the sanitizer links).
  @_silgen_name("LLVMFuzzerRunDriver")
  func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
  ) -> Int32

  /// The executable's entry point: SwiftPM names it `<module>_main` and points `main` at it,
  /// so libFuzzer's own `main` is never linked; this one hands over to libFuzzer's driver.
  @_cdecl("piracy_trace_fuzz_main")
  func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
  }
#else
  /// Built normally, the fuzzers' replayer: `piracy-trace-fuzz CORPUS` runs every file of
  /// `CORPUS/<target>/` through its target (what CI does with `Fuzz/corpus`), so a finding
  /// kept there stays fixed.
  @main
  enum Replay {
    static func main() {
      let arguments = CommandLine.arguments.dropFirst()
      guard let root = arguments.first else {
        FileHandle.standardError.write(Data("usage: piracy-trace-fuzz CORPUS-FOLDER\n".utf8))
        exit(2)
      }
      var count = 0
      for target in FuzzTarget.allCases {
        let folder = URL(fileURLWithPath: root).appendingPathComponent(target.rawValue)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        for name in names {
          guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
          [UInt8](data).withUnsafeBufferPointer { target.run($0) }
          count += 1
        }
      }
      try? FileManager.default.removeItem(atPath: FuzzTarget.scratchFile)
      print("replayed \(count) inputs")
    }
  }
#endif
