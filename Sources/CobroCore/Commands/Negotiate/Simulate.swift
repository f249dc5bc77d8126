import CobroDiagnostics
import CobroPlan
import CobroPortfolio
import CobroShell

/// `simulate discount …` and `simulate plan …`: what a settlement or a plan campaign over a
/// portfolio would recover, expected and by Monte Carlo.
extension PlanCommands {
  /// `simulate discount D% [FILTER] accept …` and `simulate plan installments N … accept …`.
  static let simulate = CommandDefinition(
    name: "simulate",
    aliases: ["simular"],
    group: .negotiate,
    synopsis: """
      simulate discount D% [FILTER] accept LO-HI=P,…,LO+=P [--runs N [--seed S]]
      simulate plan installments N [rate R[%] [ea]] [down X%] [discount D%] [FILTER]
               accept LO-HI=P,…,LO+=P [--runs N [--seed S]]
      """,
    summary: "what a settlement or plan campaign would recover, per aging bucket or month",
    details: """
      Every account that passes the filter is weighed by the acceptance probability P of the
      bucket its days overdue fall in ('0-30=0.4' is 0 to 30 days, '361+=0.05' 361 days and
      more). An account in no bucket is an error naming it; accounts in several currencies are
      refused (filter by currency).
      discount: offers each account its balance at the as-of date minus D% (rounded half up to
      cents). Prints bucket, accounts, balance, offer, p, expected_cash per bucket in the order
      given, then a total row whose expected_cash is the exact sum rounded once (it may differ
      by a cent from the buckets'). On stderr, the comparison with doing nothing: the discount
      given up if every account accepts, and the expected cash as a share of the balance.
      plan: offers each account with a balance above zero the plan 'plan ACCOUNT …' would give
      it with these terms, from the as-of date. Prints month (YYYY-MM), down_payments,
      installments, expected_cash, cumulative, one row per month to the last installment, and a
      total row.
      \(KeepModel.summary)
      So a plan's payment j (the down payment, when above zero, is payment 1) counts
      payment × P × k^j. Each month's down payments and installments are
      summed exactly over the accounts and rounded once, half up, to cents; expected_cash,
      cumulative and the total add these rounded amounts, so the table adds up. On stderr, the
      comparison with doing nothing, as for discount, and what every plan kept would pay.
      --runs N (1 to 100000) adds a Monte Carlo: in each run every account accepts with its
      bucket's P and, for a plan, keeps each payment with probability k until the first one
      missed, after which the rest are lost. Prints bucket, mean, p10, p50, p90 of the cash
      recovered per run, per bucket and in total. --seed S (0 to 2^64 - 1) seeds it; without
      it the seed is 1, and the seed is always printed on stderr. Generator: xoshiro256**
      seeded with four SplitMix64 outputs of S; runs one after the other; in each, accounts in
      row order, one draw for acceptance, then one per payment in order until the first one
      missed. A draw is the generator's top 53 bits u; an event of probability p happens when
      u < ceil(p × 2^53), in exact integers. Percentiles are nearest-rank: P is the value at
      rank ceil(P / 100 × N) of the N sorted run totals; the mean is rounded half up. The same
      seed gives the same numbers on any machine.
      """,
    example:
      "simulate plan installments 6 rate 1% down 10% overdue > 90 currency COP "
      + "accept 0-90=0.5,91-180=0.3,181-360=0.15,361+=0.05 --runs 1000 --seed 7"
  ) { session, inv in
    try runSimulate(session, inv)
  }

  /// `--runs N [--seed S]`, taken out of the arguments.
  private struct RunOptions {
    /// The number of runs; `nil` without `--runs`.
    var runs: Int?
    /// The `N` of `--runs N`, where errors about the runs point.
    var runsToken: Token?
    /// The seed.
    var seed = MonteCarlo.defaultSeed
    /// The arguments without the options.
    var rest: [Token] = []
  }

