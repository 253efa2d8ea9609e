import Foundation

/// A Chinese postal address reduced to a comparison key.
///
/// NFKC; whitespace and punctuation removed; traditional and variant characters (號, 樓, 區 …)
/// folded; a leading province dropped when a city follows, since senders write it or not.
/// Near-duplicates (a typo, a missing district) are merged later by `AddressResolver`.
public struct PostalAddress: Hashable, Sendable, Comparable {
  public let key: String

  /// Normalises an address as written; `nil` when nothing addressable is left.
  public init?(_ raw: String) {
    var text = TextNormalization.compact(raw)
    if text.isEmpty { return nil }
    if text.unicodeScalars.contains(where: { PostalAddress.variantScalars.contains($0) }) {
      text = String(text.map { PostalAddress.variants[$0] ?? $0 })
    }
    text = PostalAddress.droppingProvince(text)
    guard text.count >= 2 else { return nil }
    key = text
  }

  /// The city part of the key (up to and including the first 市, 州 or 盟), used for blocking.
  public var city: String {
    if let end = key.firstIndex(where: { $0 == "市" || $0 == "州" || $0 == "盟" }) {
      return String(key[...end])
    }
    return String(key.prefix(2))
  }

  /// The runs of digits in the key (house, building and room numbers), used for blocking.
  public var numbers: [String] {
    var runs: [String] = []
    var current = ""
    for c in key {
      if c.isASCII, c.isNumber {
        current.append(c)
      } else if !current.isEmpty {
        runs.append(current)
        current = ""
      }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }

  /// Words that mark courier and platform infrastructure rather than a seller's premises.
  public var looksLikeInfrastructure: Bool {
    PostalAddress.infrastructureWords.contains { TextNormalization.contains(key, $0) }
  }

  static let infrastructureWords = [
    "分拨中心", "转运中心", "集散中心", "分拣中心", "集运仓", "中转场", "转运场", "营业部", "网点", "驿站",
    "菜鸟", "平台仓", "云仓", "分拨",
  ]

  static let variants: [Character: Character] = [
    "號": "号", "樓": "楼", "區": "区", "縣": "县", "鎮": "镇", "門": "门", "東": "东", "廣": "广",
    "華": "华", "陽": "阳", "州": "州", "莊": "庄", "園": "园", "廠": "厂", "倉": "仓", "庫": "库",
    "單": "单", "棟": "栋", "巿": "市", "臺": "台", "灣": "湾", "義": "义", "烏": "乌", "興": "兴",
    "〇": "0",
  ]

  static let variantScalars = Set(variants.keys.compactMap { $0.unicodeScalars.first })
  static let provinceInitials = Set(provinces.compactMap { $0.first })

  static let provinces = [
    "黑龙江", "内蒙古", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
    "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "广西", "西藏",
    "宁夏", "新疆",
  ]
  static let provinceSuffixes = ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", ""]

  static func droppingProvince(_ text: String) -> String {
    guard let first = text.first, provinceInitials.contains(first) else { return text }
    for province in provinces where text.hasPrefix(province) {
      for suffix in provinceSuffixes where text.hasPrefix(province + suffix) {
        let rest = String(text.dropFirst(province.count + suffix.count))
        // Drop it only when a city (…市/州/盟) follows within a few characters.
        if let marker = rest.firstIndex(where: { $0 == "市" || $0 == "州" || $0 == "盟" }),
          rest.distance(from: rest.startIndex, to: marker) <= 6, marker != rest.startIndex
        {
          return rest
        }
      }
    }
    return text
  }

  public static func < (a: PostalAddress, b: PostalAddress) -> Bool { a.key < b.key }
}
