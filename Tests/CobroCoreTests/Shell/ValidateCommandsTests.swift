import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// `validate` and `describe` through a session, as a script sees them.
@Suite struct ValidateCommandsTests {
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  /// A session on `Fixtures/validate/NAME.csv`, writing to buffers.
  static func session(_ name: String) throws -> (Session, BufferSink, BufferSink) {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: asOf), out: out, err: err)
    session.portfolio = try Fixture.load("validate/\(name).csv", asOf: asOf)
    return (session, out, err)
  }

  @Test func validatePrintsOneCSVRowPerRule() throws {
    let (session, out, err) = try Self.session("balance_above_principal")
    let outcome = session.run(SourceFile(name: "t.cobro", text: "set format csv; validate"))
    #expect(outcome.errors == 0)
    #expect(err.text == "format = csv\n")
    #expect(
      out.text == """
        rule,count,examples,description
        balance_above_principal,1,BAD,the balance is above the principal (the original amount)
        breakdown_mismatch,,,skipped: no 'capital' or 'interest' or 'late_interest' or 'fees' column
        nonpositive_balance_active,0,,an active account with a zero or negative balance
        paid_with_balance,,,skipped: no 'status' column
        written_off_without_balance,,,skipped: no 'status' column
        long_overdue_not_written_off,0,,more than 360 days overdue and still active
        due_before_issue,,,skipped: no 'issue_date' column
        last_payment_in_future,,,skipped: no 'last_payment_date' column
        last_payment_before_issue,,,skipped: no 'last_payment_date' column and no 'issue_date' column
        channel_without_contact,,,skipped: no 'channel' column and no 'phone' or 'email' column
        channel_not_authorized,,,skipped: no 'channel' column and no 'authorized_channels' column
        malformed_phone,,,skipped: no 'phone' column
        malformed_email,,,skipped: no 'email' column
        debtor_name_conflict,,,skipped: no 'debtor_name' column
        invalid_currency,,,skipped: no 'currency' column
        prescription_near,0,,"prescribes within 180 days: due date + 3 years for invoices, + 5 otherwise"
        prescription_past,0,,"past prescription: due date + 3 years for invoices, + 5 otherwise"
        file_overdue_mismatch,,,skipped: no 'file_overdue' or 'file_mora' or 'file_dias_mora' column

        """
    )
  }

  @Test func validateRuleListsTheOffenders() throws {
    let (session, out, _) = try Self.session("channel_without_contact")
    session.run(
      SourceFile(name: "t.cobro", text: "set format csv; validate channel_without_contact")
    )
    #expect(
      out.text == """
        account_id,debtor_id,debtor_name,channel,phone,email,reason
        BAD,D1,,whatsapp,,ana@example.com,no phone for whatsapp
        LAND,D3,,sms,601 234 5678,,no mobile for sms: the phone is a landline
        MAIL,D5,,email,,juan@gmail,the address for email is malformed (the domain has no '.')

        """
    )
  }

  @Test func anUnknownRuleIsALocatedErrorWithASuggestion() throws {
    let (session, out, err) = try Self.session("malformed_phone")
    let outcome = session.run(SourceFile(name: "t.cobro", text: "validate malformed_phon"))
    #expect(outcome.errors == 1)
    #expect(out.text.isEmpty)
    let lines = err.text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "t.cobro:1:10: error: unknown rule 'malformed_phon'")
    #expect(err.text.contains("note: did you mean 'malformed_phone'?"))
    #expect(err.text.contains("note: rules: balance_above_principal, breakdown_mismatch,"))
  }

  @Test func aSkippedRuleGivesItsHeaderAndAWarning() throws {
    let (session, out, err) = try Self.session("malformed_phone")
    session.run(SourceFile(name: "t.cobro", text: "set format csv; validate malformed_email"))
    #expect(out.text == "account_id,debtor_id,debtor_name,reason\n")
    #expect(err.text.contains("warning: rule 'malformed_email' skipped: no 'email' column"))
  }

  @Test func withoutAPortfolioBothCommandsFail() {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: Self.asOf), out: out, err: err)
    let outcome = session.run(SourceFile(name: "t.cobro", text: "describe"))
    #expect(outcome.errors == 1)
    #expect(err.text.hasPrefix("t.cobro:1:1: error: no portfolio loaded"))
  }

  @Test func describePrintsFiveResultsSeparatedByEmptyLines() throws {
    let (session, out, _) = try Self.session("describe")
    session.run(SourceFile(name: "t.cobro", text: "set format csv; describe"))
    let results = out.text.components(separatedBy: "\n\n")
    #expect(results.count == 5)
    #expect(results[1].hasPrefix("currency,accounts,debtors,balance,avg_balance\nCOP,3,2,1500.50,"))
    #expect(!out.text.hasSuffix("\n\n"))
  }

  @Test func helpValidateListsEveryRule() throws {
    let (session, out, _) = try Self.session("describe")
    session.run(SourceFile(name: "t.cobro", text: "help validate"))
    for rule in ValidationRule.all {
      #expect(out.text.contains("  " + rule.name + " "), "help misses \(rule.name)")
    }
    #expect(!out.text.split(separator: "\n").contains { $0.hasSuffix(" ") })
  }

  @Test func anAsOfDateBeforeTheCutoffWithoutPaymentsWarns() throws {
    let (session, out, err) = try Self.session("describe")
    session.run(SourceFile(name: "t.cobro", text: "set asof 2026-03-15; describe"))
    #expect(
      err.text.contains(
        "warning: as of 2026-03-15, before the cut-off 2026-11-30, without payments: "
          + "balances are those of the cut-off"
      )
    )
    #expect(out.text.contains("\nissued_after_asof  1\n"))
  }

  @Test(arguments: ["validate", "describe"])
  func theExampleRunsOnTheDemoPortfolio(command: String) throws {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: DemoPortfolio.cutoff), out: out, err: err)
    try session.loadDemo()
    let example = try #require(session.commands[command]?.example)
    let outcome = session.run(SourceFile(name: "example", text: example))
    #expect(outcome.errors == 0)
    #expect(!out.text.isEmpty)
    #expect(!err.text.contains("warning"))
  }

  @Test func theDemoTranscriptReplays() throws {
    let outcome = try ProjectTranscriptsTests.replay("validate/demo.cobro")
    #expect(outcome.passed, "\(outcome.diff)")
  }
}
