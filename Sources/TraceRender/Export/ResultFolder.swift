internal import CFileSystem
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Why an output folder cannot take a run's results; the message names the folder.
public struct ResultFolderError: Error, Sendable, CustomStringConvertible, Equatable {
  public var description: String
}

/// The folder a run's results go to, replaced whole or not at all.
///
/// A run writes into a staging folder beside it (`.NAME.piracy-trace-new`). Only when every
/// file is written is the staging folder swapped with the earlier result in one step
/// (Linux `renameat2(RENAME_EXCHANGE)`), and the earlier result then removed. Until then it
/// is untouched: a run that fails, is stopped or is killed leaves it as it was, and at any
/// moment the folder holds the old result or the new one, whole. What a killed run left
/// beside it is removed by the next run.
///
/// The tool removes only what it wrote: a file is the tool's if the folder's `manifest.json`
/// lists it (`files`; for manifests from before that list, the names the tool gives its
/// files). A folder holding anything else (the user's own files, a symbolic link) is never
/// swapped: the new files are moved into it one by one, the earlier manifest removed first
/// (a folder without `manifest.json` is an incomplete result) and the new one moved in
/// last, and of the earlier files only those its manifest lists are removed.
///
/// One run per folder at a time: a lock beside it (`.NAME.piracy-trace-lock`, kept) is held
/// from `init` to the end of the process or `release()`.
public final class ResultFolder {
  /// The folder the results go to (a symbolic link given as the folder resolved).
  public let target: URL
  /// Where this run writes; moved into place by `commit`.
  public let staging: URL
  /// Where the earlier result goes on its way out.
  private let retired: URL
  private let previous: Previous
  private var lockDescriptor: Int32 = -1

  /// What the target held when the run began.
  enum Previous: Equatable {
    case absent
    /// Only the tool's files (`files`, relative paths), or nothing.
    case whollyTools(files: Set<String>)
    /// Other files too; `files` are the tool's among them.
    case shared(files: Set<String>)
  }

  /// Takes the folder `url` for one run: locks it, looks at what it holds, and makes an empty
  /// staging folder.
  /// - Throws: `ResultFolderError` when another run holds the folder, when it is a file, or
  ///   when the staging folder cannot be made.
  public init(_ url: URL) throws(ResultFolderError) {
    let given = url.standardizedFileURL
    target = Self.isSymbolicLink(given.path) ? given.resolvingSymlinksInPath() : given
    let parent = target.deletingLastPathComponent(), name = target.lastPathComponent
    staging = parent.appendingPathComponent(".\(name).piracy-trace-new")
    retired = parent.appendingPathComponent(".\(name).piracy-trace-old")
    do {
      try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw ResultFolderError(description: "无法创建输出文件夹的上级 \(parent.path) (cannot create the folder's parent): \(error.localizedDescription)")
    }
    lockDescriptor = try Self.lock(parent.appendingPathComponent(".\(name).piracy-trace-lock"), folder: target)
    previous = try Self.look(at: target)
    for leftover in [staging, retired] where Self.exists(leftover.path) {
      try? FileManager.default.removeItem(at: leftover)  // a killed run's: this run holds the lock
    }
    guard mkdir(staging.path, 0o755) == 0 else {
      let why = String(cString: strerror(errno))
      release()
      throw ResultFolderError(description: "无法创建临时输出文件夹 \(staging.path) (cannot create the staging folder): \(why)")
    }
  }

  deinit { release() }

  /// Lets another run take the folder.
  public func release() {
    if lockDescriptor >= 0 { close(lockDescriptor) }
    lockDescriptor = -1
  }

  /// Puts the staging folder's files in place of the earlier result. `written` are the
  /// files of this run, relative paths, `manifest.json` among them.
  public func commit(written: [String]) throws(ResultFolderError) {
    defer { release() }
    switch previous {
    case .absent:
      guard rename(staging.path, target.path) == 0 else { throw failure("cannot move the results into place") }
    case .whollyTools(let files):
      if cfilesystem_exchange(staging.path, target.path) != 0 {
        // No exchange on this kernel or file system: two renames, with a moment between.
        guard rename(target.path, retired.path) == 0 else { throw failure("cannot move the earlier result aside") }
        guard rename(staging.path, target.path) == 0 else {
          rename(retired.path, target.path)
          throw failure("cannot move the results into place")
        }
      } else {
        guard rename(staging.path, retired.path) == 0 else { return }  // the old result stays hidden; the next run removes it
      }
      removeEarlier(files, in: retired, keepingAsidePrevious: true)
    case .shared(let files):
      try moveIn(written: written, replacing: files)
    }
  }

