import CobroCore
import CobroPortfolio
import Testing

/// The validation rules, each on its own fixture with offending and clean accounts.
@Suite struct ValidationTests {
  /// The as-of date of every fixture.
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  /// Loads `Fixtures/validate/NAME.csv` as of `asOf`.
  static func fixture(_ name: String) throws -> Portfolio {
    try Fixture.load("validate/\(name).csv", asOf: asOf)
  }

  /// Loads CSV text written in the test.
  static func portfolio(_ text: String) throws -> Portfolio {
    try Fixture.load(text: text)
  }

  /// The account ids of rows.
  static func ids(_ p: Portfolio, _ rows: [Int32]) -> [String] {
    rows.map { p.column(named: "account_id")?.text(Int($0)) ?? "?" }
  }

  /// Each rule's fixture and the accounts it must report, in file order.
  static let expectations: [(rule: String, offenders: [String])] = [
    ("balance_above_principal", ["BAD"]),
    ("breakdown_mismatch", ["BAD"]),
    ("nonpositive_balance_active", ["BAD"]),
    ("paid_with_balance", ["BAD"]),
    ("written_off_without_balance", ["BAD"]),
    ("long_overdue_not_written_off", ["BAD"]),
    ("due_before_issue", ["BAD"]),
    ("last_payment_in_future", ["BAD"]),
    ("last_payment_before_issue", ["BAD"]),
    ("channel_without_contact", ["BAD", "LAND", "MAIL"]),
    ("channel_not_authorized", ["BAD"]),
    ("malformed_phone", ["BAD"]),
    ("malformed_email", ["BAD"]),
    ("debtor_name_conflict", ["B1", "B2"]),
    ("invalid_currency", ["BAD"]),
    ("prescription_near", ["BAD"]),
    ("prescription_past", ["BAD"]),
    ("file_overdue_mismatch", ["BAD"]),
  ]

  @Test func everyRuleHasAFixture() {
    #expect(Self.expectations.map(\.rule) == ValidationRule.all.map(\.name))
  }

  @Test(arguments: expectations)
  func ruleReportsItsOffenders(rule name: String, offenders: [String]) throws {
    let p = try Self.fixture(name)
    #expect(p.rejects.isEmpty)
    let rule = try #require(ValidationRule.named(name))
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    let outcome = validation.outcome(of: rule)
    #expect(outcome.skipped == nil)
    #expect(Self.ids(p, outcome.rows) == offenders)

    let detail = validation.offenders(of: rule)
    #expect(detail.rows.count == offenders.count)
    #expect(detail.columns.first?.name == "account_id")
    #expect(detail.columns.last?.name == "reason")
    for row in detail.rows {
      #expect(row.count == detail.columns.count)
      #expect(!(row.last?.plain.isEmpty ?? true), "rule \(name) gives no reason")
    }

    let summary = validation.summary()
    let line = try #require(summary.rows.first { $0.first == .text(name) })
    #expect(line[1] == .integer(Int64(offenders.count)))
    #expect(line[2] == .text(offenders.prefix(3).joined(separator: ", ")))
  }

  @Test func summaryListsEveryRuleInOrderWithItsShape() throws {
    let p = try Self.fixture("balance_above_principal")
    let summary = Validation(portfolio: p, asOf: Self.asOf).summary()
    #expect(summary.columns.map(\.name) == ["rule", "count", "examples", "description"])
    #expect(summary.rows.map { $0[0].plain } == ValidationRule.all.map(\.name))
  }

