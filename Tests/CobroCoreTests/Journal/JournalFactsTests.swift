import CobroCore
import CobroDiagnostics
import CobroJournal
import CobroPlan
import CobroPortfolio
import Testing

/// The journal's facts per account, and the query fields that read them.
@Suite struct JournalFactsTests {
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  static func day(_ d: Int) -> Day { Day(raw: Day.daysFromCivil(2026, 11, 1) + Int32(d - 1)) }

  static func portfolio() throws -> Portfolio {
    try Fixture.load(
      text: """
        account_id,debtor_id,balance,due_date
        A1,D1,100.00,2026-10-01
        A2,D1,200.00,2026-10-01
        A3,D2,300.00,2026-10-01
        A4,D3,400.00,2026-10-01
        """
    )
  }

  static func entry(
    _ kind: JournalEntry.Kind,
    _ account: String,
    on d: Int,
    amount: Cents? = nil,
    due: Int? = nil,
    cancelledBy: Int64? = nil
  ) -> JournalEntry {
    var e = JournalEntry(
      kind: kind,
      account: account,
      stamp: JournalStamp(collector: "ana", day: day(d), at: "")
    )
    e.amount = amount
    e.due = due.map(day)
    e.cancelledBy = cancelledBy
    if kind == .contact {
      e.channel = "call"
      e.result = .noAnswer
    }
    return e
  }

  static func agreement(_ accounts: [String], on d: Int, due: Int, cancelled: Bool = false)
    -> Agreement
  {
    var e = entry(.agreement, accounts[0], on: d)
    e.cancelledBy = cancelled ? 99 : nil
    return Agreement(
      entry: e,
      debtor: accounts.count > 1 ? "D1" : nil,
      accounts: accounts,
      balance: 1_000,
      forgiven: 0,
      installments: [
        Agreement.Installment(
          n: 1,
          due: day(due),
          amount: 1_000,
          fees: 0,
          interest: 0,
          principal: 1_000
        )
      ]
    )
  }

  static let entries = [
    // A1: two pending promises and one broken one; contacts on both week boundaries.
    entry(.promise, "A1", on: 20, amount: 5_000, due: 40),
    entry(.promise, "A1", on: 20, amount: 2_500, due: 35),
    entry(.promise, "A1", on: 10, amount: 100, due: 15),
    entry(.contact, "A1", on: 23),
    entry(.contact, "A1", on: 24),
    entry(.contact, "A1", on: 30),
    // A2: a cancelled promise and a contact after the as-of date count for nothing.
    entry(.promise, "A2", on: 20, amount: 9_000, due: 15, cancelledBy: 50),
    entry(.contact, "A2", on: 31),
    // An account the portfolio does not have.
    entry(.promise, "Z9", on: 20, amount: 9_000, due: 40),
  ]

  static func facts(
    agreements: [Agreement] = [],
    breakAfter: Int = AgreementStatus.defaultBreakAfterDays
  ) throws -> (Portfolio, JournalFacts) {
    let p = try portfolio()
    let f = JournalFacts(
      portfolio: p,
      entries: entries,
      agreements: agreements,
      asOf: asOf,
      graceDays: 0,
      breakAfterDays: breakAfter
    )
    return (p, f)
  }

  @Test func pendingPromisesAddUpAndTheNextDateIsTheEarliest() throws {
    let (_, f) = try Self.facts()
    #expect(f.promised.array == [7_500, 0, 0, 0])
    #expect(f.promiseDue.array == [Self.day(35).raw, Day.missing, Day.missing, Day.missing])
  }

  @Test func aBrokenPromiseMarksTheAccount() throws {
    let (_, f) = try Self.facts()
    #expect(f.broken == [1, 0, 0, 0])
  }

  @Test func contactsCountOverTheSevenDaysThroughTheAsOfDate() throws {
    let (_, f) = try Self.facts()
    // Nov 24 through Nov 30: the contact of Nov 23 is out, Nov 31 is after the as-of date.
    #expect(f.contacts7d.array == [2, 0, 0, 0])
    #expect(f.lastContact.array == [Self.day(30).raw, Day.missing, Day.missing, Day.missing])
  }

