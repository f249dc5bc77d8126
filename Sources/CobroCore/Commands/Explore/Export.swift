import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `export FILE`: the last result (or a command's) to a file.
extension QueryCommands {
  /// `export FILE [COMMAND…]`.
  static let export = CommandDefinition(
    name: "export",
    aliases: ["exportar"],
    group: .explore,
    synopsis: "export FILE [replace] [OPTIONS] [COMMAND…]",
    summary:
      "write the last result, or a command's result, to a .csv, .json, .md, .txt or .xlsx file",
    details: """
      The extension chooses the format: .csv (header and rows, results separated by an empty
      line), .json (one array per result and line), .md (Markdown tables), .txt (aligned
      table), .xlsx (an Excel workbook, one sheet per result: money as numbers formatted
      #,##0.00, dates as dates, ids and phones as text with their leading zeros). Every row
      is written. In csv, text cells starting with = + - @ tab or carriage return get a
      leading ' so spreadsheets do not run them ('set csv raw' turns this off); amounts,
      dates and plain numbers such as -12.5 do not.
      With a command, it runs quietly and its result goes to the file only.
      The file is created readable by you only (0600). An existing file or a symbolic link is
      refused unless 'replace' follows the name; then it is replaced as a whole (a link by
      the file, never the file it points to). The file appears only once complete: Ctrl-C
      or a kill leaves the old file (or none), never a part of the new one.
      A .csv is written as 'set export' says (csv: ',' and '.'; excel-es: what a Spanish-locale
      Excel opens directly: ';', decimal comma, UTF-8 BOM, CRLF). OPTIONS after the file name
      choose for this export only: 'delimiter ;' (or , | tab), 'decimal ,' (or .), 'bom',
      'crlf', or 'excel-es' for all four. Amounts never get thousands separators, so a
      spreadsheet reads them as numbers.
      """,
    example: "export aging.csv aging by segment\nexport aging_excel.csv excel-es aging by segment",
    // The file, then the command whose result it writes (and, once typed, that command's own
    // arguments: the completer reads on from the command word).
    completion: { args in args.isEmpty ? .paths : .commands }
  ) { session, inv in
    guard let file = inv.args.first, file.kind == .word || file.kind == .string else {
      throw inv.error(
        QueryMessages.expected("a file name", after: "export"),
        at: inv.args.first,
        notes: ["for example: export overdue.csv overdue > 60"]
      )
    }
    let workbook = WorkbookWriter.isWorkbook(path: file.text)
    let format = ExportFormat(path: file.text)
    guard workbook || format != nil else {
      throw inv.error(
        "cannot tell the format of '\(file.text)'",
        at: file,
        notes: ["end the name in .csv, .json, .md, .txt or .xlsx"]
      )
    }
    let tables: [ResultTable]
    var rest = inv.args.dropFirst()
    var replace = false
    var dialect = session.settings.exportDialect
    let optionsStart = rest.first
    var dialectGiven = false
    while true {
      if rest.first?.isWord("replace") ?? false {
        replace = true
        rest = rest.dropFirst()
      } else if try parseExportOptions(&rest, into: &dialect, inv: inv) {
        dialectGiven = true
      } else {
        break
      }
    }
    if dialectGiven, format != .csv {
      throw inv.error(
        "'delimiter', 'decimal', 'bom', 'crlf' and 'excel-es' apply to a .csv export",
        at: optionsStart,
        notes: ["end the file name in .csv"]
      )
    }
    if rest.isEmpty {
      tables = session.previousResults
      guard !tables.isEmpty else {
        throw inv.error(
          "nothing to export",
          at: inv.word,
          notes: ["run a command that prints a result first, or give one: export FILE COMMAND"]
        )
      }
    } else {
      tables = try runQuietly(Array(rest), session: session, inv: inv)
      guard !tables.isEmpty else {
        throw inv.error("the command printed no result", at: rest.first)
      }
    }
    let path = session.resolve(file.text, from: inv.source)
    let failure: String?
    do {
      if workbook {
        failure = try WorkbookWriter.write(tables, to: path, replace: replace)
      } else if let format {
        failure = try format.write(
          tables,
          dialect: dialect,
          raw: session.csvIsRaw,
          to: path,
          replace: replace
        )
      } else {
        failure = nil
      }
    } catch {
      // A million rows take a while to free: `interrupted` comes first.
      if Interruption.requested { Interruption.releaseAside(consume tables) }
      throw error
    }
    if let reason = failure {
      throw inv.error("cannot write '\(file.text)': \(reason)", at: file)
    }
    let rows = tables.reduce(0) { $0 + $1.rows.count }
    session.message("wrote \(rows) row\(rows == 1 ? "" : "s") to \(file.text)")
  }

  /// Reads the csv options at the start of `export`'s arguments (`delimiter ;`, `decimal ,`,
  /// `bom`, `crlf`, `excel-es`) into `dialect`; returns whether there were any.
  static func parseExportOptions(
    _ rest: inout ArraySlice<Token>,
    into dialect: inout CSVDialect,
    inv: CommandInvocation
  ) throws(Diagnostic) -> Bool {
    var any = false
    while let t = rest.first, t.kind == .word {
      switch t.text.lowercased() {
      case "delimiter":
        rest.removeFirst()
        guard let v = rest.first, v.kind == .word || v.kind == .comma || v.kind == .string else {
          throw inv.error(
            QueryMessages.expected("a delimiter such as ';'", after: "delimiter"),
            at: rest.first
          )
        }
        dialect.delimiter = Character(Unicode.Scalar(try Arguments.delimiter(inv, v)))
      case "decimal":
        rest.removeFirst()
        guard let v = rest.first, v.kind == .comma || v.text == "," || v.text == "." else {
          throw inv.error("expected ',' or '.' after 'decimal'", at: rest.first)
        }
        dialect.decimalComma = v.kind == .comma || v.text == ","
      case "bom": dialect.bom = true
      case "crlf": dialect.crlf = true
      case "excel-es": dialect = .excelSpanish
      default: return any
      }
      rest.removeFirst()
      any = true
    }
    return any
  }

  /// Runs a command in a copy of the session whose results are kept, not printed.
  static func runQuietly(
    _ tokens: [Token],
    session: Session,
    inv: CommandInvocation
  ) throws -> [ResultTable] {
    let quiet = Session(
      settings: session.settings,
      out: BufferSink(),
      err: session.err,
      parameters: session.parameters,
      catalog: session.catalog
    )
    quiet.keepsResultsOnly = true
    quiet.resourceLimits = session.resourceLimits
    quiet.portfolio = session.portfolio
    quiet.namedSets = session.namedSets
    quiet.state = session.state
    let first = tokens[0]
    let statement = Statement(
      tokens: tokens,
      text: tokens.map(\.description).joined(separator: " "),
      line: first.range.start.line,
      endLine: first.range.start.line,
      range: SourceRange(
        file: first.range.file,
        start: first.range.start,
        end: tokens[tokens.count - 1].range.end
      ),
      error: nil
    )
    if first.kind == .word, quiet.commands[first.text.lowercased()]?.name == "export" {
      throw inv.error("'export' cannot export itself", at: first)
    }
    try quiet.dispatch(
      CommandInvocation(
        word: first,
        args: Array(tokens.dropFirst()),
        statement: statement,
        source: inv.source
      )
    )
    return quiet.lastResults
  }
}
