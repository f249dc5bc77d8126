/// How an exported `.csv` file is written: the field delimiter, the decimal mark of amounts, a
/// byte-order mark and the line ends.
///
/// The default is RFC 4180 as stdout's csv prints it. `excelSpanish` is what a Spanish-locale
/// Excel (Colombia, Spain, most of Latin America) opens by double-click with every column in
/// place: `;` between fields, a decimal comma in amounts, a UTF-8 BOM so that accents are read
/// as UTF-8, and CRLF line ends.
public struct CSVDialect: Hashable, Sendable {
  /// The field delimiter: `,`, `;`, `|` or a tab.
  public var delimiter: Character = ","
  /// Whether amounts, percentages and decimals are written with a decimal comma (`1234,56`).
  public var decimalComma = false
  /// Whether the file starts with the UTF-8 byte-order mark.
  public var bom = false
  /// Whether lines end in CR LF instead of LF.
  public var crlf = false

  /// Creates the RFC 4180 dialect of stdout's csv.
  public init() {}

  /// The dialect of a Spanish-locale Excel: `;`, decimal comma, UTF-8 BOM, CRLF.
  public static let excelSpanish: CSVDialect = {
    var d = CSVDialect()
    d.delimiter = ";"
    d.decimalComma = true
    d.bom = true
    d.crlf = true
    return d
  }()

  /// The named profiles of `set export`, in the order `help set` lists them.
  public static let profiles: [(name: String, dialect: CSVDialect)] = [
    ("csv", CSVDialect()),
    ("excel-es", excelSpanish),
  ]

  /// The profile called `name` (case-insensitive), if any.
  public static func profile(named name: String) -> CSVDialect? {
    profiles.first { $0.name == name.lowercased() }?.dialect
  }

  /// The name of the profile equal to this dialect, if any.
  public var profileName: String? { CSVDialect.profiles.first { $0.dialect == self }?.name }

  /// The export options that give this dialect (`delimiter ; decimal , bom crlf`), empty for the
  /// default.
  public var words: String {
    var parts: [String] = []
    if delimiter != "," {
      parts.append("delimiter " + (delimiter == "\t" ? "tab" : String(delimiter)))
    }
    if decimalComma { parts.append("decimal ,") }
    if bom { parts.append("bom") }
    if crlf { parts.append("crlf") }
    return parts.joined(separator: " ")
  }

  /// The rendered csv of one result: header and rows, each line ended by `lineEnd`.
  func render(_ t: ResultTable) -> String {
    let separator = String(delimiter)
    var out =
      t.columns.map { field($0.name) }.joined(separator: separator) + lineEnd
    for row in t.rows {
      out += row.map { field(cellText($0)) }.joined(separator: separator) + lineEnd
    }
    return out
  }

  /// The line end: `\r\n` or `\n`.
  var lineEnd: String { crlf ? "\r\n" : "\n" }

  /// The header line of a result, with its line end (as `render` writes it).
  func header(_ t: ResultTable) -> String {
    t.columns.map { field($0.name) }.joined(separator: String(delimiter)) + lineEnd
  }

  /// One row as `render` writes it, with its line end; with `safe`, text cells that could run
  /// as spreadsheet formulas get a leading `'` (``ExportFormat/spreadsheetSafe(_:)``).
  func line(_ row: [Cell], safe: Bool) -> String {
    var out = ""
    for (j, cell) in row.enumerated() {
      if j > 0 { out.append(delimiter) }
      if safe, case .text(let s) = cell, ExportFormat.runsAsFormula(s) {
        out += field("'" + s)
      } else {
        out += field(cellText(cell))
      }
    }
    return out + lineEnd
  }

  /// A cell's text: amounts, percentages and decimals with the dialect's decimal mark (never a
  /// thousands separator, so a spreadsheet reads them as numbers); anything else plain.
  func cellText(_ cell: Cell) -> String {
    guard decimalComma else { return cell.plain }
    switch cell {
    case .money, .percent, .decimal:
      return String(cell.plain.map { $0 == "." ? "," : $0 })
    default:
      return cell.plain
    }
  }

  /// Quotes a field when it holds the delimiter, a quote or a line break.
  func field(_ s: String) -> String {
    // ASCII text (nearly every cell) is checked byte by byte; other text by character, as a
    // delimiter followed by a combining mark is one character that is not the delimiter.
    var needs = false
    var ascii = true
    let d = delimiter.asciiValue ?? 0
    for b in s.utf8 {
      if b >= 0x80 || d == 0 {
        ascii = false
        break
      }
      if b == d || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
        needs = true
      }
    }
    if !ascii {
      needs = false
      for ch in s where ch == delimiter || ch == "\"" || ch == "\n" || ch == "\r" || ch == "\r\n" {
        needs = true
        break
      }
    }
    guard needs else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
