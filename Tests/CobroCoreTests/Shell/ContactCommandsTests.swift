import CobroContact
import CobroCore
import CobroPortfolio
import CobroShell
import Testing

/// `holidays`, `set rules`, and `contact` checking the rules against the journal.
@Suite struct ContactCommandsTests {
  static let accounts = """
    account_id,debtor_id,balance,due_date,channel,authorized_channels
    A1,D1,500.00,2026-10-01,call,call|whatsapp
    A2,D1,300.00,2026-10-01,whatsapp,
    A3,D2,200.00,2026-10-01,email,correo
    A4,D3,100.00,2026-10-01,,

    """

  /// A session on the small portfolio above, journal in memory, Monday 2026-11-30 10:00.
  static func session() throws -> TestSession {
    let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let p = try PortfolioLoader(asOf: asOf).load(
      bytes: InputBytes.copying(Array(accounts.utf8)),
      name: "accounts.csv"
    )
    let t = TestSession(p, asOf: asOf)
    t.session.journalPath = Session.memoryJournal
    return t
  }

  @Test func authorisedChannelsAndDebtorsOfTheRows() throws {
    let p = try #require(try Self.session().session.portfolio)
    #expect(p.authorizedChannels(row: 0) == ["call", "whatsapp"])
    #expect(p.authorizedChannels(row: 1) == ["whatsapp"])  // empty list: the preferred channel
    #expect(p.authorizedChannels(row: 2) == ["email"])
    #expect(p.authorizedChannels(row: 3) == [])
    #expect(p.debtor(row: 1) == "D1")
  }

  @Test func theLogSkipsCancelledContactsAndMapsDebtors() throws {
    let t = try Self.session()
    #expect(
      t.run(
        """
        contact A1 via call result right_party
        contact A3 via email result no_answer
        cancel 1 reason wrong
        """
      ).ok
    )
    let rules = try t.session.contactRules()
    #expect(rules.set == .co)
    let at = t.session.contactTime
    #expect(at.description == "2026-11-30 10:00")
    // The cancelled direct contact does not block A2 (same debtor D1).
    #expect(
      rules.forbiddingRule(
        account: "A2",
        debtor: "D1",
        channel: "whatsapp",
        authorizedChannels: [],
        at: at
      ) == nil
    )
    #expect(t.run("contact A1 via call result promise; set at 11:00").ok)
    let later = try t.session.contactRules()
    #expect(
      later.forbiddingRule(
        account: "A2",
        debtor: "D1",
        channel: "whatsapp",
        authorizedChannels: [],
        at: t.session.contactTime
      ) == ContactRules.Rule.oneADay
    )
  }

  @Test func contactRefusesUnlessForced() throws {
    let t = try Self.session()
    let refused = t.run("contact A1 via sms result no_answer")
    #expect(!refused.ok)
    #expect(refused.err.contains("error: contact forbidden by rule 'channel not authorised'"))
    #expect(refused.err.contains("note: authorised channels of A1: call, whatsapp"))
    #expect(try t.session.journalEntries().isEmpty)
    // The preferred channel stands in for an empty list; an account with neither is open.
    #expect(!t.run("contact A2 via call result no_answer").ok)
    #expect(t.run("contact A4 via sms result no_answer").ok)

    let forced = t.run("contact A1 via sms result no_answer note \"she asked for it\" force")
    #expect(forced.ok)
    #expect(forced.err.contains("warning: the co contact rules forbid this contact"))
    #expect(forced.err.contains("(channel not authorised); logged because of 'force'"))
    #expect(t.run("contact A1 via sms result no_answer forzar nota ella pidió").ok)
    let notes = try t.session.journalEntries().compactMap(\.note)
    #expect(notes == ["she asked for it", "ella pidió"])

    // A note of one word "force" is the note (so the contact is refused); unknown words fail.
    #expect(!t.run("contact A1 via sms result no_answer note force").ok)
    #expect(!t.run("contact A1 via call result no_answer sometimes").ok)
  }

  @Test func setRulesAndTheClock() throws {
    let t = try Self.session()
    #expect(
      t.run("set at \"2026-12-06 10:00\"; contact A1 via call result no_answer").err
        .contains("'sunday'")
    )
    #expect(t.run("set rules us; contact A1 via call result no_answer").ok)
    #expect(t.session.contactRuleSet == .us)
    #expect(!t.run("set rules mx").ok)
    #expect(t.session.contactRuleSet == .us)
  }

  @Test func holidaysCommand() throws {
    let t = TestSession()
    let r = t.run("holidays 2026")
    #expect(r.ok)
    #expect(r.out.hasPrefix("date,weekday,name\n2026-01-01,thursday,Año Nuevo\n"))
    #expect(r.out.contains("2026-11-16,monday,Independencia de Cartagena\n"))
    #expect(r.out.split(separator: "\n").count == 19)
    #expect(t.run("holidays").out.contains("2026-12-25,friday,Navidad"))
    #expect(t.run("festivos 2025").out.contains("2025-06-30,monday,Sagrado Corazón"))
    #expect(t.run("holidays 99999").err.contains("'99999' is not a year"))
  }

  @Test func everyExampleRunsOnTheDemo() throws {
    let t = TestSession()
    t.session.portfolio = try DemoPortfolio.make()
    let example = try #require(t.session.commands["holidays"]?.example)
    #expect(t.run(example).ok)
    #expect(t.run("help rules").out.contains("one channel a week after a direct contact"))
  }

  // A contact the debtor starts was refused outside hours and on a channel not authorised,
  // which made 'force' routine.
  @Test func anInboundContactIsRefusedByNoRuleAndIsTheDaysDirectContact() throws {
    let t = try Self.session()
    t.session.settings.atMinutes = 20 * 60  // 20:00, after hours
    let r = t.run("contact A1 via sms result right_party inbound note llamó")
    #expect(r.ok, "\(r.err)")
    let entries = try t.session.journalEntries()
    #expect(entries.last?.note == "[inbound] llamó")
    // It counts as the day's direct contact: the creditor's next contact today is refused.
    t.session.settings.atMinutes = 21 * 60
    #expect(!t.run("contact A2 via whatsapp result right_party").ok)
  }

  @Test func aRequestedMessageBelongsToTodaysDirectContact() throws {
    let t = try Self.session()
    // Without a direct contact today there is nothing for the request to belong to.
    let lonely = t.run("contact A1 via whatsapp result right_party requested")
    #expect(!lonely.ok)
    #expect(lonely.err.contains("no direct contact with the debtor of 'A1' today"))
    #expect(t.run("contact A1 via call result promise").ok)
    #expect(!t.run("contact A1 via whatsapp result right_party").ok)
    // On a channel the debtor did not authorise it is still refused.
    #expect(!t.run("contact A1 via email result right_party requested").ok)
    let r = t.run("contact A1 via whatsapp result right_party requested")
    #expect(r.ok, "\(r.err)")
    #expect(try t.session.journalEntries().last?.note == "[requested in entry 1]")
    // It is not counted: the next day a call on the first channel is allowed.
    t.session.settings.asOf = Day(raw: Day.daysFromCivil(2026, 12, 1))
    #expect(t.run("contact A1 via call result no_answer").ok)
  }
}
