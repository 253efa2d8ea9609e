/// What people write in a cell that has nothing to say: 无, 未知, 不详, N/A, -, a phone of
/// zeros.
///
/// Such a value names no supplier, person, address, phone or account; taken as a key, it
/// linked every store whose leads said "none" into one ring, whose most likely source was the
/// supplier "无". It stays with its lead as written, but links nothing.
public enum Placeholder {
  /// The words, ASCII in lower case (values are compared with ASCII letters lowered and
  /// ASCII spaces trimmed).
  static let words: [[UInt8]] = [
    "无", "没有", "暂无", "未知", "不详", "不清楚", "不知道", "不明", "待定", "待查", "空", "无信息", "未填",
    "未提供", "-", "--", "---", "—", "——", "/", "//", "\\", "?", "??", "？", "n/a", "na", "none", "null",
    "nil", "unknown", "x", "xx", "xxx", "0", "同上", "如上", "见备注", "详见备注",
  ].map { Array($0.utf8) }

  /// The longest word, in bytes.
  static let longest = words.map(\.count).max() ?? 0

  /// Which bytes start a word (either case): every other value is told apart by its first
  /// byte (phones start with a digit other than 0, most names with another CJK lead byte).
  static let firstBytes: [Bool] = {
    var table = [Bool](repeating: false, count: 256)
    for word in words {
      table[Int(word[0])] = true
      if word[0] >= 0x61 && word[0] <= 0x7A { table[Int(word[0] - 0x20)] = true }
    }
    return table
  }()

  /// `words` by their length in bytes: a value is compared only with words as long as it.
  static let wordsOfLength: [[[UInt8]]] = (0...longest).map { length in words.filter { $0.count == length } }

  /// Whether `utf8` is one of the words. Runs once per distinct value linked (millions at a
  /// million leads): most values are told apart by their length or first byte.
  public static func isPlaceholder(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    let value = trimmed(utf8)
    let start = value.startIndex, count = value.count
    guard count > 0, count <= longest, firstBytes[Int(utf8[start])] else { return false }
    for word in wordsOfLength[count] {
      var index = 0
      while index < count {
        var byte = utf8[start + index]
        if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
        if byte != word[index] { break }
        index += 1
      }
      if index == count { return true }
    }
    return false
  }

  /// What sellers name as their supplier when they name none: a kind of supplier (厂家, the
  /// factory; 一手货源, first-hand stock; 批发, wholesale), a platform (1688, 淘宝) or a friend.
  /// As a key each linked every store whose seller said it.
  static let genericSuppliers: [[UInt8]] = [
    "厂家", "工厂", "厂家直销", "工厂直销", "厂家直供", "自营", "一手货源", "源头", "源头厂家", "批发", "批发商",
    "供应商", "货源", "供货商", "代理", "总代", "总代理", "朋友", "网上", "网络", "网上进货", "1688", "阿里巴巴",
    "淘宝", "拼多多", "抖音", "微商", "正版",
  ].map { Array($0.utf8) }

  /// Whether a supplier's name is one of `genericSuppliers` (or any word for "none").
  public static func isGenericSupplier(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    if isPlaceholder(utf8) { return true }
    let value = trimmed(utf8)
    return genericSuppliers.contains { $0.elementsEqual(value) }
  }

  /// `utf8` without ASCII spaces around it.
  static func trimmed(_ utf8: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
    var start = 0, end = utf8.count
    while start < end, utf8[start] == 0x20 { start += 1 }
    while end > start, utf8[end - 1] == 0x20 { end -= 1 }
    return utf8[start..<end]
  }

  /// Whether an identifier (a store id, lead id or waybill) identifies nothing: a word for
  /// "none", or a number Excel saved in scientific notation (`ExcelDamage`).
  public static func identifiesNothing(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    isPlaceholder(utf8) || ExcelDamage.isScientificNotation(utf8)
  }

  /// Whether a phone is written masked, as platforms and waybills print them for privacy
  /// (138****8000): its hidden digits are gone, and thousands of different numbers share the
  /// digits left.
  public static func isMaskedPhone(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    // `*` ASCII or full-width (EF BC 8A); no other byte of UTF-8 text can be 0x2A.
    utf8.contains(0x2A) || zip(utf8, utf8.dropFirst()).contains { $0 == 0xBC && $1 == 0x8A }
  }

  /// Digits counting up from 1, the longest stand-in phone.
  static let ascending = Array("12345678901234567890".utf8)

  /// Whether a phone's key (its digits) is a stand-in rather than a number: one digit
  /// repeated (00000000000), a run up from 1 (12345678901), or a mobile prefix followed by
  /// zeros (13800000000).
  public static func isPlaceholderPhone(digits: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = digits.first else { return false }
    if digits.allSatisfy({ $0 == first }) { return true }
    if digits.count <= ascending.count, digits.elementsEqual(ascending[..<digits.count]) { return true }
    return digits.count == 11 && first == UInt8(ascii: "1") && digits.dropFirst(3).allSatisfy { $0 == UInt8(ascii: "0") }
  }
}
