import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

@Suite struct MessageCommandsTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  /// Debtor 1 has three accounts (the oldest due date is A-3, two share a due date and sort by
  /// id); debtor 2's name is a formula; debtor 3 has an address starting with '-'.
  static let csv = """
    account_id,debtor_id,debtor_name,segment,balance,currency,due_date,status,channel,authorized_channels,phone,email
    A-2,1,Ana Torres,A,100.00,COP,2026-09-01,active,sms,sms|whatsapp,300 123 4567,ana@example.com
    A-1,1,Ana Torres,A,200.00,COP,2026-09-01,active,sms,sms|whatsapp,300 123 4567,ana@example.com
    A-3,1,Ana Torres,A,300.00,COP,2026-08-01,active,sms,sms|whatsapp,300 123 4567,ana@example.com
    B-1,2,"=cmd|' /C calc'!A0",B,400.00,COP,2026-11-01,active,whatsapp,whatsapp,+57 310 555 1234,-x@example.com
    C-1,3,Luis Díaz,B,500.00,COP,2026-11-01,active,email,email,6015551234,-luis@example.com
    """

  /// A session on the fixture; results and diagnostics go to the returned sinks.
  static func session() throws -> (Session, BufferSink, BufferSink) {
    let out = BufferSink()
    let err = BufferSink()
    let session = Session(settings: Settings(asOf: asOf), out: out, err: err)
    session.portfolio = try PortfolioLoader(asOf: asOf).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "cartera.csv"
    )
    return (session, out, err)
  }

  static func run(_ session: Session, _ text: String) -> Bool {
    session.run(SourceFile(name: "<test>", text: text)).errors == 0
  }

  @Test func onlyTheDebtorsFirstAccountCanBeContactedAndItsMessageNamesAll() throws {
    let (s, out, err) = try Self.session()
    #expect(Self.run(s, "set format csv\ncampaign segment A via sms"), "\(err.text)")
    let lines = out.text.split(separator: "\n").map(String.init)
    #expect(
      lines[0]
        == "account_id,debtor_id,debtor_name,channel,contact,stage,amount,message,allowed,rule"
    )
    #expect(lines.count == 4)
    #expect(
      lines[1].hasPrefix("A-3,1,Ana Torres,sms,573001234567,91+,300.00,\"Ref. A-3, A-1 y A-2:")
    )
    #expect(lines[1].contains("saldo $600.00"))
    #expect(lines[1].hasSuffix(",yes,"))
    #expect(
      lines[2] == "A-1,1,Ana Torres,sms,573001234567,31-90,200.00,,no,one contact a day per debtor"
    )
    #expect(
      lines[3] == "A-2,1,Ana Torres,sms,573001234567,31-90,100.00,,no,one contact a day per debtor"
    )
  }

  @Test func everyAccountIsARowInEveryFormat() throws {
    for format in ["table", "csv", "json", "markdown"] {
      let (s, out, err) = try Self.session()
      #expect(Self.run(s, "set format \(format)\ncampaign via whatsapp"), "\(err.text)")
      let table = try #require(s.lastResults.last)
      #expect(table.rows.count == 5, "\(format)")
      #expect(
        table.columns.map(\.name) == [
          "account_id", "debtor_id", "debtor_name", "channel", "contact", "stage", "amount",
          "message", "allowed", "rule",
        ]
      )
      for id in ["A-1", "A-2", "A-3", "B-1", "C-1"] { #expect(out.text.contains(id), "\(format)") }
    }
  }

  @Test func anExportedCampaignIsSafeInASpreadsheet() throws {
    let (s, _, err) = try Self.session()
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-campaign-\(UUID().uuidString).csv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(Self.run(s, "campaign via whatsapp export '\(path)'"), "\(err.text)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let b1 = try #require(text.split(separator: "\n").first { $0.hasPrefix("B-1,") })
    #expect(b1.hasPrefix("B-1,2,'=cmd|' /C calc'!A0,whatsapp,573105551234,1-30,400.00,\"Hola"))
    #expect(err.text.contains("wrote 5 rows to"))
  }

  @Test func theFirstAccountFollowsTheContactRules() throws {
    let (s, out, err) = try Self.session()
    #expect(Self.run(s, "set format csv\ncampaign segment A via sms at '2026-12-06 10:00'"))
    let lines = out.text.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[1].hasPrefix("A-3,") && lines[1].hasSuffix(",no,sunday"))
    #expect(lines[2].hasSuffix(",no,one contact a day per debtor"))
    #expect(err.text.contains("0 allowed at 2026-12-06 10:00"))
    let (t, weekday, _) = try Self.session()
    #expect(Self.run(t, "set format csv\ncampaign segment A via sms at '2026-12-07 18:59'"))
    #expect(weekday.text.split(separator: "\n")[1].hasSuffix(",yes,"))
  }

  @Test func anAddressStartingLikeAFormulaIsNotAContact() throws {
    let (s, out, _) = try Self.session()
    #expect(Self.run(s, "set format csv\ncampaign account = C-1 via email"))
    #expect(out.text.contains("C-1,3,Luis Díaz,email,,"))
    #expect(out.text.contains(",no,no e-mail address"))
  }

  @Test func aChannelTheDebtorDidNotAuthoriseIsNo() throws {
    let (s, out, _) = try Self.session()
    #expect(Self.run(s, "set format csv\ncampaign account = B-1 via sms"))
    #expect(out.text.contains(",no,channel not authorised\n"))
  }

  /// One vocabulary of channels: a word the journal and the portfolio's `channel` column take
  /// (`mensaje`, `correo`, `teléfono`) is taken by `message` and `campaign` too.
  @Test func everyCommandTakesTheSameChannelWords() throws {
    for (word, channel) in [("mensaje", "sms"), ("Correo", "email"), ("teléfono", "call")] {
      let (s, out, err) = try Self.session()
      s.journalPath = Session.memoryJournal
      #expect(Self.run(s, "promise A-3 100.00 on 2026-12-05 via \(word)"), "\(err.text)")
      #expect(Self.run(s, "contact A-3 via \(word) result no_answer force"), "\(err.text)")
      #expect(Self.run(s, "set format csv\ncampaign segment A via \(word)"), "\(err.text)")
      let csv = out.take()
      for account in ["A-1", "A-2", "A-3"] {
        #expect(csv.contains("\n\(account),1,Ana Torres,\(channel),"), "\(csv)")
      }
      #expect(Self.run(s, "message A-3 via \(word)"), "\(err.text)")
    }
    let (s, _, err) = try Self.session()
    #expect(!Self.run(s, "campaign segment A via pigeon"))
    #expect(err.take().contains("unknown channel 'pigeon'"))
  }

  @Test func aLongSMSIsWarnedAbout() throws {
    let (s, _, err) = try Self.session()
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-sms-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try (String(repeating: "x", count: 150) + " {{accounts}}")
      .write(toFile: dir + "/sms.91+.txt", atomically: true, encoding: .utf8)
    #expect(Self.run(s, "set templates '\(dir)'\nmessage A-3"), "\(err.text)")
    #expect(!err.text.contains("warning"))
    #expect(Self.run(s, "campaign segment A via sms"))
    #expect(err.text.contains("warning: the sms for A-3 takes 165 GSM characters, more than 160"))
    let short = try Self.session()
    #expect(Self.run(short.0, "message A-3"))
    #expect(!short.2.text.contains("warning"))
  }

  @Test func maskingHidesPhonesAndAddressesEverywhere() throws {
    let (s, out, err) = try Self.session()
    #expect(
      Self.run(
        s,
        """
        set mask on
        set format csv
        list account = A-1 columns account_id, phone, email
        show A-1
        campaign account = A-1 via sms
        message A-1 via email
        """
      ),
      "\(err.text)"
    )
    #expect(!out.text.contains("300 123") && !out.text.contains("3001234567"))
    #expect(!out.text.contains("ana@"))
    #expect(out.text.contains("A-1,*** *** 4567,a***@example.com"))
    #expect(out.text.contains("phone,*** *** 4567"))
    #expect(out.text.contains(",********4567,"))
    #expect(out.text.contains(",a***@example.com,"))
    let (t, plain, _) = try Self.session()
    #expect(Self.run(t, "set format csv\nlist account = A-1 columns account_id, phone"))
    #expect(plain.text.contains("A-1,300 123 4567"))
  }
}

@Suite struct MessageExamplesTests {
  @Test func examplesRunOnTheDemoPortfolio() throws {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff)
    for name in ["templates", "message", "campaign"] {
      let c = try #require(t.session.commands[name])
      let r = t.run(c.example)
      #expect(r.ok, "\(name): \(c.example)\n\(r.err)")
      #expect(!r.out.isEmpty, "\(name): \(c.example)")
    }
  }
}
