internal import CFileSystem
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An input file's bytes, read whole into memory through a descriptor that stays open.
///
/// Only a regular file is read: a FIFO, device or socket is refused before any byte is
/// (opened without blocking, checked with `fstat`). Read rather than mapped: a mapped file
/// cut short while read ends the process with SIGBUS; read, a file that ends before the
/// size it had when opened, or goes on past it, is `changedWhileRead`.
enum InputBytes {
  /// The open descriptor (the caller closes it or hands it on) and the file's bytes.
  static func read(_ path: String, limit: Int) throws(LeadFileError) -> (descriptor: Int32, bytes: Data) {
    let descriptor = cfilesystem_open_for_reading(path)
    guard descriptor >= 0 else { throw LeadFileError(file: path, reason: .unreadable(String(cString: strerror(errno)))) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let why = String(cString: strerror(errno))
      close(descriptor)
      throw LeadFileError(file: path, reason: .unreadable(why))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      close(descriptor)
      throw LeadFileError(file: path, reason: .notRegularFile)
    }
    let size = Int(status.st_size)
    guard size <= limit else {
      close(descriptor)
      throw LeadFileError(file: path, reason: .tooLarge(bytes: size, limit: limit))
    }
    var data = Data(count: size)
    let got = data.withUnsafeMutableBytes { buffer -> Int in
      var done = 0
      while done < size {
        let count = pread(descriptor, buffer.baseAddress! + done, size - done, off_t(done))
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        done += count
      }
      return done
    }
    var probe: UInt8 = 0
    let more = pread(descriptor, &probe, 1, off_t(size))
    guard got == size, more == 0 else {
      close(descriptor)
      throw LeadFileError(file: path, reason: .changedWhileRead)
    }
    return (descriptor, data)
  }
}