  /// Removes the staging folder and what this run wrote there; the earlier result stays.
  public func abandon() {
    try? FileManager.default.removeItem(at: staging)
    release()
  }

  /// Moves each file into a folder that is not wholly the tool's: the earlier manifest goes
  /// first, then the new files, then the earlier files this run did not write again, and
  /// the new manifest last.
  private func moveIn(written: [String], replacing earlier: Set<String>) throws(ResultFolderError) {
    let manifest = "manifest.json"
    if earlier.contains(manifest) { unlink(target.appendingPathComponent(manifest).path) }
    for file in written.sorted() where file != manifest {
      let destination = target.appendingPathComponent(file)
      let folder = destination.deletingLastPathComponent()
      if !Self.exists(folder.path) { mkdir(folder.path, 0o755) }
      guard !Self.isSymbolicLink(folder.path), Self.isFolder(folder.path) else {
        throw failure("\(folder.path) is not a folder of its own (a file or a symbolic link stands there)")
      }
      guard rename(staging.appendingPathComponent(file).path, destination.path) == 0 else {
        throw failure("cannot move \(file) into place")
      }
    }
    removeEarlier(earlier.subtracting(written), in: target, keepingAsidePrevious: false)
    guard rename(staging.appendingPathComponent(manifest).path, target.appendingPathComponent(manifest).path) == 0
    else { throw failure("cannot move manifest.json into place") }
    try? FileManager.default.removeItem(at: staging)
  }

  /// Removes `files` from `folder`, never through a symbolic link, then the tool's folders
  /// left empty. With `keepingAsidePrevious`, `folder` is the earlier result moved aside:
  /// if anything else is left in it (a file put there during the run), it is kept, visible,
  /// as `NAME.previous`.
  private func removeEarlier(_ files: Set<String>, in folder: URL, keepingAsidePrevious: Bool) {
    for file in files.sorted() {
      let path = folder.appendingPathComponent(file)
      guard !Self.hasLinkInPath(file, under: folder) else { continue }
      unlink(path.path)
    }
    for subfolder in Self.toolsFolders.sorted() where !Self.isSymbolicLink(folder.appendingPathComponent(subfolder).path) {
      rmdir(folder.appendingPathComponent(subfolder).path)
    }
    guard keepingAsidePrevious, rmdir(folder.path) != 0, Self.exists(folder.path) else { return }
    let previousName = target.deletingLastPathComponent().appendingPathComponent(target.lastPathComponent + ".previous")
    if !Self.exists(previousName.path) { rename(folder.path, previousName.path) }
  }

  private func failure(_ what: String) -> ResultFolderError {
    let why = String(cString: strerror(errno))
    abandon()
    return ResultFolderError(
      description: "无法写入输出文件夹 \(target.path)，原有结果保持不变 (\(what): \(why); the earlier result is as it was)")
  }

  // MARK: - The folder as found

  /// What `folder` holds: nothing, only the tool's files, or others too.
  static func look(at folder: URL) throws(ResultFolderError) -> Previous {
    guard exists(folder.path) else { return .absent }
    guard isFolder(folder.path) else {
      throw ResultFolderError(description: "\(folder.path) 是一个文件，不是文件夹 (a file of that name exists; give a folder)")
    }
    let tools = toolsFiles(in: folder)
    var whole = true
    walk(folder, relative: "") { relative, isToolsFolder in
      if isToolsFolder { return true }
      if !tools.contains(relative) { whole = false }
      return whole
    }
    if whole { return .whollyTools(files: tools) }
    for subfolder in ["clusters", "report"] {
      let path = folder.appendingPathComponent(subfolder).path
      if exists(path), isSymbolicLink(path) || !isFolder(path) {
        throw ResultFolderError(
          description: "\(path) 不是普通文件夹（符号链接或文件），piracy-trace 不会写入 (is a symbolic link or a file: the tool writes its diagrams and pages only into folders of its own; remove it or give another --out)")
      }
    }
    return .shared(files: tools.filter { exists(folder.appendingPathComponent($0).path) && !hasLinkInPath($0, under: folder) })
  }

