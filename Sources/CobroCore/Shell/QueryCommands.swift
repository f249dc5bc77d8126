/// The analyst's commands: the bare filter, `count`, `sum`/`avg`/`min`/`max`, `list`, `top`,
/// `group by`, `aging`, `show`, `debtor`, `concentration`, `export`, `chart`, `let` and `sets`.
///
/// Each command parses its own words, hands the filter to `Parser` and `Checker`, selects rows
/// with `Evaluator` and prints a report's table. Nothing changes before everything is checked,
/// so a failed command changes nothing.
enum QueryCommands {
  /// Registers the commands and the bare filter in a session.
  static func install(in session: Session) {
    for c in all { session.register(c) }
    session.bareFilter = { s, inv in try bareFilter(s, inv) }
  }

  /// Every command of the query layer, in `help` order.
  static var all: [CommandDefinition] {
    [
      count, aggregate(.sum), aggregate(.avg), aggregate(.min), aggregate(.max), list, top,
      group, aging, show, debtor, concentration, chart, export, letCommand, sets,
      RecodeCommand.definition,
    ]
  }

  /// Words that end a filter inside `list` and the bare filter.
  static let listClauses: Set<String> = ["columns", "sort", "limit"]

  // MARK: - Bare filter

  /// A line whose first word is not a command: list the matching accounts, and say on stderr
  /// how many they are and what share of the portfolio's balance they hold.
  static func bareFilter(_ session: Session, _ inv: CommandInvocation) throws {
    // Without a portfolio no word can be a field: a first word that is not one is most likely a
    // mistyped command.
    if session.portfolio == nil, let first = inv.args.first, first.kind == .word,
      !CanonicalSchema.fields.contains(where: {
        $0.name == first.text.lowercased() || $0.alias == first.text.lowercased()
          || $0.shortNames.contains(first.text.lowercased())
      })
    {
      throw session.unknownCommand(first, source: inv.source)
    }
    let q = try QueryRun(session, inv)
    if let first = inv.args.first, first.kind == .word,
      !Parser.keywords.contains(first.text.lowercased()),
      first.text.lowercased() != "due", q.checker.field(named: first.text) == nil,
      q.session.namedSets[first.text.lowercased()] == nil
    {
      let commands = session.commandList.map(\.name)
      if let s = Suggestion.closest(to: first.text, among: commands + q.portfolio.queryNames),
        commands.contains(s)
      {
        throw inv.error(
          "unknown command '\(first.text)'",
          at: first,
          notes: [QueryMessages.didYouMean(s), "'help' lists the commands"]
        )
      }
    }
    var parser = q.parser(inv.args[...], stopWords: listClauses)
    let filter = try parser.parseFilter()
    let clauses = try ListClauses.parse(parser.remaining, q)
    let selection = try q.select(filter)
    try q.emitList(selection, clauses)
    session.message(try summary(selection, q))
  }

  /// `N accounts, balance X, P% of the portfolio` (per currency when the portfolio has
  /// several: `balance COP X, P% of the portfolio's COP; …`).
  static func summary(_ selection: Selection, _ q: QueryRun) throws -> String {
    let whole = try q.evaluator.everything()
    let balance = try q.evaluator.balances
    let dim = try GroupDimension.currencies(evaluator: q.evaluator, selection: whole)
    let groups = dim?.count ?? 1
    var mine = [WideSum](repeating: WideSum(), count: groups)
    var all = [WideSum](repeating: WideSum(), count: groups)
    var counts = [Int](repeating: 0, count: groups)
    for r in whole.rows {
      let g = dim?.label(r) ?? 0
      all[g].add(balance[r])
      if selection.contains(r) {
        mine[g].add(balance[r])
        counts[g] += 1
      }
    }
    var parts: [String] = []
    let order = (0..<groups).sorted { (dim?.rank[$0] ?? 0) < (dim?.rank[$1] ?? 0) }
    for g in order where dim == nil || counts[g] > 0 {
      guard let m = mine[g].value, let w = all[g].value else {
        throw q.inv.error(ReportError.overflow.message, at: q.inv.word)
      }
      let share = Money.plain(Percent.share(m, of: w))
      if let dim {
        let c = dim.labels[g].plain
        parts.append("balance \(c) \(Money.grouped(m)), \(share)% of the portfolio's \(c)")
      } else {
        parts.append("balance \(Money.grouped(m)), \(share)% of the portfolio")
      }
    }
    let plural = selection.count == 1 ? "account" : "accounts"
    return "\(selection.count) \(plural)"
      + (parts.isEmpty ? "" : ", " + parts.joined(separator: "; "))
  }

