/// Word lists the synthetic world draws names, places and titles from.
enum SynthVocabulary {
  static let cities: [(province: String, city: String, area: String, districts: [String])] = [
    ("浙江省", "金华市", "0579", ["义乌市", "金东区", "婺城区", "东阳市"]),
    ("河北省", "保定市", "0312", ["高碑店市", "竞秀区", "莲池区", "涿州市"]),
    ("广东省", "广州市", "020", ["白云区", "番禺区", "天河区", "花都区"]),
    ("江苏省", "南京市", "025", ["鼓楼区", "江宁区", "栖霞区", "浦口区"]),
    ("山东省", "临沂市", "0539", ["兰山区", "罗庄区", "河东区", "沂南县"]),
    ("河南省", "郑州市", "0371", ["金水区", "中原区", "管城回族区", "二七区"]),
    ("湖北省", "武汉市", "027", ["洪山区", "江夏区", "武昌区", "汉阳区"]),
    ("四川省", "成都市", "028", ["武侯区", "郫都区", "新都区", "双流区"]),
    ("福建省", "泉州市", "0595", ["晋江市", "石狮市", "丰泽区", "南安市"]),
    ("安徽省", "合肥市", "0551", ["蜀山区", "包河区", "瑶海区", "肥西县"]),
    ("湖南省", "长沙市", "0731", ["岳麓区", "雨花区", "开福区", "望城区"]),
    ("江西省", "南昌市", "0791", ["青山湖区", "红谷滩区", "西湖区", "新建区"]),
  ]
  static let streets = [
    "建设路", "人民路", "解放路", "中山路", "工业大道", "商贸城路", "物流园路", "稠州北路", "龙归路", "文化路",
    "新华路", "光明街", "团结路", "创业大道", "振兴路", "永安街", "和平路", "长江路", "黄河路", "书城路",
  ]
  static let towns = ["", "", "福田街道", "白沟镇", "太和镇", "城东街道", "开发区", "高新区"]
  static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
  static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉飞红建林")
  /// Names so common that unrelated senders share them.
  static let commonNames = ["张伟", "王芳", "李娜", "刘洋", "王强", "李静", "张敏", "王磊"]
  static let shopWords = Array("星河书香墨韵博文晨光悦读知行文轩雅集青云明德尚学启智书虫经典好书优选精品")
  static let shopSuffixes = ["书屋", "书店", "图书专营", "好书馆", "书社", "旗舰店", "读书会", "书城", "书苑", "小店"]
  static let companyWords = ["图书", "书业", "印务", "文化传媒", "图书批发", "出版物发行", "纸品"]
  static let companySuffixes = ["有限公司", "有限责任公司", "", "商行"]
  static let publishers = [
    "人民文学出版社", "译林出版社", "中信出版社", "商务印书馆", "中华书局", "上海译文出版社", "作家出版社",
    "人民邮电出版社", "机械工业出版社", "清华大学出版社", "北京联合出版公司", "长江文艺出版社",
  ]
  static let titles = [
    "红楼梦", "围城", "活着", "平凡的世界", "三体", "小王子", "人类简史", "原则", "百年孤独", "追风筝的人",
    "解忧杂货店", "白夜行", "月亮与六便士", "傲慢与偏见", "骆驼祥子", "朝花夕拾", "乡土中国", "万历十五年",
  ]
  static let platforms: [(canonical: String, spellings: [String], prefix: String)] = [
    ("抖音", ["抖音", "抖音小店", "Douyin"], "DY"),
    ("淘宝", ["淘宝", "淘宝网", "taobao"], "TB"),
    ("拼多多", ["拼多多", "PDD"], "PDD"),
    ("快手", ["快手", "快手小店"], "KS"),
    ("京东", ["京东", "京东商城"], "JD"),
  ]
  static let carriers: [(name: [String], waybill: @Sendable (inout SplitMix64) -> String)] = [
    (["中通", "中通快递", "ZTO"], { rng in "7" + digits(13, &rng) }),
    (["韵达", "韵达快递"], { rng in "43" + digits(11, &rng) }),
    (["顺丰", "顺丰速运", "SF"], { rng in "SF" + digits(13, &rng) }),
    (["圆通", "圆通速递"], { rng in "YT" + digits(13, &rng) }),
    (["申通", "申通快递"], { rng in "77" + digits(11, &rng) }),
  ]
  static let hubCarriers = ["中通快递", "韵达快递", "圆通速递", "申通快递", "顺丰速运", "菜鸟"]

  static func digits(_ count: Int, _ rng: inout SplitMix64) -> String {
    var digits: [UInt8] = []
    digits.reserveCapacity(count)
    for _ in 0..<count { digits.append(UInt8(ascii: "0") + UInt8(rng.below(10))) }
    return String(decoding: digits, as: UTF8.self)
  }
}