  /// Takes `--runs N` and `--seed S` out of the arguments, wherever they are.
  private static func runOptions(_ inv: CommandInvocation) throws(Diagnostic) -> RunOptions {
    var options = RunOptions()
    var seedToken: Token?
    var args = inv.args[...]
    while let t = args.popFirst() {
      guard t.isWord("--runs") || t.isWord("--seed") else {
        options.rest.append(t)
        continue
      }
      let name = t.text.lowercased()
      if (name == "--runs" && options.runs != nil) || (name == "--seed" && seedToken != nil) {
        throw inv.error(QueryMessages.givenTwice(name), at: t)
      }
      guard let value = args.popFirst(), value.kind == .word else {
        throw inv.error("expected a number after '\(name)'", at: args.first)
      }
      if name == "--runs" {
        guard let n = MonteCarlo.parseRuns(value.text) else {
          throw inv.error(
            .notANumberOfRuns(value.text),
            at: value,
            notes: ["runs are a whole number from 1 to \(MonteCarlo.maxRuns)"]
          )
        }
        options.runs = n
        options.runsToken = value
      } else {
        guard let s = MonteCarlo.parseSeed(value.text) else {
          throw inv.error(
            .notASeed(value.text),
            at: value,
            notes: ["a seed is a whole number from 0 to \(UInt64.max)"]
          )
        }
        options.seed = s
        seedToken = t
      }
    }
    if let seedToken, options.runs == nil {
      throw inv.error(
        .seedWithoutRuns,
        at: seedToken,
        notes: ["example: --runs 1000 --seed 7"]
      )
    }
    return options
  }

  /// Parses and runs `simulate`.
  static func runSimulate(_ session: Session, _ inv: CommandInvocation) throws {
    let q = try QueryRun(session, inv)
    let options = try runOptions(inv)
    let args = options.rest
    if let kw = args.first, kw.isWord("plan") || kw.isWord("plan_pagos") {
      try runSimulatePlan(session, inv, q, args, options)
      return
    }
    guard let kw = args.first, kw.isWord("discount") || kw.isWord("descuento") else {
      throw inv.error(
        .expectedSimulation,
        at: args.first,
        notes: ["example: simulate discount 30% accept 0-90=0.5,91+=0.2"]
      )
    }
    guard args.count > 1, args[1].kind == .word else {
      throw inv.error(.expectedPercent(after: "discount"), at: args.count > 1 ? args[1] : nil)
    }
    let percentToken = args[1]
    var locations: [PlanArgument: Token] = [.discount: percentToken, .accounts: inv.word]
    let discount = try Arguments.percent(inv, percentToken, for: .discount, locations)
    let (accounts, buckets) = try campaign(
      session,
      inv,
      q,
      args,
      from: 2,
      locations: &locations,
      example: "simulate discount \(percentToken.text)",
      acceptExample: "simulate discount 30% accept 0-90=0.5,91+=0.2"
    )
    try checkResources(
      session,
      inv,
      options,
      accounts: accounts.count,
      paymentsPerAccount: 1,
      buckets: buckets.count
    )
    let estimate = try Arguments.plan(inv, locations) { () throws(PlanError) in
      try PlanSimulator.expectedRecovery(accounts: accounts, discount: discount, buckets: buckets)
    }
    // The Monte Carlo runs before anything is printed, so that Ctrl-C leaves no half result.
    var result: MonteCarloResult?
    if let runs = options.runs {
      let simulation = try Arguments.plan(inv, locations) { () throws(PlanError) in
        try PlanSimulator.offers(accounts: accounts, discount: discount, buckets: buckets)
      }
      result = try monteCarlo(simulation, buckets, keepsPayments: false, runs, options.seed)
    }
    var rows: [[Cell]] = estimate.buckets.map { b in
      [
        .text(b.bucket.label), .integer(Int64(b.accounts)), .money(b.balance), .money(b.offer),
        .decimal(b.bucket.probability.description), .money(b.expectedCash),
      ]
    }
    rows.append([
      .text("total"), .integer(Int64(accounts.count)), .money(estimate.totalBalance),
      .money(estimate.totalOffer), .empty, .money(estimate.expectedCash),
    ])
    session.emit(
      ResultTable(
        columns: [
          .init("bucket", .text), .init("accounts", .integer), .init("balance", .money),
          .init("offer", .money), .init("p", .decimal), .init("expected_cash", .money),
        ],
        rows: rows,
        totalRows: 1
      )
    )
    let share = Money.plain(Percent.share(estimate.expectedCash, of: estimate.totalBalance))
    session.message(
      "discount given up if every account accepts: \(Money.grouped(estimate.totalDiscount)); "
        + "expected cash \(Money.grouped(estimate.expectedCash)) is \(share)% of the balance "
        + "\(Money.grouped(estimate.totalBalance))"
    )
    if let result { emitRuns(session, result, buckets) }
  }

