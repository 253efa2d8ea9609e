import Foundation
import Testing
import ZIPFoundation
@testable import TraceCore

@Suite struct ZipWriterTests {
  /// Text that compresses, but not to nothing: words drawn from a seeded stream.
  static func sampleText(bytes count: Int, seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(seed: seed)
    let words = ["线索", "店铺", "<row r=\"1\">", "义乌市", "13900000000", "&amp;", "\n", " "]
    var text: [UInt8] = []
    while text.count < count {
      text += rng.pick(words).utf8
      text += String(rng.below(1000)).utf8
    }
    return Array(text.prefix(count))
  }

  static func temporaryURL(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("zipwriter-\(UUID().uuidString)-\(name)")
  }

  /// Entries deflated in many pieces on every core read back whole through ZIPFoundation,
  /// which checks each entry's CRC-32 as it extracts.
  @Test func piecesJoinIntoEntriesZIPFoundationReads() throws {
    let entries: [(String, [UInt8])] = [
      ("empty.txt", []),
      ("one-piece.xml", Self.sampleText(bytes: 700, seed: 1)),
      ("exactly-two-pieces.xml", Self.sampleText(bytes: 8192, seed: 2)),
      ("xl/worksheets/sheet1.xml", Self.sampleText(bytes: 300_001, seed: 3)),
    ]
    var writer = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
    writer.pieceSize = 4096
    for (name, bytes) in entries { try writer.add(name, bytes) }
    #expect(writer.entries.last?.pieces.count == 74)
    let url = Self.temporaryURL("a.zip")
    defer { try? FileManager.default.removeItem(at: url) }
    try writer.write(to: url)

    let archive = try Archive(url: url, accessMode: .read)
    #expect(archive.map(\.path) == entries.map(\.0))
    for (name, bytes) in entries {
      let entry = try #require(archive[name])
      #expect(entry.uncompressedSize == UInt64(bytes.count))
      var extracted = Data()
      _ = try archive.extract(entry, skipCRC32: false) { extracted.append($0) }
      #expect(Array(extracted) == bytes, "\(name)")
      #expect(entry.checksum == bytes.withUnsafeBytes { CRC32.checksum($0) }, "\(name)")
    }
  }

  /// The same entries give the same archive, byte for byte, however the pieces were
  /// scheduled; a different piece size changes the compressed bytes but not the contents.
  @Test func sameEntriesSameBytes() throws {
    let text = Self.sampleText(bytes: 100_000, seed: 9)
    func archive(pieceSize: Int) throws -> Data {
      var writer = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
      writer.pieceSize = pieceSize
      try writer.add("sheet.xml", text)
      let url = Self.temporaryURL("b.zip")
      defer { try? FileManager.default.removeItem(at: url) }
      try writer.write(to: url)
      return try Data(contentsOf: url)
    }
    #expect(try archive(pieceSize: 2048) == archive(pieceSize: 2048))
    #expect(try archive(pieceSize: 2048) != archive(pieceSize: 1 << 20))
  }

  /// Dates are stored in MS-DOS form: 2024-01-01 12:00 reads back as that local time.
  @Test func entriesCarryTheGivenDate() throws {
    var writer = ZipWriter(year: 2024, month: 1, day: 1, hour: 12)
    try writer.add("a.txt", Array("a".utf8))
    let url = Self.temporaryURL("c.zip")
    defer { try? FileManager.default.removeItem(at: url) }
    try writer.write(to: url)
    let entry = try #require(try Archive(url: url, accessMode: .read)["a.txt"])
    let date = entry.fileAttributes[.modificationDate] as? Date ?? .distantPast
    let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    #expect([parts.year, parts.month, parts.day, parts.hour, parts.minute] == [2024, 1, 1, 12, 0])
  }
}