  /// The files of `folder` the tool wrote: those its manifest lists, or, for a manifest
  /// without the list, those named as the tool names its files. None without a manifest of
  /// the tool's.
  static func toolsFiles(in folder: URL) -> Set<String> {
    let manifest = folder.appendingPathComponent("manifest.json")
    guard !isSymbolicLink(manifest.path), let handle = FileHandle(forReadingAtPath: manifest.path) else { return [] }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 64 << 20),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      object["tool"] as? String == "piracy-trace"
    else { return [] }
    var found: Set<String> = []
    if let files = object["files"] as? [String] {
      found = Set(files.filter(isPlainRelativePath)).union(["manifest.json"])
      // `explain`'s drawings, made after the run, are the tool's too.
      walk(folder, relative: "") { relative, isToolsFolder in
        if !isToolsFolder, relative.hasPrefix("explain/"), isToolsName(relative) { found.insert(relative) }
        return true
      }
      return found
    }
    walk(folder, relative: "") { relative, isToolsFolder in
      if !isToolsFolder, isToolsName(relative) { found.insert(relative) }
      return true
    }
    return found
  }

  /// Calls `visit` with each entry under `folder` (relative path, and whether it is one of
  /// the tool's folders `clusters` or `report` at the top, which are walked into) until it
  /// returns `false`. Symbolic links are entries, never followed; other folders are entries.
  private static func walk(_ folder: URL, relative: String, _ visit: (String, Bool) -> Bool) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
    for name in names.sorted() {
      let path = relative.isEmpty ? name : relative + "/" + name
      let full = folder.appendingPathComponent(name).path
      let toolsFolder = relative.isEmpty && toolsFolders.contains(name) && !isSymbolicLink(full) && isFolder(full)
      guard visit(path, toolsFolder) else { return }
      if toolsFolder {
        var going = true
        walk(folder.appendingPathComponent(name), relative: path) { entry, _ in
          going = visit(entry, false)
          return going
        }
        if !going { return }
      }
    }
  }

  /// The folders the tool writes into: ring diagrams, ring pages, `explain`'s drawings.
  static let toolsFolders: Set<String> = ["clusters", "report", "explain"]

  /// A name the tool gives its files: the contract files, exports and overviews at the top,
  /// ring files (`C0001.svg` …) in `clusters/` and `report/`, `explain`'s drawings
  /// (`A--B.dot`, `.svg`) in `explain/`.
  static func isToolsName(_ relative: String) -> Bool {
    let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 1 { return AnalysisOutput.topLevelFiles.contains(relative) }
    guard parts.count == 2, toolsFolders.contains(String(parts[0])) else { return false }
    if parts[0] == "explain" {
      return parts[1].contains("--") && (parts[1].hasSuffix(".dot") || parts[1].hasSuffix(".svg"))
    }
    return isRingFile(String(parts[1]))
  }

  /// A ring's file as the tool names it: `C`, digits, and one of its extensions.
  static func isRingFile(_ name: String) -> Bool {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, ["dot", "svg", "png", "pdf", "html"].contains(parts[1]) else { return false }
    let id = parts[0]
    return id.count >= 2 && id.first == "C" && id.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// A relative path with no `..`, `.`, empty or absolute part (a manifest is read from a
  /// folder anyone may have edited).
  static func isPlainRelativePath(_ path: String) -> Bool {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    return !parts.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
  }

  /// Whether a folder on the way from `folder` to `relative` is a symbolic link.
  static func hasLinkInPath(_ relative: String, under folder: URL) -> Bool {
    var path = folder
    for part in relative.split(separator: "/").dropLast() {
      path.appendPathComponent(String(part))
      if isSymbolicLink(path.path) { return true }
    }
    return isSymbolicLink(folder.appendingPathComponent(relative).path)
  }

  // MARK: - The lock and file types

  /// Opens and locks `lockFile`; throws when another run holds it.
  private static func lock(_ lockFile: URL, folder: URL) throws(ResultFolderError) -> Int32 {
    let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw ResultFolderError(
        description: "无法锁定输出文件夹 \(folder.path) (cannot create the lock \(lockFile.path)): \(String(cString: strerror(errno)))")
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw ResultFolderError(
        description: "另一次运行正在写入 \(folder.path)，请等它结束或换一个 --out (another run is writing this folder; wait for it or give another --out)")
    }
    return descriptor
  }

  static func exists(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0
  }

  /// Whether `path` is a symbolic link itself (not followed).
  public static func isSymbolicLink(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
  }

  static func isFolder(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
  }
}