  /// Parses and runs `simulate plan installments N [rate R[%] [ea]] [down X%] [discount D%]
  /// [FILTER] accept …`.
  private static func runSimulatePlan(
    _ session: Session,
    _ inv: CommandInvocation,
    _ q: QueryRun,
    _ args: [Token],
    _ options: RunOptions
  ) throws {
    let asOf = session.settings.asOf
    var request = PlanRequest(installments: 1, start: asOf)
    var locations: [PlanArgument: Token] = [.accounts: inv.word]
    var installments: Int?
    var seen: Set<String> = []
    var i = 1
    let keywords: Set<String> = ["installments", "rate", "down", "discount"]
    while i < args.count, args[i].kind == .word, keywords.contains(args[i].keyword) {
      let keyword = args[i]
      let word = keyword.keyword
      guard seen.insert(word).inserted else {
        throw inv.error(QueryMessages.givenTwice(word), at: keyword)
      }
      guard i + 1 < args.count, args[i + 1].kind == .word else {
        throw inv.error(
          QueryMessages.expected("a value", after: keyword.text),
          at: i + 1 < args.count ? args[i + 1] : nil
        )
      }
      let t = args[i + 1]
      i += 2
      switch word {
      case "installments":
        locations[.installments] = t
        installments = try Arguments.plan(inv, locations) { () throws(PlanError) in
          try PlanRequest.parseInstallments(t.text)
        }
      case "rate":
        locations[.rate] = t
        let ea = i < args.count && args[i].isWord("ea")
        if ea { i += 1 }
        request.rate = try Arguments.rate(inv, t, effectiveAnnual: ea, locations)
      case "down":
        locations[.down] = t
        guard t.text.hasSuffix("%") else {
          throw inv.error(
            .campaignDownNotPercent(t.text),
            at: t,
            notes: ["example: down 10%"]
          )
        }
        request.down = try Arguments.plan(inv, locations) { () throws(PlanError) in
          try DownPayment.parse(t.text)
        }
      default:  // "discount"
        locations[.discount] = t
        request.discount = try Arguments.percent(inv, t, for: .discount, locations)
      }
    }
    guard let installments else {
      throw inv.error(
        .expectedInstallmentsAfterPlan,
        at: i < args.count ? args[i] : nil,
        notes: ["example: simulate plan installments 6 rate 1% accept 0-90=0.5,91+=0.2"]
      )
    }
    request.installments = installments
    let calculator = try Arguments.plan(inv, locations) { () throws(PlanError) in
      try PlanCalculator(request, settings: session.settings.planSettings)
    }
    let contractEAR = RateMath.contractEAR(monthly: request.rate.monthly)
    if let cap = session.settings.planSettings.usuryCap, contractEAR.exceeds(cap) {
      session.report(PlanReport.contractUsuryWarning(contractEAR, cap: cap))
    }
    let (accounts, buckets) = try campaign(
      session,
      inv,
      q,
      args,
      from: i,
      locations: &locations,
      example: "simulate plan installments \(installments)",
      acceptExample: "simulate plan installments 6 accept 0-90=0.5,91+=0.2"
    )
    try checkResources(
      session,
      inv,
      options,
      accounts: accounts.count,
      paymentsPerAccount: installments + 1,
      buckets: buckets.count,
      installmentsToken: locations[.installments]
    )
    let projection = try Arguments.plan(inv, locations) { () throws(PlanError) in
      try PlanCashFlow.project(
        accounts: accounts,
        calculator: calculator,
        buckets: buckets,
        keepingPayments: options.runs != nil
      )
    }
    var result: MonteCarloResult?
    if let runs = options.runs, let simulation = projection.simulation {
      result = try monteCarlo(simulation, buckets, keepsPayments: true, runs, options.seed)
    }
    var rows: [[Cell]] = projection.months.map { m in
      [
        .text(m.label), .money(m.downPayments), .money(m.installments), .money(m.expectedCash),
        .money(m.cumulative),
      ]
    }
    rows.append([
      .text("total"), .money(projection.downPayments), .money(projection.installments),
      .money(projection.expectedCash), .empty,
    ])
    session.emit(
      ResultTable(
        columns: [
          .init("month", .text), .init("down_payments", .money), .init("installments", .money),
          .init("expected_cash", .money), .init("cumulative", .money),
        ],
        rows: rows,
        totalRows: 1
      )
    )
    let share = Money.plain(Percent.share(projection.expectedCash, of: projection.totalBalance))
    var skipped = ""
    if projection.skipped > 0 {
      skipped = "; \(projection.skipped) accounts with no balance are not offered a plan"
    }
    session.message(
      "\(projection.planned) plans; discount given up if every account accepts: "
        + "\(Money.grouped(projection.totalDiscount)); paid if every plan is accepted and "
        + "kept: \(Money.grouped(projection.totalIfKept)); expected cash "
        + "\(Money.grouped(projection.expectedCash)) is \(share)% of the balance "
        + "\(Money.grouped(projection.totalBalance))\(skipped)"
    )
    if let result { emitRuns(session, result, buckets) }
  }

