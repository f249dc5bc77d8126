import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroJournal
@testable import CobroPortfolio

/// The evaluator against a naive row-by-row oracle on seeded random portfolios.
@Suite struct EvaluatorTests {
  /// A filter and what it means, row by row.
  struct Case: Sendable {
    var filter: String
    var matches: @Sendable (Oracle, TestAccount) -> Bool
  }

  static let cases: [Case] = [
    Case(filter: "overdue > 60 segment B") { o, a in o.overdue(a) > 60 && a.segment == "B" },
    Case(filter: "mora >= 1") { o, a in o.overdue(a) >= 1 },
    Case(filter: "dias_mora = 0") { o, a in o.overdue(a) == 0 },
    Case(filter: "overdue <= 30") { o, a in o.overdue(a) <= 30 },
    Case(filter: "overdue < 91 and overdue != 0") { o, a in o.overdue(a) < 91 && o.overdue(a) != 0
    },
    Case(filter: "overdue = 45 or overdue > 400") { o, a in o.overdue(a) == 45 || o.overdue(a) > 400
    },
    Case(filter: "overdue > -5") { _, _ in true },
    Case(filter: "balance > 5M") { o, a in o.balance(a) > 500_000_000 },
    Case(filter: "saldo <= 0") { o, a in o.balance(a) <= 0 },
    Case(filter: "balance >= 2500k balance < 10M") { o, a in
      o.balance(a) >= 250_000_000 && o.balance(a) < 1_000_000_000
    },
    Case(filter: "segment in (A, b)") { _, a in a.segment == "A" || a.segment == "B" },
    Case(filter: "segment != C") { _, a in a.segment != "C" },
    Case(filter: "segment \"\"") { _, a in a.segment.isEmpty },
    Case(filter: "status written_off or status paid") { _, a in
      a.status == "written_off" || a.status == "paid"
    },
    Case(filter: "status ACTIVE") { o, a in o.status(a) == "active" },
    Case(filter: "estado castigada") { _, a in a.status == "written_off" },
    Case(filter: "currency cop") { o, a in o.data.currency(a) == "COP" },
    Case(filter: "currency usd") { o, a in o.data.currency(a) == "USD" },
    Case(filter: "name ~ perez") { _, a in Oracle.fold(a.name).contains("perez") },
    Case(filter: "nombre ~ 'ÑANDÚ'") { _, a in Oracle.fold(a.name).contains("nandu") },
    Case(filter: "name ~ \"peña, l\"") { _, a in Oracle.fold(a.name).contains("pena, l") },
    Case(filter: "name = \"maria perez\"") { _, a in a.name == "maria perez" },
    Case(filter: "name > M") { _, a in
      Array(a.name.utf8).lexicographicallyPrecedes(Array("M".utf8)) == false && a.name != "M"
    },
    Case(filter: "city = Bogotá") { _, a in a.city == "Bogotá" },
    Case(filter: "city ~ bogota or ciudad ~ MEDELLIN") { _, a in
      a.city == "Bogotá" || a.city == "Medellín"
    },
    Case(filter: "due within 30 days") { o, a in
      o.balance(a) > 0 && a.due >= o.asOf && a.due.raw <= o.asOf.raw + 30
    },
    Case(filter: "due today") { o, a in o.balance(a) > 0 && a.due == o.asOf },
    Case(filter: "due < today") { o, a in a.due < o.asOf },
    Case(filter: "issued < 2026-01-01") { _, a in
      a.issue.map { $0 < Day(raw: Day.daysFromCivil(2026, 1, 1)) } ?? false
    },
    Case(filter: "issued = \"\"") { _, a in a.issue == nil },
    Case(filter: "issued != 2026-05-05") { _, a in
      a.issue != Day(raw: Day.daysFromCivil(2026, 5, 5))
    },
    Case(filter: "principal > 1M") { _, a in (a.principal ?? .min) > 100_000_000 },
    Case(filter: "principal = \"\"") { _, a in a.principal == nil },
    Case(filter: "payments_late >= 3") { _, a in (a.late ?? -1) >= 3 },
    Case(filter: "pagos_tarde = \"\"") { _, a in a.late == nil },
    Case(filter: "bucket 61-90") { o, a in o.bucket(a) == "61-90" },
    Case(filter: "bucket in (current, 361+)") { o, a in ["current", "361+"].contains(o.bucket(a)) },
    Case(filter: "bucket >= 91-180") { o, a in ["91-180", "181-360", "361+"].contains(o.bucket(a))
    },
    Case(filter: "behavior late") { o, a in
      ["occasional", "habitual"].contains(o.behavior(a.debtor))
    },
    Case(filter: "behavior puntual") { o, a in o.behavior(a.debtor) == "punctual" },
    Case(filter: "behavior != unknown") { o, a in o.behavior(a.debtor) != "unknown" },
    Case(filter: "not (segment A or overdue > 30)") { o, a in
      !(a.segment == "A" || o.overdue(a) > 30)
    },
    Case(filter: "account_id = A-7 or account = A-12") { _, a in a.id == "A-7" || a.id == "A-12" },
    Case(filter: "debtor_id in (D1, D2, D3)") { _, a in ["D1", "D2", "D3"].contains(a.debtor) },
    Case(filter: "debtor_id not in (D1, D2)") { _, a in !["D1", "D2"].contains(a.debtor) },
    Case(filter: "last_payment <= today") { o, a in a.lastPayment.map { $0 <= o.asOf } ?? false },
    // Bounds beyond what two bytes hold, on columns of two bytes and of four.
    Case(filter: "issued < 1900-01-01") { _, a in
      a.issue.map { $0 < Day(raw: Day.daysFromCivil(1900, 1, 1)) } ?? false
    },
    Case(filter: "issued >= 1700-01-01") { _, a in a.issue != nil },
    Case(filter: "due > 2090-01-01") { _, a in a.due > Day(raw: Day.daysFromCivil(2090, 1, 1)) },
    Case(filter: "due <= 1905-06-30 or due = \"\"") { _, a in
      a.due <= Day(raw: Day.daysFromCivil(1905, 6, 30))
    },
    Case(filter: "payments_late > 40000") { _, a in (a.late ?? -1) > 40_000 },
    Case(filter: "payments_late < 32768 or pagos_tarde = \"\"") { _, a in
      (a.late ?? -1) < 32_768
    },
    Case(filter: "overdue > 40000") { o, a in o.overdue(a) > 40_000 },
    // Groups combined the other way than their parts, and `not` inside `and` and `or`: the
    // evaluator's scratch masks (and the text kernels' scratch, with their chunk's first row).
    Case(filter: "segment B and (overdue > 90 or name ~ a)") { o, a in
      a.segment == "B" && (o.overdue(a) > 90 || Oracle.fold(a.name).contains("a"))
    },
    Case(filter: "balance < 0 or (segment A and overdue > 30)") { o, a in
      o.balance(a) < 0 || (a.segment == "A" && o.overdue(a) > 30)
    },
    Case(filter: "segment B and not name ~ a") { _, a in
      a.segment == "B" && !Oracle.fold(a.name).contains("a")
    },
    Case(filter: "segment A or not name ~ e") { _, a in
      a.segment == "A" || !Oracle.fold(a.name).contains("e")
    },
    Case(filter: "segment B and debtor_id in (D1, D2, D3, D40)") { _, a in
      a.segment == "B" && ["D1", "D2", "D3", "D40"].contains(a.debtor)
    },
    Case(filter: "segment C and name > M") { _, a in
      a.segment == "C"
        && Array(a.name.utf8).lexicographicallyPrecedes(Array("M".utf8)) == false && a.name != "M"
    },
    Case(filter: "(segment A or segment B) and not status paid overdue > 0 or balance < 0") {
      o,
      a in
      ((a.segment == "A" || a.segment == "B") && a.status != "paid" && o.overdue(a) > 0)
        || o.balance(a) < 0
    },
  ]

