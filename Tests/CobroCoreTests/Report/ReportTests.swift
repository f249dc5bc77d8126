import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Testing

/// Reports against naive oracles on seeded random portfolios, including as-of dates before the
/// cut-off rebuilt from payments and portfolios in two currencies.
@Suite struct ReportTests {
  struct Fixture {
    let data: RandomPortfolio
    let portfolio: Portfolio
    let oracle: Oracle
    let evaluator: Evaluator
    let selection: Selection

    init(
      seed: UInt64,
      days: Int,
      currencies: [String],
      bounds: [Int]? = nil,
      count: Int = 500
    ) throws {
      data = RandomPortfolio(seed: seed, count: count, currencies: currencies)
      portfolio = try data.load()
      let asOf = data.cutoff.adding(days: days)
      var context = QueryContext(asOf: asOf)
      if let bounds,
        case .success(let s) = BucketScheme.parse(bounds.map(String.init).joined(separator: ","))
      {
        context.buckets = s
      }
      oracle = Oracle(
        data: data,
        asOf: asOf,
        payments: true,
        bounds: bounds ?? [30, 60, 90, 180, 360]
      )
      evaluator = Evaluator(portfolio: portfolio, context: context)
      selection = try evaluator.everything()
    }

    var existing: [TestAccount] { data.accounts.filter { oracle.exists($0) } }
  }

  /// The last one has more accounts than the group sums take in one chunk (4,096 rows), and
  /// not a multiple of it.
  static let settings: [(seed: UInt64, days: Int, currencies: [String], count: Int)] = [
    (11, 0, ["COP"], 500), (12, -150, ["COP"], 500), (13, -60, ["COP", "USD"], 500),
    (14, 30, ["COP", "USD", "EUR"], 9_001),
  ]

  @Test(arguments: 0..<4)
  func agingMatchesTheOracleAndAddsUp(_ k: Int) throws {
    let s = ReportTests.settings[k]
    let f = try Fixture(
      seed: s.seed,
      days: s.days,
      currencies: s.currencies,
      bounds: k == 1 ? [15, 45, 120] : nil,
      count: s.count
    )
    let report = try AgingReport.compute(by: nil, evaluator: f.evaluator, selection: f.selection)
    let labels = f.evaluator.context.buckets.labels
    let currencies = Set(f.existing.map { f.data.currency($0) }).sorted()
    #expect(report.splitByCurrency == (currencies.count > 1))
    #expect(report.rows.count == labels.count * currencies.count)
    for (ci, cur) in currencies.enumerated() {
      let mine = f.existing.filter { f.data.currency($0) == cur }
      let whole = mine.reduce(Int64(0)) { $0 + f.oracle.balance($1) }
      var added: Int64 = 0
      for (bi, label) in labels.enumerated() {
        let row = report.rows[ci * labels.count + bi]
        let inBucket = mine.filter { f.oracle.bucket($0) == label }
        let balance = inBucket.reduce(Int64(0)) { $0 + f.oracle.balance($1) }
        #expect(row.bucket == label)
        #expect(row.count == inBucket.count, "seed \(s.seed) \(cur) \(label)")
        #expect(row.balance == balance, "seed \(s.seed) \(cur) \(label)")
        #expect(row.share == Oracle.share(balance, whole))
        added += row.balance
      }
      let total = report.totals[ci]
      #expect(total.balance == whole && added == whole && total.count == mine.count)
    }
  }

