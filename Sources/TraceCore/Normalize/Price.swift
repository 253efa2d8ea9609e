import Foundation

/// A price in yuan, read from "¥39.8", "39.80元", "RMB 39.8", "39.8 元".
public enum Price {
  /// The amount in fen (hundredths of a yuan), or `nil` when the cell is not a price.
  public static func fen(_ raw: String) -> Int? {
    var text = raw.precomposedStringWithCompatibilityMapping.lowercased()
    for token in ["rmb", "cny", "人民币", "元", "¥", "￥", "yuan", ",", " "] {
      text = text.replacingOccurrences(of: token, with: "")
    }
    guard !text.isEmpty, text.allSatisfy({ $0.isASCIIDigit || $0 == "." }) else { return nil }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, parts[0].count <= 9, let yuan = Int(parts[0].isEmpty ? "0" : parts[0])
    else { return nil }
    var fen = yuan * 100
    if parts.count == 2 {
      let decimals = String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)
      guard let cents = Int(decimals) else { return nil }
      fen += cents
    }
    return fen
  }
}