  /// The filter, the buckets and the accounts of a campaign: `[FILTER] accept …` from
  /// `args[start]`, one currency; `example` starts the currency note, `acceptExample` is the
  /// note of a missing `accept`.
  private static func campaign(
    _ session: Session,
    _ inv: CommandInvocation,
    _ q: QueryRun,
    _ args: [Token],
    from start: Int,
    locations: inout [PlanArgument: Token],
    example: String,
    acceptExample: String
  ) throws -> ([RecoveryAccount], [AcceptanceBucket]) {
    guard
      let acceptIndex = args.indices.dropFirst(start).first(where: { args[$0].isWord("accept") })
    else {
      throw inv.error(
        .expectedAccept,
        notes: [Diagnostic.Message("example: \(acceptExample)")]
      )
    }
    locations[.accounts] = args[acceptIndex]
    var parser = q.parser(args[start..<acceptIndex])
    let filter = try parser.parseFilter()
    try parser.expectEnd()
    let selection = try q.select(filter)

    // Buckets: the tokens between commas, as typed (`0-30`, `=`, `0.4`).
    var groups: [[Token]] = [[]]
    for t in args[(acceptIndex + 1)...] {
      if t.kind == .comma { groups.append([]) } else { groups[groups.count - 1].append(t) }
    }
    var buckets: [AcceptanceBucket] = []
    for (i, g) in groups.enumerated() {
      guard let firstToken = g.first, let lastToken = g.last else {
        throw inv.error(
          .expectedBucket,
          at: nil,
          notes: ["example: accept 0-90=0.5,91+=0.2"]
        )
      }
      let range = SourceRange(
        file: firstToken.range.file,
        start: firstToken.range.start,
        end: lastToken.range.end
      )
      let whole = Token(kind: .word, text: g.map(\.text).joined(), range: range)
      locations[.bucket(index: i)] = whole
      let known = locations
      buckets.append(
        try Arguments.plan(inv, known) { () throws(PlanError) in
          try AcceptanceBucket.parse(whole.text, index: i)
        }
      )
    }

    // The accounts, one currency; columns resolved once for the scan.
    let p = q.portfolio
    let asOf = session.settings.asOf
    let ids = p.column(named: "account_id")
    let currencyColumn = p.column(named: "currency")
    let computed = p.computed(asOf: asOf)
    let behaviors = try q.evaluator.derived.behaviors(asOf: asOf).rowCodes
    var currencies: Set<String> = []
    var accounts: [RecoveryAccount] = []
    accounts.reserveCapacity(selection.count)
    var previousCurrency = ""
    for (k, r) in selection.rows.enumerated() {
      if k % Interruption.stride == 0 {
        try Interruption.checkpoint("accounts", done: k, of: selection.count)
      }
      let code = currencyColumn?.text(r) ?? ""
      if code != previousCurrency || currencies.isEmpty {
        currencies.insert(code.isEmpty ? CanonicalSchema.defaultCurrency : code)
        previousCurrency = code
      }
      accounts.append(
        RecoveryAccount(
          id: ids?.text(r) ?? String(r),
          balance: computed.balance(row: r),
          daysOverdue: computed.daysOverdue(row: r),
          behavior: Behavior(rawValue: behaviors[r]) ?? .unknown
        )
      )
    }
    if currencies.count > 1 {
      let list = currencies.sorted()
      throw inv.error(
        .accountsInSeveralCurrencies(list),
        at: inv.word,
        notes: [Diagnostic.Message("filter by currency: \(example) currency \(list[0]) accept …")]
      )
    }
    return (accounts, buckets)
  }

