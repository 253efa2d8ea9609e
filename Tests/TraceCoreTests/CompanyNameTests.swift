import Testing

@testable import TraceCore

@Suite struct CompanyNameTests {
  /// A supplier key split into its most specific place and the name after it.
  @Test(arguments: [
    ("义乌市七喜图书", "义乌市", "七喜图书"),
    ("浙江省金华市义乌市七喜图书", "义乌市", "七喜图书"),
    ("苏州市吴中区南康书业", "吴中区", "南康书业"),
    ("固安县戴硕电子图书批发", "固安县", "戴硕电子图书批发"),
    ("虎门镇七喜图书发行", "虎门镇", "七喜图书发行"),
    ("内蒙古自治区草原书业", "内蒙古自治区", "草原书业"),
    ("七喜图书", "", "七喜图书"),
    ("好又多超市图书", "", "好又多超市图书"),  // 超市 is a business, not a place
    ("东方市场图书", "", "东方市场图书"),  // 市场 likewise
    ("义乌市书", "", "义乌市书"),  // a place must leave a name of two characters
    ("星河", "", "星河"),
  ])
  func splitsPlaceFromName(key: String, place: String, core: String) {
    let name = CompanyName(key: key)
    #expect(name.place == place, "\(key)")
    #expect(name.core == core, "\(key)")
  }

  /// When two supplier names are one company: the table of the rule.
  @Test func unplacedNamesResolveOnlyWhenOneCompanyIsKnown() {
    let keys = [
      "",
      "义乌市七喜图书",  // 1
      "和平区七喜图书",  // 2: the same name in another place: another company
      "七喜图书",  // 3: could be 1 or 2: links nothing
      "吴中区南康书业",  // 4
      "苏州市吴中区南康书业",  // 5: the same district written with its city: 4
      "南康书业",  // 6: one placed company of that name: registered as 4, an entity of its own
      "明腾印务",  // 7: no placed company of that name: itself
      "杭州市明腾印刷",  // 8: another name
    ]
    let counts = [0, 5, 3, 4, 6, 2, 7, 1, 1]
    let resolution = SupplierResolver.resolve(names: keys.map { CompanyName(key: $0) }, keys: keys, counts: counts)
    #expect(resolution.canonical == [0, 1, 2, 0, 4, 4, 6, 7, 8])
    #expect(resolution.registered == [-1, -1, -1, -1, -1, -1, 4, -1, -1])
    #expect(resolution.isPlaced == [false, true, true, false, true, true, false, false, true])
  }

  @Test func resolvedGroupTakesTheMostFrequentKey() {
    let keys = ["", "苏州市吴中区南康书业", "吴中区南康书业"]
    let resolution = SupplierResolver.resolve(names: keys.map { CompanyName(key: $0) }, keys: keys, counts: [0, 9, 2])
    #expect(resolution.canonical == [0, 1, 1])
  }
}
