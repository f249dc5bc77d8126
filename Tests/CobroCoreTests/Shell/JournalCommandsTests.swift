import CobroCore
import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// `promise`, `contact`, `cancel`, `promises` and `journal` through a session.
@Suite struct JournalCommandsTests {
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  static let accounts = """
    account_id,debtor_id,balance,due_date,segment
    A1,D1,500.00,2026-10-01,retail
    A2,D2,300.00,2026-10-01,sme
    A3,D3,200.00,2026-10-01,retail

    """
  static let payments = """
    account_id,date,amount
    A1,2026-11-25,100.00
    A2,2026-12-03,50.00

    """

  /// A session on a small portfolio in `folder` (its `source` decides the default journal);
  /// without a folder the journal is in memory.
  static func session(folder: String? = nil, withPayments: Bool = true) throws -> (
    Session, BufferSink, BufferSink
  ) {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: asOf), out: out, err: err)
    let name = (folder.map { $0 + "/" } ?? "") + "accounts.csv"
    let p = try PortfolioLoader(asOf: asOf).load(
      bytes: InputBytes.copying(Array(accounts.utf8)),
      name: name
    )
    if withPayments {
      p.payments = try PaymentsLoader().load(
        bytes: InputBytes.copying(Array(payments.utf8)),
        name: "payments.csv",
        for: p
      ).0
    }
    session.portfolio = p
    if folder == nil { session.journalPath = Session.memoryJournal }
    return (session, out, err)
  }

  static func run(_ session: Session, _ text: String) -> RunOutcome {
    session.run(SourceFile(name: "t.cobro", text: text))
  }

  @Test func promiseStatesAtTheAsOfDateAndWithGrace() throws {
    let (session, out, err) = try Self.session()
    let outcome = Self.run(
      session,
      """
      set format csv; set collector ana; set asof 2026-11-20
      promise A1 100 on 2026-11-28 via llamada note pays on payday
      promise A2 100.00 on 2026-12-01 via whatsapp
      promise A3 50 on 2026-11-29
      set asof 2026-12-05
      promises
      set grace 3
      promises
      promises broken
      """
    )
    #expect(outcome.errors == 0, "\(err.text)")
    #expect(
      out.text == """
        id,account_id,amount,due_date,paid,state,channel,collector,recorded_at,note
        1,A1,100.00,2026-11-28,100.00,kept,call,ana,2026-11-20 10:00,pays on payday
        2,A2,100.00,2026-12-01,0.00,broken,whatsapp,ana,2026-11-20 10:00,
        3,A3,50.00,2026-11-29,0.00,broken,,ana,2026-11-20 10:00,

        id,account_id,amount,due_date,paid,state,channel,collector,recorded_at,note
        1,A1,100.00,2026-11-28,100.00,kept,call,ana,2026-11-20 10:00,pays on payday
        2,A2,100.00,2026-12-01,50.00,partial,whatsapp,ana,2026-11-20 10:00,
        3,A3,50.00,2026-11-29,0.00,broken,,ana,2026-11-20 10:00,

        id,account_id,amount,due_date,paid,state,channel,collector,recorded_at,note
        3,A3,50.00,2026-11-29,0.00,broken,,ana,2026-11-20 10:00,

        """
    )
  }

  @Test func dueFiltersAndSummary() throws {
    let (session, out, err) = try Self.session()
    let outcome = Self.run(
      session,
      """
      set format csv; set asof 2026-11-20
      promise A1 100 on 2026-11-28 via call
      promise A2 100 on 2026-11-20 via call
      set collector luis
      promise A3 10 on 2026-11-27
      cancel 2 reason wrong date
      promises due today
      promises due within 7 days
      set asof 2026-12-01
      promises summary
      """
    )
    #expect(outcome.errors == 0, "\(err.text)")
    #expect(
      out.text == """
        id,account_id,amount,due_date,paid,state,channel,collector,recorded_at,note

        id,account_id,amount,due_date,paid,state,channel,collector,recorded_at,note
        3,A3,10.00,2026-11-27,0.00,pending,,luis,2026-11-20 10:00,

        by,value,promises,pending,kept,partial,broken,kept_rate
        segment,retail,2,0,1,0,1,50.00
        channel,(none),1,0,0,0,1,0.00
        channel,call,1,0,1,0,0,100.00
        collector,cobro,1,0,1,0,0,100.00
        collector,luis,1,0,0,0,1,0.00
        total,,2,0,1,0,1,50.00

        """
    )
  }

  @Test func cancellationKeepsTheHistory() throws {
    let (session, out, err) = try Self.session()
    let outcome = Self.run(
      session,
      """
      set format csv
      contact A1 via call result no_contesta
      contact A2 via correo result promise note "will pay friday"
      cancel 1 reason "wrong account"
      journal
      promises
      """
    )
    #expect(outcome.errors == 0, "\(err.text)")
    #expect(
      out.text == """
        id,kind,account_id,recorded_at,collector,amount,due_date,channel,result,note,cancels,cancelled_by
        1,contact,A1,2026-11-30 10:00,cobro,,,call,no_answer,,,3
        2,contact,A2,2026-11-30 10:00,cobro,,,email,promise,will pay friday,,
        3,cancel,A1,2026-11-30 10:00,cobro,,,,,wrong account,1,

        id,account_id,amount,due_date,paid,state,channel,collector,recorded_at,note

        """
    )
    #expect(err.text.contains("entry 3: cancelled entry 1"))
    #expect(Self.run(session, "cancel 1 reason again").errors == 1)
    #expect(err.text.contains("entry 1 is already cancelled by entry 3"))
  }

  @Test func badArgumentsGiveDiagnostics() throws {
    let (session, _, err) = try Self.session()
    #expect(Self.run(session, "promise NOPE 100 on 2026-12-01").errors == 1)
    #expect(err.take().contains("no account 'NOPE' in the portfolio"))
    #expect(Self.run(session, "promise A1 -5 on 2026-12-01").errors == 1)
    #expect(err.take().contains("not an amount of money above zero"))
    #expect(Self.run(session, "promise A1 5 on 2026-11-01").errors == 1)
    #expect(err.take().contains("before the as-of date"))
    #expect(Self.run(session, "contact A1 via pigeon result refused").errors == 1)
    #expect(err.take().contains("unknown channel 'pigeon'"))
    #expect(Self.run(session, "contact A1 via sms result maybe").errors == 1)
    #expect(err.take().contains("unknown result 'maybe'"))
    #expect(Self.run(session, "cancel 1").errors == 1)
    #expect(err.take().contains("expected 'reason TEXT'"))
    #expect(Self.run(session, "promises soon").errors == 1)
    #expect(err.take().contains("unknown promise filter 'soon'"))
  }

  @Test func theDefaultJournalIsBesideThePortfolioAndReadingCreatesNothing() throws {
    let folder = try JournalTests.folder()
    let (session, _, err) = try Self.session(folder: folder)
    #expect(session.effectiveJournalPath == folder + "/cobro.db")
    #expect(Self.run(session, "promises; journal; promises summary").errors == 0, "\(err.text)")
    #expect(!FileManager.default.fileExists(atPath: folder + "/cobro.db"))
    #expect(Self.run(session, "promise A1 10 on 2026-12-01").errors == 0, "\(err.text)")
    #expect(FileManager.default.fileExists(atPath: folder + "/cobro.db"))
    let (second, out, _) = try Self.session(folder: folder)
    #expect(Self.run(second, "set format csv; journal").errors == 0)
    #expect(out.text.contains("1,promise,A1,2026-11-30 10:00,cobro,10.00,2026-12-01"))
  }

  @Test func theJournalCommandChoosesAFile() throws {
    let folder = try JournalTests.folder()
    let (session, _, err) = try Self.session()
    let path = folder + "/elsewhere.db"
    #expect(
      Self.run(session, "journal \"\(path)\"; contact A1 via sms result voicemail").errors == 0
    )
    #expect(err.text.contains("journal = \(path)"))
    #expect(try Journal(path: path).entries().count == 1)
    #expect(Self.run(session, "journal :memory:; contact A2 via sms result refused").errors == 0)
    #expect(session.effectiveJournalPath == Session.memoryJournal)
    #expect(try Journal(path: path).entries().count == 1)
  }

  @Test func aForeignFileIsRefusedByTheCommands() throws {
    let folder = try JournalTests.folder()
    let path = folder + "/cobro.db"
    let bytes = Data("not a journal\n".utf8)
    try bytes.write(to: URL(fileURLWithPath: path))
    let (session, _, err) = try Self.session(folder: folder)
    #expect(Self.run(session, "promise A1 10 on 2026-12-01").errors == 1)
    #expect(err.text.contains("is not a cobro journal"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test func theDemoJournalIsInMemory() throws {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: Self.asOf), out: out, err: err)
    try session.loadDemo()
    #expect(session.effectiveJournalPath == Session.memoryJournal)
    let example = try #require(session.commands["promise"]?.example)
    let outcome = Self.run(session, "set format csv\n" + example + "\npromises")
    #expect(outcome.errors == 0, "\(err.text)")
    #expect(out.text.hasPrefix("id,account_id,amount,due_date,paid,state"))
    // The example promises for tomorrow, whatever the as-of date.
    #expect(out.text.contains("150000.00,2026-12-01,0.00,pending,call"))
  }

  @Test func everyExampleRunsOnTheDemo() throws {
    for name in ["promise", "contact", "cancel", "promises", "journal"] {
      let out = BufferSink()
      let err = BufferSink()
      let session = Session(settings: Settings(asOf: Self.asOf), out: out, err: err)
      session.portfolio = try DemoPortfolio.make()
      let example = try #require(session.commands[name]?.example)
      #expect(!example.isEmpty)
      #expect(Self.run(session, example).errors == 0, "\(name): \(err.text)")
    }
  }
}
