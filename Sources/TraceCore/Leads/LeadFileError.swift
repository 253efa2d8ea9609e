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
    }
  }
}
