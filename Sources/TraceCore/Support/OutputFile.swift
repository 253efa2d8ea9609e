internal import CFileSystem
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where generated text goes: a `String` in memory, or an `OutputFile` written piece by piece
/// so that a 200 MB `clusters.json` is never held whole in memory.
public protocol TextSink {
  mutating func write(_ text: String) throws
  /// Writes UTF-8 bytes.
  mutating func write(bytes: UnsafeBufferPointer<UInt8>) throws
}

extension TextSink {
  /// Writes UTF-8 bytes.
  public mutating func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBufferPointer { try write(bytes: $0) }
  }
}

extension String: TextSink {
  public mutating func write(_ text: String) { self += text }
  public mutating func write(bytes: UnsafeBufferPointer<UInt8>) { self += String(decoding: bytes, as: UTF8.self) }
}

/// A file written through a buffer and moved into place when finished, so a reader never
/// sees half a file and a failed run leaves any earlier file as it was.
///
/// The partial file (`.NAME.partial` beside it) is created new, never opened through a
/// symbolic link (`O_EXCL | O_NOFOLLOW`): a link planted under that name is removed, not
/// followed. Its stream is closed exactly once, whatever fails.
public struct OutputFile: TextSink {
  public let url: URL
  private let partial: URL
  /// The open stream; `nil` once closed.
  private var handle: UnsafeMutablePointer<FILE>?
  private var buffer: [UInt8] = []
  private static let bufferSize = 1 << 20

  /// Writes `url` through `body`: the file appears whole when `body` returns, and not at all
  /// (any earlier file left as it was) when `body` or the write throws.
  public static func write(to url: URL, _ body: (inout OutputFile) throws -> Void) throws {
    var file = try OutputFile(url)
    do {
      try body(&file)
      try file.finish()
    } catch {
      file.abandon()
      throw error
    }
  }

  /// Writes `bytes` as the file `url`. Unlike `Data.write(to:)`, no `fsync`: outputs are
  /// rewritten by the next run anyway, and an fsync per report page cost seconds on slow disks.
  public static func write(_ bytes: [UInt8], to url: URL) throws {
    try write(to: url) { try $0.write(bytes) }
  }

  /// Writes `text` as the file `url`.
  public static func write(_ text: String, to url: URL) throws {
    try write(to: url) { try $0.write(text) }
  }

  /// Creates `url`'s partial file for writing.
  /// - Throws: `CocoaError(.fileWriteUnknown)` naming the path when it cannot be created.
  private init(_ url: URL) throws {
    self.url = url
    partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    var descriptor = cfilesystem_create_new(partial.path)
    if descriptor < 0 && errno == EEXIST {
      // Left by a run that was killed, or planted: removed (a link itself, not its target).
      unlink(partial.path)
      descriptor = cfilesystem_create_new(partial.path)
    }
    guard descriptor >= 0, let handle = fdopen(descriptor, "wb") else {
      let why = String(cString: strerror(errno))
      if descriptor >= 0 { close(descriptor) }
      throw CocoaError(
        .fileWriteUnknown, userInfo: [NSFilePathErrorKey: partial.path, NSLocalizedFailureReasonErrorKey: why])
    }
    self.handle = handle
    buffer.reserveCapacity(Self.bufferSize)
  }

  public mutating func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(bytes: $0) }
  }

  public mutating func write(bytes: UnsafeBufferPointer<UInt8>) throws {
    if buffer.count + bytes.count > Self.bufferSize { try flush() }
    if bytes.count >= Self.bufferSize {
      try put(bytes)
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  /// Closes the stream if still open, and removes the partial file.
  private mutating func abandon() {
    if let handle { fclose(handle) }
    handle = nil
    unlink(partial.path)
  }

  /// Flushes, closes and renames the partial file to `url`. On failure the stream is closed
  /// and the partial file is left for `abandon()` to remove.
  private mutating func finish() throws {
    try flush()
    guard let handle else { return }
    self.handle = nil
    let closed = fclose(handle) == 0
    guard closed, rename(partial.path, url.path) == 0 else {
      let why = String(cString: strerror(errno))
      throw CocoaError(
        .fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedFailureReasonErrorKey: why])
    }
  }

  private mutating func flush() throws {
    try buffer.withUnsafeBufferPointer { try put($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private func put(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    guard let base = bytes.baseAddress, !bytes.isEmpty, let handle else { return }
    guard fwrite(base, 1, bytes.count, handle) == bytes.count else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: partial.path])
    }
  }
}
