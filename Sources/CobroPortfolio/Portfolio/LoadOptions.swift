/// How a portfolio or payments file is read: the dialect options of `load` and the command line.
public struct LoadOptions: Hashable, Sendable {
  /// Order of day, month and year in date cells.
  public enum DateOrder: String, Hashable, Sendable {
    /// `YYYY-MM-DD` (canonical).
    case iso
    /// `DD/MM/YYYY`.
    case dmy
  }

  /// Character encoding of the file.
  public enum Encoding: String, Hashable, Sendable {
    /// UTF-8 (canonical), with or without a BOM.
    case utf8
    /// Windows-1252, as spreadsheets on Windows save CSV.
    case cp1252
  }

  /// The field delimiter byte.
  public var delimiter: UInt8 = UInt8(ascii: ",")
  /// The decimal mark of money cells.
  public var decimalComma = false
  /// How dates are written.
  public var dates: DateOrder = .iso
  /// How text is encoded.
  public var encoding: Encoding = .utf8
  /// The date the file is a cut at; `nil` means the as-of date in force when loading.
  public var cutoff: Day?
  /// Whether any rejected row makes the whole load fail.
  public var strict = false
  /// How headers become columns, when a column map was given or found beside the file.
  public var columnMap: ColumnMap?
  /// The worksheet of an `.xlsx` workbook to read (`nil`: the first one).
  public var sheet: String?
  /// The row of an `.xlsx` sheet that holds the header (`nil`: the first row that names the
  /// required columns).
  public var headerRow: Int?

  /// Creates the canonical options.
  public init() {}

  /// Whether every option is the canonical one (so that a dialect hint may be given).
  public var isCanonical: Bool {
    delimiter == UInt8(ascii: ",") && !decimalComma && dates == .iso && encoding == .utf8
  }

  /// The `load` words that reproduce these options (`delimiter ; decimal , dates dmy`).
  public var words: String {
    var parts: [String] = []
    if delimiter != UInt8(ascii: ",") {
      parts.append(
        "delimiter " + (delimiter == 9 ? "tab" : String(UnicodeScalar(delimiter)))
      )
    }
    if decimalComma { parts.append("decimal ,") }
    if dates == .dmy { parts.append("dates dmy") }
    if encoding == .cp1252 { parts.append("encoding cp1252") }
    if let sheet {
      let plain =
        !sheet.isEmpty
        && sheet.unicodeScalars.allSatisfy {
          $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
        }
      parts.append(
        "sheet " + (plain ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'")
      )
    }
    if let headerRow { parts.append("header \(headerRow)") }
    return parts.joined(separator: " ")
  }
}
