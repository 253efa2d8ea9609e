import Crypto
import Foundation
import Testing

@testable import TraceCore

/// Input digests, hashed after reading (`FileDigest`): the SHA-256 of the bytes read, on
/// whichever thread, even when the file is replaced before it is hashed.
@Suite struct FileDigestTests {
  static func hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }

  static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    return url
  }

  static func sheet(rows: Int) -> [UInt8] {
    var text = "publisher,platform,store_id,lead_id\n"
    for row in 0..<rows { text += "人民,淘宝,TB\(row),L\(row)\n" }
    return Array(text.utf8)
  }

  @Test func theDigestOfAFileReadIsThatOfItsBytes() throws {
    let bytes = Self.sheet(rows: 1000)
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(try LeadSheetReader.read(path: url.path).sha256 == Self.hex(bytes))
    #expect(try LeadSheetReader.read(bytes: bytes, path: "same.csv").sha256 == Self.hex(bytes))
  }

  /// Several chunks (`FileDigest.chunk`), hashed by the background thread and the caller
  /// in turn, or by the caller alone: the same digest.
  @Test func hashedInChunksByEitherThread() throws {
    var generator = SplitMix64(seed: 7)
    let bytes = (0..<(FileDigest.chunk * 5 / 2)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    for background in [false, true] {
      let digest = try #require(FileDigest(later: open(url.path, O_RDONLY), size: bytes.count))
      if background { digest.startInBackground() }
      #expect(digest.value == Self.hex(bytes))
    }
  }

  /// A spreadsheet saved again under its name after `analyze` read it is a new file: the
  /// manifest names the file that was read.
  @Test func aFileReplacedAfterReadingIsHashedAsRead() throws {
    let bytes = Self.sheet(rows: 10)
    let url = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(at: url) }
    let result = try LeadSheetReader.read(path: url.path)
    let replacement = try Self.temporaryFile(Self.sheet(rows: 20))
    #expect(rename(replacement.path, url.path) == 0)
    #expect(result.sha256 == Self.hex(bytes))
    #expect(try LeadSheetReader.read(path: url.path).sha256 == Self.hex(Self.sheet(rows: 20)))
  }
}
