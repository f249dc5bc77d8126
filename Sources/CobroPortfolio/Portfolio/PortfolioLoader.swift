import CobroDiagnostics

/// Reads a portfolio CSV (`spec/portfolio-csv.md`) into a columnar `Portfolio`.
///
/// One pass over the mapped bytes: the scanner splits a record, each cell is converted in place
/// by a hand-written parser (money to cents, dates to day numbers, closed vocabularies to codes,
/// text into an arena) and the row is committed only when every cell is valid, so a rejected row
/// leaves no trace in the columns. Rejected rows are kept with a located diagnostic.
public struct PortfolioLoader {
  /// Dialect and strictness.
  public var options: LoadOptions
  /// The as-of date in force: the default cut-off.
  public var asOf: Day
  /// Called with (bytes done, bytes total) every few megabytes; return `false` to cancel.
  public var progress: ((Int, Int) -> Bool)?
  /// Inputs of at least this many bytes are loaded by two threads.
  ///
  /// Each thread scans half of the file (`LoadState+Split.swift`); smaller inputs load on the
  /// calling thread. The result is the same either way.
  public var parallelThreshold = 1 << 20

  /// Creates a loader.
  public init(options: LoadOptions = LoadOptions(), asOf: Day) {
    self.options = options
    self.asOf = asOf
  }

  /// Loads the file at `path`.
  ///
  /// - Throws: `CobroError` when the file cannot be used at all, `Diagnostic` for a bad header or
  ///   a dialect hint. Row-level problems do not throw: they become `rejects`.
  public func load(path: String) throws -> Portfolio {
    let bytes = try InputBytes.mapping(path: path)
    if let container = Workbook.container(of: bytes) {
      return try loadWorkbook(path: path, container: container)
    }
    if options.sheet != nil || options.headerRow != nil {
      throw CobroError.badInput(
        path: path,
        reason: "'\(options.sheet != nil ? "sheet" : "header")' applies to .xlsx workbooks only"
      )
    }
    return try load(bytes: bytes, name: path)
  }

  /// Loads from bytes already in memory; `name` is what diagnostics call the file.
  public func load(bytes raw: InputBytes, name: String) throws -> Portfolio {
    try checkNotBinary(raw, name: name)
    let bytes = options.encoding == .cp1252 ? raw.transcodedFromCP1252() : raw
    let start = bytes.bomLength
    var onlyBlank = true
    for i in start..<bytes.count where !(bytes.base[i] == 10 || bytes.base[i] == 13) {
      onlyBlank = false
      break
    }
    if onlyBlank { throw CobroError.badInput(path: name, reason: "empty file: no header row") }

    let split =
      bytes.count - start >= parallelThreshold ? LoadState.plan(bytes, start: start) : nil
    var state: LoadState
    do {
      state = try LoadState(
        bytes: bytes,
        start: start,
        name: name,
        options: options,
        progress: progress,
        estimatedRows: split.map { $0.firstRows + $0.secondRows - 2 }
      )
    } catch let missing as LoadState.MissingColumns {
      if let better = suggestDialect(raw: raw, name: name) {
        throw dialectHint(better, name: name)
      }
      throw missing.diagnostic
    }
    do {
      if let split {
        try state.runSplit(split, sampleCheck: true)
      } else {
        try state.run(sampleCheck: true)
      }
    } catch is DialectSuspicion {
      if let better = suggestDialect(raw: raw, name: name) {
        throw dialectHint(better, name: name)
      }
      try state.run(sampleCheck: false)
    }
    let columns = state.columns()
    var warnings = state.warnings
    let (cutoff, origin) = PortfolioLoader.cutoff(
      options: options,
      columns: columns,
      asOf: asOf,
      name: name,
      warnings: &warnings
    )
    let portfolio = Portfolio(
      source: name,
      columns: ColumnTyping.typed(columns, rows: state.rows, options: options),
      rowCount: state.rows,
      cutoff: cutoff,
      options: options,
      rejects: state.rejects,
      warnings: warnings
    )
    portfolio.cutoffOrigin = origin
    return portfolio
  }