  // MARK: - count, sum, avg, min, max

  /// `count [FILTER]`.
  static let count = CommandDefinition(
    name: "count",
    aliases: ["contar"],
    group: .explore,
    synopsis: "count [FILTER]",
    summary: "count the accounts that match",
    details: """
      Prints one column, 'count'. Without a filter, every account that exists at the as-of
      date.
      """,
    example: "count overdue > 90 segment B"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    let selection = try q.selectFiltered(inv.args[...])
    let report = try q.report { () throws(ReportError) in
      try AggregateReport.compute(.count, field: nil, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }

  /// `sum`, `avg`, `min` or `max FIELD [FILTER]`.
  static func aggregate(_ function: AggregateReport.Function) -> CommandDefinition {
    let name = function.rawValue
    return CommandDefinition(
      name: name,
      group: .explore,
      synopsis: "\(name) FIELD [FILTER]",
      summary: [
        "sum": "add up a field (balance, principal, overdue…) over the matching accounts",
        "avg": "average a field over the matching accounts",
        "min": "the smallest value of a field among the matching accounts",
        "max": "the largest value of a field among the matching accounts",
      ][name] ?? "",
      details: """
        Prints one column named '\(name)_FIELD' (the field's canonical name). Empty cells are
        left out. A sum of no accounts is 0.00; avg, min and max of none are empty. The average
        of money rounds half up to cents; of days or counts it has two decimals.
        Amounts in several currencies are never added: a 'currency' column comes first and
        there is one row per currency.
        """,
      example: "\(name) balance segment B"
    ) { session, inv in
      let q = try QueryRun(session, inv)
      guard let fieldToken = inv.args.first, fieldToken.kind == .word else {
        throw inv.error(
          QueryMessages.expected("a field", after: name),
          at: inv.args.first,
          notes: ["for example: \(name) balance"]
        )
      }
      let field = try q.checker.field(Query.Name(fieldToken.text, range: fieldToken.range))
      if let reason = AggregateReport.refusal(function, field) {
        throw inv.error(
          "cannot take \(name) of \(field.name): \(reason)",
          at: fieldToken,
          notes: q.checker.typeNotes(field) + [
            "numeric fields: balance, principal, overdue, payments_late…"
          ]
        )
      }
      let selection = try q.selectFiltered(inv.args.dropFirst())
      let report = try q.report { () throws(ReportError) in
        try AggregateReport.compute(
          function,
          field: field,
          evaluator: q.evaluator,
          selection: selection
        )
      }
      session.emit(report.table)
    }
  }

  // MARK: - list, top

  /// `list [FILTER] [columns …] [sort …] [limit N]`.
  static let list = CommandDefinition(
    name: "list",
    aliases: ["listar"],
    group: .explore,
    synopsis: "list [FILTER] [columns F, G…] [sort FIELD [desc]] [limit N]",
    summary: "list the matching accounts, with the columns and order you choose",
    details: """
      Default columns: \(AccountList.defaultColumns.joined(separator: ", ")).
      'sort' orders by any field, ascending unless 'desc'; ties by account_id. Without 'sort'
      rows keep the file's order. 'limit N' keeps the first N rows. The clauses may come in
      any order after the filter. A bare filter takes the same clauses.
      """,
    example: "list overdue > 60 columns account_id, name, balance sort balance desc limit 10"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var parser = q.parser(inv.args[...], stopWords: listClauses)
    let filter = try parser.parseFilter()
    let clauses = try ListClauses.parse(parser.remaining, q)
    let selection = try q.select(filter)
    try q.emitList(selection, clauses)
  }

  /// `top N [by FIELD] [FILTER]`.
  static let top = CommandDefinition(
    name: "top",
    group: .explore,
    synopsis: "top N [by FIELD] [FILTER]",
    summary: "the N accounts with the largest balance (or FIELD)",
    details: """
      Columns as 'list'. Ordered by FIELD descending (default balance), ties by account_id.
      """,
    example: "top 10 by overdue segment B"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    guard let nToken = inv.args.first, let n = Int(nToken.text), n > 0 else {
      throw inv.error(
        QueryMessages.expected("a number of accounts", after: "top"),
        at: inv.args.first,
        notes: ["for example: top 10 by balance"]
      )
    }
    var rest = inv.args.dropFirst()
    var key = q.balanceField
    if let by = rest.first, by.isWord("by") {
      rest = rest.dropFirst()
      guard let f = rest.first, f.kind == .word else {
        throw inv.error(QueryMessages.expected("a field", after: "by"), at: rest.first)
      }
      key = try q.checker.field(Query.Name(f.text, range: f.range))
      rest = rest.dropFirst()
    }
    let selection = try q.selectFiltered(rest)
    var clauses = ListClauses()
    clauses.sort = (key, true)
    clauses.limit = n
    try q.emitList(selection, clauses)
  }

  // MARK: - group by, aging

  /// `group by F[, G] [FILTER]`.
  static let group = CommandDefinition(
    name: "group",
    aliases: ["agrupar"],
    group: .explore,
    synopsis: "group by F[, G] [FILTER]",
    summary: "accounts, balance, share and average days overdue per value of F (and G)",
    details: """
      Prints F[, G], count, balance, share, avg_overdue: one row per value, by balance
      descending then value, then a 'total' row. 'share' is a percent of the total balance.
      Over several currencies a 'currency' column follows the grouping columns, with one total
      per currency. 'chart' draws the result.
      """,
    example: "group by segment, status overdue > 30"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    guard let by = inv.args.first, by.isWord("by") else {
      throw inv.error(
        QueryMessages.expected("'by'", after: "group"),
        at: inv.args.first,
        notes: ["write: group by segment"]
      )
    }
    var rest = inv.args.dropFirst()
    var fields: [Field] = []
    while true {
      guard let f = rest.first, f.kind == .word else {
        throw inv.error(
          QueryMessages.expected("a field", after: fields.isEmpty ? "by" : ","),
          at: rest.first
        )
      }
      let field = try q.checker.field(Query.Name(f.text, range: f.range))
      if fields.contains(where: { $0.name == field.name }) {
        throw inv.error("'\(f.text)' is already a grouping field", at: f)
      }
      fields.append(field)
      rest = rest.dropFirst()
      guard let comma = rest.first, comma.kind == .comma else { break }
      rest = rest.dropFirst()
    }
    if fields.count > 3 {
      throw inv.error("group by takes at most 3 fields", at: inv.args.first)
    }
    let selection = try q.selectFiltered(rest)
    let report = try q.report { () throws(ReportError) in
      try GroupReport.compute(by: fields, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }

  /// `aging [by F] [FILTER]`.
  static let aging = CommandDefinition(
    name: "aging",
    aliases: ["edades"],
    group: .explore,
    synopsis: "aging [by F] [FILTER]",
    summary: "accounts and balance per aging bucket (current, 1-30, … 361+), with totals",
    details: """
      Prints bucket, count, balance, share: every bucket in order, even when empty, then
      'total'. 'aging by F' prints the long form F, bucket, count, balance, share for each
      value of F, then 'total' rows per bucket and overall. Buckets: 'set buckets 30,60,90';
      ages from the due date, or from the issue date with 'set aging_basis issue'.
      Before the file's cut-off, balances are rebuilt from the payments file.
      'chart' draws the result.
      """,
    example: "aging by segment status active"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var rest = inv.args[...]
    var by: Field?
    if let t = rest.first, t.isWord("by") {
      rest = rest.dropFirst()
      guard let f = rest.first, f.kind == .word else {
        throw inv.error(QueryMessages.expected("a field", after: "by"), at: rest.first)
      }
      by = try q.checker.field(Query.Name(f.text, range: f.range))
      if by?.source == .bucket {
        throw inv.error("aging is already by bucket", at: f, notes: ["try: aging by segment"])
      }
      rest = rest.dropFirst()
    }
    let selection = try q.selectFiltered(rest)
    let report = try q.report { () throws(ReportError) in
      try AgingReport.compute(by: by, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }

  // MARK: - show, debtor, concentration

  /// `show ACCOUNT_ID`.
  static let show = CommandDefinition(
    name: "show",
    aliases: ["ver"],
    group: .explore,
    synopsis: "show ACCOUNT_ID",
    summary: "one account: every field, days overdue, bucket, behaviour, and its payments",
    details: """
      Prints 'field, value' rows; with a payments file, then its payments up to the as-of date
      with their days late. The id may be typed with dots, spaces or dashes, or without
      leading zeros ('show a-1' for A01), when exactly one account matches. Then, when the journal has entries for the account, its timeline:
      \(timelineHelp)
      """,
    example: "show CO-0000002"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let id = try session.resolvedAccount(cursor.expectValue("an account id"), inv)
    try cursor.expectEnd()
    guard let row = q.portfolio.row(ofAccount: id.text) else {
      throw inv.error(
        "no account '\(id.text)'",
        at: id,
        notes: ["search with: list account ~ \(Query.Literal(id.text, range: id.range))"]
      )
    }
    if let exists = try q.evaluator.derived.existing(asOf: q.context.asOf), exists[row] == 0 {
      throw inv.error(
        "account '\(id.text)' was issued after the as-of date \(q.context.asOf)",
        at: id
      )
    }
    let detail = try q.derived { () throws(CobroError) in
      try AccountDetail.compute(row: row, evaluator: q.evaluator)
    }
    for t in detail.tables { session.emit(t) }
    try emitTimeline(session, inv, accounts: [id.text], debtor: nil)
  }

  /// Emits the journal's timeline of some accounts, when it has entries for them.
  static func emitTimeline(
    _ session: Session,
    _ inv: CommandInvocation,
    accounts: Set<String>,
    debtor: String?
  ) throws(Diagnostic) {
    let entries = try JournalCommands.journalDo(inv) { try session.journalEntries() }
    guard !entries.isEmpty else { return }
    let agreements = try JournalCommands.journalDo(inv) { try session.agreements() }
    let timeline = Timeline(
      accounts: accounts,
      debtor: debtor,
      entries: entries,
      agreements: agreements,
      payments: { JournalCommands.payments(session, $0) },
      asOf: session.settings.asOf,
      graceDays: session.graceDays
    )
    if !timeline.rows.isEmpty { session.emit(timeline.table) }
  }

  /// `debtor DEBTOR_ID`.
  static let debtor = CommandDefinition(
    name: "debtor",
    aliases: ["deudor", "cliente"],
    group: .explore,
    synopsis: "debtor DEBTOR_ID",
    summary: "all accounts of a debtor, and their payment behaviour with its evidence",
    details: """
      Prints the debtor's accounts, then debtor_id, debtor_name, accounts, balance, behavior,
      on_time, late, avg_days_late, last_payment. The id may be typed with dots, spaces or
      dashes, without leading zeros, or with a NIT check digit ('debtor 900.123.456-7' for
      900123456), when exactly one debtor matches; when several do, the error lists them.
      \(behaviorHelp)
      Then, when the journal has entries for the debtor's accounts or the debtor (a debtor's
      agreement), their timeline:
      \(timelineHelp)
      """,
    example: "debtor 1061116323"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let id = try session.resolvedDebtor(cursor.expectValue("a debtor id"), inv)
    try cursor.expectEnd()
    var rows = try q.evaluator.derived.rows(ofDebtor: id.text)
    if let exists = try q.evaluator.derived.existing(asOf: q.context.asOf) {
      rows = rows.filter { exists[$0] != 0 }
    }
    guard !rows.isEmpty else {
      throw inv.error(
        "no debtor '\(id.text)'",
        at: id,
        notes: ["search with: list debtor_id ~ \(Query.Literal(id.text, range: id.range))"]
      )
    }
    let columns = try q.derived { () throws(CobroError) in
      try AccountList.defaultFields(q.checker).map { (f) throws(CobroError) in
        try FieldValues(f, evaluator: q.evaluator)
      }
    }
    let report = try q.report { () throws(ReportError) in
      try DebtorReport.compute(
        debtorID: id.text,
        rows: rows,
        evaluator: q.evaluator,
        columns: columns
      )
    }
    for t in report.tables { session.emit(t) }
    let ids = q.portfolio.column(named: "account_id")
    try emitTimeline(
      session,
      inv,
      accounts: Set(rows.compactMap { ids?.text($0) }),
      debtor: id.text
    )
  }

  /// The timeline's columns, for help texts.
  static let timelineHelp = """
    id, recorded_at, kind, account_id, amount, due_date, paid, state, channel, result,
    collector, note, cancels: the contacts, promises, agreements and cancellations recorded up
    to the as-of date, oldest first; a promise's and an agreement's paid and state are those
    of 'promises' and 'agreements'.
    """

  /// How `behavior` is decided, for help texts.
  static let behaviorHelp = """
    Behaviour: with a payments file, each payment up to the as-of date is an observed
    installment; it is on time when made on or before its installment date (installments fall
    monthly on the due date's day; payments after the due date are late by the days since it).
    Without one, the file's payments_on_time and payments_late. Fewer than 3 observed: unknown;
    at most 10% late: punctual; half or more late: habitual; otherwise occasional.
    'behavior late' is occasional or habitual.
    """

  /// `concentration [N] [FILTER]`.
  static let concentration = CommandDefinition(
    name: "concentration",
    aliases: ["concentracion"],
    group: .explore,
    synopsis: "concentration [N] [FILTER]",
    summary: "the share of the balance held by the N largest debtors (default 10)",
    details: """
      Prints rank, debtor_id, debtor_name, accounts, balance, share, cumulative_share, then a
      'total' row for the N debtors together. Shares are of the matching accounts' balance.
      Refused over several currencies: filter one currency.
      """,
    example: "concentration 5 currency COP segment A"
  ) { session, inv in
    let q = try QueryRun(session, inv)
    var rest = inv.args[...]
    var n = 10
    if let t = rest.first, t.kind == .word, let v = Int(t.text) {
      guard v > 0 else { throw inv.error("the number of debtors must be positive", at: t) }
      n = v
      rest = rest.dropFirst()
    }
    let selection = try q.selectFiltered(rest)
    let report = try q.report { () throws(ReportError) in
      try ConcentrationReport.compute(top: n, evaluator: q.evaluator, selection: selection)
    }
    session.emit(report.table)
  }

  // MARK: - chart, export

  /// `chart`.
  static let chart = CommandDefinition(
    name: "chart",
    aliases: ["grafico"],
    group: .explore,
    synopsis: "chart",
    summary: "draw the last 'aging' or 'group by' result as horizontal bars",
    details: """
      One line per row: label, a bar scaled to the largest balance (40 characters wide), the
      balance and the share. Plain text uses '#'; a colour terminal uses blocks.
      """,
    example: "aging\nchart"
  ) { session, inv in
    try inv.cursor.expectEnd()
    guard let last = session.previousResults.last else {
      throw inv.error(
        "nothing to chart",
        at: inv.word,
        notes: ["run 'aging' or 'group by FIELD' first"]
      )
    }
    switch BarChart.make(from: last) {
    case .success(let chart):
      var text = chart.render(colored: session.colored)
      if text.hasSuffix("\n") { text.removeLast() }
      if !text.isEmpty { session.print(text) }
    case .failure(let e):
      throw inv.error(e.message, at: inv.word, notes: e.notes)
    }
  }

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
      the file, never the file it points to).
      A .csv is written as 'set export' says (csv: ',' and '.'; excel-es: what a Spanish-locale
      Excel opens directly: ';', decimal comma, UTF-8 BOM, CRLF). OPTIONS after the file name
      choose for this export only: 'delimiter ;' (or , | tab), 'decimal ,' (or .), 'bom',
      'crlf', or 'excel-es' for all four. Amounts never get thousands separators, so a
      spreadsheet reads them as numbers.
      """,
    example: "export aging.csv aging by segment\nexport aging_excel.csv excel-es aging by segment"
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
        switch v.text.lowercased() {
        case ",": dialect.delimiter = ","
        case ";": dialect.delimiter = ";"
        case "|": dialect.delimiter = "|"
        case "tab", "\t": dialect.delimiter = "\t"
        default:
          throw inv.error(
            "delimiter '\(v.text)' is not supported",
            at: v,
            notes: ["use , ; | or tab"]
          )
        }
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
      parameters: session.parameters
    )
    quiet.keepsResultsOnly = true
    quiet.portfolio = session.portfolio
    quiet.namedSets = session.namedSets
    quiet.state = session.state
    for c in session.commandList { quiet.register(c) }
    quiet.bareFilter = session.bareFilter
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
    if first.kind == .word, let command = quiet.commands[first.text.lowercased()] {
      if command.name == "export" {
        throw inv.error("'export' cannot export itself", at: first)
      }
      try command.run(
        quiet,
        CommandInvocation(
          word: first,
          args: Array(tokens.dropFirst()),
          statement: statement,
          source: inv.source
        )
      )
    } else if let bare = quiet.bareFilter {
      try bare(
        quiet,
        CommandInvocation(word: first, args: tokens, statement: statement, source: inv.source)
      )
    }
    return quiet.lastResults
  }

  // MARK: - Named sets

  /// `let NAME = FILTER`.
  static let letCommand = CommandDefinition(
    name: "let",
    group: .explore,
    synopsis: "let NAME = FILTER",
    summary: "name a filter, to use it like a condition: count risky segment B",
    details: """
      The name stands for its filter wherever a condition can go. Names are words that are not
      fields, commands or 'and', 'or', 'not', 'in'. Defining a name again replaces it. 'sets'
      lists them.
      """,
    example: "let risky = overdue > 90 and balance > 5M\ncount risky segment B"
  ) { session, inv in
    guard let nameToken = inv.args.first, nameToken.kind == .word else {
      throw inv.error(
        QueryMessages.expected("a name", after: "let"),
        at: inv.args.first,
        notes: ["write: let risky = overdue > 90"]
      )
    }
    let name = nameToken.text.lowercased()
    let valid =
      name.unicodeScalars.first.map { $0.properties.isAlphabetic } ?? false
      && name.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)
      }
    guard valid else {
      throw inv.error(
        "'\(nameToken.text)' cannot name a set",
        at: nameToken,
        notes: ["a name is a letter, then letters, digits or '_'"]
      )
    }
    if Parser.keywords.contains(name) || session.commands[name] != nil || name == "due" {
      throw inv.error("'\(nameToken.text)' is a reserved word", at: nameToken)
    }
    if Checker.computedNames[CanonicalSchema.fold(name)] != nil
      || Checker.canonical(named: CanonicalSchema.fold(name)) != nil
      || session.portfolio?.columnIndex(named: name) != nil
    {
      throw inv.error(
        "'\(nameToken.text)' is a field",
        at: nameToken,
        notes: ["choose another name"]
      )
    }
    guard inv.args.count > 1, inv.args[1].kind == .op, inv.args[1].text == "=" else {
      throw inv.error(
        QueryMessages.expected("'='", after: nameToken.text),
        at: inv.args.dropFirst().first,
        notes: ["write: let \(nameToken.text) = overdue > 90"]
      )
    }
    let tokens = Array(inv.args.dropFirst(2))
    guard !tokens.isEmpty else {
      throw inv.error(QueryMessages.expected("a filter", after: "="), at: nil)
    }
    var sets = session.namedSets
    sets[name] = tokens
    var parser = Parser(tokens: tokens, source: inv.source, setNames: Set(sets.keys))
    let filter = try parser.parseFilter()
    try parser.expectEnd()
    if let p = session.portfolio {
      let checker = Checker(
        portfolio: p,
        context: session.settings.queryContext,
        source: inv.source,
        namedSets: sets
      )
      _ = try checker.check(filter)
    }
    session.namedSets = sets
    session.message("\(name) = \(filter?.source ?? "")")
  }

  /// `sets`.
  static let sets = CommandDefinition(
    name: "sets",
    group: .explore,
    synopsis: "sets",
    summary: "list the named sets defined with 'let'",
    details: "Prints name, filter, sorted by name.",
    example: "sets"
  ) { session, inv in
    try inv.cursor.expectEnd()
    var t = ResultTable(columns: [.init("name", .text), .init("filter", .text)])
    let names = Set(session.namedSets.keys)
    for name in names.sorted() {
      let tokens = session.namedSets[name] ?? []
      var parser = Parser(
        tokens: tokens,
        source: SourceFile(name: "", text: ""),
        setNames: names
      )
      let text =
        (try? parser.parseFilter())??.source ?? tokens.map(\.description).joined(separator: " ")
      t.rows.append([.text(name), .text(text)])
    }
    session.emit(t)
  }
}

// MARK: - Running a query

/// What every query command needs: the portfolio, the checker and the evaluator for the
/// settings in force, and the diagnostics of the invocation.
struct QueryRun {
  /// The session running the command.
  let session: Session
  /// The command, for located diagnostics.
  let inv: CommandInvocation
  /// The loaded portfolio.
  let portfolio: Portfolio
  /// The as-of date, buckets and aging basis in force.
  let context: QueryContext
  /// Resolves names against the portfolio.
  let checker: Checker
  /// Selects rows, with the session's cached derived columns.
  let evaluator: Evaluator

  /// Prepares a query; fails when no portfolio is loaded.
  ///
  /// Warns once per portfolio and as-of date when balances before the cut-off cannot be
  /// rebuilt (no payments file).
  init(_ session: Session, _ inv: CommandInvocation) throws(Diagnostic) {
    guard let p = session.portfolio else {
      throw inv.error(
        QueryMessages.noPortfolio,
        at: inv.word,
        notes: [QueryMessages.noPortfolioNote]
      )
    }
    self.session = session
    self.inv = inv
    portfolio = p
    context = session.settings.queryContext
    checker = Checker(
      portfolio: p,
      context: context,
      source: inv.source,
      namedSets: session.namedSets,
      otherNames: session.commandList.map(\.name)
    )
    let derived: DerivedColumns
    if let d = session.state["query.derived"] as? DerivedColumns, d.portfolio === p {
      derived = d
    } else {
      derived = DerivedColumns(portfolio: p)
      session.state["query.derived"] = derived
    }
    var evaluator = Evaluator(portfolio: p, context: context, derived: derived)
    evaluator.journal = session.journalFactsProvider(p)
    self.evaluator = evaluator
    if context.asOf < p.cutoff && p.payments == nil {
      let key = "\(ObjectIdentifier(p).hashValue) \(context.asOf)"
      if session.state["query.asofWarned"] as? String != key {
        session.state["query.asofWarned"] = key
        session.report(
          Diagnostic(
            .warning,
            "as of \(context.asOf), before the cut-off \(p.cutoff), balances are those of the cut-off",
            notes: ["load a payments file to rebuild them: load FILE payments PAYMENTS.csv"]
          )
        )
      }
    }
  }

  /// The balance field.
  var balanceField: Field { Field(name: "balance", source: .balance, type: .money) }

  /// A parser over some of the invocation's tokens.
  func parser(_ tokens: ArraySlice<Token>, stopWords: Set<String> = []) -> Parser {
    Parser(
      tokens: tokens,
      source: inv.source,
      setNames: Set(session.namedSets.keys),
      stopWords: stopWords
    )
  }

  /// The rows a filter selects.
  func select(_ filter: Query?) throws(Diagnostic) -> Selection {
    let predicate = try checker.check(filter)
    do {
      return try evaluator.select(predicate)
    } catch {
      // Ctrl-C: the session reports any failure of an interrupted command as 'interrupted'.
      throw inv.error("interrupted", at: inv.word)
    }
  }

  /// The result of `body`, which builds derived columns (``DerivedColumns``), with its Ctrl-C
  /// thrown at the command word.
  func derived<T>(_ body: () throws(CobroError) -> T) throws(Diagnostic) -> T {
    do {
      return try body()
    } catch {
      // Ctrl-C: the session reports any failure of an interrupted command as 'interrupted'.
      throw inv.error("interrupted", at: inv.word)
    }
  }

  /// The accounts matching a filter that makes up all of `tokens`.
  func selectFiltered(_ tokens: ArraySlice<Token>) throws(Diagnostic) -> Selection {
    var parser = parser(tokens)
    let filter = try parser.parseFilter()
    try parser.expectEnd()
    return try select(filter)
  }

  /// Runs a report, turning its error into a diagnostic at the command word.
  func report<R>(_ body: () throws(ReportError) -> R) throws(Diagnostic) -> R {
    do {
      return try body()
    } catch {
      throw inv.error(error.message, at: inv.word, notes: error.notes)
    }
  }

  /// Prints the selected accounts with the list clauses.
  func emitList(_ selection: Selection, _ clauses: ListClauses) throws(Diagnostic) {
    let fields = clauses.columns ?? AccountList.defaultFields(checker)
    let (columns, tie, sort) = try derived { () throws(CobroError) in
      (
        try fields.map { (f) throws(CobroError) in try FieldValues(f, evaluator: evaluator) },
        try checker.field(named: "account_id").map { (f) throws(CobroError) in
          try FieldValues(f, evaluator: evaluator)
        },
        try clauses.sort.map { (s) throws(CobroError) in
          try FieldValues(s.field, evaluator: evaluator)
        }
      )
    }
    let rows = RowOrder.ordered(
      selection,
      by: sort,
      descending: clauses.sort?.descending ?? false,
      tieBreak: tie,
      limit: clauses.limit
    )
    session.emit(AccountList(rows: rows, columns: columns).table)
  }
}

/// The clauses after a filter in `list` and the bare filter.
struct ListClauses {
  /// `columns F, G…`.
  var columns: [Field]?
  /// `sort FIELD [desc]`.
  var sort: (field: Field, descending: Bool)?
  /// `limit N`.
  var limit: Int?

  /// Reads `columns F, G…`, `sort FIELD [asc|desc]` and `limit N`, in any order, each once.
  static func parse(_ tokens: ArraySlice<Token>, _ q: QueryRun) throws(Diagnostic) -> ListClauses {
    var c = ListClauses()
    var rest = tokens
    func field(after word: String) throws(Diagnostic) -> Field {
      guard let t = rest.first, t.kind == .word else {
        throw q.inv.error(QueryMessages.expected("a field", after: word), at: rest.first)
      }
      rest = rest.dropFirst()
      return try q.checker.field(Query.Name(t.text, range: t.range))
    }
    while let t = rest.first {
      rest = rest.dropFirst()
      switch t.kind == .word ? t.text.lowercased() : "" {
      case "columns":
        guard c.columns == nil else { throw q.inv.error("'columns' given twice", at: t) }
        var fields = [try field(after: "columns")]
        while let comma = rest.first, comma.kind == .comma {
          rest = rest.dropFirst()
          fields.append(try field(after: ","))
        }
        c.columns = fields
      case "sort":
        guard c.sort == nil else { throw q.inv.error("'sort' given twice", at: t) }
        let f = try field(after: "sort")
        var descending = false
        if let d = rest.first, d.isWord("desc") || d.isWord("asc") {
          descending = d.isWord("desc")
          rest = rest.dropFirst()
        }
        c.sort = (f, descending)
      case "limit":
        guard c.limit == nil else { throw q.inv.error("'limit' given twice", at: t) }
        guard let n = rest.first, let v = Int(n.text), v > 0 else {
          throw q.inv.error(
            QueryMessages.expected("a positive number of rows", after: "limit"),
            at: rest.first
          )
        }
        rest = rest.dropFirst()
        c.limit = v
      default:
        if t.kind == .rightParen { throw q.inv.error(QueryMessages.unbalancedParen, at: t) }
        throw q.inv.error(
          QueryMessages.unexpected(t.text),
          at: t,
          notes: ["after the filter: columns F, G; sort FIELD [desc]; limit N"]
        )
      }
    }
    return c
  }
}
