import CobroDiagnostics
import CobroPlan
import CobroPortfolio
import CobroShell

/// The terms of a payment plan as typed after `plan` and `agree` (`ACCOUNT_ID|AMOUNT|debtor ID
/// installments N rate R% …`), read into the plan engine's arguments, and its ``PlanError``s
/// placed back at the token the user typed.
///
/// The arithmetic is the plan engine's (``PaymentPlan``, ``PlanSimulator``); `offers` and
/// `simulate` read their subjects and place their errors the same way.
enum PlanTerms {
  /// The words that start a `plan` argument.
  static let keywords: Set<String> = [
    "installments", "pay", "rate", "down", "discount", "waive", "start", "first", "method",
  ]

  /// What Tab offers after the subject of `plan` or `agree`: a keyword not given yet, or the
  /// value it takes (`method french|german`, `waive COMPONENT`).
  static func completion(_ args: ArraySlice<ScanToken>) -> ArgumentCompletion {
    guard let last = args.last?.text.lowercased() else { return .nothing }
    switch last {
    case "method": return .words(PlanMethod.allCases.map(\.rawValue))
    case "waive": return .words(PlanComponent.allCases.map(\.rawValue))
    case "debtor", "amount": return .nothing
    case _ where keywords.contains(last): return .nothing
    default:
      if args.count >= 2, args[args.index(args.endIndex, offsetBy: -2)].text.lowercased() == "waive"
      {
        return .nothing
      }
      return .unused(keywords.sorted(), in: args)
    }
  }

  /// What a plan is of.
  enum Subject {
    /// An amount typed.
    case amount(Cents)
    /// One account, by row.
    case account(row: Int)
    /// A debtor's accounts.
    case debtor(id: String)
  }

  /// A plan parsed from a command's arguments and computed: what `plan` prints and `agree`
  /// records.
  struct PreparedPlan {
    /// What the plan is of.
    var subject: Subject
    /// The token naming it.
    var subjectToken: Token
    /// The terms.
    var request: PlanRequest
    /// The balance planned.
    var balance: PlanBalance
    /// The plan.
    var plan: PaymentPlan
    /// A debtor's accounts (empty otherwise).
    var accounts: [DebtorAccount]
    /// The settings the plan was computed with.
    var settings: PlanSettings
    /// With `pay AMOUNT`: the amount and how the plan fits it.
    var fit: (amount: Cents, fit: Affordability.Fit)?
    /// What each account of a debtor plan settles for (empty otherwise).
    var settlements: [AccountSettlement] {
      accounts.isEmpty
        ? [] : DebtorAllocation.settlements(accounts, request: request, summary: plan.summary)
    }
    /// The debtor plan's allocation of each payment (empty otherwise).
    var allocation: [Allocation] {
      accounts.isEmpty ? [] : DebtorAllocation.allocate(plan.schedule, to: settlements)
    }
    /// With `pay AMOUNT`, what `plan` and `agree` say on stderr: how many installments fit
    /// and what the debtor pays in all.
    var fitMessage: String? {
      guard let (amount, fit) = fit else { return nil }
      let s = plan.summary
      var text =
        "at most \(Money.grouped(amount)) an installment: \(s.installmentsCount) installments"
      if let fewer = fit.largestWithOneFewer {
        text += " (\(fit.installments - 1) would need \(Money.grouped(fewer)))"
      }
      return text + ", \(Money.grouped(s.totalPaid)) in all"
    }
    /// What `plan` and `agree` print.
    var report: PlanReport {
      let settlements = settlements
      return PlanReport(
        plan,
        allocation: DebtorAllocation.allocate(plan.schedule, to: settlements),
        settlements: settlements,
        settings: settings
      )
    }
  }

