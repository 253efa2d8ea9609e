import ArgumentParser
import TraceCore

/// The options of every command that reads lead sheets.
struct LeadInputOptions: ParsableArguments {
  @Option(help: "Text encoding of the inputs (utf-8, utf-16le, utf-16be, gb18030); detected when omitted.")
  var encoding: String?

  @Option(help: "Publisher for rows of files without a publisher column.")
  var publisher: String?

  @Option(help: "Worksheet to read from .xlsx files (default: the first).")
  var sheet: String?

  func validate() throws {
    if let encoding, TextEncoding(userName: encoding) == nil {
      throw ValidationError("unknown encoding '\(encoding)'; use utf-8, utf-16le, utf-16be or gb18030")
    }
  }

  /// The reader's options.
  var readOptions: LeadReadOptions {
    LeadReadOptions(
      encoding: encoding.flatMap(TextEncoding.init(userName:)), publisher: publisher, sheet: sheet)
  }

  /// The flags as given, for the manifest.
  var arguments: [String] {
    var list: [String] = []
    if let encoding { list += ["--encoding", encoding] }
    if let publisher { list += ["--publisher", publisher] }
    if let sheet { list += ["--sheet", sheet] }
    return list
  }
}