  @Test func rulesNeedingAbsentColumnsAreSkippedAndSaySo() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,balance,due_date
      A1,D1,100.00,2026-10-01
      """
    )
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    let outcomes = Dictionary(
      uniqueKeysWithValues: validation.outcomes().map { ($0.rule, $0.skipped) }
    )
    #expect(outcomes["balance_above_principal"] == .some("no 'principal' column"))
    #expect(
      outcomes["breakdown_mismatch"]
        == .some("no 'capital' or 'interest' or 'late_interest' or 'fees' column")
    )
    #expect(
      outcomes["channel_without_contact"]
        == .some("no 'channel' column and no 'phone' or 'email' column")
    )
    #expect(
      outcomes["last_payment_before_issue"]
        == .some("no 'last_payment_date' column and no 'issue_date' column")
    )
    let ran = ValidationRule.all.map(\.name).filter { outcomes[$0] == .some(nil) }
    #expect(
      ran == [
        "nonpositive_balance_active", "long_overdue_not_written_off", "prescription_near",
        "prescription_past",
      ]
    )

    let summary = validation.summary()
    let skipped = try #require(summary.rows.first { $0[0] == .text("malformed_phone") })
    #expect(
      skipped == [.text("malformed_phone"), .empty, .empty, .text("skipped: no 'phone' column")]
    )

    let rule = try #require(ValidationRule.named("malformed_phone"))
    let detail = validation.offenders(of: rule)
    #expect(detail.rows.isEmpty)
    #expect(detail.columns.map(\.name) == ["account_id", "debtor_id", "debtor_name", "reason"])
  }

  @Test func aChannelWhoseContactColumnIsAbsentIsNotChecked() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,balance,due_date,channel,email
      A1,D1,100.00,2026-10-01,whatsapp,
      A2,D2,100.00,2026-10-01,email,
      """
    )
    let rule = try #require(ValidationRule.named("channel_without_contact"))
    let outcome = Validation(portfolio: p, asOf: Self.asOf).outcome(of: rule)
    #expect(Self.ids(p, outcome.rows) == ["A2"])
  }

  @Test func reasonsNameTheValuesThatOffend() throws {
    func reasons(_ name: String) throws -> [String] {
      let p = try Self.fixture(name)
      let rule = try #require(ValidationRule.named(name))
      return Validation(portfolio: p, asOf: Self.asOf).offenders(of: rule).rows.map {
        $0.last?.plain ?? ""
      }
    }
    #expect(try reasons("balance_above_principal") == ["the balance is 200.00 above the principal"])
    #expect(
      try reasons("breakdown_mismatch")
        == ["the parts add up to 990.00, not to the balance 1000.00"]
    )
    #expect(try reasons("long_overdue_not_written_off") == ["361 days overdue and still active"])
    #expect(try reasons("due_before_issue") == ["due 9 days before it was issued"])
    #expect(
      try reasons("last_payment_in_future") == ["1 day after the as-of date 2026-11-30"]
    )
    #expect(
      try reasons("channel_without_contact") == [
        "no phone for whatsapp", "no mobile for sms: the phone is a landline",
        "the address for email is malformed (the domain has no '.')",
      ]
    )
    #expect(
      try reasons("channel_not_authorized") == [
        "whatsapp is not authorised (authorised: email, sms)"
      ]
    )
    #expect(
      try reasons("malformed_phone") == ["7 digits: landlines have 10 (60 + area code) since 2022"]
    )
    #expect(
      try reasons("debtor_name_conflict") == [
        "the same debtor_id is also 'Mario Gómez'", "the same debtor_id is also 'María Gómez'",
      ]
    )
    #expect(try reasons("invalid_currency") == ["'PESOS' is not an ISO 4217 code (COP?)"])
    #expect(
      try reasons("prescription_near")
        == ["prescribes on 2027-01-15, in 46 days (3 years from the due date)"]
    )
    #expect(
      try reasons("prescription_past")
        == ["prescribed on 2026-06-30, 153 days ago (5 years from the due date)"]
    )
    #expect(
      try reasons("file_overdue_mismatch") == ["the file says 20, computed 29 as of 2026-11-30"]
    )
  }

  @Test func prescriptionDateOnTheAsOfDateIsNearNotPast() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,product,balance,due_date
      TODAY,D1,invoice,100.00,2023-11-30
      YESTERDAY,D2,invoice,100.00,2023-11-29
      LAST,D3,invoice,100.00,2024-05-29
      BEYOND,D4,invoice,100.00,2024-05-30
      PAGARE,D5,pagaré,100.00,2023-06-01
      """
    )
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    let near = try #require(ValidationRule.named("prescription_near"))
    let past = try #require(ValidationRule.named("prescription_past"))
    // 2024-05-29 + 3 years is 2027-05-29, 180 days after 2026-11-30; 2024-05-30 is 181.
    #expect(Self.ids(p, validation.outcome(of: near).rows) == ["TODAY", "LAST"])
    #expect(Self.ids(p, validation.outcome(of: past).rows) == ["YESTERDAY", "PAGARE"])
  }

  @Test func prescriptionOfALeapDayEndsOnTheLastDayOfFebruary() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,product,balance,due_date
      LEAP,D1,invoice,100.00,2024-02-29
      """
    )
    let near = try #require(ValidationRule.named("prescription_near"))
    let past = try #require(ValidationRule.named("prescription_past"))
    let lastDay = Validation(portfolio: p, asOf: Day(raw: Day.daysFromCivil(2027, 2, 28)))
    #expect(lastDay.outcome(of: near).rows.count == 1)
    #expect(lastDay.outcome(of: past).rows.isEmpty)
    let dayAfter = Validation(portfolio: p, asOf: Day(raw: Day.daysFromCivil(2027, 3, 1)))
    #expect(dayAfter.outcome(of: near).rows.isEmpty)
    #expect(dayAfter.outcome(of: past).rows.count == 1)
  }

  @Test func theLargestAmountsAddExactly() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,balance,capital,interest,late_interest,fees,due_date
      BIG,D1,9999999999999999.99,9999999999999999.99,9999999999999999.99,\
      9999999999999999.99,9999999999999999.99,2026-10-01
      """
    )
    #expect(p.rejects.isEmpty)
    let rule = try #require(ValidationRule.named("breakdown_mismatch"))
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    let row = try #require(validation.offenders(of: rule).rows.first)
    #expect(
      row.last
        == .text(
          "the parts add up to 39999999999999999.96, not to the balance 9999999999999999.99"
        )
    )
    #expect(row[row.count - 2] == .money(2_999_999_999_999_999_997))
  }

  @Test func fileOverdueAcceptsSpreadsheetNumbersAndFlagsText() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,balance,due_date,mora
      A,D1,100.00,2026-11-01,29
      B,D2,100.00,2026-11-01,29.00
      C,D3,100.00,2026-12-15,-15
      D,D4,100.00,2026-11-01,n/a
      E,D5,100.00,2026-11-01,
      F,D6,0.00,2026-11-01,29
      """
    )
    let rule = try #require(ValidationRule.named("file_overdue_mismatch"))
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    #expect(Self.ids(p, validation.outcome(of: rule).rows) == ["D", "F"])
  }

  @Test func namesCompareIgnoringCaseAccentsBlanksAndPunctuation() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,debtor_name,balance,due_date
      A1,900123,Ferretería López S.A.S.,100.00,2026-10-01
      A2,900123,FERRETERIA  LOPEZ SAS,100.00,2026-10-01
      A3,900123,Ferreteri\u{301}a Lo\u{301}pez sas,100.00,2026-10-01
      A4,900123,,100.00,2026-10-01
      B1,800456,Ana Pérez,100.00,2026-10-01
      B2,800456,Pérez Ana,100.00,2026-10-01
      B3,800456,,100.00,2026-10-01
      C1,c-1,Beto,100.00,2026-10-01
      C2,C-1,Carla,100.00,2026-10-01
      """
    )
    let rule = try #require(ValidationRule.named("debtor_name_conflict"))
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    #expect(Self.ids(p, validation.outcome(of: rule).rows) == ["B1", "B2"])
    let reasons = validation.offenders(of: rule).rows.map { $0.last?.plain ?? "" }
    #expect(
      reasons == [
        "the same debtor_id is also 'Pérez Ana'", "the same debtor_id is also 'Ana Pérez'",
      ]
    )
  }

  @Test func examplesAreTheFirstThreeInFileOrder() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,balance,due_date,email
      E1,D1,100.00,2026-10-01,a@b
      E2,D2,100.00,2026-10-01,ok@example.com
      E3,D3,100.00,2026-10-01,c
      E4,D4,100.00,2026-10-01,d@@e.com
      E5,D5,100.00,2026-10-01,e f@g.com
      """
    )
    let summary = Validation(portfolio: p, asOf: Self.asOf).summary()
    let line = try #require(summary.rows.first { $0[0] == .text("malformed_email") })
    #expect(line[1] == .integer(4))
    #expect(line[2] == .text("E1, E3, E4"))
  }

  @Test func anAuthorizationThatNamesNoChannelAuthorizesNothing() throws {
    let p = try Self.portfolio(
      """
      account_id,debtor_id,balance,due_date,channel,authorized_channels
      A1,D1,100.00,2026-10-01,sms,postal
      A2,D2,100.00,2026-10-01,sms,"WhatsApp, SMS"
      A3,D3,100.00,2026-10-01,,email
      """
    )
    let rule = try #require(ValidationRule.named("channel_not_authorized"))
    let validation = Validation(portfolio: p, asOf: Self.asOf)
    #expect(Self.ids(p, validation.outcome(of: rule).rows) == ["A1"])
    #expect(validation.offenders(of: rule).rows.first?.last == .text("'postal' names no channel"))
  }

  /// Counts per rule on a generated portfolio (`nil` for a skipped rule).
  static func generatedCounts(qualityIssues: Bool) throws -> [String: Int?] {
    let generator = PortfolioGenerator(
      accounts: 4_000,
      seed: 7,
      asOf: asOf,
      qualityIssues: qualityIssues
    )
    let p = try Fixture.load(text: String(decoding: generator.csv().portfolio, as: UTF8.self))
    #expect(p.rejects.isEmpty)
    let outcomes = Validation(portfolio: p, asOf: asOf).outcomes()
    return Dictionary(
      uniqueKeysWithValues: outcomes.map { ($0.rule, $0.skipped == nil ? $0.rows.count : nil) }
    )
  }

  /// The rules the generator's deliberate problems should trip, and those it never trips.
  static let spoiledRules = [
    "balance_above_principal", "breakdown_mismatch", "malformed_email",
    "channel_without_contact", "channel_not_authorized", "last_payment_before_issue",
  ]
  static let cleanRules = [
    "nonpositive_balance_active", "paid_with_balance", "written_off_without_balance",
    "due_before_issue", "last_payment_in_future", "malformed_phone", "debtor_name_conflict",
    "invalid_currency",
  ]

  @Test func theGeneratorsCleanPortfoliosPassTheDataRules() throws {
    let counts = try Self.generatedCounts(qualityIssues: false)
    for rule in Self.spoiledRules + Self.cleanRules {
      #expect(counts[rule] == .some(0), "\(rule) on a clean generated portfolio")
    }
  }

  @Test func theGeneratorsDeliberateProblemsAreFound() throws {
    let counts = try Self.generatedCounts(qualityIssues: true)
    for rule in Self.spoiledRules {
      #expect(((counts[rule] ?? nil) ?? 0) > 0, "\(rule) finds none of the generator's problems")
    }
    for rule in Self.cleanRules {
      #expect(counts[rule] == .some(0), "\(rule) on a spoiled generated portfolio")
    }
  }
}
