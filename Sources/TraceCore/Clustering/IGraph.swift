internal import CIGraph
import Synchronization

/// An error reported by igraph, with its message.
public struct IGraphError: Error, Sendable, CustomStringConvertible {
  public var function: String
  public var code: Int32
  public var message: String
  public var description: String { "igraph \(function) failed (code \(code)): \(message)" }
}

/// The one door to igraph 0.10.2 (Debian's, built with `IGRAPH_THREAD_SAFE 0`).
///
/// Every call runs under one process-wide lock, so parallel tests and parallel pipeline
/// stages cannot corrupt igraph's global state. igraph's default error handler, which aborts
/// the process, is replaced by one that records the message and returns the code.
/// The lock is not re-entrant: helpers called inside `locked` must not call `locked` again.
public enum IGraph {
  private static let lock = Mutex(false)

  /// Runs `body` holding the igraph lock, with the error handler installed.
  static func locked<T>(_ body: () throws(IGraphError) -> T) throws(IGraphError) -> T {
    try lock.withLock { (installed: inout Bool) throws(IGraphError) -> T in
      if !installed {
        cigraph_use_return_codes()
        installed = true
      }
      return try body()
    }
  }

  /// Throws when an igraph call did not return `IGRAPH_SUCCESS`.
  static func check(_ code: igraph_error_t, _ function: String) throws(IGraphError) {
    guard code != IGRAPH_SUCCESS else { return }
    throw IGraphError(
      function: function, code: Int32(code.rawValue), message: String(cString: cigraph_last_error()))
  }

  /// Builds an igraph graph from an edge list, runs `body`, and destroys it.
  /// Must be called inside `locked`.
  static func withGraph<T>(
    vertexCount: Int, edges: [Int64], directed: Bool = false,
    _ body: (UnsafePointer<igraph_t>) throws(IGraphError) -> T
  ) throws(IGraphError) -> T {
    var graph = igraph_t()
    let code = edges.withUnsafeBufferPointer { buffer -> igraph_error_t in
      var view = igraph_vector_int_t()
      _ = igraph_vector_int_view(&view, buffer.baseAddress, igraph_integer_t(buffer.count))
      return igraph_create(&graph, &view, igraph_integer_t(vertexCount), directed)
    }
    try check(code, "igraph_create")
    defer { igraph_destroy(&graph) }
    return try withUnsafePointer(to: &graph) { (pointer) throws(IGraphError) -> T in try body(pointer) }
  }

  /// Copies an igraph integer vector into a Swift array.
  static func array(_ vector: UnsafePointer<igraph_vector_int_t>) -> [Int] {
    let count = Int(igraph_vector_int_size(vector))
    guard count > 0, let start = vector.pointee.stor_begin else { return [] }
    return (0..<count).map { Int(start[$0]) }
  }
}
