import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes to stderr; stdout stays for results.
enum Console {
  static func error(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }

  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Progress lines on stderr, only when stderr is a terminal.
struct Progress {
  let enabled = Console.stderrIsTerminal
  let start = Date()

  func say(_ message: String) {
    guard enabled else { return }
    Console.error(String(format: "[%6.2fs] ", Date().timeIntervalSince(start)) + message)
  }
}

/// Keeps `value` alive for the rest of the process. A command's work ends with its `run`,
/// and freeing a million leads' stores, strings and arrays one by one took over a second at
/// exit (1M-lead world: 1.3 s between the last output and the end of the process); the
/// kernel takes the memory back at once.
func keepUntilExit<T>(_ value: T) {
  _ = Unmanaged.passRetained(KeptValue(value))
}

/// A value held on the heap so it can be retained past its scope (`keepUntilExit`).
private final class KeptValue<T> {
  let value: T
  init(_ value: T) { self.value = value }
}
