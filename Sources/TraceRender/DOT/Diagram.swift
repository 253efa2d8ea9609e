/// A diagram as DOT text and, when it could not be drawn whole within its budget, a note
/// saying what was summarised (reported in the manifest and the report).
public struct Diagram: Sendable {
  public var dot: String
  public var summary: String?

  public init(dot: String, summary: String? = nil) {
    self.dot = dot
    self.summary = summary
  }
}