  /// Refuses a Monte Carlo over more draws than ``ResourceLimits/draws`` allows, and one whose
  /// accounts and payments would take more memory than the system has, before it starts.
  ///
  /// Only `--runs` keeps every account's payments; without it the work is a single pass whose
  /// memory does not grow with the accounts beyond the ones already selected.
  private static func checkResources(
    _ session: Session,
    _ inv: CommandInvocation,
    _ options: RunOptions,
    accounts: Int,
    paymentsPerAccount: Int,
    buckets: Int,
    installmentsToken: Token? = nil
  ) throws {
    guard let runs = options.runs else { return }
    let limits = session.resourceLimits
    guard limits.allowsMonteCarlo(runs: runs, accounts: accounts) else {
      let product = runs.multipliedReportingOverflow(by: accounts)
      let draws =
        product.overflow ? "more than \(Int.max)" : ResourceLimits.grouped(product.partialValue)
      throw inv.error(
        Diagnostic.Message(
          "\(ResourceLimits.grouped(runs)) runs × \(ResourceLimits.grouped(accounts)) accounts is "
            + "\(draws) draws, more than the \(ResourceLimits.grouped(limits.draws)) "
            + "a Monte Carlo may make"
        ),
        at: options.runsToken,
        notes: [
          limits.monteCarloEstimate(runs: runs, accounts: accounts),
          "narrow the accounts with a filter, or make fewer runs",
        ]
      )
    }
    let bytes = ResourceLimits.monteCarloBytes(
      accounts: accounts,
      paymentsPerAccount: paymentsPerAccount,
      runs: runs,
      buckets: buckets
    )
    if let available = limits.shortfall(bytes) {
      var narrow = "narrow the accounts with a filter, or make fewer runs"
      if installmentsToken != nil {
        narrow = "narrow the accounts with a filter, or give fewer installments"
      }
      throw inv.error(
        Diagnostic.Message(
          "the Monte Carlo over \(ResourceLimits.grouped(accounts)) accounts needs about "
            + "\(ResourceLimits.describe(bytes: bytes)) of memory; the system has "
            + "\(ResourceLimits.describe(bytes: available)) available"
        ),
        at: installmentsToken ?? options.runsToken,
        notes: [Diagnostic.Message(narrow)]
      )
    }
  }

  /// Runs the Monte Carlo of a campaign.
  private static func monteCarlo(
    _ simulation: SimulationAccounts,
    _ buckets: [AcceptanceBucket],
    keepsPayments: Bool,
    _ runs: Int,
    _ seed: UInt64
  ) throws(CobroError) -> MonteCarloResult {
    try MonteCarlo.run(
      simulation,
      acceptance: buckets.map(\.probability),
      keepsPayments: keepsPayments,
      runs: runs,
      seed: seed
    )
  }

  /// Emits the table `bucket, mean, p10, p50, p90` of a Monte Carlo and its note on stderr.
  private static func emitRuns(
    _ session: Session,
    _ result: MonteCarloResult,
    _ buckets: [AcceptanceBucket]
  ) {
    func row(_ label: String, _ s: RunStatistics) -> [Cell] {
      [.text(label), .money(s.mean), .money(s.p10), .money(s.p50), .money(s.p90)]
    }
    var rows = zip(buckets, result.buckets).map { row($0.label, $1) }
    rows.append(row("total", result.total))
    session.emit(
      ResultTable(
        columns: [
          .init("bucket", .text), .init("mean", .money), .init("p10", .money),
          .init("p50", .money), .init("p90", .money),
        ],
        rows: rows,
        totalRows: 1
      )
    )
    session.message(
      "monte carlo: \(result.runs) runs, seed \(result.seed): cash recovered per run "
        + "(mean, nearest-rank percentiles)"
    )
  }
}
