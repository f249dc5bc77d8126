/// The commands of the session itself: help, set, echo, quit, load, rejects, source.
enum BuiltinCommands {
  static var all: [CommandDefinition] {
    [help, set, echo, quit, load, rejects, sourceCommand]
  }

  // MARK: - help

  static let help = CommandDefinition(
    name: "help",
    aliases: ["ayuda", "?"],
    group: .script,
    synopsis: "help [COMMAND]",
    summary: "list the commands, or show one command's syntax and an example",
    details: """
      'help fields' lists the computed fields of the query language (days overdue, aging
      bucket, payment class, and the facts of the follow-up journal); 'help rules' the contact
      rules; 'help aliases' the headers a portfolio's columns are known by; 'help map' the
      column map; 'help exit' the exit statuses; 'help limits' the limits on input; 'help
      SETTING' a setting.
      """,
    example: "help aging\nhelp fields"
  ) { session, inv in
    var cursor = inv.cursor
    if let t = cursor.next() {
      try cursor.expectEnd()
      let name = t.text.lowercased()
      if name == "exit" || name == "exit-codes" || name == "status" {
        session.print(HelpText.exitStatuses)
        return
      }
      if name == "limits" || name == "limites" || name == "límites" {
        session.print(HelpText.limits)
        return
      }
      if name == "rules" || name == "reglas" {
        session.print(ContactCommands.rulesHelp)
        return
      }
      if name == "fields" || name == "campos" {
        session.print(HelpText.fields)
        return
      }
      if name == "aliases" || name == "alias" || name == "headers" {
        session.print(HelpText.aliases)
        return
      }
      if name == "map" || name == "mapa" {
        session.print(HelpText.columnMap)
        return
      }
      guard let c = session.commands[name] else {
        if let s = SettingsCatalog.definition(name) {
          session.print("set \(s.name) \(s.takes)\n  \(s.summary)")
          return
        }
        var notes: [Diagnostic.Message] = []
        if let s = Suggestion.closest(to: t.text, among: session.commandList.map(\.name)) {
          notes.append("did you mean '\(s)'?")
        }
        throw inv.error("no help for '\(t.text)': not a command", at: t, notes: notes)
      }
      session.print(HelpText.command(c))
      return
    }
    session.print(HelpText.overview(session.commandList))
  }

  // MARK: - set

  static let set = CommandDefinition(
    name: "set",
    group: .script,
    synopsis: "set NAME VALUE | set",
    summary: "change a setting (asof, at, format, limit, width, …); alone, list them",
    details: """
      Settings: \(SettingsCatalog.all.map(\.name).joined(separator: ", ")).
      Every setting is pinned by 'record', so a replay prints the same.
      """,
    example: "set asof 2026-10-31"
  ) { session, inv in
    var cursor = inv.cursor
    guard let nameToken = cursor.next() else {
      var table = ResultTable(columns: [.init("setting", .text), .init("value", .text)])
      for d in SettingsCatalog.all {
        table.rows.append([.text(d.name), .text(d.current(session.settings) ?? "")])
      }
      for key in session.settings.extra.keys.sorted()
      where SettingsCatalog.definition(key) == nil {
        table.rows.append([.text(key), .text(session.settings.extra[key] ?? "")])
      }
      session.emit(table)
      return
    }
    let name = nameToken.text.lowercased()
    guard let def = SettingsCatalog.definition(name) else {
      var notes: [Diagnostic.Message] = []
      if let s = Suggestion.closest(to: name, among: SettingsCatalog.all.map(\.name)) {
        notes.append("did you mean '\(s)'?")
      }
      notes.append("settings: \(SettingsCatalog.all.map(\.name).joined(separator: ", "))")
      throw inv.error("unknown setting '\(nameToken.text)'", at: nameToken, notes: notes)
    }
    let rest = cursor.rest()
    guard let firstValue = rest.first else {
      throw inv.error("'set \(name)' needs a value (\(def.takes))")
    }
    var value = rest.map(\.text).joined(separator: rest.count > 1 ? " " : "")
    if def.resolvesPath && value.lowercased() != "none" {
      value = session.resolve(value, from: inv.source)
    }
    var copy = session.settings
    switch def.apply(
      &copy,
      rest.count > 1 && name != "buckets" && !def.resolvesPath
        ? rest.map(\.text).joined(separator: " ") : value
    ) {
    case .success(let shown):
      session.settings = copy
      session.message("\(name) = \(shown)")
    case .failure(let e):
      if let d = e.diagnostic { throw d }
      throw inv.source.diagnostic(
        e.message,
        at: SourceRange(
          file: firstValue.range.file,
          start: firstValue.range.start,
          end: rest.last?.range.end ?? firstValue.range.end
        ),
        notes: e.notes
      )
    }
  }

  // MARK: - echo