  /// As-of dates relative to the cut-off, with and without the payments file.
  static let moments: [(days: Int, payments: Bool)] = [
    (0, true), (45, true), (-120, true), (-120, false), (-400, true),
  ]

  /// How `select` cuts the rows: as for a small file (one chunk, one thread), or in chunks of a
  /// few rows evaluated on two threads, as a large file is.
  enum Cut: CaseIterable, Sendable {
    case whole
    case chunksOnTwoThreads

    /// Runs `body` with this cut in force.
    func apply<T>(_ body: () throws -> T) rethrows -> T {
      switch self {
      case .whole: return try body()
      case .chunksOnTwoThreads:
        return try RowHalves.$parallelRows.withValue(2) {
          try Evaluator.$chunkRows.withValue(7) { try body() }
        }
      }
    }
  }

  @Test(arguments: [UInt64(1), 2, 3], Cut.allCases)
  func selectionsMatchTheOracle(seed: UInt64, cut: Cut) throws {
    try cut.apply { try selectionsMatchTheOracle(seed: seed) }
  }

  /// Dates and counts that need four bytes a value (`Int32Column`).
  @Test(arguments: [UInt64(4), 5], Cut.allCases)
  func selectionsOverWideColumnsMatchTheOracle(seed: UInt64, cut: Cut) throws {
    let p = try RandomPortfolio(seed: seed, count: 400, extremes: true).load()
    for name in ["issue_date", "due_date", "payments_late"] {
      switch p.column(named: name)?.data {
      case .date(let c)?, .integer(let c)?: #expect(c.wide != nil, "\(name)")
      default: Issue.record("no \(name)")
      }
    }
    try cut.apply { try selectionsMatchTheOracle(seed: seed, extremes: true) }
  }

