import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Checks on the lead sheets named on the command line, made before any work: a mistyped
/// name must stop the run before it replaces an earlier result with one missing that file.
enum InputFiles {
  /// Throws when a file does not exist or is a folder, naming every such file.
  static func validate(_ files: [String]) throws {
    var problems: [String] = []
    for file in files {
      var status = stat()
      if stat(file, &status) != 0 {
        problems.append("\(file): 没有这个文件 (no such file)")
      } else if status.st_mode & S_IFMT == S_IFDIR {
        problems.append("\(file): 是文件夹，请列出其中的线索表 (a folder; name the lead sheets in it)")
      }
    }
    guard problems.isEmpty else {
      throw ValidationError(problems.joined(separator: "\n") + "\n没有写入任何文件 (nothing was written)")
    }
  }
}
