import CobroDiagnostics

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
  /// - Parameter raw: csv text cells are written as they are (`set csv raw`), not made
  ///   spreadsheet-safe.
  public func render(
    _ tables: [ResultTable],
    dialect: CSVDialect = CSVDialect(),
    raw: Bool = false
  ) -> String {
    if self == .csv {
      var parts: [String] = []
      for t in tables where !Interruption.requested {
        parts.append(dialect.render(raw ? t : ExportFormat.spreadsheetSafe(t)))
      }
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
    for t in tables where !Interruption.requested {
      parts.append(renderer.render(self == .csv && !raw ? ExportFormat.spreadsheetSafe(t) : t).text)
    }
    return parts.joined(separator: self == .json ? "" : "\n")
  }

  /// Writes the results in this format to a new file, 0600, as ``render(_:dialect:raw:)``
  /// gives them; returns the reason on failure.
  ///
  /// A `.csv` goes out row by row as it is made, so that its text is never held whole; the
  /// other formats are made whole first. An existing file or a symbolic link is replaced only
  /// with `replace` (``PrivateFile``). Ctrl-C before or during the write stops it, leaves
  /// nothing new at `path` and throws ``CobroError/interrupted``.
  public func write(
    _ tables: [ResultTable],
    dialect: CSVDialect = CSVDialect(),
    raw: Bool = false,
    to path: String,
    replace: Bool
  ) throws(CobroError) -> String? {
    guard self == .csv else {
      return try ExportFormat.write(
        render(tables, dialect: dialect, raw: raw),
        to: path,
        replace: replace
      )
    }
    try Interruption.check()
    let rows = tables.reduce(0) { $0 + $1.rows.count }
    do {
      try PrivateFile.write(to: path, replace: replace) { out in
        if dialect.bom { out.append("\u{FEFF}") }
        var done = 0
        for (k, t) in tables.enumerated() where !out.failed {
          if k > 0 { out.append(dialect.lineEnd) }
          out.append(dialect.header(t))
          for row in t.rows where !out.failed {
            out.append(dialect.line(row, safe: !raw))
            done += 1
            out.progress = (done, rows)
          }
        }
      }
      return nil
    } catch .interrupted {
      throw .interrupted
    } catch {
      return error.description
    }
  }

  /// A copy whose text cells cannot run as spreadsheet formulas.
  ///
  /// A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  /// `'`, unless it is a plain number (`-12`, `+3.5`, `-1.234,56`), which a spreadsheet reads
  /// as a number and never runs. Money, dates and numbers are typed cells and stay as they are.
  public static func spreadsheetSafe(_ t: ResultTable) -> ResultTable {
    var copy = t
    for i in copy.rows.indices {
      if i % Interruption.stride == 0 && Interruption.requested { break }
      for j in copy.rows[i].indices {
        if case .text(let s) = copy.rows[i][j], runsAsFormula(s) {
          copy.rows[i][j] = .text("'" + s)
        }
      }
    }
    return copy
  }

  /// Whether a spreadsheet could run the text as a formula: it starts with `=`, `+`, `-`, `@`,
  /// a tab or a carriage return and is not a plain number.
  public static func runsAsFormula(_ s: String) -> Bool {
    guard let first = s.utf8.first else { return false }
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
    case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(s.utf8.dropFirst())
    default: return false
    }
  }

  /// Whether the bytes are digits with single `.` or `,` between them, nothing else.
  ///
  /// `12`, `3.5`, `1.234,56`: a spreadsheet reads such a cell as a number or as text, never
  /// runs it.
  static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
    var afterDigit = false
    for b in bytes {
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): afterDigit = true
      case UInt8(ascii: "."), UInt8(ascii: ","):
        guard afterDigit else { return false }
        afterDigit = false
      default: return false
      }
    }
    return afterDigit
  }

  /// Writes text to a new file, 0600; returns the reason on failure.
  ///
  /// An existing file or a symbolic link is replaced only with `replace` (``PrivateFile``).
  /// Ctrl-C before or during the write stops it, leaves nothing new at `path` and throws
  /// ``CobroError/interrupted``.
  public static func write(_ text: String, to path: String, replace: Bool) throws(CobroError)
    -> String?
  {
    try Interruption.check()
    do {
      try PrivateFile.write(text.utf8, to: path, replace: replace)
      return nil
    } catch .interrupted {
      throw .interrupted
    } catch {
      return error.description
    }
  }
}
