/// How much of a file the readers take, whatever the file says: a hostile or broken sheet
/// gets a clear error or rejected rows naming where, never a crash, a hang or the machine's
/// memory.
///
/// The defaults are far above any real lead sheet (a publisher's cell is a few hundred
/// bytes, a row a few dozen cells) and far below what harms the machine: a cell of 4 MB
/// took 20 s to read, a row of a million cells 2.7 GB. `--max-*` options change them.
public struct ReadLimits: Sendable, Hashable {
  /// Bytes of one input file (`--max-file-bytes`).
  public var fileBytes: Int
  /// Bytes of one cell (`--max-cell-bytes`); a row with a longer cell is rejected
  /// (`oversized_row`).
  public var cellBytes: Int
  /// Cells of one row (`--max-cells`); a longer row is rejected, a longer header refuses
  /// the file.
  public var cellsPerRow: Int
  /// Inflated bytes of one part of a workbook (`--max-part-bytes`).
  public var partBytes: Int
  /// How many times its compressed size a workbook part above `ratioFloor` may inflate to
  /// (`--max-compression-ratio`): a zip bomb inflates thousands of times.
  public var compressionRatio: Int
  /// Parts inflating to less than this are not held to `compressionRatio`.
  public static let ratioFloor = 16 << 20

  public init(
    fileBytes: Int = 4 << 30, cellBytes: Int = 64 << 10, cellsPerRow: Int = 1_024, partBytes: Int = 2 << 30,
    compressionRatio: Int = 200
  ) {
    self.fileBytes = fileBytes
    self.cellBytes = cellBytes
    self.cellsPerRow = cellsPerRow
    self.partBytes = partBytes
    self.compressionRatio = compressionRatio
  }

  /// Bytes of one row, at most: every cell at its longest.
  public var rowBytes: Int { cellBytes.multipliedReportingOverflow(by: cellsPerRow).partialValue }
}
