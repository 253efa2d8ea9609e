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
  ])
  func bytePathMatchesGeneralPath(text: String) {
    var copy = text
    let fast = copy.withUTF8(TextNormalization.compactASCIIAndCJK)
    #expect(fast != nil)
    #expect(fast == TextNormalization.compactAnyText(text))
    #expect(TextNormalization.compact(text) == TextNormalization.compactAnyText(text))
  }

  @Test(arguments: ["全角１２３", "Ａｂｃ", "㐀 ext A", "é", "emoji 😀", "𠀀", "－", "〇"])
  func otherTextTakesTheGeneralPath(text: String) {
    var copy = text
    #expect(copy.withUTF8(TextNormalization.compactASCIIAndCJK) == nil)
    #expect(TextNormalization.compact(text) == TextNormalization.compactAnyText(text))
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
}

@Suite struct AddressResolverTests {
  @Test func typoAndMissingDistrictResolveToTheCommonForm() {
    let full = "金华市义乌市福田街道稠州北路588号"
    let missingDistrict = "金华市福田街道稠州北路588号"
    let typo = "金华市义乌市福田街道稠洲北路588号"
    let otherNumber = "金华市义乌市福田街道稠州北路589号"
    let mapping = AddressResolver.canonicalKeys(counts: [
      full: 5, missingDistrict: 1, typo: 2, otherNumber: 1,
    ])
    #expect(mapping[missingDistrict] == full)
    #expect(mapping[typo] == full)
    #expect(mapping[otherNumber] == nil)
    #expect(mapping[full] == nil)
  }

  @Test func differentStreetsStayApart() {
    let mapping = AddressResolver.canonicalKeys(counts: [
      "金华市义乌市建设路12号": 1, "金华市义乌市工业大道12号": 1,
    ])
    #expect(mapping.isEmpty)
  }
}