  /// The cut-off the file's balances are at: the `cutoff` option, else the latest date of a
  /// `fecha_corte`-like column, else the as-of date (a payments file, loaded later, may still
  /// give one: `Portfolio.adoptPaymentsCutoff`).
  static func cutoff(
    options: LoadOptions,
    columns: [Column],
    asOf: Day,
    name: String,
    warnings: inout [Diagnostic]
  ) -> (Day, CutoffOrigin) {
    if let given = options.cutoff { return (given, .option) }
    for column in columns where column.field == nil {
      guard CanonicalSchema.cutoffHeaders.contains(CanonicalSchema.normalize(column.header)),
        case .date(let dates) = column.data
      else { continue }
      var latest: Int32?
      var earliest: Int32?
      for r in 0..<dates.count where dates[r] != Day.missing {
        latest = max(latest ?? dates[r], dates[r])
        earliest = min(earliest ?? dates[r], dates[r])
      }
      guard let latest, let earliest else { continue }
      if earliest != latest {
        warnings.append(
          Diagnostic(
            .warning,
            Diagnostic.Message(
              "\(name): column '\(column.header)' holds dates from \(Day(raw: earliest)) to "
                + "\(Day(raw: latest)); the cut-off is the latest"
            ),
            notes: ["give another with: load FILE cutoff YYYY-MM-DD"]
          )
        )
      }
      return (Day(raw: latest), .column)
    }
    return (asOf, .asOf)
  }

  private func checkNotBinary(_ bytes: InputBytes, name: String) throws {
    let n = min(bytes.count, 8192)
    var controls = 0
    for i in 0..<n {
      let b = bytes.base[i]
      if b == 0 {
        throw CobroError.badInput(path: name, reason: "binary file: not a CSV portfolio")
      }
      if b < 9 || (b > 13 && b < 32) { controls += 1 }
    }
    if n > 0 && controls * 10 > n {
      throw CobroError.badInput(path: name, reason: "binary file: not a CSV portfolio")
    }
  }

  /// Tries the spreadsheet dialects on the first rows and returns the one that fits best, when it
  /// fits clearly better than the options given.
  private func suggestDialect(raw: InputBytes, name: String) -> LoadOptions? {
    var cut = min(raw.count, 1 << 16)
    if cut < raw.count {
      while cut > 0 && raw.base[cut - 1] != 10 { cut -= 1 }
    }
    let prefix = InputBytes.copying(Array(UnsafeBufferPointer(start: raw.base, count: cut)))
    func score(_ o: LoadOptions) -> Int? {
      let bytes = o.encoding == .cp1252 ? prefix.transcodedFromCP1252() : prefix
      let start = bytes.bomLength
      guard
        var state = try? LoadState(
          bytes: bytes,
          start: start,
          name: name,
          options: o,
          progress: nil
        )
      else { return nil }
      guard (try? state.run(sampleCheck: false)) != nil else { return nil }
      return state.rejects.count
    }
    let base = score(options)
    var best: (LoadOptions, Int)?
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), 9] {
      for comma in [false, true] {
        for dates in [LoadOptions.DateOrder.iso, .dmy] {
          for encoding in [LoadOptions.Encoding.utf8, .cp1252] {
            var o = options
            o.delimiter = delimiter
            o.decimalComma = comma
            o.dates = dates
            o.encoding = encoding
            guard o != options, let s = score(o) else { continue }
            if best == nil || s < (best?.1 ?? .max) { best = (o, s) }
          }
        }
      }
    }
    guard let (o, s) = best else { return nil }
    if let base, s * 2 >= base { return nil }
    return o
  }

  private func dialectHint(_ o: LoadOptions, name: String) -> Diagnostic {
    var traits: [String] = []
    if o.delimiter != options.delimiter {
      traits.append("'\(o.delimiter == 9 ? "tab" : String(UnicodeScalar(o.delimiter)))' delimiters")
    }
    if o.decimalComma != options.decimalComma { traits.append("decimal commas") }
    if o.dates != options.dates { traits.append("DD/MM/YYYY dates") }
    if o.encoding != options.encoding { traits.append("Windows-1252 text") }
    var flags: [String] = []
    if o.delimiter != UInt8(ascii: ",") {
      flags.append("--delimiter '\(o.delimiter == 9 ? "tab" : String(UnicodeScalar(o.delimiter)))'")
    }
    if o.decimalComma { flags.append("--decimal ,") }
    if o.dates == .dmy { flags.append("--dates dmy") }
    if o.encoding == .cp1252 { flags.append("--encoding cp1252") }
    return Diagnostic(
      .error,
      "the file looks like a spreadsheet export with \(traits.joined(separator: ", "))",
      at: SourceRange(file: name, line: 1, column: 1),
      notes: [
        "load it with: load \(Self.quoteIfNeeded(name)) \(o.words)",
        "or on the command line: \(flags.joined(separator: " "))",
      ]
    )
  }

  static func quoteIfNeeded(_ s: String) -> String {
    s.contains(" ") || s.contains(";") || s.contains("\"") || s.contains("'")
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}

/// Raised inside a load when the first rows are mostly rejected, to look for a better dialect.
struct DialectSuspicion: Error {}