  @Test(arguments: 0..<4)
  func agingByFieldIsTheLongForm(_ k: Int) throws {
    let s = ReportTests.settings[k]
    let f = try Fixture(seed: s.seed, days: s.days, currencies: s.currencies, count: s.count)
    let segment = try #require(
      Checker(
        portfolio: f.portfolio,
        context: f.evaluator.context,
        source: SourceFile(name: "", text: "")
      )
      .field(named: "segment")
    )
    let report = try AgingReport.compute(
      by: segment,
      evaluator: f.evaluator,
      selection: f.selection
    )
    let labels = f.evaluator.context.buckets.labels
    for row in report.rows {
      let seg = row.group?.plain ?? ""
      let matching = f.existing.filter {
        $0.segment == seg && f.oracle.bucket($0) == row.bucket
          && (row.currency == nil || f.data.currency($0) == row.currency)
      }
      #expect(row.count == matching.count)
      #expect(row.balance == matching.reduce(Int64(0)) { $0 + f.oracle.balance($1) })
    }
    // Every segment has every bucket; one total per bucket and one overall, per currency.
    let currencies = Set(f.existing.map { f.data.currency($0) }).count
    #expect(report.totals.count == (labels.count + 1) * currencies)
    #expect(report.rows.count % labels.count == 0)
    let grand = report.totals.filter { $0.bucket == "total" }.reduce(Int64(0)) { $0 + $1.balance }
    #expect(grand == f.existing.reduce(Int64(0)) { $0 + f.oracle.balance($1) })
  }

  /// More than 2^20 possible groups (accounts x debtors x segments) take the sparse path,
  /// which reads one label per row of each dimension (text, and a category's codes).
  @Test func groupingByManyGroupsMatchesTheOracle() throws {
    let f = try Fixture(seed: 15, days: 0, currencies: ["COP", "USD"], count: 600)
    let checker = Checker(
      portfolio: f.portfolio,
      context: f.evaluator.context,
      source: SourceFile(name: "", text: "")
    )
    let fields = try ["account_id", "debtor_id", "segment"].map {
      try #require(checker.field(named: $0))
    }
    let report = try GroupReport.compute(by: fields, evaluator: f.evaluator, selection: f.selection)
    #expect(report.rows.count == f.existing.count)
    let byID = Dictionary(uniqueKeysWithValues: f.existing.map { ($0.id, $0) })
    for row in report.rows {
      let a = try #require(byID[row.labels[0].plain])
      #expect(row.labels[1].plain == a.debtor && row.labels[2].plain == a.segment)
      #expect(row.totals.count == 1 && row.balance == f.oracle.balance(a))
      #expect((row.currency ?? "COP") == f.data.currency(a))
    }
  }

  @Test(arguments: 0..<4)
  func groupByMatchesTheOracle(_ k: Int) throws {
    let s = ReportTests.settings[k]
    let f = try Fixture(seed: s.seed, days: s.days, currencies: s.currencies, count: s.count)
    let checker = Checker(
      portfolio: f.portfolio,
      context: f.evaluator.context,
      source: SourceFile(name: "", text: "")
    )
    let fields = try ["segment", "status"].map { try #require(checker.field(named: $0)) }
    let report = try GroupReport.compute(by: fields, evaluator: f.evaluator, selection: f.selection)
    struct Key: Hashable { var segment, status, currency: String }
    var expected: [Key: (count: Int, balance: Int64, days: Int)] = [:]
    for a in f.existing {
      let key = Key(segment: a.segment, status: f.oracle.status(a), currency: f.data.currency(a))
      var e = expected[key] ?? (0, 0, 0)
      e.count += 1
      e.balance += f.oracle.balance(a)
      e.days += f.oracle.overdue(a)
      expected[key] = e
    }
    #expect(report.rows.count == expected.count)
    var previous: (String?, Int64)?
    for row in report.rows {
      let key = Key(
        segment: row.labels[0].plain,
        status: row.labels[1].plain,
        currency: row.currency ?? "COP"
      )
      let e = try #require(expected[key], "\(key)")
      #expect(row.totals.count == e.count && row.balance == e.balance)
      let avg = Oracle.share(Int64(e.days), Int64(e.count) * 100)
      #expect(row.totals.averageOverdue == Money.plain(avg))
      // Balance descending within a currency.
      if let (cur, balance) = previous, cur == row.currency { #expect(balance >= row.balance) }
      previous = (row.currency, row.balance)
    }
    let totalBalance = report.totals.reduce(Int64(0)) { $0 + $1.balance }
    #expect(totalBalance == f.existing.reduce(Int64(0)) { $0 + f.oracle.balance($1) })
  }

  @Test(arguments: 0..<4)
  func aggregatesMatchTheOracle(_ k: Int) throws {
    let s = ReportTests.settings[k]
    let f = try Fixture(seed: s.seed, days: s.days, currencies: s.currencies, count: s.count)
    let checker = Checker(
      portfolio: f.portfolio,
      context: f.evaluator.context,
      source: SourceFile(name: "", text: "")
    )
    let principal = try #require(checker.field(named: "principal"))
    let overdue = try #require(checker.field(named: "overdue"))
    let byCurrency = Dictionary(grouping: f.existing) { f.data.currency($0) }
    for fn in [AggregateReport.Function.sum, .avg, .min, .max] {
      let r = try AggregateReport.compute(
        fn,
        field: principal,
        evaluator: f.evaluator,
        selection: f.selection
      )
      #expect(r.columnName == "\(fn.rawValue)_principal")
      #expect(r.rows.count == byCurrency.count)
      for row in r.rows {
        let values = (byCurrency[row.currency ?? "COP"] ?? []).compactMap(\.principal)
        let expected: Int64? =
          switch fn {
          case .sum: values.reduce(0, +)
          case .avg:
            values.isEmpty ? nil : Oracle.share(values.reduce(0, +), Int64(values.count) * 10_000)
          case .min: values.min()
          case .max: values.max()
          case .count: nil
          }
        #expect(
          row.value == (expected.map { Cell.money($0) } ?? .empty),
          "\(fn) \(row.currency ?? "")"
        )
      }
    }
    let days = f.existing.map { Int64(f.oracle.overdue($0)) }
    let avg = try AggregateReport.compute(
      .avg,
      field: overdue,
      evaluator: f.evaluator,
      selection: f.selection
    )
    #expect(
      avg.rows.map(\.value) == [
        .decimal(Money.plain(Oracle.share(days.reduce(0, +), Int64(days.count) * 100)))
      ]
    )
    let max = try AggregateReport.compute(
      .max,
      field: overdue,
      evaluator: f.evaluator,
      selection: f.selection
    )
    #expect(max.rows.map(\.value) == [.integer(days.max() ?? 0)])
  }

  @Test func aggregatesOfNothing() throws {
    let f = try Fixture(seed: 5, days: 0, currencies: ["COP"])
    let none = Selection(mask: [UInt8](repeating: 0, count: f.portfolio.rowCount))
    let balance = Field(name: "balance", source: .balance, type: .money)
    #expect(
      try AggregateReport.compute(.sum, field: balance, evaluator: f.evaluator, selection: none)
        .table.rows == [[.money(0)]]
    )
    #expect(
      try AggregateReport.compute(.avg, field: balance, evaluator: f.evaluator, selection: none)
        .table.rows == [[.empty]]
    )
    #expect(
      try AggregateReport.compute(.min, field: balance, evaluator: f.evaluator, selection: none)
        .table.rows == [[.empty]]
    )
    #expect(
      try AggregateReport.compute(.count, field: nil, evaluator: f.evaluator, selection: none).table
        .rows == [[.integer(0)]]
    )
  }

  @Test func concentrationRanksDebtors() throws {
    let f = try Fixture(seed: 21, days: 0, currencies: ["COP"])
    let report = try ConcentrationReport.compute(
      top: 5,
      evaluator: f.evaluator,
      selection: f.selection
    )
    var sums: [String: Int64] = [:]
    for a in f.existing { sums[a.debtor, default: 0] += f.oracle.balance(a) }
    let ranked = sums.sorted {
      $0.value != $1.value
        ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8))
    }
    #expect(report.rows.map(\.debtorID) == ranked.prefix(5).map(\.key))
    #expect(report.rows.map(\.balance) == ranked.prefix(5).map(\.value))
    let whole = sums.values.reduce(0, +)
    #expect(report.total.share == Oracle.share(ranked.prefix(5).map(\.value).reduce(0, +), whole))
    let two = try Fixture(seed: 22, days: 0, currencies: ["COP", "USD"])
    #expect(throws: ReportError.self) {
      try ConcentrationReport.compute(top: 5, evaluator: two.evaluator, selection: two.selection)
    }
  }

  @Test func wideSumsDetectOverflow() {
    var s = WideSum()
    for _ in 0..<4 { s.add(Int64.max / 2) }
    #expect(s.value == nil)
    var t = WideSum()
    t.add(-5)
    t.add(3)
    t.add(Int64.min / 4)
    #expect(t.value == Int64.min / 4 - 2)
  }

  @Test func paymentTimingRule() throws {
    // Due 2026-11-05, balance above zero: the newest payment on or before it pays 2026-10-05.
    let csv = """
      account_id,debtor_id,balance,due_date
      L1,D1,100.00,2026-11-05
      L2,D2,0.00,2026-03-10
      """
    let pays = """
      account_id,date,amount
      L1,2026-08-01,10.00
      L1,2026-09-20,10.00
      L1,2026-10-05,10.00
      L1,2026-11-20,10.00
      L2,2026-03-09,50.00
      """
    let cutoff = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let p = try PortfolioLoader(options: LoadOptions(), asOf: cutoff).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "t.csv"
    )
    let (h, _) = try PaymentsLoader().load(
      bytes: InputBytes.copying(Array(pays.utf8)),
      name: "p.csv",
      for: p
    )
    p.payments = h
    // L1: 08-01 pays 08-05 (on time), 09-20 pays 09-05 (15 late), 10-05 pays 10-05 (on time),
    // 11-20 is after the due date (15 late). L2 is paid off: 03-09 pays 03-10 (on time).
    #expect(PaymentTiming.daysLate(portfolio: p, history: h) == [0, 15, 0, 15, 0])
    let evidence = try DerivedColumns(portfolio: p).evidence(row: 0, asOf: cutoff)
    #expect(evidence.onTime == 2 && evidence.late == 2 && evidence.behavior == .habitual)
    #expect(evidence.averageDaysLateHundredths == 1500)
  }

  @Test(arguments: [
    (0, 0, Behavior.unknown), (2, 0, .unknown), (9, 1, .punctual), (8, 1, .occasional),
    (5, 5, .habitual), (3, 0, .punctual), (2, 1, .occasional), (1, 2, .habitual),
  ])
  func behaviorClasses(_ onTime: Int, _ late: Int, _ expected: Behavior) {
    #expect(Behavior.classify(onTime: onTime, late: late) == expected)
  }
}
