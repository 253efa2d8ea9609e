/// A failure inside Graphviz, with Graphviz's own message (e.g. "syntax error in line 3 near '}'").
public struct GraphvizError: Error, Sendable, CustomStringConvertible, Equatable {
  public enum Stage: String, Sendable {
    case parse, layout, render, context
  }

  public var stage: Stage
  public var message: String
  /// The DOT line Graphviz blamed, when it named one.
  public var line: Int?

  public init(stage: Stage, message: String, line: Int? = nil) {
    self.stage = stage
    self.message = message
    self.line = line
  }

  public var description: String {
    let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
    return "Graphviz \(stage.rawValue) failed: " + (text.isEmpty ? "no message" : text)
  }
}

import Foundation