  private func selectionsMatchTheOracle(seed: UInt64, extremes: Bool = false) throws {
    let data = RandomPortfolio(
      seed: seed,
      count: 400,
      currencies: ["COP", "USD"],
      extremes: extremes
    )
    let withPayments = try data.load()
    let without = try data.load(payments: false)
    for m in EvaluatorTests.moments {
      let asOf = data.cutoff.adding(days: m.days)
      let p = m.payments ? withPayments : without
      let oracle = Oracle(data: data, asOf: asOf, payments: m.payments)
      let context = QueryContext(asOf: asOf)
      let evaluator = Evaluator(portfolio: p, context: context)
      for c in EvaluatorTests.cases {
        let source = SourceFile(name: "<test>", text: c.filter)
        let checker = Checker(portfolio: p, context: context, source: source)
        let predicate = try checker.check(try Parser.parse(c.filter))
        let selection = try evaluator.select(predicate)
        #expect(selection.count == selection.rows.count)
        let got = selection.rows.map { data.accounts[$0].id }
        let expected = data.accounts.filter { oracle.exists($0) && c.matches(oracle, $0) }.map(\.id)
        #expect(got == expected, "seed \(seed), as of \(asOf), payments \(m.payments): \(c.filter)")
      }
    }
  }

  @Test func theLastFilterIsEvaluatedOnceAtItsDate() throws {
    let data = RandomPortfolio(seed: 7, count: 300)
    let p = try data.load()
    let derived = DerivedColumns(portfolio: p)
    func select(_ filter: String, at asOf: Day, derived: DerivedColumns?) throws -> Selection {
      let context = QueryContext(asOf: asOf)
      let source = SourceFile(name: "<test>", text: filter)
      let checker = Checker(portfolio: p, context: context, source: source)
      let predicate = try checker.check(try Parser.parse(filter))
      return try Evaluator(portfolio: p, context: context, derived: derived).select(predicate)
    }
    func storage(_ s: Selection) -> UnsafePointer<UInt8>? {
      s.mask.withUnsafeBufferPointer { $0.baseAddress }
    }
    let first = try select("segment B", at: data.cutoff, derived: derived)
    // `list`'s summary line selects every row in between: the filter's rows stay kept.
    _ = try Evaluator(portfolio: p, context: QueryContext(asOf: data.cutoff), derived: derived)
      .everything()
    let again = try select("segment B", at: data.cutoff, derived: derived)
    #expect(storage(again) == storage(first))
    // Another date or another filter is evaluated again, and agrees with a fresh evaluation.
    let earlier = data.cutoff.adding(days: -400)
    let moved = try select("segment B", at: earlier, derived: derived)
    #expect(storage(moved) != storage(first))
    #expect(moved.mask == (try select("segment B", at: earlier, derived: nil)).mask)
    let other = try select("segment C", at: earlier, derived: derived)
    #expect(other.mask == (try select("segment C", at: earlier, derived: nil)).mask)
    #expect(other.mask != moved.mask)
  }

  @Test func filtersOnTheJournalAreMarkedAsSuch() throws {
    let data = RandomPortfolio(seed: 8, count: 50)
    let p = try data.load()
    let context = QueryContext(asOf: data.cutoff)
    for (filter, reads) in [
      ("promised > 0", true), ("segment B or not broken = yes", true), ("segment B", false),
      ("not (overdue > 3 and agreement = pending)", true), ("name ~ a", false),
    ] {
      let source = SourceFile(name: "<test>", text: filter)
      let predicate = try Checker(
        portfolio: p,
        context: context,
        source: source,
        external: JournalFacts.fields
      )
      .check(try Parser.parse(filter))
      #expect(predicate.readsExternal == reads, "\(filter)")
    }
  }

  @Test func overdueAgreesWithThePortfolio() throws {
    let data = RandomPortfolio(seed: 9, count: 300)
    let p = try data.load()
    for days in [-200, -30, 0, 30] {
      let asOf = data.cutoff.adding(days: days)
      let oracle = Oracle(data: data, asOf: asOf, payments: true)
      for (r, a) in data.accounts.enumerated() {
        #expect(p.daysOverdue(row: r, asOf: asOf) == oracle.overdue(a))
        #expect(p.balance(row: r, asOf: asOf) == oracle.balance(a))
      }
    }
  }
}