  static let echo = CommandDefinition(
    name: "echo",
    group: .script,
    synopsis: "echo TEXT",
    summary: "print text on stdout (headings in scripts)",
    example: "echo \"Monthly report\""
  ) { session, inv in
    session.print(inv.args.map(\.text).joined(separator: " "))
  }

  // MARK: - quit

  static let quit = CommandDefinition(
    name: "quit",
    aliases: ["exit", "salir"],
    group: .script,
    synopsis: "quit",
    summary: "leave cobro (Ctrl-D too); history is saved"
  ) { session, inv in
    try inv.cursor.expectEnd()
    session.state["quit"] = true
  }

  // MARK: - load

  static let load = CommandDefinition(
    name: "load",
    aliases: ["cargar"],
    group: .explore,
    synopsis:
      "load FILE [payments FILE] [delimiter C] [decimal ,|.] [dates iso|dmy] "
      + "[encoding utf8|cp1252] [cutoff DATE] [map MAPFILE] [sheet NAME] [header ROW] [strict]",
    summary:
      "load a portfolio CSV or .xlsx workbook (and its payments), replacing the one in memory",
    details: """
      Rows that cannot be read are rejected with a located message and kept for 'rejects';
      the valid rows load. With 'strict' any rejected row fails the load and nothing changes.
      Spreadsheet exports from Colombia: 'delimiter ; decimal , dates dmy encoding cp1252'.
      Headers are matched by name and by many aliases ('help aliases'); 'map MAPFILE' (or a
      NAME.map beside the file, used on its own) maps the others, one line per column:
        Cédula/NIT -> debtor_id
        Fecha Desembolso -> disbursed date dmy
        Días Mora -> file_overdue integer
      Balances are those of the cut-off: 'cutoff DATE', else a 'fecha_corte' column, else the
      latest payment date, else the as-of date. An as-of date before it rebuilds balances from
      the payments between the two; payments after it are never added back.
      An .xlsx workbook is read from its first sheet, or 'sheet NAME'; the header is the first
      row that names the required columns (title rows above it are skipped), or 'header ROW'.
      Numbers with a date format are dates (1900 and 1904 systems), money cells are rounded
      half up to cents from their decimal text, a totals row is rejected like any bad row, and
      formulas give the values saved with the workbook (said once). Problems name the sheet
      and the cell (B17).
      """,
    example: "load cartera.csv payments pagos.csv"
  ) { session, inv in
    var cursor = inv.cursor
    let fileToken = try cursor.expectValue("a file name")
    var request = LoadRequest(
      path: session.resolve(fileToken.text, from: inv.source),
      asOf: session.settings.asOf
    )
    try request.parseOptions(&cursor, invocation: inv)
    if let payments = request.paymentsPath {
      request.paymentsPath = session.resolve(payments, from: inv.source)
    }
    if let map = request.mapPath {
      request.mapPath = session.resolve(map, from: inv.source)
    }
    if fileToken.kind == .word && fileToken.text == DemoPortfolio.name {
      try cursor.expectEnd()
      try session.loadDemo()
      return
    }
    try session.load(request, pathToken: fileToken, invocation: inv)
  }

  // MARK: - rejects

  static let rejects = CommandDefinition(
    name: "rejects",
    aliases: ["rechazos"],
    group: .explore,
    synopsis: "rejects",
    summary: "list the rows the last load rejected, with line and reason",
    details: "'export rejects.csv rejects' writes them, with their original text, to a file.",
    example: "rejects"
  ) { session, inv in
    try inv.cursor.expectEnd()
    guard let p = session.portfolio else { throw inv.error("no portfolio loaded") }
    var table = ResultTable(columns: [
      .init("file", .text), .init("line", .integer), .init("column", .integer),
      .init("reason", .text), .init("text", .text),
    ])
    var all = p.rejects
    if let pr = session.state["paymentRejects"] as? [RejectedRow] { all += pr }
    for r in all {
      table.rows.append([
        .text(r.file), .integer(Int64(r.diagnostic.range?.start.line ?? r.line)),
        .integer(Int64(r.diagnostic.range?.start.column ?? 1)),
        .text(r.diagnostic.message.text), .text(r.text),
      ])
    }
    session.emit(table)
  }

  // MARK: - source

  static let sourceCommand = CommandDefinition(
    name: "source",
    group: .script,
    synopsis: "source FILE",
    summary: "run the commands of another script (relative to the including script)",
    example: "source common.cobro"
  ) { session, inv in
    var cursor = inv.cursor
    let fileToken = try cursor.expectValue("a script file")
    try cursor.expectEnd()
    let path = session.resolve(fileToken.text, from: inv.source)
    let depth = (session.state["sourceDepth"] as? Int) ?? 0
    guard depth < InputLimits.sourceDepth else {
      throw inv.error(
        "'source' nested more than \(InputLimits.sourceDepth) deep (a script sources itself?)",
        at: fileToken
      )
    }
    let text: String
    do {
      let bytes = try InputBytes.mapping(path: path)
      text = String(
        decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count),
        as: UTF8.self
      )
    } catch let e as CobroError {
      guard case .cannotOpen(_, let reason) = e else { throw e }
      throw UnopenableFile(inv.error("cannot open '\(fileToken.text)': \(reason)", at: fileToken))
    }
    session.state["sourceDepth"] = depth + 1
    defer { session.state["sourceDepth"] = depth }
    let outcome = session.run(SourceFile(name: path, text: text))
    if outcome.errors > 0 {
      let error = inv.error("'\(fileToken.text)' stopped at an error", at: fileToken)
      if outcome.errors == outcome.unopenable { throw UnopenableFile(error) }
      throw error
    }
  }
}

