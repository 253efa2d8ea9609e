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
    var raw = raw
    guard let key = raw.withUTF8(PostalAddress.key(utf8:)) else { return nil }
    self.key = key
  }

  /// Normalises an address written as UTF-8 `utf8` (valid UTF-8, as pool values are).
  public init?(utf8: UnsafeBufferPointer<UInt8>) {
    guard let key = PostalAddress.key(utf8: utf8) else { return nil }
    self.key = key
  }

  /// The key of the address `utf8`: by the byte path, or, for text it does not handle, by the
  /// general path (the only one that makes a `String` of the raw text).
  private static func key(utf8: UnsafeBufferPointer<UInt8>) -> String? {
    withKey(utf8: utf8) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the key of the address written as UTF-8 `utf8` (valid UTF-8, as pool
  /// values are), as bytes: on the byte path no `String` is made at all (the graph interns
  /// half a million address keys at a million leads, and making each a `String` first
  /// validated it again). `nil` when nothing addressable is left.
  public static func withKey<R>(utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
    switch byteKey(utf8, body) {
    case .key(let result): return result
    case .nothing: return nil
    case .unsupported:
      guard var key = generalKey(String(decoding: utf8, as: UTF8.self)) else { return nil }
      return key.withUTF8(body)
    }
  }

  /// What the byte path makes of an address.
  private enum ByteKey<Result> {
    /// What the caller's function made of the key.
    case key(Result)
    /// Nothing addressable is left.
    case nothing
    /// The text is not for the byte path.
    case unsupported
  }

  /// The key of an address whose text `compact`'s byte path handles (ASCII, CJK ideographs,
  /// full-width forms: nearly every address), made in one buffer: compacted, variants folded
  /// in place (each variant and its folding are three-byte ideographs), the province skipped,
  /// and `body` called with the key's bytes at the end. The general path made a `String` at
  /// every step and decoded the scalars four times; it was most of the time spent normalising.
  private static func byteKey<R>(_ raw: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R)
    -> ByteKey<R>
  {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { buffer -> ByteKey<R> in
      guard let count = TextNormalization.compactASCIIAndCJK(raw, into: buffer) else { return .unsupported }
      // The table opened once an address: reached as a static per scalar, each reach was a
      // check that it is made (`swift_once`), millions of them.
      let foldable = foldOfScalar.withUnsafeBufferPointer { foldOfScalar -> Bool in
        var i = 0
        while i < count {
          if buffer[i] < 0x80 {
            i += 1
            continue
          }
          let scalar = UInt32(buffer[i] & 0x0F) << 12 | UInt32(buffer[i + 1] & 0x3F) << 6 | UInt32(buffer[i + 2] & 0x3F)
          let folded = foldOfScalar[Int(scalar)]
          if folded != 0 {
            guard folded >= 0x800 else { return false }  // not three bytes: cannot fold in place
            buffer[i] = 0xE0 | UInt8(folded >> 12)
            buffer[i + 1] = 0x80 | UInt8((folded >> 6) & 0x3F)
            buffer[i + 2] = 0x80 | UInt8(folded & 0x3F)
          }
          i += 3
        }
        return true
      }
      guard foldable else { return .unsupported }
      let text = UnsafeBufferPointer(rebasing: buffer[..<count])
      let start = provinceLength(text) ?? 0
      // At least two characters (one scalar is one character here).
      var position = start, characters = 0
      while position < count, characters < 2 {
        position += buffer[position] < 0x80 ? 1 : 3
        characters += 1
      }
      guard characters == 2 else { return .nothing }
      return .key(body(UnsafeBufferPointer(rebasing: text[start...])))
    }
  }

  /// The key of any address (the general path, for text `byteKey` does not handle).
  static func generalKey(_ raw: String) -> String? {
    var text = TextNormalization.compact(raw)
    if text.isEmpty { return nil }
    if text.unicodeScalars.contains(where: PostalAddress.isVariant) {
      if TextNormalization.isASCIIOrCJK(text) {
        text = PostalAddress.foldingVariantScalars(text)
      } else {
        text = String(text.map { PostalAddress.variants[$0] ?? $0 })
      }
    }
    text = PostalAddress.droppingProvince(text)
    var characters = text.makeIterator()
    guard characters.next() != nil, characters.next() != nil else { return nil }
    return text
  }

  /// Whether an address key (`withKey`) names premises, not only a region: it holds a number
  /// (house, building, room) or a word for a street, village or building (路, 街, 巷, 村,
  /// 号, 楼, 仓, 园 …; 街道, a subdistrict, is not one). A province, city, district, county
  /// or town alone (金华市, 广州市白云区, 义乌市佛堂镇) is where millions live: as a link it made
  /// rings of stores that merely shipped from the same city.
  public static func namesPremises(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    var previous: UInt32 = 0
    while index < key.count {
      let byte = key[index]
      if byte < 0x80 {
        if byte >= 0x30 && byte <= 0x39 { return true }
        index += 1
        previous = 0
        continue
      }
      guard byte >= 0xE0, byte < 0xF0, index + 2 < key.count else {
        index += byte >= 0xF0 ? 4 : 2
        previous = 0
        continue
      }
      let scalar = UInt32(byte & 0x0F) << 12 | UInt32(key[index + 1] & 0x3F) << 6 | UInt32(key[index + 2] & 0x3F)
      // 区 names premises after 小 (小区, a housing estate), 业 (工业区) or 发 (开发区); 城 after
      // 商 or 贸 (商城, 商贸城, a market).
      if (scalar == 0x533A && (previous == 0x5C0F || previous == 0x4E1A || previous == 0x53D1))
        || (scalar == 0x57CE && (previous == 0x5546 || previous == 0x8D38))
      {
        return true
      }
      // 道 after 街 is 街道, a subdistrict; 街 itself is judged with what follows it.
      if premisesMarkerBits[Int(scalar >> 6)] & (1 << (scalar & 63)) != 0, !(scalar == 0x9053 && previous == 0x8857) {
        if scalar != 0x8857 || !(index + 5 < key.count && key[index + 3] == 0xE9 && key[index + 4] == 0x81
          && key[index + 5] == 0x93)
        {
          return true
        }
      }
      previous = scalar
      index += 3
    }
    return false
  }

  /// Characters that name a street, village, building or business: 路 街 巷 弄 道 村 组 号 栋
  /// 幢 楼 室 仓 库 园 厂 场 厦 店 铺 馆 苑 院 坊 站 部 司 心 (as in 中心: 分拨中心, a courier's
  /// sorting centre, is a place, and a hub to keep out) 工 (工业区) 港 (物流港) 基 (基地).
  static let premisesMarkers = "路街巷弄道村组号栋幢楼室仓库园厂场厦店铺馆苑院坊站部司心工港基"

  /// `premisesMarkers` as one bit per scalar of the basic plane: a test per character, no
  /// hashing (every address key is scanned).
  static let premisesMarkerBits: [UInt64] = {
    var bits = [UInt64](repeating: 0, count: 1 << 10)
    for scalar in premisesMarkers.unicodeScalars { bits[Int(scalar.value >> 6)] |= 1 << (scalar.value & 63) }
    return bits
  }()

  /// The city part of the key (up to and including the first 市, 州 or 盟), used for blocking.
  public var city: String {
    if TextNormalization.isASCIIOrCJK(key) {
      // One scalar is one character here: no grapheme breaking.
      let scalars = key.unicodeScalars
      if let end = scalars.firstIndex(where: PostalAddress.isCityMarker) {
        return String(scalars[...end])
      }
      return String(String.UnicodeScalarView(scalars.prefix(2)))
    }
    if let end = key.firstIndex(where: { $0 == "市" || $0 == "州" || $0 == "盟" }) {
      return String(key[...end])
    }
    return String(key.prefix(2))
  }

  /// The runs of digits in the key (house, building and room numbers), used for blocking.
  /// Read from the UTF-8 bytes: an ASCII digit byte is never part of another scalar.
  public var numbers: [String] {
    var runs: [String] = []
    var start = -1
    var index = 0
    for byte in key.utf8 {
      let digit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
      if digit, start < 0 { start = index }
      if !digit, start >= 0 {
        runs.append(String(decoding: key.utf8.dropFirst(start).prefix(index - start), as: UTF8.self))
        start = -1
      }
      index += 1
    }
    if start >= 0 { runs.append(String(decoding: key.utf8.dropFirst(start), as: UTF8.self)) }
    return runs
  }

  static func isCityMarker(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "市" || scalar == "州" || scalar == "盟"
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

  /// `variants` by scalar value, for the basic plane (every variant and its folding is one
  /// scalar there); 0: not a variant. A table lookup per scalar, no hashing.
  private static let foldOfScalar: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 0x10000)
    for (variant, folded) in variants {
      table[Int(variant.unicodeScalars.first!.value)] = folded.unicodeScalars.first!.value
    }
    return table
  }()

  /// `variants` applied to text where one scalar is one character (ASCII and CJK only): a
  /// scalar-by-scalar mapping written as UTF-8, with no grapheme breaking.
  static func foldingVariantScalars(_ text: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      let folded = isVariant(scalar) ? Unicode.Scalar(foldOfScalar[Int(scalar.value)])! : scalar
      UTF8.encode(folded) { bytes.append($0) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static let provinces = [
    "黑龙江", "内蒙古", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
    "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "广西", "西藏",
    "宁夏", "新疆",
  ]
  static let provinceSuffixes = ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", ""]

  static func droppingProvince(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, provinceInitialScalars.contains(first) else { return text }
    if TextNormalization.isASCIIOrCJK(text) { return droppingProvinceByScalars(text) }
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

  /// `droppingProvince` for text where one scalar is one character (ASCII: one byte, CJK:
  /// three).
  private static func droppingProvinceByScalars(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes -> String? in
      provinceLength(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0...]), as: UTF8.self) }
    } ?? text
  }

  /// How many leading bytes of `bytes` are a province to drop, or `nil` if none is, for text
  /// where one scalar is one character (ASCII: one byte, CJK: three): each province's prefixes
  /// compared as UTF-8 bytes, in `droppingProvince`'s order, the city marker looked for among
  /// the next few scalars.
  private static func provinceLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress, bytes.count >= 3 else { return nil }
    // Most addresses start with no province's first character: told by its three bytes,
    // with no comparison of each province's.
    let first = UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
    guard provinceFirstCharacters.contains(first) else { return nil }
    for (province, prefixes) in provincePrefixes
    where province.count <= bytes.count && memcmp(base, province, province.count) == 0 {
      for prefix in prefixes where prefix.count <= bytes.count && memcmp(base, prefix, prefix.count) == 0 {
        // Drop it only when a city (…市/州/盟) follows within a few characters.
        var position = prefix.count
        for scalar in 0..<7 where position < bytes.count {
          let width = bytes[position] < 0x80 ? 1 : 3
          if width == 3, position + 3 <= bytes.count, isCityMarker(bytes, at: position) {
            if scalar == 0 { break }
            return prefix.count
          }
          position += width
        }
      }
    }
    return nil
  }

  /// Whether the three bytes at `position` are 市, 州 or 盟.
  private static func isCityMarker(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
    let (a, b, c) = (bytes[position], bytes[position + 1], bytes[position + 2])
    return (a, b, c) == (0xE5, 0xB8, 0x82) || (a, b, c) == (0xE5, 0xB7, 0x9E) || (a, b, c) == (0xE7, 0x9B, 0x9F)
  }

  /// Every province as UTF-8, with the province followed by each of its suffixes, in the order
  /// `droppingProvince` tries them.
  private static let provincePrefixes: [(province: [UInt8], prefixes: [[UInt8]])] = provinces.map { p in
    (Array(p.utf8), provinceSuffixes.map { Array((p + $0).utf8) })
  }

  /// `provinceInitialScalars` as UTF-8, each character's three bytes as one number: looked
  /// for in the bytes of an address, with no scalar decoded or hashed.
  private static let provinceFirstCharacters: [UInt32] = provinceInitialScalars.map { scalar in
    String(scalar).utf8.reduce(0) { $0 << 8 | UInt32($1) }
  }.sorted()

  /// Whether a scalar has a variant form to fold (a table lookup: a `Set` hashed every scalar
  /// of every address).
  static func isVariant(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x10000 && foldOfScalar[Int(scalar.value)] != 0
  }

  static let provinceInitialScalars = Set(provinces.compactMap { $0.unicodeScalars.first })

  public static func < (a: PostalAddress, b: PostalAddress) -> Bool { a.key < b.key }
}