  @Test func theLastAgreementGivesTheStateToEveryAccountItCovers() throws {
    let agreements = [
      Self.agreement(["A1", "A2"], on: 2, due: 10),
      Self.agreement(["A3"], on: 2, due: 40),
      Self.agreement(["A4"], on: 2, due: 40, cancelled: true),
    ]
    // Unpaid 20 days after its date: behind, not broken, under the default 30 days.
    let (_, f) = try Self.facts(agreements: agreements)
    let labels = f.agreement.map { JournalFacts.agreementLabels[Int($0)] }
    #expect(labels == ["behind", "behind", "pending", ""])
    #expect(f.broken == [1, 0, 0, 0])
    #expect(f.daysBehind.array == [20, 20, 0, 0])
    let (_, strict) = try Self.facts(agreements: agreements, breakAfter: 20)
    #expect(
      strict.agreement.map { JournalFacts.agreementLabels[Int($0)] }.prefix(2) == [
        "broken", "broken",
      ]
    )
    #expect(strict.broken == [1, 1, 0, 0])
  }

  @Test func queryFieldsSelectFromTheFacts() throws {
    let p = try Self.portfolio()
    let context = QueryContext(asOf: Self.asOf)
    var evaluator = Evaluator(portfolio: p, context: context)
    let facts = JournalFacts(
      portfolio: p,
      entries: Self.entries,
      agreements: [Self.agreement(["A3"], on: 2, due: 40)],
      asOf: Self.asOf,
      graceDays: 0
    )
    evaluator.external = JournalFactsProvider { facts }
    func ids(_ filter: String) throws -> [String] {
      let checker = Checker(
        portfolio: p,
        context: context,
        source: SourceFile(name: "<test>", text: filter),
        external: JournalFacts.fields
      )
      let rows = try evaluator.select(try checker.check(try Parser.parse(filter))).rows
      return rows.map { p.column(named: "account_id")?.text($0) ?? "" }
    }
    #expect(try ids("broken = yes") == ["A1"])
    #expect(try ids("broken = no") == ["A2", "A3", "A4"])
    #expect(try ids("promised > 74.99") == ["A1"])
    #expect(try ids("promised > 75") == [])
    #expect(try ids("promise_due <= 2026-12-05") == ["A1"])
    #expect(try ids("promise_due = \"\"") == ["A2", "A3", "A4"])
    #expect(try ids("contacts_7d >= 2") == ["A1"])
    #expect(try ids("last_contact = today") == ["A1"])
    #expect(try ids("agreement = pending") == ["A3"])
    #expect(try ids("agreement in (pending, broken) or broken = yes") == ["A1", "A3"])
    #expect(try ids("agreement = \"\"") == ["A1", "A2", "A4"])
    #expect(try ids("not agreement = \"\"") == ["A3"])
  }

  @Test func withoutAJournalTheFieldsAreEmpty() throws {
    let p = try Self.portfolio()
    let evaluator = Evaluator(portfolio: p, context: QueryContext(asOf: Self.asOf))
    let checker = Checker(
      portfolio: p,
      context: evaluator.context,
      source: SourceFile(name: "<test>", text: ""),
      external: JournalFacts.fields
    )
    #expect(try evaluator.select(try checker.check(try Parser.parse("broken = no"))).count == 4)
    #expect(try evaluator.select(try checker.check(try Parser.parse("promised > 0"))).count == 0)
  }

  @Test func theChoiceFieldsRefuseOtherValuesAndOrderings() throws {
    let p = try Self.portfolio()
    let checker = Checker(
      portfolio: p,
      context: QueryContext(asOf: Self.asOf),
      source: SourceFile(name: "<test>", text: ""),
      external: JournalFacts.fields
    )
    #expect(throws: Diagnostic.self) { try checker.check(try Parser.parse("broken = maybe")) }
    #expect(throws: Diagnostic.self) { try checker.check(try Parser.parse("broken > no")) }
    #expect(throws: Diagnostic.self) { try checker.check(try Parser.parse("agreement = done")) }
    #expect(throws: Diagnostic.self) { try checker.check(try Parser.parse("promised > soon")) }
  }
}
