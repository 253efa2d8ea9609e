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

  @Option(help: ArgumentHelp("Largest input file read, in bytes (default 4 GiB).", valueName: "BYTES"))
  var maxFileBytes: Int?

  @Option(help: ArgumentHelp("Longest cell, in bytes; a row with a longer one is rejected (default 65536).", valueName: "BYTES"))
  var maxCellBytes: Int?

  @Option(help: ArgumentHelp("Most cells in a row; a longer row is rejected, a longer header refuses the file (default 1024).", valueName: "N"))
  var maxCells: Int?

  @Option(help: ArgumentHelp("Largest inflated part of an .xlsx workbook, in bytes (default 2 GiB).", valueName: "BYTES"))
  var maxPartBytes: Int?

  @Option(help: ArgumentHelp("Most times its compressed size a workbook part over 16 MiB may inflate to (default 200).", valueName: "N"))
  var maxCompressionRatio: Int?

  /// The limits these flags ask for, the defaults where not given.
  var limits: ReadLimits {
    let defaults = ReadLimits()
    return ReadLimits(
      fileBytes: maxFileBytes ?? defaults.fileBytes, cellBytes: maxCellBytes ?? defaults.cellBytes,
      cellsPerRow: maxCells ?? defaults.cellsPerRow, partBytes: maxPartBytes ?? defaults.partBytes,
      compressionRatio: maxCompressionRatio ?? defaults.compressionRatio)
  }

  /// The limit flags given, by name.
  private var limitFlags: [(String, Int?)] {
    [("--max-file-bytes", maxFileBytes), ("--max-cell-bytes", maxCellBytes), ("--max-cells", maxCells),
     ("--max-part-bytes", maxPartBytes), ("--max-compression-ratio", maxCompressionRatio)]
  }

  func validate() throws {
    for (flag, value) in limitFlags {
      if let value, value < 1 { throw ValidationError("\(flag) must be at least 1") }
    }
    if let encoding, TextEncoding(userName: encoding) == nil {
      throw ValidationError("unknown encoding '\(encoding)'; use utf-8, utf-16le, utf-16be or gb18030")
    }
  }

  /// The reader's options.
  var readOptions: LeadReadOptions {
    LeadReadOptions(
      encoding: encoding.flatMap(TextEncoding.init(userName:)), publisher: publisher, sheet: sheet, limits: limits)
  }

  /// The flags as given, for the manifest.
  var arguments: [String] {
    var list: [String] = []
    if let encoding { list += ["--encoding", encoding] }
    if let publisher { list += ["--publisher", publisher] }
    if let sheet { list += ["--sheet", sheet] }
    for (flag, value) in limitFlags { if let value { list += [flag, String(value)] } }
    return list
  }
}
