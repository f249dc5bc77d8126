import CobroCore
import CobroJournal
import CobroPortfolio
import CobroShell
import Testing

@Suite struct CompleterTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  /// Ten accounts: ids CO-10001 + 13k, two debtors starting '52.', cities with accents and
  /// spaces, every status, channel and segment.
  static let csv = """
    account_id,debtor_id,debtor_name,segment,product,balance,currency,due_date,channel,status,city
    CO-10001,52.345.678,María Gómez,A,loan,100.00,COP,2026-11-01,whatsapp,active,Bogotá
    CO-10014,79.123.456,Carlos Pérez,B,card,200.00,COP,2026-10-01,sms,active,Medellín
    CO-10027,41.987.654,Luz Rodríguez,C,loan,300.00,COP,2026-09-01,email,paid,Cali
    CO-10040,80.456.789,Jorge Martínez,D,invoice,400.00,COP,2026-08-01,call,written_off,Barranquilla
    CO-10053,52.777.888,Sandra Castro,A,card,500.00,COP,2026-07-01,whatsapp,active,Santa Marta
    CO-10066,79.123.456,Carlos Pérez,B,loan,600.00,USD,2026-06-01,sms,active,Bogotá
    CO-10079,10.234.567,Hernán Londoño,C,card,700.00,COP,2026-05-01,email,active,Cali
    CO-10092,13.456.789,Wilson Ríos,D,invoice,800.00,COP,2026-04-01,call,active,Santa Marta
    CO-10105,98.765.432,Óscar Restrepo,A,loan,900.00,COP,2026-03-01,whatsapp,active,Medellín
    CO-10118,19.876.543,Luis Peña,B,card,1000.00,COP,2026-02-01,sms,active,Bogotá
    """

  /// A session on the fixture with the commands of every layer.
  static func session() -> Session {
    let session = Session(settings: Settings(asOf: asOf), out: BufferSink(), err: BufferSink())
    session.portfolio = try? PortfolioLoader(asOf: asOf).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "cartera.csv"
    )
    return session
  }

  /// Completes `line` with the cursor at its end, or at the `|` marker when there is one.
  static func complete(
    _ line: String,
    session: Session = session(),
    folders: [String: [(name: String, isFolder: Bool)]] = [:]
  ) -> (completion: Completion, typed: String) {
    var text = line
    var cursor = line.utf8.count
    if let bar = line.firstIndex(of: "|") {
      cursor = line[..<bar].utf8.count
      text.remove(at: bar)
    }
    let completer = Completer(session: session, listFolder: { folders[$0] ?? [] })
    let completion = completer.complete(line: text, cursor: cursor)
    let typed = String(decoding: Array(text.utf8)[completion.start..<cursor], as: UTF8.self)
    return (completion, typed)
  }

  @Test(arguments: [
    ("he", ["help"], "help "),
    ("ech", ["echo"], "echo "),
    ("ayu", ["ayuda"], "ayuda "),
    ("echo x; he", ["help"], "help "),
  ])
  func commandWordsAtTheStart(line: String, expected: [String], replacement: String) {
    let (completion, typed) = Self.complete(line)
    #expect(completion.candidates == expected)
    #expect(completion.action(typed: typed) == .replace(replacement))
  }

  @Test func severalCandidatesAreListed() {
    let (completion, typed) = Self.complete("se")
    #expect(completion.candidates == ["segment", "segmento", "set", "sets"])
    #expect(completion.start == 0)
    #expect(completion.action(typed: typed) == .list)
  }

  @Test func recodeOffersFieldsThenValuesThenAs() {
    #expect(Self.complete("recode segm").completion.candidates == ["segment", "segmento"])
    #expect(Self.complete("recode city Bog").completion.candidates == ["Bogotá"])
    #expect(Self.complete("recode city Bogotá ").completion.candidates == ["as"])
    #expect(Self.complete("recode city Bogotá, Ca").completion.candidates == ["Cali"])
    #expect(Self.complete("recode city Cali as Me").completion.candidates == ["Medellín"])
  }

  @Test func journalFieldsAndTheirValuesAreOffered() {
    #expect(Self.complete("list prom").completion.candidates == ["promise_due", "promised"])
    #expect(Self.complete("contacts").completion.candidates == ["contacts_7d"])
    #expect(Self.complete("broken = ").completion.candidates == ["no", "yes"])
    let states = ["behind", "broken", "current", "kept", "pending"]
    #expect(Self.complete("agreement = ").completion.candidates == states)
  }

  @Test func commonPrefixIsCompletedIgnoringCase() {
    let (completion, typed) = Self.complete("SEG")
    #expect(completion.candidates == ["segment", "segmento"])
    #expect(completion.action(typed: typed) == .replace("segment"))
  }

  @Test(arguments: [
    ("count seg", ["segment", "segmento"]),
    ("count overdue > 60 stat", ["status"]),
    ("count overdue > 60 and (bu", ["bucket"]),
    ("sum bal", ["balance"]),
    ("sum balance seg", ["segment", "segmento"]),
    ("group by ci", ["city", "ciudad"]),
    ("group by city seg", ["segment", "segmento"]),
    ("echo dias", ["dias_mora"]),
  ])
  func fieldNamesInFilterPositions(line: String, expected: [String]) {
    #expect(Self.complete(line).completion.candidates == expected)
  }

  @Test(arguments: [
    ("segment ", ["A", "B", "C", "D"]),
    ("count segment = ", ["A", "B", "C", "D"]),
    ("count overdue > 60 segment b", ["B"]),
    ("city Barr", ["Barranquilla"]),
    ("ciudad bogo", ["Bogotá"]),
    ("city sa", ["\"Santa Marta\""]),
    ("status ", ["active", "paid", "written_off"]),
    ("channel = wh", ["whatsapp"]),
    ("bucket 3", ["31-60", "361+"]),
    ("product l", ["loan"]),
    ("currency ", ["COP", "USD"]),
    ("behavior p", ["punctual"]),
    ("behavior ", ["habitual", "late", "occasional", "punctual", "unknown"]),
    ("contact CO-10001 via s", ["sms"]),
  ])
  func valuesAfterAField(line: String, expected: [String]) {
    #expect(Self.complete(line).completion.candidates == expected)
  }

  @Test func valueInsideAnOpenQuoteKeepsTheQuote() {
    let (completion, typed) = Self.complete("city 'Santa M")
    #expect(completion.start == 5)
    #expect(completion.candidates == ["'Santa Marta'"])
    #expect(completion.action(typed: typed) == .replace("'Santa Marta' "))
  }

  @Test func completesTheWordBeforeTheCursor() {
    let (completion, typed) = Self.complete("city Barr| segment A")
    #expect(typed == "Barr")
    #expect(completion.candidates == ["Barranquilla"])
  }

  @Test func accountIdsAfterShow() {
    #expect(Self.complete("show CO-1000").completion.candidates == ["CO-10001"])
    #expect(Self.complete("plan CO-1011").completion.candidates == ["CO-10118"])
    let several = Self.complete("show CO-100").completion
    #expect(several.candidates == (0..<8).map { "CO-\(10_001 + $0 * 13)" })
    #expect(Self.complete("show XX").completion.candidates.isEmpty)
  }

  @Test func debtorIdsAfterDebtor() {
    #expect(Self.complete("debtor 52.").completion.candidates == ["52.345.678", "52.777.888"])
  }

  @Test func namedSetsWhereAFilterGoes() {
    let session = Self.session()
    session.namedSets["risky"] = []
    #expect(Self.complete("ris", session: session).completion.candidates == ["risky"])
    #expect(Self.complete("count ris", session: session).completion.candidates == ["risky"])
  }

  @Test func bucketLabelsFollowTheSetting() throws {
    let session = Self.session()
    #expect(Self.complete("bucket 3", session: session).completion.candidates == ["31-60", "361+"])
    session.settings.buckets = try BucketScheme.parse("30,60,120").get()
    #expect(Self.complete("bucket 1", session: session).completion.candidates == ["1-30", "121+"])
  }

  @Test(arguments: [
    ("set f", ["format"]),
    ("set ag", ["aging_basis"]),
    ("set export ", ["csv", "excel-es"]),
    ("set format j", ["json"]),
    ("set rules ", ["co", "us"]),
    ("set limit n", ["none"]),
    ("help lo", ["load"]),
  ])
  func settingsAndCommandNames(line: String, expected: [String]) {
    #expect(Self.complete(line).completion.candidates == expected)
  }

  /// Each command declares what follows its words; `record FILE` offers `replace`.
  @Test(arguments: [
    ("record out.cobro ", ["replace"]),
    ("record stop ", []),
    ("promises due ", ["today", "within"]),
    ("plan CO-0000001 method ", ["french", "german"]),
    ("campaign overdue > 30 via sms ", ["at", "export", "stage"]),
    ("sets ", []),
  ])
  func argumentsDeclaredByEachCommand(line: String, expected: [String]) {
    #expect(Self.complete(line).completion.candidates == expected)
  }

  /// Nothing is offered right after a `\` that continues the line: a word there would join it.
  @Test func nothingRightAfterAContinuingBackslash() {
    let (completion, typed) = Self.complete("echo a \\")
    #expect(completion.candidates.isEmpty)
    #expect(completion.action(typed: typed) == .none)
    #expect(Self.complete("count seg\\").completion.candidates.isEmpty)
  }

  @Test func nothingInsideAComment() {
    #expect(Self.complete("echo # he").completion.candidates.isEmpty)
    #expect(Self.complete("xyz").completion.action(typed: "xyz") == .none)
  }

  @Test func pathsAfterLoadAndExport() {
    let folders: [String: [(name: String, isFolder: Bool)]] = [
      ".": [("data", true), ("dates.csv", false), (".hidden", false), ("other.csv", false)],
      "data/": [("cartera 2026.csv", false), ("pagos.csv", false)],
    ]
    let (both, typed) = Self.complete("load da", folders: folders)
    #expect(both.kind == .paths)
    #expect(both.candidates == ["data/", "dates.csv"])
    #expect(both.action(typed: typed) == .replace("dat"))
    #expect(both.shown("data/") == "data/")

    let (folder, folderTyped) = Self.complete("load dat", folders: folders)
    #expect(folder.action(typed: folderTyped) == .list)

    let (quoted, quotedTyped) = Self.complete("load data/c", folders: folders)
    #expect(quoted.candidates == ["\"data/cartera 2026.csv\""])
    #expect(quoted.action(typed: quotedTyped) == .replace("\"data/cartera 2026.csv\" "))
    #expect(quoted.shown("data/pagos.csv") == "pagos.csv")

    let payments = Self.complete("load data/cartera.csv payments data/p", folders: folders)
    #expect(payments.completion.candidates == ["data/pagos.csv"])
    #expect(Self.complete("export o", folders: folders).completion.candidates == ["other.csv"])
    #expect(Self.complete("load .h", folders: folders).completion.candidates == [".hidden"])
  }

  @Test func aUniqueFolderTakesNoSpace() {
    let completion = Completion(start: 5, candidates: ["data/"], kind: .paths)
    #expect(completion.action(typed: "d") == .replace("data/"))
  }

  @Test func longListsAreCutButCounted() throws {
    var csv = "account_id,debtor_id,balance,due_date,city\n"
    for i in 0..<300 {
      csv +=
        "A\(1000 + i),D\(i),10.00,2026-01-01,\(["Santa Marta", "Santa Rosa", "Sahagún"][i % 3])\n"
    }
    csv += "B1,D1,10.00,2026-01-01,Cali\n"
    let session = Self.session()
    session.portfolio = try PortfolioLoader(asOf: Self.asOf).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "t.csv"
    )
    let (completion, typed) = Self.complete("show ", session: session)
    #expect(completion.candidates.count == Completer.maxCandidates)
    #expect(completion.total == 301)
    #expect(completion.candidates.first == "A1000")
    // The 200 kept all start with 'A1', but 'B1' matched too: nothing to complete.
    #expect(completion.commonPrefix == "")
    #expect(completion.action(typed: typed) == .list)
    let listing = Completer.columns(completion.candidates, width: 80, total: completion.total)
    #expect(listing.hasSuffix("… and 101 more"))
    #expect(Self.complete("show A", session: session).completion.commonPrefix == "A1")

    let (santa, santaTyped) = Self.complete("city Santa", session: session)
    #expect(santa.candidates == ["\"Santa Marta\"", "\"Santa Rosa\""])
    #expect(santa.action(typed: santaTyped) == .replace("\"Santa "))
    let (open, openTyped) = Self.complete("city 'Sa", session: session)
    #expect(open.candidates == ["'Sahagún'", "'Santa Marta'", "'Santa Rosa'"])
    #expect(open.action(typed: openTyped) == .list)
  }

  @Test func columnsGoDownThenAcross() {
    let text = Completer.columns(["a", "bb", "ccc", "d", "e"], width: 20)
    #expect(text == "a    ccc  e\nbb   d")
    #expect(
      Completer.columns(["segment", "segmento", "set"], width: 80) == "segment   segmento  set"
    )
    #expect(Completer.columns([], width: 80) == "")
  }

  @Test(arguments: [
    ("agreements ", ["behind", "broken", "cancelled", "current", "kept", "pending"]),
    ("promises due ", ["today", "within"]),
    ("holidays ", []),
    ("templates ", []),
    ("campaign segment A via sms ", ["at", "export", "stage"]),
    ("campaign via sms at 18:00 ", ["export", "stage"]),
    ("campaign via sms at ", []),
    (
      "agree CO-10001 installments 3 ",
      ["discount", "down", "first", "method", "pay", "rate", "start", "waive"]
    ),
    ("agree CO-10001 installments 3 method ", ["french", "german"]),
    ("plan CO-10001 installments ", []),
    ("plan CO-10001 waive ", ["capital", "fees", "interest", "late_interest"]),
    ("plan CO-10001 waive fees ", []),
    ("message CO-10001 ", ["requested", "stage", "via"]),
    ("message CO-10001 via sms ", ["requested", "stage"]),
    ("contacto CO-10001 por wh", ["whatsapp"]),
    ("contact CO-10001 via sms result ", ContactResult.allCases.map(\.rawValue).sorted()),
    ("contact CO-10001 via call result right_party ", ["force", "inbound", "note", "requested"]),
  ])
  func argumentsOfTheFollowUpCommands(line: String, expected: [String]) {
    #expect(Self.complete(line).completion.candidates == expected)
  }

  @Test func aCampaignFilterStillCompletesFields() {
    #expect(Self.complete("campaign segm").completion.candidates == ["segment", "segmento"])
  }

  @Test func messageWordsComplete() {
    #expect(Self.complete("message CO-10001 stage 9").completion.candidates == ["91+"])
    #expect(Self.complete("set mask o").completion.candidates == ["off", "on"])
    #expect(Self.complete("campaign via wh").completion.candidates == ["whatsapp"])
  }
}
