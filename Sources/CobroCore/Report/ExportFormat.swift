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
  public func render(_ tables: [ResultTable]) -> String {
    let renderer: ResultRenderer
    switch self {
    case .csv: renderer = ResultRenderer(format: .csv)
    case .json: renderer = ResultRenderer(format: .json)
    case .md: renderer = ResultRenderer(format: .markdown)
    case .txt: renderer = ResultRenderer(format: .table)
    }
    var parts: [String] = []
    for t in tables where !Interruption.requested {
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
      if i % Interruption.stride == 0 && Interruption.requested { break }
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
  ///
  /// The text goes out a megabyte at a time; Ctrl-C between two pieces (or before the first)
  /// stops the write, removes the partial file and throws ``CobroError/interrupted``.
  public static func write(_ text: String, to path: String) throws(CobroError) -> String? {
    try Interruption.check()
    guard let f = fopen(path, "wb") else { return String(cString: strerror(errno)).lowercased() }
    var s = text
    let piece = 1 << 20
    let (ok, interrupted) = s.withUTF8 { bp in
      var at = 0
      while at < bp.count {
        if Interruption.requested { return (false, true) }
        let n = min(piece, bp.count - at)
        guard fwrite(bp.baseAddress.unsafelyUnwrapped + at, 1, n, f) == n else {
          return (false, false)
        }
        at += n
        Interruption.reporter?("writing", at, bp.count)
      }
      return (true, false)
    }
    let writeError = errno
    let closed = fclose(f) == 0
    if interrupted {
      unlink(path)
      throw .interrupted
    }
    if ok && closed { return nil }
    return String(cString: strerror(ok ? errno : writeError)).lowercased()
  }
}
