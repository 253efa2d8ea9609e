/// Where a lead came from: the file, the 1-based physical line its record starts on, and
/// the publisher that sent it.
public struct LeadSource: Hashable, Sendable, Codable, Comparable {
  public var file: String
  public var line: Int
  public var publisher: String

  public init(file: String, line: Int, publisher: String) {
    self.file = file
    self.line = line
    self.publisher = publisher
  }

  public static func < (a: LeadSource, b: LeadSource) -> Bool {
    (a.file, a.line, a.publisher) < (b.file, b.line, b.publisher)
  }
}
