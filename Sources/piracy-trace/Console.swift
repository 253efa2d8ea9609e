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
