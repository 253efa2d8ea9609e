import Foundation
import TraceCore

/// A page made before a drawing it shows exists: its bytes, and the offset where the
/// drawing's section goes.
///
/// Graphviz draws one diagram at a time, and the drawings finish last; the pages that show
/// them (the best rings' pages, the index) are made meanwhile, on the other core, and only
/// have the drawing put in once it is there.
struct PageWithHole: Sendable {
  var bytes: [UInt8]
  /// Where the section goes, an offset into `bytes`.
  var hole: Int

  /// The page with the markup `section` writes put in the hole.
  func filled(_ section: (inout HTMLWriter) -> Void) -> [UInt8] {
    var html = HTMLWriter(capacity: 1 << 12)
    section(&html)
    return Array(bytes[..<hole]) + html.bytes + bytes[hole...]
  }

  /// Writes the page, with the markup `section` writes put in the hole, as the file `url`.
  func write(to url: URL, _ section: (inout HTMLWriter) -> Void) throws {
    var html = HTMLWriter(capacity: 1 << 12)
    section(&html)
    let middle = html.bytes
    try OutputFile.write(to: url) { file in
      try bytes.withUnsafeBufferPointer { page in
        try file.write(bytes: UnsafeBufferPointer(rebasing: page[..<hole]))
        try middle.withUnsafeBufferPointer { try file.write(bytes: $0) }
        try file.write(bytes: UnsafeBufferPointer(rebasing: page[hole...]))
      }
    }
  }
}