/// A `load` request: files and dialect options.
public struct LoadRequest: Sendable {
  /// The portfolio file.
  public var path: String
  /// The payments file, if any.
  public var paymentsPath: String?
  /// The column map given with `map FILE` (or `--map`); `nil` looks for `NAME.map` beside the
  /// portfolio.
  public var mapPath: String?
  /// Dialect, strictness and cut-off.
  public var options = LoadOptions()
  /// The as-of date in force (the default cut-off).
  public var asOf: Day
  /// Expected SHA-256 of the portfolio and payments (recordings pin them).
  public var expectedSHA: String?
  /// Expected SHA-256 of the payments file.
  public var expectedPaymentsSHA: String?

  /// Creates a request with canonical options.
  public init(path: String, asOf: Day) {
    self.path = path
    self.asOf = asOf
  }

  /// Reads `payments FILE`, `delimiter C`, `decimal ,`, `dates dmy`, `encoding cp1252`,
  /// `cutoff DATE`, `map FILE`, `strict`, `sha256 HEX` in any order.
  mutating func parseOptions(_ cursor: inout ArgumentCursor, invocation inv: CommandInvocation)
    throws(Diagnostic)
  {
    while let t = cursor.next() {
      switch t.text.lowercased() {
      case "payments", "pagos":
        paymentsPath = try cursor.expectValue("the payments file").text
        if cursor.accept("sha256") { expectedPaymentsSHA = try cursor.expectValue("a hash").text }
      case "sha256":
        expectedSHA = try cursor.expectValue("a hash").text
      case "delimiter":
        let v = try cursor.expectValue("a delimiter such as ';'")
        switch v.text.lowercased() {
        case ",": options.delimiter = UInt8(ascii: ",")
        case ";": options.delimiter = UInt8(ascii: ";")
        case "tab", "\t": options.delimiter = 9
        case "|": options.delimiter = UInt8(ascii: "|")
        default:
          throw inv.error(
            "delimiter '\(v.text)' is not supported",
            at: v,
            notes: ["use , ; | or tab"]
          )
        }
      case "decimal":
        guard let v = cursor.next(), v.kind == .comma || v.text == "," || v.text == "." else {
          throw inv.error("expected ',' or '.' after 'decimal'", at: cursor.peek)
        }
        options.decimalComma = v.kind == .comma || v.text == ","
      case "dates":
        let v = try cursor.expectValue("iso or dmy")
        guard let o = LoadOptions.DateOrder(rawValue: v.text.lowercased()) else {
          throw inv.error("unknown date order '\(v.text)'", at: v, notes: ["use iso or dmy"])
        }
        options.dates = o
      case "encoding":
        let v = try cursor.expectValue("utf8 or cp1252")
        switch v.text.lowercased() {
        case "utf8", "utf-8": options.encoding = .utf8
        case "cp1252", "windows-1252", "latin1", "latin-1": options.encoding = .cp1252
        default:
          throw inv.error("unknown encoding '\(v.text)'", at: v, notes: ["use utf8 or cp1252"])
        }
      case "cutoff":
        let v = try cursor.expectValue("a date")
        guard let d = Day(v.text) else {
          throw inv.error("'\(v.text)' is not a date", at: v, notes: ["write YYYY-MM-DD"])
        }
        options.cutoff = d
      case "strict":
        options.strict = true
      case "map", "mapa":
        mapPath = try cursor.expectValue("the column map file").text
      case "sheet", "hoja":
        options.sheet = try cursor.expectValue("a sheet name").text
      case "header", "encabezado":
        let v = try cursor.expectValue("a row number")
        guard let row = Int(v.text), row >= 1, row <= 1_048_576 else {
          throw inv.error(
            "'\(v.text)' is not a row number",
            at: v,
            notes: ["the header row is a sheet row, 1 to 1048576"]
          )
        }
        options.headerRow = row
      default:
        var notes: [Diagnostic.Message] = []
        let words = [
          "payments", "delimiter", "decimal", "dates", "encoding", "cutoff", "map", "strict",
          "sheet", "header",
        ]
        if let s = Suggestion.closest(to: t.text, among: words) {
          notes.append("did you mean '\(s)'?")
        }
        throw inv.error("unexpected '\(t.text)' in load", at: t, notes: notes)
      }
    }
  }
}
