import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// Ctrl-C during the lookup of a typed id, which reads every stored id up to three times: the
/// lookup stops inside its pass, the command prints `interrupted` and changes nothing.
@Suite struct LookupInterruptionTests {
  @Test(arguments: [
    "show co-1",  // not stored as typed: compared by key
    "debtor 1.234",  // no such debtor: every pass runs
    "offers co 2",
    "promise co 3 100 on 2026-12-05",
  ])
  func ctrlCStopsTheLookup(command: String) throws {
    let (session, out, err) = try InterruptionTests.session()
    let before = InterruptionTests.state(session, out)
    let outcome = InterruptionTests.interrupting(at: Portfolio.lookupWork) {
      session.run(SourceFile(name: "t.cobro", text: command + "\necho never"))
    }
    #expect(outcome.interrupted)
    #expect(out.take() == "")
    #expect(err.take() == "interrupted\n")
    let after = InterruptionTests.state(session, out)
    #expect(after.0 === before.0)
    #expect(after.2 == before.2, "the journal is unchanged")
  }

  /// A campaign stopped while it orders the debtors (after its pass over the accounts).
  @Test func ctrlCStopsACampaignOrderingItsDebtors() throws {
    let (session, out, err) = try InterruptionTests.session()
    let outcome = InterruptionTests.interrupting(at: "debtors") {
      session.run(SourceFile(name: "t.cobro", text: "campaign via sms\necho never"))
    }
    #expect(outcome.interrupted)
    #expect(out.take() == "")
    #expect(err.take() == "interrupted\n")
  }

  @Test func anInterruptedLookupAnswersSoAndKeepsNoIndex() throws {
    let p = try Fixture.load(text: "account_id,debtor_id,balance,due_date\nCO-7,9,10,2026-10-01\n")
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    Interruption.$current.withValue(flag) {
      #expect(p.matchAccount("co 7") == .interrupted)
      #expect(p.matchDebtor("09") == .interrupted)
    }
    #expect(p.matchAccount("co 7") == .found("CO-7"))
    #expect(p.matchDebtor("09") == .found("9"))
    #expect(p.row(ofAccount: "CO-7") == 0)
  }
}
