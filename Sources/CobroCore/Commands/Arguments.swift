import CobroDiagnostics
import CobroJournal
import CobroMessages
import CobroPlan
import CobroPortfolio
import CobroShell

/// The arguments commands share, read one way with one located error each: the portfolio a
/// command needs, accounts and debtors typed the way people write them, channels, money, dates,
/// rates, free text, and the journal's and the plan's errors turned into diagnostics.
///
/// Commands call these rather than one another; what only one command reads stays in its file.
enum Arguments {
  /// An account of the demo portfolio, for examples.
  static let exampleAccount = "CO-0000001"

  /// A field delimiter of a CSV file (`,` `;` `|` or `tab`), for `load` and `export`.
  static func delimiter(_ inv: CommandInvocation, _ v: Token) throws(Diagnostic) -> UInt8 {
    switch v.text.lowercased() {
    case ",": return UInt8(ascii: ",")
    case ";": return UInt8(ascii: ";")
    case "|": return UInt8(ascii: "|")
    case "tab", "\t": return UInt8(ascii: "\t")
    default:
      throw inv.error("delimiter '\(v.text)' is not supported", at: v, notes: ["use , ; | or tab"])
    }
  }

  /// The loaded portfolio, or a located error.
  static func portfolio(_ session: Session, _ inv: CommandInvocation) throws(Diagnostic)
    -> Portfolio
  {
    guard let p = session.portfolio else {
      throw inv.error(QueryMessages.noPortfolio, at: inv.word, notes: ["'load FILE' loads one"])
    }
    return p
  }

  /// The account argument: it must be an account of the loaded portfolio.
  static func account(
    _ session: Session,
    _ inv: CommandInvocation,
    _ cursor: inout ArgumentCursor
  )
    throws(Diagnostic) -> String
  {
    let portfolio = try Arguments.portfolio(session, inv)
    let t = try session.resolvedAccount(cursor.expectValue("an account id"), inv)
    guard portfolio.row(ofAccount: t.text) != nil else {
      throw inv.error(QueryMessages.noAccountInPortfolio(t.text), at: t)
    }
    return t.text
  }

  /// A channel in any of its spellings (``MessageChannel/init(word:)``): `expecting` says what
  /// a missing one should have been, `listing` the order the error lists the channels in.
  static func channel(
    _ inv: CommandInvocation,
    _ cursor: inout ArgumentCursor,
    expecting: String = "a channel after 'via'",
    listing: [String] = MessageChannel.allCases.map(\.rawValue)
  ) throws(Diagnostic) -> MessageChannel {
    let t = try cursor.expectValue(expecting)
    guard let c = MessageChannel(word: t.text) else {
      var notes: [Diagnostic.Message] = []
      if let s = Suggestion.closest(to: t.text, among: MessageChannel.allCases.map(\.rawValue)) {
        notes.append(QueryMessages.didYouMean(s))
      }
      notes.append("channels: \(listing.joined(separator: ", "))")
      throw inv.error("unknown channel '\(t.text)'", at: t, notes: notes)
    }
    return c
  }

  /// Whether a token reads as money (`150000`, `1.000.000`, `150000.50`), for commands that
  /// take an amount or an id in the same place.
  static func isMoney(_ token: Token) -> Bool { amount(token.text) != nil }

  /// An amount typed canonically (`150000.50`), as shown (`150.000.000`, `$5M`,
  /// ``AmountText``) or with `k`/`M`; `nil` when ambiguous (`5.000`).
  static func amount(_ text: String) -> Cents? { Checker.amount(text) }

  /// An amount of money, any sign.
  static func money(_ inv: CommandInvocation, _ token: Token) throws(Diagnostic) -> Cents {
    guard let c = amount(token.text) else {
      throw inv.error(
        .notMoney(token.text),
        at: token,
        notes: AmountText.ambiguityNotes(token.text)
      )
    }
    return c
  }

  /// An amount of money above zero.
  static func positiveMoney(_ inv: CommandInvocation, _ token: Token) throws(Diagnostic) -> Cents {
    guard let c = amount(token.text), c > 0 else {
      throw inv.error(
        "'\(token.text)' is not an amount of money above zero",
        at: token,
        notes: AmountText.ambiguityNotes(token.text) + ["write 150000 or 150000.50"]
      )
    }
    return c
  }

  /// Whether a token reads as a date `YYYY-MM-DD`.
  static func isDate(_ token: Token) -> Bool { Day(token.text) != nil }

  /// A date `YYYY-MM-DD`; with `asOf`, also `today` and `tomorrow` (`hoy`, `mañana`) from it.
  static func date(_ inv: CommandInvocation, _ token: Token, asOf: Day? = nil)
    throws(Diagnostic) -> Day
  {
    if let asOf {
      switch token.text.lowercased() {
      case "today", "hoy": return asOf
      case "tomorrow", "mañana", "manana": return asOf.adding(days: 1)
      default: break
      }
    }
    guard let d = Day(token.text) else {
      throw inv.error(.notADate(token.text), at: token, notes: ["write YYYY-MM-DD"])
    }
    return d
  }

