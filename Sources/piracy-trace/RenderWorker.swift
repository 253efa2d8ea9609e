import ArgumentParser
import Foundation
import TraceCore
import TraceRender

#if canImport(Glibc)
  import Glibc
#endif

/// `piracy-trace render-worker` (hidden): lays out and renders one DOT file from a stranger
/// and writes the bytes to stdout, under the memory and CPU limits it sets on itself.
/// `render` starts it and kills it when its time is up (`RenderWorkerProcess`).
struct RenderWorker: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "render-worker", shouldDisplay: false)

  @Argument var file: String
  @Option var format: String
  @Option var engine: String?
  @Flag var allowFiles = false
  @Option var maxMemory: Int = 3072
  @Option var cpuSeconds: Int = 61

  /// Most bytes of a drawing written back.
  static let maxOutputBytes = 512 << 20

  func run() throws {
    var memory = rlimit(rlim_cur: rlim_t(maxMemory) << 20, rlim_max: rlim_t(maxMemory) << 20)
    setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &memory)
    var cpu = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds + 1))
    setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpu)
    guard let format = RenderFormat(rawValue: format) else { throw ExitCode(2) }
    let folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
    let text: String
    do {
      text = try DOTInput.read(file)
    } catch {
      Console.error("\(error)")
      throw ExitCode(3)
    }
    // Relative image paths are resolved from the graph's folder, as the checks assumed.
    _ = chdir(folder.path)
    do {
      let (bytes, notes) = try Graphviz.renderUntrusted(
        dot: text, format: format, engine: engine.flatMap(LayoutEngine.init), allowFilesIn: allowFiles ? folder : nil)
      for note in notes { Console.error("note: \(note)") }
      guard bytes.count <= Self.maxOutputBytes else {
        Console.error("绘图过大 (the drawing has \(bytes.count) bytes, over \(Self.maxOutputBytes))")
        throw ExitCode(3)
      }
      FileHandle.standardOutput.write(Data(bytes))
    } catch let error as GraphvizError {
      Console.error("\(error.line.map { "line \($0): " } ?? "")\(error)")
      throw ExitCode(3)
    } catch let error as UntrustedDOT.Refusal {
      Console.error(error.description)
      throw ExitCode(3)
    }
  }
}

/// A DOT file read for `render`: a regular file only (never a FIFO or device), bounded.
enum DOTInput {
  struct Failure: Error, CustomStringConvertible { var description: String }

  static func read(_ path: String) throws -> String {
    var status = stat()
    guard stat(path, &status) == 0 else { throw Failure(description: "\(path): 没有这个文件 (no such file)") }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw Failure(description: "\(path): 不是普通文件 (not a regular file: a FIFO or device is never read)")
    }
    let budget = UntrustedDOT.Budget()
    guard Int(status.st_size) <= budget.bytes else {
      throw Failure(description: "\(path): DOT 文件过大 (\(status.st_size) bytes, over \(budget.bytes))")
    }
    guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.read(upToCount: budget.bytes + 1) else {
      throw Failure(description: "\(path): cannot read the file")
    }
    try? handle.close()
    return String(decoding: data, as: UTF8.self)
  }
}

/// Runs `render-worker` for one file and format: the process is killed when `timeout`
/// passes, and any failure (a refusal, a Graphviz error, the memory limit, a crash) is a
/// message, never this process's end.
struct RenderWorkerProcess {
  enum Outcome {
    case success([UInt8])
    case failure(String)
  }

  var file: String
  var format: RenderFormat
  var engine: String?
  var allowFiles: Bool
  var timeout: Double
  var maxMemoryMiB: Int

  /// This tool's executable: the running one, or, when the running one is not (the test
  /// runner), the `piracy-trace` built beside it.
  static func executable() -> URL? {
    let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if running.lastPathComponent == "piracy-trace" { return running }
    var folder = running.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("piracy-trace")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return nil
  }

  func run() -> Outcome {
    guard let executable = Self.executable() else { return .failure("cannot find the piracy-trace executable to lay out in") }
    let process = Process()
    process.executableURL = executable
    process.arguments =
      ["render-worker", file, "--format", format.rawValue, "--max-memory", String(maxMemoryMiB), "--cpu-seconds",
       String(Int(timeout.rounded(.up)) + 1)]
      + (engine.map { ["--engine", $0] } ?? []) + (allowFiles ? ["--allow-files"] : [])
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    do {
      try process.run()
    } catch {
      return .failure("cannot start the layout worker: \(error)")
    }
    nonisolated(unsafe) var bytes = Data(), messages = Data()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { bytes = output.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: reading) { messages = errors.fileHandleForReading.readDataToEndOfFile() }
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
    }
    reading.wait()
    let said = String(decoding: messages, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    for line in said.split(separator: "\n") where line.hasPrefix("note: ") { Console.error(String(line)) }
    let problems = said.split(separator: "\n").filter { !$0.hasPrefix("note: ") }.joined(separator: "\n")
    if timedOut {
      return .failure("布局超时，已停止 (the layout took over \(timeout) s and was stopped: the graph is too large or dense to draw; --timeout)")
    }
    switch (process.terminationReason, process.terminationStatus) {
    case (.exit, 0): return .success([UInt8](bytes))
    case (.exit, _): return .failure(problems.isEmpty ? "Graphviz failed" : problems)
    default:
      return .failure(
        "布局失败（超出内存或时间上限）(the layout ended by signal \(process.terminationStatus): over --max-memory \(maxMemoryMiB) MiB or its CPU time)")
    }
  }
}
