import Testing
@testable import TraceCore

@Suite struct PhoneNumberTests {
  @Test(arguments: [
    ("13957912345", "13957912345", PhoneNumber.Kind.mobile),
    ("+86 139-5791-2345", "13957912345", .mobile),
    ("0086 139 5791 2345", "13957912345", .mobile),
    ("8613957912345", "13957912345", .mobile),
    ("１３９５７９１２３４５", "13957912345", .mobile),
    ("0579-85123456", "057985123456", .landline),
    ("(0579)8512-3456", "057985123456", .landline),
    ("+86 579 85123456", "057985123456", .landline),
    ("400-811-1111", "4008111111", .service),
    ("800 820 8820", "8008208820", .service),
  ])
  func normalises(raw: String, key: String, kind: PhoneNumber.Kind) throws {
    let phone = try #require(PhoneNumber(raw))
    #expect(phone.key == key)
    #expect(phone.kind == kind)
  }

  @Test func tooShortIsNotAPhone() { #expect(PhoneNumber("12-3") == nil) }
}

@Suite struct ISBNTests {
  @Test func isbn10BecomesIsbn13() {
    #expect(ISBN.parse("7-02-000220-X") == .valid(ISBN(isbn13: "9787020002207")))
  }

  @Test(arguments: ["978-7-02-009000-6", "9787020090006", "ISBN 978 7 02 009000 6"])
  func validIsbn13(raw: String) { #expect(ISBN.parse(raw) == .valid(ISBN(isbn13: "9787020090006"))) }

  @Test(arguments: ["9787020090007", "7-02-000220-1", "12345", "978702009000X"])
  func invalid(raw: String) { #expect(ISBN.parse(raw) == .invalid) }
}

@Suite struct LeadDateTests {
  @Test(arguments: [
    "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "2024-03-05 14:30", "20240305",
    "２０２４-０３-０５",
  ])
  func reads(raw: String) { #expect(LeadDate(raw)?.description == "2024-03-05") }

  @Test(arguments: ["2024-13-05", "2024/3/32", "2023-02-29", "2024-03", "March 5", "2024-03/05"])
  func rejectsImpossible(raw: String) { #expect(LeadDate(raw) == nil) }

  @Test func leapDay() { #expect(LeadDate("2024-02-29") != nil) }
}

@Suite struct AddressAndNameTests {
  @Test func provinceSpacingAndVariantsFold() {
    let a = PostalAddress("浙江省金华市义乌市福田街道稠州北路588號")
    let b = PostalAddress("金华市 义乌市 福田街道 稠州北路５８８号")
    #expect(a != nil)
    #expect(a == b)
    #expect(a?.city == "金华市")
    #expect(a?.numbers == ["588"])
  }

  @Test func infrastructureWords() {
    #expect(PostalAddress("浙江省金华市金东区中通快递金华分拨中心")?.looksLikeInfrastructure == true)
    #expect(PostalAddress("金华市义乌市稠州北路588号")?.looksLikeInfrastructure == false)
  }

  @Test func companySuffixesIgnored() {
    #expect(PartyName("星河图书有限公司") == PartyName("星河图书"))
    #expect(PartyName(" 星河  图书 有限责任公司") == PartyName("星河图书"))
  }

  @Test func platformsAndPrices() {
    #expect(Platform.canonical("淘宝网") == "淘宝")
    #expect(Platform.canonical("抖音小店") == "抖音")
    #expect(Price.fen("¥39.8") == 3980)
    #expect(Price.fen("39.80元") == 3980)
    #expect(Price.fen("abc") == nil)
  }

  @Test func carrierWaybillShapes() throws {
    let sf = try #require(Carrier(name: "顺丰速运"))
    #expect(sf.accepts(waybill: "SF1234567890123"))
    #expect(!sf.accepts(waybill: "12345"))
  }
}

@Suite struct CompactFastPathTests {
  /// The byte path for ASCII + CJK text must give exactly what the general path gives.
  @Test(arguments: [
    "", "abc", "ABC def-123", "金华市 义乌市", "浙江省金华市义乌市福田街道稠州北路588号", "Co.,Ltd 有限公司",
    "  \t\r\n", "a\u{7F}b\u{1}c", "丐丂七", "\u{4E00}\u{9FFF}", "x_y.z/w@q#1", "ZZ9",
    "全角１２３", "Ａｂｃ", "－", "义乌市（福田）１２号　３楼，ＡＢ－ｃ", "\u{3000}",
  ])
  func bytePathMatchesGeneralPath(text: String) {
    var copy = text
    let fast = copy.withUTF8(TextNormalization.compactASCIIAndCJK)
    #expect(fast != nil)
    #expect(fast == TextNormalization.compactAnyText(text))
    #expect(TextNormalization.compact(text) == TextNormalization.compactAnyText(text))
  }

  @Test(arguments: ["㐀 ext A", "é", "emoji 😀", "𠀀", "〇", "、", "\u{FF00}", "\u{FF5F}", "ｶ", "￥"])
  func otherTextTakesTheGeneralPath(text: String) {
    var copy = text
    #expect(copy.withUTF8(TextNormalization.compactASCIIAndCJK) == nil)
    #expect(TextNormalization.compact(text) == TextNormalization.compactAnyText(text))
  }

  /// Every scalar of the full-width block and the CJK punctuation block, alone and between
  /// other text: where the byte path answers, it answers what the general path does.
  @Test func bytePathMatchesGeneralPathOnEveryFullWidthScalar() {
    var answered = 0
    for value in Array(0x3000...0x303F) + Array(0xFF00...0xFFEF) {
      guard let scalar = Unicode.Scalar(value) else { continue }
      for text in [String(scalar), "Ab\(scalar)号１", "\(scalar)\(scalar)x"] {
        var copy = text
        if let fast = copy.withUTF8(TextNormalization.compactASCIIAndCJK) {
          #expect(fast == TextNormalization.compactAnyText(text), "U+\(String(value, radix: 16))")
          answered += 1
        }
      }
    }
    #expect(answered == 3 * (0xFF5E - 0xFF01 + 1) + 3)  // the full-width forms and U+3000
  }

  @Test func addressBlockingPartsReadByScalars() throws {
    let address = try #require(PostalAddress("浙江省金华市义乌市稠州北路588号3栋"))
    #expect(address.key == "金华市义乌市稠州北路588号3栋")
    #expect(address.city == "金华市")
    #expect(address.numbers == ["588", "3"])
    #expect(PostalAddress("浙江省ab")?.key == "浙江省ab")
    #expect(PostalAddress("广西壮族自治区南宁市1号")?.key == "南宁市1号")
    #expect(PostalAddress("省") == nil)
  }

  /// The byte path of `PostalAddress` gives the general path's key (or its `nil`) on every
  /// form an address is written in: with and without province, traditional variants,
  /// full-width digits, spaces and punctuation, too short, and text only the general path
  /// reads.
  @Test func addressBytePathMatchesGeneralPath() {
    var texts = [
      "", "省", "浙江", "浙江省", "浙江省金华", "浙江省金华市", "浙江金华市1号", "号", "A1", "a", "〇号", "１",
      "广西壮族自治区南宁市1号", "内蒙古自治区呼和浩特市新城区", "黑龙江哈尔滨市", "河北省保定市高碑店市白沟镇和平路１２号",
      "金华市 义乌市 稠州北路588號", "義烏市福田街道（国际商贸城）５区１２３號　倉庫", "上海市浦东新区", "浙江省杭州",
      "浙江省ＡＢＣ市1号", "湖北省武汉市洪山区😀路1号", "é路1号", "北京市朝阳区〇〇号",
    ]
    var rng = SplitMix64(seed: 5)
    for city in SynthVocabulary.cities {
      for _ in 0..<40 {
        var address = SynthWorld.Address(
          province: city.province, city: city.city, district: rng.pick(city.districts),
          town: rng.pick(SynthVocabulary.towns), street: rng.pick(SynthVocabulary.streets), number: rng.below(2000),
          suffix: rng.chance(0.5) ? "仓库" : "")
        address.street += rng.chance(0.3) ? "東區" : ""
        texts.append(SynthWriter.addressVariant(address.full, rng: &rng))
      }
    }
    for text in texts {
      #expect(PostalAddress(text)?.key == PostalAddress.generalKey(text), "\(text)")
      var bytes = text
      #expect(bytes.withUTF8 { PostalAddress(utf8: $0)?.key } == PostalAddress.generalKey(text), "\(text)")
    }
  }
}

@Suite struct AddressResolverTests {
  @Test func missingRegionResolvesToTheCommonForm() {
    let full = "金华市义乌市福田街道稠州北路588号"
    let missingDistrict = "金华市福田街道稠州北路588号"
    let missingStreetOffice = "金华市义乌市稠州北路588号"
    let typo = "金华市义乌市福田街道稠洲北路588号"
    let otherNumber = "金华市义乌市福田街道稠州北路589号"
    let mapping = AddressResolver.canonicalKeys(counts: [
      full: 5, missingDistrict: 1, missingStreetOffice: 1, typo: 2, otherNumber: 1,
    ])
    #expect(mapping[missingDistrict] == full)
    #expect(mapping[missingStreetOffice] == full)
    // One character apart is not one place by itself: the evidence decides (SupplyStructure).
    #expect(mapping[typo] == nil)
    #expect(mapping[otherNumber] == nil)
    #expect(mapping[full] == nil)
  }

  /// When two address keys are one place, and when they are two, with why.
  @Test(arguments: [
    ("杭州市萧山区钟街84号", "杭州市萧山区吴街84号", false),  // another road, one character apart
    ("杭州市萧山区钟街84号", "杭州市钟街84号", true),  // the district left out
    ("杭州市萧山区钟街84号", "杭州市萧山区钟街84号3栋", false),  // a building added
    ("杭州市萧山区中山路84号", "杭州市萧山区中山北路84号", false),  // 北 is part of the road name
    ("杭州市萧山区钟街84号", "杭州市萧山区钟街48号", false),  // another house number
    ("金华市义乌市稠州北路588号", "金华市义乌市福田街道稠州北路588号", true),  // a street office left out
    ("金华市义乌市稠州北路588号", "金华市义乌市佛堂镇稠州北路588号", true),  // a town left out
    ("苏州市吴中区王路525号26号厂房", "苏州市吴中区王路525号", false),  // a unit left out
  ])
  func nearlyEqualAddresses(a: String, b: String, same: Bool) {
    #expect(AddressResolver.nearlyEqual(Array(a), Array(b)) == same, "\(a) / \(b)")
    #expect(AddressResolver.nearlyEqual(Array(b), Array(a)) == same, "\(b) / \(a)")
  }

  /// Block keys made from the bytes are the former `String` ones: city, `|`, digit runs.
  @Test func blockKeysAreCityAndNumbers() {
    let keys = [
      "金华市义乌市福田街道稠州北路588号", "义乌市稠州北路588号3楼", "杭州萧山区12号", "金华", "金", "12号", "abc12de3",
      "包头市盟", "深圳宝安区建安一路1号", "雲南1号", "义乌㐀路5号", "é市1", "无数字的地址", "",
    ]
    var pool = ValuePool()
    for key in keys {
      var copy = key
      let id = copy.withUTF8 { AddressResolver.internBlockKey(utf8: $0, into: &pool) }
      let expected: String? = PostalAddress(key: key).flatMap { address in
        address.numbers.isEmpty ? nil : address.city + "|" + address.numbers.joined(separator: ",")
      }
      #expect(id == (expected.map { pool.id(of: $0) ?? -1 } ?? 0), "\(key)")
    }
    #expect(pool.id(of: "金华市|588") != nil && pool.id(of: "杭州|12") != nil && pool.id(of: "ab|12,3") != nil)
  }

  @Test func differentStreetsStayApart() {
    let mapping = AddressResolver.canonicalKeys(counts: [
      "金华市义乌市建设路12号": 1, "金华市义乌市工业大道12号": 1,
    ])
    #expect(mapping.isEmpty)
  }
}

@Suite struct StoreIDBytePathTests {
  /// Where the byte path answers, it answers `compact(id).uppercased()`; it declines ids
  /// whose compact form is not ASCII.
  @Test(arguments: [
    "jd1323707", "JD1323707", " tb 11 087-5 ", "ｊｄ１２３", "Ａｂｃ－１", "ks_99.x/7", "", "--", "店铺88", "ßx", "é1",
    "emoji😀9", "\u{3000}pdd\u{3000}12",
  ])
  func matchesTheStringPath(id: String) {
    var copy = id
    let expected = TextNormalization.compact(id).uppercased()
    if let fast = copy.withUTF8(StoreKeys.normalisedASCIIStoreID) {
      #expect(fast == expected)
      #expect(fast.utf8.allSatisfy { $0 < 0x80 })
    } else {
      #expect(!expected.utf8.allSatisfy { $0 < 0x80 } || copy.withUTF8(TextNormalization.compactASCIIAndCJK) == nil)
    }
  }
}

@Suite struct StoreColumnTests {
  /// Each store's key, platform and store id as `StoreKeys.key` and the store's first lead
  /// give them: ids normalised from their bytes (full-width, spaced, lower-case) or through
  /// `String`s (an id with a non-ASCII letter), stores known by name (no id, an id of
  /// punctuation only, a name that cleans to a text no cell holds), and platforms written
  /// as aliases.
  @Test func keysPlatformsAndIDsOfEveryStore() throws {
    let text = """
      publisher,platform,store_id,store_name,lead_id
      人民,淘宝网,ｔｂ 11-08,甲书店,L1
      人民,抖音小店,,乙书店,L2
      人民,京东,--,丙书店,L3
      人民,拼多多,pdd é7,丁书店,L4
      人民,淘宝,TB1108,甲书店二,L5
      人民,Some:Mall,x9,戊书店,L6
      人民,京东商城,,己　　书店,L7

      """
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "stores.csv")
    let graph = EvidenceGraph(table: result.table)
    var seen: [String: (String, String)] = [:]
    for store in graph.stores.indices {
      seen[graph.stores.key(of: store)] = (graph.stores.platform(of: store), graph.stores.storeID(of: store))
    }
    #expect(seen.count == 6)
    #expect(seen["淘宝:TB1108"]! == ("淘宝", "TB1108"))
    #expect(seen["抖音:@乙书店"]! == ("抖音", ""))
    #expect(seen["京东:@丙书店"]! == ("京东", ""))
    #expect(seen["拼多多:PDDÉ7"]! == ("拼多多", "PDDÉ7"))
    #expect(seen["Some:Mall:X9"]! == ("Some:Mall", "X9"))
    #expect(seen["京东:@己 书店"]! == ("京东", ""))  // a cleaned name no cell holds
    for lead in result.table.leads {
      let key = StoreKeys.key(
        platform: lead[.platform], storeID: lead[.storeID], storeName: lead[.storeName])
      #expect(seen[key] != nil, "\(key)")
    }
  }
}

@Suite struct InternedKeyTests {
  /// The key of `raw` as a value of `kind`, through the `String` constructors.
  static func stringKey(_ kind: EntityKind, _ raw: String) -> String? {
    switch kind {
    case .address:
      // Only premises link (`PostalAddress.namesPremises`): a city alone names nothing.
      guard let key = PostalAddress(raw)?.key,
        Array(key.utf8).withUnsafeBufferPointer(PostalAddress.namesPremises)
      else { return nil }
      return key
    case .phone: return PhoneNumber(raw)?.key
    case .person, .supplier: return PartyName(raw)?.key
    case .account:
      // Five ASCII letters or digits at least (`EvidenceGraph.namesAnAccount`).
      let key = TextNormalization.compact(raw)
      return Array(key.utf8).withUnsafeBufferPointer(EvidenceGraph.namesAnAccount) ? key : nil
    }
  }

  /// Keys interned from bytes are the keys the `String` constructors make, for every kind,
  /// on the byte path and off it; values that name nothing get id 0.
  @Test func internedKeysAreTheNormalisedKeys() {
    let raws = [
      "浙江省金华市义乌市稠州北路588号", "金华市 义乌市（福田）１２号　３楼", "廣東省廣州市天河區體育西路１號", "上海市",
      "Room 5, 88 Nanjing Rd, Shanghai", "義烏市㐀路1號", "ＡＢ－ｃ 6222 0212 3456 7890", "6222-0212-3456-7890",
      "支付宝：zhang@163.com", "é", "", "　", "+86 138-1111-2222", "星河图书有限公司", "张伟", "，。",
    ]
    for kind in EntityKind.allCases {
      var pool = ValuePool()
      for raw in raws {
        var copy = raw
        let id = copy.withUTF8 { EvidenceGraph.internNormalisedKey(kind, utf8: $0, into: &pool) }
        let expected = Self.stringKey(kind, raw)
        #expect(id == (expected.map { pool.id(of: $0) ?? -1 } ?? 0), "\(kind) \(raw)")
        if let expected { #expect(pool[id] == expected, "\(kind) \(raw)") }
      }
    }
  }
}

@Suite struct PhoneBytePathTests {
  /// The former `String` parse of a phone, kept as the reference for the byte path.
  static func reference(_ raw: String) -> (key: String, kind: PhoneNumber.Kind)? {
    var digits: [UInt8] = []
    var hadPlus = false
    for scalar in raw.unicodeScalars {
      switch scalar.value {
      case 0x30...0x39: digits.append(UInt8(scalar.value))
      case 0xFF10...0xFF19: digits.append(UInt8(scalar.value - 0xFF10 + 0x30))
      case 0x2B, 0xFF0B: if digits.isEmpty { hadPlus = true }
      default: break
      }
    }
    let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1")
    var body = digits[...]
    if body.starts(with: "0086".utf8) {
      body = body.dropFirst(4)
    } else if hadPlus, body.starts(with: "86".utf8) {
      body = body.dropFirst(2)
    } else if body.count == 13, body.starts(with: "86".utf8), body[body.startIndex + 2] == one {
      body = body.dropFirst(2)
    }
    guard body.count >= 5 else { return nil }
    let text = String(decoding: body, as: UTF8.self)
    if body.count == 10, text.hasPrefix("400") || text.hasPrefix("800") { return (text, .service) }
    if body.count == 11, body.first == one { return (text, .mobile) }
    if body.first == zero, (10...12).contains(body.count) { return (text, .landline) }
    if hadPlus || digits.starts(with: "0086".utf8), (9...11).contains(body.count), body.first != zero {
      return ("0" + text, .landline)
    }
    return (text, .other)
  }

  /// Hand-picked forms and random strings of digits, pluses, full-width forms, separators
  /// and other scalars: the byte path gives the reference's key and kind every time.
  @Test func sameAsTheStringParse() {
    var raws = [
      "+86 138-1111-2222", "0086 13811112222", "8613811112222", "86 579 8512 3456", "+86 579 85123456",
      "(0579)8512-3456", "0579-85123456", "400-810-1234", "800 820 8820", "１３８７８００３２８７", "＋８６ １３８ １１１１ ２２２２",
      "138", "12-3", "", "电话：021-6888 8888 转 123", "+8657985123456", "+0086 579 8512345", "86１3８11112222",
    ]
    var rng = SplitMix64(seed: 86)
    let pieces = ["0", "1", "3", "4", "8", "6", "9", "+", "＋", "０", "１", "８", "６", "-", " ", "(", ")", "　", "转", "é", "８", "６"]
    for _ in 0..<20_000 { raws.append((0..<rng.below(18)).map { _ in pieces[rng.below(pieces.count)] }.joined()) }
    var mismatches: [String] = []
    for raw in raws {
      let parsed = PhoneNumber(raw)
      let expected = Self.reference(raw)
      if parsed?.key != expected?.key || parsed?.kind != expected?.kind { mismatches.append(raw) }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }
}

@Suite struct PartyNameBytePathTests {
  /// The byte path gives `PartyName(_:)`'s key, suffixes and all, and `nil` where it does.
  @Test(arguments: [
    "星河图书有限公司", "星河图书", "星河图书有限责任公司", "星河 图书 股份有限公司", "有限公司", "A有限公司", "AB有限公司", "公司",
    "张伟", "Zhang Wei", "ＡＢＣ商行", "Star Books Co.,Ltd", "starbooks coltd", "x ltd", "经营部", "义乌批发部", "é有限公司",
    "Café 商行", "，。", "", "㐀公司图书",
  ])
  func sameAsTheStringPath(name: String) {
    var copy = name
    #expect(copy.withUTF8 { PartyName.withKey(utf8: $0) { String(decoding: $0, as: UTF8.self) } } == PartyName(name)?.key)
  }
}

/// Only an address that names premises links stores; a region alone does not.
@Suite struct AddressSpecificityTests {
  static func namesPremises(_ address: String) -> Bool {
    guard let key = PostalAddress(address)?.key else { return false }
    return Array(key.utf8).withUnsafeBufferPointer(PostalAddress.namesPremises)
  }

  @Test func premisesAreToldFromRegions() {
    for premises in [
      "浙江省金华市义乌市福田街道稠州北路588号", "义乌市佛堂镇田心村", "广州市白云区太和镇3号仓", "上海市浦东新区张江高科技园区",
      "金华市解放西路", "金华市B栋", "义乌市江东街道青口工业区", "金华市开发区", "义乌市阳光小区", "义乌市国际商贸城",
    ] {
      #expect(Self.namesPremises(premises), "\(premises)")
    }
    for region in ["金华市", "浙江省金华市", "广州市白云区", "义乌市佛堂镇", "浙江省金华市义乌市福田街道", "北京市东城区", "上海市浦东新区"] {
      #expect(!Self.namesPremises(region), "\(region)")
    }
  }

  /// Stores that only shipped from the same city or district are no ring.
  @Test func storesSharingOnlyARegionAreNoRing() throws {
    let text = """
      publisher,platform,store_id,origin_address
      人民,淘宝,S1,义乌市
      人民,淘宝,S2,义乌市
      人民,抖音,S3,浙江省金华市
      人民,抖音,S4,金华市
      人民,快手,S5,广州市白云区
      人民,快手,S6,广州市白云区
      人民,快手,S7,义乌市稠州北路588号
      人民,快手,S8,浙江省义乌市稠州北路588号

      """
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "regions.csv")
    let graph = EvidenceGraph(table: result.table)
    #expect(graph.entities.map(\.kind) == [.address])
    #expect(graph.entities.map(\.storeCount) == [2])
  }
}

/// A payment account links stores only when it names an account, not a way to pay.
@Suite struct PaymentAccountTests {
  @Test func waysToPayLinkNothing() throws {
    let text = """
      publisher,platform,store_id,payment_account
      人民,淘宝,S1,微信
      人民,淘宝,S2,微信
      人民,抖音,S3,支付宝
      人民,抖音,S4,支付宝
      人民,快手,S5,银行卡
      人民,快手,S6,银行卡
      人民,快手,S7,支付宝：zhang@163.com
      人民,快手,S8,支付宝 zhang@163.com

      """
    let result = try LeadSheetReader.read(bytes: Array(text.utf8), path: "accounts.csv")
    let graph = EvidenceGraph(table: result.table)
    #expect(graph.entities.map(\.kind) == [.account])
    #expect(graph.entities.map(\.storeCount) == [2])
  }
}
