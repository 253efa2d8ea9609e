/// A whole input file that cannot be read as a lead sheet. Other files go on.
public struct LeadFileError: Error, Sendable, CustomStringConvertible, Equatable {
  public enum Reason: Sendable, Equatable {
    case unreadable(String)
    case binary
    case noRecognisableHeader(found: [String])
    /// The first row is no header, but a later one is (a title row above the header, as
    /// spreadsheets often have): rows are numbered from the header, which must come first.
    case headerNotFirst(line: Int)
    case undecodable(TextEncoding)
    case badWorkbook(String)
    /// An Excel 97–2003 (`.xls`) or WPS (`.et`) workbook: a binary format this tool does
    /// not read.
    case legacyWorkbook
    /// A password-protected workbook: Excel saves it encrypted, inside an OLE2 compound file.
    case encryptedWorkbook
    case emptyFile
    /// A FIFO, device or socket: never read (it could block forever or never end).
    case notRegularFile
    /// Larger than `ReadLimits.fileBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// A header of more cells than `ReadLimits.cellsPerRow`, or a header cell longer than
    /// `ReadLimits.cellBytes`.
    case headerTooWide(limit: Int)
    /// The file got shorter or longer while it was read (written to meanwhile).
    case changedWhileRead
  }

  public var file: String
  public var reason: Reason

  public init(file: String, reason: Reason) {
    self.file = file
    self.reason = reason
  }

  public var description: String {
    switch reason {
    case .unreadable(let why): "\(file): cannot read the file: \(why)"
    case .binary: "\(file): not a lead sheet: the file is binary"
    case .noRecognisableHeader(let found):
      "\(file):1: not a lead sheet: no recognisable header (found: "
        + found.prefix(8).map { "'\($0)'" }.joined(separator: ", ") + ")"
    case .headerNotFirst(let line):
      "\(file):\(line): the header is on line \(line), not line 1: delete the rows above it (a title?) "
        + "so that it is the first row；表头须在第一行，请删除其上方的行（如标题行）"
    case .undecodable(let encoding): "\(file): the text is not valid \(encoding.rawValue)"
    case .badWorkbook(let why): "\(file): not a readable .xlsx workbook: \(why)"
    case .legacyWorkbook:
      "\(file): an Excel 97–2003 (.xls) or WPS workbook, whatever its name, which is not read: save it as .xlsx (Excel Workbook) or CSV"
    case .encryptedWorkbook:
      "\(file): a password-protected workbook, which cannot be read: remove the password in Excel and save it again"
    case .emptyFile: "\(file): the file is empty"
    case .notRegularFile:
      "\(file): 不是普通文件（管道、设备等），不读取 (not a regular file: a FIFO, device or socket is never read)"
    case .tooLarge(let bytes, let limit):
      "\(file): 文件过大（\(bytes) 字节，上限 \(limit)）(the file has \(bytes) bytes, over --max-file-bytes \(limit))"
    case .headerTooWide(let limit):
      "\(file):1: 表头过宽或表头单元格过长 (the header has more than \(limit) cells or a cell over --max-cell-bytes: not a lead sheet)"
    case .changedWhileRead:
      "\(file): 读取时文件被改动，请在写完后再运行 (the file changed while it was read; run again once it is written)"
    }
  }
}