  /// Parses `ACCOUNT_ID|AMOUNT|debtor ID|amount X <plan arguments>` and computes the plan.
  ///
  /// - Parameter amounts: whether an amount may be planned (`plan`) or only an account or a
  ///   debtor of the portfolio (`agree`).
  static func prepare(_ session: Session, _ inv: CommandInvocation, amounts: Bool) throws
    -> PreparedPlan
  {
    var cursor = inv.cursor
    if !amounts { _ = try Arguments.portfolio(session, inv) }
    guard let first = cursor.next() else {
      throw inv.error(
        amounts
          ? "expected an account id, an amount or 'debtor ID'"
          : "expected an account id or 'debtor ID'",
        notes: [
          amounts
            ? "example: plan amount 1000000 installments 12 rate 1.5%"
            : "example: \(inv.word.text) ACCOUNT_ID installments 12 rate 1.5%"
        ]
      )
    }
    let subject: Subject
    let subjectToken: Token
    if !amounts && first.isWord("amount") {
      throw inv.error(
        .agreementNotAnAmount,
        at: first,
        notes: [.planAnAmountNote]
      )
    } else if first.isWord("amount") {
      subjectToken = try cursor.expectValue("an amount after 'amount'")
      subject = .amount(try Arguments.money(inv, subjectToken))
    } else if first.isWord("debtor") || first.isWord("deudor") {
      let typed = try cursor.expectValue("a debtor id after 'debtor'")
      // 'agree debtor installments 3': the id was left out, not a debtor named 'installments'.
      if typed.kind == .word, keywords.contains(typed.keyword) {
        throw inv.error(
          .expectedDebtorID(found: typed.text),
          at: typed,
          notes: ["for example: \(inv.word.text) debtor 1010101010 installments 6"]
        )
      }
      subjectToken = try session.resolvedDebtor(typed, inv)
      subject = .debtor(id: subjectToken.text)
    } else {
      // An amount is never read as an id without its zeros or separators.
      let first =
        !amounts || !Arguments.isMoney(first)
        ? try session.resolvedAccount(first, inv) : first
      subjectToken = first
      if let p = session.portfolio, let row = p.row(ofAccount: first.text) {
        subject = .account(row: row)
      } else if !amounts {
        throw inv.error(
          QueryMessages.noAccountInPortfolio(first.text),
          at: first,
          notes: ["a debtor's accounts together: \(inv.word.text) debtor ID …"]
        )
      } else if Arguments.isMoney(first) {
        subject = .amount(try Arguments.money(inv, first))
      } else {
        let note: Diagnostic.Message =
          session.portfolio == nil
          ? Diagnostic.Message(
            "no portfolio is loaded: 'load FILE' or 'load demo', "
              + "or plan an amount: plan amount X …"
          )
          : .planAnAmountNote
        throw inv.error(
          .neitherAccountNorAmount(first.text),
          at: first,
          notes: AmountText.ambiguityNotes(first.text) + [note]
        )
      }
    }

    // The arguments, with the token of each for located errors.
    var locations: [PlanArgument: Token] = [.balance: subjectToken]
    var installments: Int?
    var pay: (token: Token, amount: Cents)?
    var request = PlanRequest(installments: 1, start: session.settings.asOf)
    var seen: Set<String> = []
    func value(after keyword: Token) throws(Diagnostic) -> Token {
      guard let t = cursor.next(), t.kind == .word || t.kind == .string else {
        throw inv.error(
          QueryMessages.expected("a value", after: keyword.text),
          at: cursor.atEnd ? nil : cursor.peek
        )
      }
      return t
    }
    func located<T>(_ body: () throws(PlanError) -> T) throws(Diagnostic) -> T {
      try Arguments.plan(inv, locations, body)
    }
    while let keyword = cursor.next() {
      let word = keyword.keyword
      guard keywords.contains(word) else {
        let note: Diagnostic.Message =
          Suggestion.closest(to: keyword.text, among: keywords.sorted()).map {
            QueryMessages.didYouMean($0)
          } ?? .planArgumentsNote
        throw inv.error(QueryMessages.unexpected(keyword.text), at: keyword, notes: [note])
      }
      guard seen.insert(word).inserted else {
        throw inv.error(QueryMessages.givenTwice(word), at: keyword)
      }
      switch word {
      case "installments":
        let t = try value(after: keyword)
        locations[.installments] = t
        installments = try located { () throws(PlanError) in
          try PlanRequest.parseInstallments(t.text)
        }
      case "rate":
        let t = try value(after: keyword)
        locations[.rate] = t
        request.rate = try Arguments.rate(inv, t, effectiveAnnual: cursor.accept("ea"), locations)
      case "pay":
        let t = try value(after: keyword)
        locations[.pay] = t
        pay = (t, try Arguments.money(inv, t))
      case "down":
        let t = try value(after: keyword)
        locations[.down] = t
        if !t.text.hasSuffix("%"), let c = Checker.amount(t.text), c >= 0 {
          request.down = .amount(c)  // `down 1M`, `down 500k`, as in filters
        } else {
          request.down = try located { () throws(PlanError) in try DownPayment.parse(t.text) }
        }
      case "discount":
        let t = try value(after: keyword)
        locations[.discount] = t
        request.discount = try Arguments.percent(inv, t, for: .discount, locations)
      case "waive":
        repeat {
          let component = try value(after: keyword)
          let index = request.waivers.count
          locations[.waiver(index: index)] = component
          let c = try located { () throws(PlanError) in
            try PlanComponent.parse(component.text, for: .waiver(index: index))
          }
          guard let pt = cursor.next(), pt.kind == .word else {
            throw inv.error(
              .expectedPercent(after: component.text),
              at: cursor.atEnd ? nil : cursor.peek
            )
          }
          let percent = try Arguments.percent(inv, pt, for: .waiver(index: index), locations)
          request.waivers.append(PlanRequest.Waiver(c, percent))
        } while cursor.peek.map({ $0.kind == .word && !keywords.contains($0.keyword) }
        )
          ?? false
      case "start":
        let t = try value(after: keyword)
        locations[.start] = t
        request.start = try Arguments.planDate(inv, t, for: .start, locations)
      case "first":
        let t = try value(after: keyword)
        locations[.first] = t
        request.first = try Arguments.planDate(inv, t, for: .first, locations)
      default:  // "method"
        let t = try value(after: keyword)
        locations[.method] = t
        request.method = try located { () throws(PlanError) in try PlanMethod.parse(t.text) }
      }
    }
    if let pay, installments != nil {
      throw inv.error(.installmentsAndPay, at: pay.token)
    }
    guard let installments = installments ?? pay.map({ _ in 1 }) else {
      throw inv.error(
        .expectedInstallmentsOrPay,
        notes: [
          amounts
            ? "example: plan amount 1000000 installments 12 rate 1.5%"
            : "example: \(inv.word.text) \(subjectToken.text) installments 12 rate 1.5%"
        ]
      )
    }
    request.installments = installments

    // The balance.
    var accounts: [DebtorAccount] = []
    let balance: PlanBalance
    switch subject {
    case .amount(let c):
      balance = PlanBalance(c)
    case .account(let row):
      guard let p = session.portfolio else {
        throw inv.error(QueryMessages.noPortfolio, at: subjectToken)
      }
      try session.refuseSettled(subjectToken.text, at: subjectToken, inv)
      balance = PlanBalance(
        p.balance(row: row, asOf: session.settings.asOf),
        breakdown: breakdown(p, row: row)
      )
    case .debtor:
      accounts = try debtorAccounts(session, inv, id: subjectToken)
      balance = try located { () throws(PlanError) in
        try DebtorAllocation.combinedBalance(accounts)
      }
    }
    let settings = session.settings.planSettings
    var fit: (amount: Cents, fit: Affordability.Fit)?
    if let pay {
      let found = try located { () throws(PlanError) in
        try Affordability.fewestInstallments(
          balance,
          request,
          paying: pay.amount,
          settings: settings
        )
      }
      request.installments = found.installments
      fit = (pay.amount, found)
    }
    let plan: PaymentPlan
    if let fit {
      plan = fit.fit.plan
    } else {
      plan = try located { () throws(PlanError) in
        try PaymentPlan.compute(balance, request, settings: settings)
      }
    }
    return PreparedPlan(
      subject: subject,
      subjectToken: subjectToken,
      request: request,
      balance: balance,
      plan: plan,
      accounts: accounts,
      settings: settings,
      fit: fit
    )
  }

