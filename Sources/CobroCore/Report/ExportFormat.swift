#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file formats of `export`, chosen by the file's extension.
public enum ExportFormat: String, Sendable, CaseIterable {
  /// `.csv`: as stdout's csv, with spreadsheet-safe text cells.
  case csv
  /// `.json`: one array per result, one per line.
  case json
  /// `.md`: Markdown tables.
  case md
  /// `.txt`: the aligned `table` format, every row, no colour.
  case txt

  /// The format for a file name, or `nil` for an unknown extension.
  public init?(path: String) {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    self.init(rawValue: path[path.index(after: dot)...].lowercased())
  }

  /// The text of the results in this format.
  ///
  /// Successive results are separated by one empty line (one per line in json), as on stdout.
  /// A `.csv` file is written in `dialect` (`set export`, or the options of `export`).
  public func render(_ tables: [ResultTable], dialect: CSVDialect = CSVDialect()) -> String {
    if self == .csv {
      let parts = tables.map { dialect.render(ExportFormat.spreadsheetSafe($0)) }
      return (dialect.bom ? "\u{FEFF}" : "") + parts.joined(separator: dialect.lineEnd)
    }
    let renderer: ResultRenderer
    switch self {
    case .csv: renderer = ResultRenderer(format: .csv)
    case .json: renderer = ResultRenderer(format: .json)
    case .md: renderer = ResultRenderer(format: .markdown)
    case .txt: renderer = ResultRenderer(format: .table)
    }
    var parts: [String] = []
    for t in tables {
      parts.append(renderer.render(self == .csv ? ExportFormat.spreadsheetSafe(t) : t).text)
    }
    return parts.joined(separator: self == .json ? "" : "\n")
  }

  /// A copy whose text cells cannot run as spreadsheet formulas.
  ///
  /// A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  /// `'`. Money, dates and numbers are typed cells and stay as they are.
  public static func spreadsheetSafe(_ t: ResultTable) -> ResultTable {
    var copy = t
    for i in copy.rows.indices {
      for j in copy.rows[i].indices {
        if case .text(let s) = copy.rows[i][j], let first = s.unicodeScalars.first,
          first == "=" || first == "+" || first == "-" || first == "@" || first == "\t"
            || first == "\r"
        {
          copy.rows[i][j] = .text("'" + s)
        }
      }
    }
    return copy
  }

  /// Writes text to a file, replacing it; returns the reason on failure.
  public static func write(_ text: String, to path: String) -> String? {
    guard let f = fopen(path, "wb") else { return String(cString: strerror(errno)).lowercased() }
    var s = text
    let ok = s.withUTF8 { bp in
      bp.isEmpty || fwrite(bp.baseAddress, 1, bp.count, f) == bp.count
    }
    let closed = fclose(f) == 0
    return ok && closed ? nil : String(cString: strerror(errno)).lowercased()
  }
}
