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
  public mutating func record(_ name: String, seconds: Double) {
    record(name, seconds: seconds, peakRSS: Self.peakRSS())
  }

  private mutating func record(_ name: String, seconds: Double, peakRSS: Int) {
    if let index = stages.firstIndex(where: { $0.name == name }) {
      stages[index].seconds += seconds
      peakRSSAfter[index] = max(peakRSSAfter[index], peakRSS)
    } else {
      stages.append((name, seconds))
      peakRSSAfter.append(peakRSS)
    }
  }

  /// Adds the stages of timings taken on other threads (jobs run side by side), in order.
  public mutating func append(_ others: StageTimings...) {
    for other in others {
      for (stage, peak) in zip(other.stages, other.peakRSSAfter) {
        record(stage.name, seconds: stage.seconds, peakRSS: peak)
      }
    }
  }

  /// Wall time since the timings were started, in seconds.
  public var wall: Double { Double(Self.now() - started) / 1e9 }

  /// Peak resident set size of this process, in bytes.
  public static func peakRSS() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) * 1024
  }

  /// `{"stages": {...}, "total_s": …, "peak_rss_mb": …}` plus any extra figures; `total_s`
  /// is the wall time since the timings were started (stages may overlap).
  public func json(extra: [(String, JSONValue)] = []) -> String {
    func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    return JSONValue.object(
      [
        ("stages", .object(stages.map { ($0.name, .double(rounded($0.seconds))) })),
        ("total_s", .double(rounded(wall))),
        ("peak_rss_mb", .int(Self.peakRSS() / 1_048_576)),
        ("peak_rss_mb_after", .object(zip(stages, peakRSSAfter).map { ($0.name, .int($1 / 1_048_576)) })),
      ] + extra
    ).serialized()
  }
}
