import ArgumentParser
import Foundation

/// Checks on an output folder given on the command line, made before any work: a long
/// analysis must not end in an error it could have given at the start.
enum OutputFolder {
  /// Throws when `path` (the value of `option`) names something that is not a folder.
  static func validate(_ path: String, option: String = "--out") throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
      throw ValidationError("\(option) \(path): a file of that name exists; give a folder")
    }
  }
}