  /// The breakdown columns of a row, when the portfolio has all four (empty cells count 0).
  static func breakdown(_ p: Portfolio, row: Int) -> Breakdown? {
    var values: [Cents] = []
    for name in ["capital", "interest", "late_interest", "fees"] {
      guard case .money(let m)? = p.column(named: name)?.data else { return nil }
      let v = m[row]
      values.append(v == Column.missingMoney ? 0 : v)
    }
    return Breakdown(
      capital: values[0],
      interest: values[1],
      lateInterest: values[2],
      fees: values[3]
    )
  }

  /// The currency of a row (`COP` when the column is absent or the cell empty).
  static func currency(_ p: Portfolio, row: Int) -> String {
    let text = p.column(named: "currency")?.text(row) ?? ""
    return text.isEmpty ? CanonicalSchema.defaultCurrency : text
  }

  /// The accounts of a debtor that exist at the as-of date, refusing mixed currencies among
  /// those with a balance.
  static func debtorAccounts(_ session: Session, _ inv: CommandInvocation, id: Token) throws
    -> [DebtorAccount]
  {
    let q = try QueryRun(session, inv)
    let asOf = session.settings.asOf
    var rows = try q.evaluator.derived.rows(ofDebtor: id.text)
    if let exists = try q.evaluator.derived.existing(asOf: asOf) {
      rows = rows.filter { exists[$0] != 0 }
    }
    guard !rows.isEmpty else { throw inv.error(QueryMessages.noDebtor(id.text), at: id) }
    let p = q.portfolio
    let ids = p.column(named: "account_id")
    let due = p.dueDates
    var currencies: Set<String> = []
    let accounts = rows.map { r in
      let b = p.balance(row: r, asOf: asOf)
      if b > 0 { currencies.insert(currency(p, row: r)) }
      return DebtorAccount(
        id: ids?.text(r) ?? String(r),
        dueDate: Day(raw: due[r]),
        balance: b,
        breakdown: breakdown(p, row: r)
      )
    }
    if currencies.count > 1 {
      throw inv.error(
        .debtorInSeveralCurrencies(id.text, currencies.sorted()),
        at: id,
        notes: ["plan each account on its own: plan ACCOUNT_ID …"]
      )
    }
    return accounts
  }
}
