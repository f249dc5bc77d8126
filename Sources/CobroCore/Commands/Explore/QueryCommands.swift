import CobroDiagnostics
import CobroJournal
import CobroPlan
import CobroPortfolio
import CobroShell

/// The analyst's commands: the bare filter, `count`, `sum`/`avg`/`min`/`max`, `list`, `top`,
/// `group by`, `aging`, `show`, `debtor`, `concentration`, `export`, `chart`, `let` and `sets`.
///
/// Each command parses its own words, hands the filter to `Parser` and `Checker`, selects rows
/// with `Evaluator` and prints a report's table. Nothing changes before everything is checked,
/// so a failed command changes nothing.
enum QueryCommands {
  /// Words that end a filter inside `list` and the bare filter.
  static let listClauses: Set<String> = ["columns", "sort", "limit"]
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
      otherNames: session.commandList.map(\.name),
      external: JournalFacts.fields
    )
    let derived: DerivedColumns
    if let d = session.state.derived, d.portfolio === p {
      derived = d
    } else {
      derived = DerivedColumns(portfolio: p)
      session.state.derived = derived
    }
    var evaluator = Evaluator(portfolio: p, context: context, derived: derived)
    evaluator.external = session.journalFactsProvider(p)
    self.evaluator = evaluator
    if context.asOf < p.cutoff && p.payments == nil {
      let key = "\(ObjectIdentifier(p).hashValue) \(context.asOf)"
      if session.state.asOfWarned != key {
        session.state.asOfWarned = key
        session.report(.cutoffBalancesInQuery(asOf: context.asOf, cutoff: p.cutoff))
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
      setNames: session.namedSets.names,
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
    // Refused before it starts when the rows would not fit in memory (an export of them is
    // written as it goes, but the rows are built first).
    let rowCount = min(selection.count, clauses.limit ?? Int.max)
    let bytes = ResourceLimits.listBytes(rows: rowCount, columns: fields.count)
    if let available = session.resourceLimits.shortfall(bytes) {
      throw inv.error(
        Diagnostic.Message(
          "a list of \(ResourceLimits.grouped(rowCount)) accounts and \(fields.count) columns "
            + "needs about \(ResourceLimits.describe(bytes: bytes)) of memory; the system has "
            + "\(ResourceLimits.describe(bytes: available)) available"
        ),
        at: inv.word,
        notes: ["narrow the accounts with a filter, name fewer columns, or add 'limit N'"]
      )
    }
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
      switch t.keyword {
      case "columns":
        guard c.columns == nil else {
          throw q.inv.error(QueryMessages.givenTwice("columns"), at: t)
        }
        var fields = [try field(after: "columns")]
        while let comma = rest.first, comma.kind == .comma {
          rest = rest.dropFirst()
          fields.append(try field(after: ","))
        }
        c.columns = fields
      case "sort":
        guard c.sort == nil else { throw q.inv.error(QueryMessages.givenTwice("sort"), at: t) }
        let f = try field(after: "sort")
        var descending = false
        if let d = rest.first, d.isWord("desc") || d.isWord("asc") {
          descending = d.isWord("desc")
          rest = rest.dropFirst()
        }
        c.sort = (f, descending)
      case "limit":
        guard c.limit == nil else { throw q.inv.error(QueryMessages.givenTwice("limit"), at: t) }
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
