import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The SHA-256 of an input file's bytes (`manifest.json` names every input by it), worked
/// out once the leads are read, in the cores' idle time.
///
/// Hashing 186 MB of input (a million leads) is a seventh of a core-second, and while files
/// are read and normalised both cores are busy: hashed as each file was read, it made
/// reading a tenth slower. So a file read by `analyze` keeps an open descriptor, and its
/// bytes are hashed later (`startInBackground`) on a thread of the lowest priority, which
/// runs when a core would otherwise idle (igraph's clustering, the writers' serial steps).
/// Whoever asks for the digest first finishes what is left itself, so it never waits on a
/// starved thread. The descriptor is the one the file was read through: a file replaced
/// meanwhile (saved again under its name) is still hashed as it was read.
public final class FileDigest: @unchecked Sendable {
  private let lock = NSLock()
  private var hasher = SHA256()
  /// The file still to hash, from `hashed` on; closed once all is hashed.
  private var descriptor: Int32 = -1
  private var size = 0
  private var hashed = 0
  private var buffer: [UInt8] = []
  private var hex: String?

  /// How many bytes are read and hashed at a time, holding the lock (about a millisecond).
  static let chunk = 1 << 20
  /// At most this many files wait to be hashed, each holding a descriptor; files read
  /// beyond that are hashed as they are read.
  static let maximumWaiting = 128
  private static let waiting = WaitingCount()

  /// A digest already known.
  public init(hex: String) { self.hex = hex }

  /// The digest of `bytes`, hashed now.
  init(hashing bytes: UnsafeBufferPointer<UInt8>) {
    hex = Self.hexDigest(SHA256.hash(data: UnsafeRawBufferPointer(bytes)))
  }

  /// The digest of the `size` bytes of the file open as `descriptor`, which it takes over
  /// (and closes), hashed later; `nil` (the descriptor closed) when too many files already
  /// wait.
  init?(later descriptor: Int32, size: Int) {
    guard Self.waiting.add() else {
      close(descriptor)
      return nil
    }
    self.descriptor = descriptor
    self.size = size
  }

  deinit {
    if descriptor >= 0 {
      close(descriptor)
      Self.waiting.remove()
    }
  }

  /// Starts hashing on a thread of the lowest priority, if there is anything to hash.
  public func startInBackground() {
    guard lock.withLock({ hex == nil }) else { return }
    let thread = Thread { [self] in
      Self.lowerPriorityOfThisThread()
      while step() {}
    }
    thread.stackSize = 1 << 20
    thread.start()
  }

  /// Lower-case hex SHA-256 of the bytes; finishes the hashing on the caller's thread if it
  /// is not done. Empty if the file could not be read again (an I/O error).
  public var value: String {
    while step() {}
    return lock.withLock { hex! }
  }

  /// Hashes the next chunk; `false` once everything is hashed.
  private func step() -> Bool {
    lock.withLock {
      guard hex == nil else { return false }
      if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: Self.chunk) }
      let wanted = min(Self.chunk, size - hashed)
      let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(hashed)) }
      if got > 0 {
        buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<got])) }
        hashed += got
      }
      if hashed == size || got == 0 || (got < 0 && errno != EINTR) {
        hex = hashed == size ? Self.hexDigest(hasher.finalize()) : ""
        close(descriptor)
        descriptor = -1
        buffer = []
        Self.waiting.remove()
      }
      return true
    }
  }

  private static func hexDigest(_ digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
  }

  /// Gives the calling thread the lowest priority there is (Linux: `SCHED_IDLE`, which runs
  /// only on a core nothing else wants; else nice 19).
  private static func lowerPriorityOfThisThread() {
    #if os(Linux)
      var parameters = sched_param()
      let idle: Int32 = 5  // SCHED_IDLE, which Glibc's module does not export
      if sched_setscheduler(0, idle, &parameters) == 0 { return }
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
    #endif
  }

  /// How many files wait to be hashed.
  private final class WaitingCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Counts one more, unless `maximumWaiting` already wait.
    func add() -> Bool {
      lock.withLock {
        guard count < FileDigest.maximumWaiting else { return false }
        count += 1
        return true
      }
    }

    func remove() { lock.withLock { count -= 1 } }
  }
}
