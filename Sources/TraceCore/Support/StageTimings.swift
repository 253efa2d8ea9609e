import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Wall-clock time per pipeline stage, in the order the stages first ran, and the wall
/// time since the timings were started.
///
/// Some stages overlap (drawing runs beside the writing of tables and report pages), so the
/// stages can add up to more than `wall`.
public struct StageTimings: Sendable {
  public private(set) var stages: [(name: String, seconds: Double)] = []
  /// Peak resident set size of the process when each stage ended, in bytes: where memory peaks.
  public private(set) var peakRSSAfter: [Int] = []
  /// CPU time of the process (user and system, every thread) when each stage ended, in
  /// seconds: steadier than wall time on a shared host, and the ingest stages, which run
  /// one after another, each cost the difference from the one before.
  public private(set) var cpuSecondsAfter: [Double] = []
  /// When these timings were started (a `now()`).
  public let started = Self.now()

  public init() {}

  /// Runs `body` and records its wall time under `name`.
  public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    var start = Self.now()
    defer { lap(name, since: &start) }
    return try body()
  }

  /// Records `name` as the time from `start` (a `now()`) to now, and moves `start` to now:
  /// consecutive phases of one step are timed with one clock.
  public mutating func lap(_ name: String, since start: inout UInt64) {
    let end = Self.now()
    record(name, seconds: Double(end - start) / 1e9)
    start = end
  }

  /// The clock `lap` reads, in nanoseconds.
  public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

  /// Records a stage timed elsewhere (the phases of one step). A stage recorded again
  /// (one done in two parts) adds to its time and keeps its place.
  /// `cpuSecondsAfter`: the process's CPU time when it ended (a `cpuSeconds()`), if not now.
  public mutating func record(_ name: String, seconds: Double, cpuSecondsAfter: Double? = nil) {
    let usage = Self.resourceUsage()
    record(name, seconds: seconds, peakRSS: Self.peakRSS(usage), cpu: cpuSecondsAfter ?? Self.cpuSeconds(usage))
  }

  private mutating func record(_ name: String, seconds: Double, peakRSS: Int, cpu: Double) {
    if let index = stages.firstIndex(where: { $0.name == name }) {
      stages[index].seconds += seconds
      peakRSSAfter[index] = max(peakRSSAfter[index], peakRSS)
      cpuSecondsAfter[index] = max(cpuSecondsAfter[index], cpu)
    } else {
      stages.append((name, seconds))
      peakRSSAfter.append(peakRSS)
      cpuSecondsAfter.append(cpu)
    }
  }

  /// Adds the stages of timings taken on other threads (jobs run side by side), in order.
  public mutating func append(_ others: StageTimings...) {
    for other in others {
      for (index, stage) in other.stages.enumerated() {
        record(stage.name, seconds: stage.seconds, peakRSS: other.peakRSSAfter[index], cpu: other.cpuSecondsAfter[index])
      }
    }
  }

  /// Wall time since the timings were started, in seconds.
  public var wall: Double { Double(Self.now() - started) / 1e9 }

  /// CPU time of this process so far (user and system, every thread), in seconds.
  public static func cpuSeconds() -> Double { cpuSeconds(resourceUsage()) }

  private static func cpuSeconds(_ usage: rusage) -> Double {
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// Peak resident set size of this process, in bytes.
  public static func peakRSS() -> Int { peakRSS(resourceUsage()) }

  private static func peakRSS(_ usage: rusage) -> Int { Int(usage.ru_maxrss) * 1024 }

  /// `getrusage` of this process.
  private static func resourceUsage() -> rusage {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage
  }

  /// `{"stages": {...}, "total_s": …, "peak_rss_mb": …, "peak_rss_mb_after": {...},
  /// "cpu_s_after": {...}}` plus any extra figures; `total_s` is the wall time since the
  /// timings were started (stages may overlap).
  public func json(extra: [(String, JSONValue)] = []) -> String {
    func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    return JSONValue.object(
      [
        ("stages", .object(stages.map { ($0.name, .double(rounded($0.seconds))) })),
        ("total_s", .double(rounded(wall))),
        ("peak_rss_mb", .int(Self.peakRSS() / 1_048_576)),
        ("peak_rss_mb_after", .object(zip(stages, peakRSSAfter).map { ($0.name, .int($1 / 1_048_576)) })),
        ("cpu_s_after", .object(zip(stages, cpuSecondsAfter).map { ($0.name, .double(rounded($1))) })),
      ] + extra
    ).serialized()
  }
}
