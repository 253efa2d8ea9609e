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

  /// Throws when one of `inputs` is inside the output folder `path`: the outputs
  /// (`stores.csv`, `rejects.csv`, the diagrams …) could overwrite it, and a lead sheet a
  /// publisher sent would be lost.
  static func validate(_ path: String, against inputs: [String], option: String = "--out") throws {
    let folder = resolved(path)
    for input in inputs {
      let file = resolved(input)
      if file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
        throw ValidationError(
          "\(input) is inside the output folder \(path): the outputs could overwrite it; give another \(option)")
      }
    }
  }

  /// `path` absolute, with symbolic links and `..` resolved.
  private static func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
