import Foundation

/// Canonical platform names: 淘宝网 → 淘宝, 抖音小店 → 抖音, and so on.
public enum Platform {
  /// The canonical name of a platform as written; unknown platforms are kept, cleaned.
  public static func canonical(_ raw: String) -> String {
    let compact = TextNormalization.compact(raw)
    for (canonical, spellings) in table where spellings.contains(compact) { return canonical }
    return TextNormalization.clean(raw)
  }

  static let table: [(String, [String])] = [
    ("淘宝", ["淘宝", "淘宝网", "taobao", "tb", "手机淘宝"]),
    ("天猫", ["天猫", "天猫商城", "tmall"]),
    ("抖音", ["抖音", "抖音小店", "抖店", "douyin", "tiktok", "抖音电商"]),
    ("快手", ["快手", "快手小店", "kuaishou"]),
    ("拼多多", ["拼多多", "pdd", "pinduoduo", "拼多多商城"]),
    ("京东", ["京东", "京东商城", "jd", "jdcom", "京东网"]),
    ("闲鱼", ["闲鱼", "xianyu", "咸鱼"]),
    ("小红书", ["小红书", "xiaohongshu", "red"]),
    ("微店", ["微店", "weidian"]),
    ("孔夫子", ["孔夫子", "孔夫子旧书网", "kongfz"]),
  ]
}