  /// A date argument of a plan (`start`, `first`), its error located at `token`.
  static func planDate(
    _ inv: CommandInvocation,
    _ token: Token,
    for argument: PlanArgument,
    _ locations: [PlanArgument: Token]
  ) throws(Diagnostic) -> Day {
    try plan(inv, locations) { () throws(PlanError) in
      try PlanRequest.parseDate(token.text, for: argument)
    }
  }

  /// An interest rate (`1.5%`, `0.015`), monthly or, when `ea` followed it, effective annual.
  static func rate(
    _ inv: CommandInvocation,
    _ token: Token,
    effectiveAnnual ea: Bool,
    _ locations: [PlanArgument: Token]
  ) throws(Diagnostic) -> InterestRate {
    try plan(inv, locations) { () throws(PlanError) in
      try InterestRate.parse(token.text, effectiveAnnual: ea)
    }
  }

  /// A percentage of a plan (`20%`): the discount, or the share of a waived component.
  static func percent(
    _ inv: CommandInvocation,
    _ token: Token,
    for argument: PlanArgument,
    _ locations: [PlanArgument: Token]
  ) throws(Diagnostic) -> Percentage {
    try plan(inv, locations) { () throws(PlanError) in
      try Percentage.parse(token.text, for: argument)
    }
  }

  /// Runs a reading or computation of the plan domain, turning its error into a diagnostic at
  /// the token of the argument it names in `locations` (the command word when none).
  static func plan<T>(
    _ inv: CommandInvocation,
    _ locations: [PlanArgument: Token],
    _ body: () throws(PlanError) -> T
  ) throws(Diagnostic) -> T {
    do {
      return try body()
    } catch {
      throw planDiagnostic(error, inv, locations)
    }
  }

  /// A plan error as a diagnostic at the token of the argument it names (the first waiver's for
  /// a waiver without its own; the command word when none).
  static func planDiagnostic(
    _ error: PlanError,
    _ inv: CommandInvocation,
    _ locations: [PlanArgument: Token]
  ) -> Diagnostic {
    var token = locations[error.argument]
    if token == nil, case .waiver = error.argument { token = locations[.waiver(index: 0)] }
    return inv.error(
      error.diagnostic.message,
      at: token ?? inv.word,
      notes: error.diagnostic.notes
    )
  }

  /// Free text: one quoted string, or the words up to the end of the command.
  static func text(_ inv: CommandInvocation, _ cursor: inout ArgumentCursor, _ what: String)
    throws(Diagnostic) -> String
  {
    let words = cursor.rest().map(\.text)
    let text = words.joined(separator: " ")
    guard !text.isEmpty else { throw inv.error("expected \(what)") }
    return text
  }

  /// Runs a journal operation, turning its errors into diagnostics at the command word (or at
  /// `token`, the entry number, for an entry that cannot be cancelled).
  static func journal<T>(_ inv: CommandInvocation, at token: Token? = nil, _ body: () throws -> T)
    throws(Diagnostic) -> T
  {
    do {
      return try body()
    } catch let e as JournalError {
      switch e {
      case .noSuchEntry, .alreadyCancelled, .cannotCancelCancellation:
        throw inv.error(
          "\(e.description)",
          at: token ?? inv.word,
          notes: ["'journal' lists the entries"]
        )
      default:
        throw inv.error("\(e.description)", at: inv.word)
      }
    } catch let d as Diagnostic {
      throw d
    } catch {
      throw inv.error("\(String(describing: error))", at: inv.word)
    }
  }

  /// The payments of an account, oldest first (none when unknown or no payments file).
  static func payments(_ session: Session, _ account: String) -> [(date: Day, amount: Cents)] {
    guard let p = session.portfolio, let h = p.payments, let r = p.row(ofAccount: account) else {
      return []
    }
    return h.payments(ofRow: r)
  }
}

/// Account and debtor ids typed the way people write them (`Portfolio.matchAccount`).
extension Session {
  /// The token of a typed account id, carrying the stored id it stands for.
  ///
  /// `a-1` becomes `A01`. Unchanged when no account matches (the command then says so); an
  /// error listing the candidates when several do.
  func resolvedAccount(_ token: Token, _ inv: CommandInvocation) throws(Diagnostic) -> Token {
    guard let p = portfolio else { return token }
    return try resolved(token, p.matchAccount(token.text), what: "account", inv)
  }

  /// The token of a typed debtor id, carrying the stored id it stands for.
  func resolvedDebtor(_ token: Token, _ inv: CommandInvocation) throws(Diagnostic) -> Token {
    guard let p = portfolio else { return token }
    return try resolved(token, p.matchDebtor(token.text), what: "debtor", inv)
  }

  private func resolved(
    _ token: Token,
    _ match: Portfolio.IDMatch,
    what: String,
    _ inv: CommandInvocation
  ) throws(Diagnostic) -> Token {
    switch match {
    case .found(let id):
      var t = token
      t.text = id
      return t
    case .none:
      return token
    case .interrupted:
      // Ctrl-C: the session reports any failure of an interrupted command as 'interrupted'.
      throw inv.error("interrupted", at: inv.word)
    case .ambiguous(let ids):
      throw inv.error(
        "'\(token.text)' matches several \(what) ids: \(ids.joined(separator: ", "))",
        at: token,
        notes: ["type the id as it is stored"]
      )
    }
  }
}
