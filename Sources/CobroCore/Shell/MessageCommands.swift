/// `templates`, `message` and `campaign`: collection messages and lists for dialers.
///
/// The lists are what a dialer or a WhatsApp provider takes. cobro prepares and exports; it
/// never sends anything.
///
/// The words come from ``TemplateSet`` (built-in Spanish templates, overridden by `set
/// templates DIR`), the values from ``MessageValues``; `campaign` asks the contact rules which
/// contacts the law allows at the time checked.
enum MessageCommands {
  /// Every command of the messages layer, in `help` order.
  static var all: [CommandDefinition] { [templates, message, campaign] }

  /// The rule of a debtor's accounts after the first in a campaign (the contact rules' name).
  static let oneADayRule = ContactRules.Rule.oneADay
  /// The rule of an account that owes nothing.
  static let nothingOwedRule = "nothing owed"

  // MARK: - Settings

  /// `set templates DIR|none` and `set mask on|off`.
  static let settings: [SettingDefinition] = [
    SettingDefinition(
      name: "templates",
      takes: "DIR or none",
      summary: "a folder of message templates over the built-in ones (CHANNEL.STAGE[.SEGMENT].txt)",
      apply: { s, v in
        if v.lowercased() == "none" {
          s.extra["templates"] = nil
          return .success("none")
        }
        do throws(Diagnostic) {
          _ = try TemplateSet.load(directory: v)
        } catch {
          // A problem in a template is located in its file; one with the folder, at the value.
          return .failure(error.range == nil ? SettingError(error.message) : SettingError(error))
        }
        s.extra["templates"] = v
        return .success(v)
      },
      current: { $0.extra["templates"] ?? "none" },
      resolvesPath: true
    ),
    SettingDefinition(
      name: "mask",
      takes: "on|off",
      summary: "hide most of every phone and e-mail address wherever a row is shown",
      apply: { s, v in
        switch v.lowercased() {
        case "on", "off":
          s.extra["mask"] = v.lowercased() == "on" ? "on" : nil
          return .success(v.lowercased())
        default:
          return .failure(SettingError("'\(v)' is not on or off"))
        }
      },
      current: { $0.extra["mask"] ?? "off" }
    ),
  ]

  /// The templates in force, read again by every command so that an edited file counts at once.
  static func templateSet(_ session: Session, _ inv: CommandInvocation) throws(Diagnostic)
    -> TemplateSet
  {
    guard let directory = session.settings.extra["templates"] else { return .builtIn }
    return try TemplateSet.load(directory: directory)
  }

  // MARK: - templates

  /// `templates`.
  static let templates = CommandDefinition(
    name: "templates",
    aliases: ["plantillas"],
    group: .followUp,
    synopsis: "templates",
    summary: "list the message templates in force and where each comes from",
    details: """
      Prints channel, stage, segment, source: one row per template, by channel, stage, then
      segment; source is 'built-in' or the file. 'set templates DIR' reads a folder of
      Mustache templates named CHANNEL.STAGE.txt or CHANNEL.STAGE.SEGMENT.txt (whatsapp.91+.txt,
      email.1-30.B.txt); for an account, its segment's template beats the generic one, and a
      user's beats the built-in one. 'set templates none' goes back to the built-in ones.
      A template is a regular UTF-8 file of at most 64 KiB.
      Channels: whatsapp, sms, email, call. Stages: preventive (not due yet), due-today, 1-30,
      31-90, 91+ (days overdue), written-off (status written_off) and bureau-notice (the notice
      of Ley 1266 de 2008, at least 20 days before a credit-bureau report; only when asked for).
      \(placeholderHelp)
      """,
    example: "templates"
  ) { session, inv in
    try inv.cursor.expectEnd()
    let set = try templateSet(session, inv)
    var t = ResultTable(columns: [
      .init("channel", .text), .init("stage", .text), .init("segment", .text),
      .init("source", .text),
    ])
    for template in set.inForce {
      t.rows.append([
        .text(template.key.channel.rawValue), .text(template.key.stage.rawValue),
        .text(template.key.segment ?? ""), .text(template.source.description),
      ])
    }
    session.emit(t)
  }

  /// The placeholders, for help.
  static let placeholderHelp = """
    Placeholders: {{debtor_name}}, {{first_name}}, {{debtor_id}}, {{account}}, {{accounts}},
    {{account_count}}, {{your_accounts}} ('su obligación X' or 'sus obligaciones X y Y'), {{n}}
    and {{s}} (plural endings: vence{{n}}), {{balance}} ($1,234.56), {{currency}},
    {{due_date}} and {{as_of}} (in words), {{days_overdue}} and {{days_to_due}} ('45 días'),
    {{report_date}} (as-of + 20 days), {{plan_installments}}, {{plan_installment}} and
    {{plan_first_date}} (6 installments at 1% monthly, the terms of 'offers'). Sections:
    {{#plan}}…{{/plan}}, {{#several_accounts}}…{{/several_accounts}} and
    {{#legal_action}}…{{/legal_action}}, false when a debt is 3 years or more past its due date
    (it may be past prescription: no message threatens legal action on it). A placeholder
    without a value (an empty name, a plan that cannot be computed) is an error at its line and
    column unless it is inside a section that is off. Email values are HTML-escaped. An SMS is
    written in the GSM alphabet of phone networks (accents it lacks are dropped: á → a, while
    é, ñ and ü stay) and gets a warning past 160 characters, or past 70 when a character
    outside that alphabet remains (the text then goes as UCS-2).
    """

  // MARK: - message

  /// `message ACCOUNT_ID [via CHANNEL] [stage STAGE]`.
  static let message = CommandDefinition(
    name: "message",
    aliases: ["mensaje"],
    group: .followUp,
    synopsis: "message ACCOUNT_ID [via CHANNEL] [stage STAGE]",
    summary: "render the collection message of one account for its channel and stage",
    details: """
      The channel defaults to the account's 'channel' column; the stage comes from its status,
      days overdue and due date at the as-of date ('stage bureau-notice' asks for the notice
      before a credit-bureau report). In table format the message is printed as it is, after a
      line on stderr naming account, channel, stage and contact; in csv, json and markdown it is
      one row: account_id, debtor_id, debtor_name, channel, contact, stage, amount, message.
      'set mask on' masks the contact. See 'help templates' for the templates and placeholders.
      """,
    example: "message CO-0000002 via sms"
  ) { session, inv in
    try runMessage(session, inv)
  }

  /// Reads `via CHANNEL` after the cursor's `via`.
  static func channelArgument(_ inv: CommandInvocation, _ cursor: inout ArgumentCursor)
    throws(Diagnostic) -> MessageChannel
  {
    let t = try cursor.expectValue("a channel after 'via'")
    guard let c = MessageChannel(word: t.text) else {
      var notes: [Diagnostic.Message] = []
      if let s = Suggestion.closest(
        to: t.text,
        among: MessageChannel.allCases.map(\.rawValue)
      ) {
        notes.append("did you mean '\(s)'?")
      }
      notes.append("channels: whatsapp, sms, email, call")
      throw inv.error("unknown channel '\(t.text)'", at: t, notes: notes)
    }
    return c
  }

  /// Reads `stage STAGE` after the cursor's `stage`.
  static func stageArgument(_ inv: CommandInvocation, _ cursor: inout ArgumentCursor)
    throws(Diagnostic) -> MessageStage
  {
    let t = try cursor.expectValue("a stage after 'stage'")
    var text = t.text
    var end = t
    // `91+` may be read as `91` then `+`: join what is written without a space.
    while let next = cursor.peek, next.range.start == end.range.end {
      text += next.text
      end = next
      _ = cursor.next()
    }
    guard let s = MessageStage(rawValue: text.lowercased()) else {
      throw inv.error(
        "unknown stage '\(text)'",
        at: t,
        notes: ["stages: \(MessageStage.allCases.map(\.rawValue).joined(separator: ", "))"]
      )
    }
    return s
  }

  /// Parses and runs `message`.
  static func runMessage(_ session: Session, _ inv: CommandInvocation) throws {
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let id = try session.resolvedAccount(cursor.expectValue("an account id"), inv)
    var channel: MessageChannel?
    var stage: MessageStage?
    while let t = cursor.next() {
      if t.isWord("via") || t.isWord("por"), channel == nil {
        channel = try channelArgument(inv, &cursor)
      } else if t.isWord("stage") || t.isWord("etapa"), stage == nil {
        stage = try stageArgument(inv, &cursor)
      } else {
        throw inv.error(
          "unexpected '\(t.text)'",
          at: t,
          notes: ["write: message ACCOUNT_ID [via CHANNEL] [stage STAGE]"]
        )
      }
    }
    let p = q.portfolio
    guard let row = p.row(ofAccount: id.text) else {
      throw inv.error("no account '\(id.text)'", at: id)
    }
    let asOf = session.settings.asOf
    let facts = AccountFacts(p, row: row, asOf: asOf)
    guard let channel = channel ?? MessageChannel(word: facts.channel) else {
      throw inv.error(
        "account '\(id.text)' has no channel",
        at: id,
        notes: ["give one: message \(id.text) via whatsapp"]
      )
    }
    guard let stage = stage ?? facts.stage else {
      throw inv.error(
        "account '\(id.text)' owes nothing at \(asOf)",
        at: id,
        notes: ["ask for a stage to see its message anyway: message \(id.text) stage 1-30"]
      )
    }
    let set = try templateSet(session, inv)
    let text = try render(set, channel, stage, p, rows: [row], asOf: asOf, subject: id.text)
    let contact = facts.contact(channel) ?? ""
    let shownContact = session.masksContacts ? ContactMask.mask(contact) : contact
    if channel == .sms, case let length = SMSLength(text), !length.fits {
      session.report(smsWarning([id.text], worst: length))
    }
    if session.settings.format == .table {
      session.message(
        "\(id.text) · \(channel.rawValue) · \(stage.rawValue) · "
          + (shownContact.isEmpty ? "no contact" : shownContact)
      )
      session.print(text)
    } else {
      session.emit(
        ResultTable(
          columns: [
            .init("account_id", .text), .init("debtor_id", .text), .init("debtor_name", .text),
            .init("channel", .text), .init("contact", .text), .init("stage", .text),
            .init("amount", .money), .init("message", .text),
          ],
          rows: [
            [
              .text(id.text), .text(facts.debtorID), .text(facts.debtorName),
              .text(channel.rawValue), .text(contact), .text(stage.rawValue),
              .money(facts.balance), .text(text),
            ]
          ]
        )
      )
    }
  }

  /// Renders the message of some accounts (the first leads it).
  static func render(
    _ set: TemplateSet,
    _ channel: MessageChannel,
    _ stage: MessageStage,
    _ p: Portfolio,
    rows: [Int],
    asOf: Day,
    subject: String,
    calculator: PlanCalculator? = nil
  ) throws(Diagnostic) -> String {
    let segment = p.column(named: "segment")?.text(rows[0])
    let template = set.template(channel, stage, segment: segment)
    let values = MessageValues.values(
      portfolio: p,
      rows: rows,
      asOf: asOf,
      calculator: calculator
    )
    let text = try template.render(values, subject: "account '\(subject)'")
    return channel == .sms ? SMSLength.gsmFolded(text) : text
  }

  /// The warning for SMS that do not fit in one message (160 GSM characters, or 70 when a
  /// character outside the GSM alphabet, such as `á`, forces UCS-2).
  static func smsWarning(_ accounts: [String], worst: SMSLength) -> Diagnostic {
    let shown = accounts.prefix(5).joined(separator: ", ") + (accounts.count > 5 ? ", …" : "")
    let size =
      worst.encoding == .gsm7
      ? "\(worst.units) GSM characters, more than 160"
      : "\(worst.units) characters, more than 70: "
        + worst.foreign.map { "'\($0)'" }.joined(separator: ", ")
        + " is not in the GSM alphabet, so it goes as UCS-2"
    return Diagnostic(
      .warning,
      Diagnostic.Message(
        accounts.count == 1
          ? "the sms for \(shown) takes \(size)"
          : "\(accounts.count) sms do not fit in one message (\(shown)); the worst takes \(size)"
      ),
      notes: ["a longer text is sent as several SMS, or cut"]
    )
  }

  // MARK: - campaign

  /// `campaign [FILTER] via CHANNEL [at DATETIME] [stage STAGE] [export FILE [replace]]`.
  static let campaign = CommandDefinition(
    name: "campaign",
    aliases: ["campana", "campaña"],
    group: .followUp,
    synopsis:
      "campaign [FILTER] via CHANNEL [at DATETIME] [stage STAGE] [export FILE [replace]]",
    summary: "a contact list: one row per account with its message and whether it is allowed",
    details: """
      Prints account_id, debtor_id, debtor_name, channel, contact, stage, amount, message,
      allowed, rule: every account that passes the filter, never dropping one, grouped by
      debtor (debtors in the order of their first account; within a debtor by due date, then
      account_id). Per debtor only the first account with a balance (oldest due date, then
      account_id) can be 'yes'; its message names all of the debtor's accounts in the campaign
      and their total, and the others are 'no' with the rule 'one contact a day per debtor' and
      no message. amount is each account's own balance, so the column adds up to the campaign's
      total. An account that owes nothing is 'no', 'nothing owed'.
      'allowed' and 'rule' come from the contact rules ('set rules co|us', 'help rules'), with
      the journal's contact log, at the time checked: 'at DATETIME' ('2026-11-30 18:59' or
      18:59, Colombian time), else 'set at', by default the as-of date at 10:00; the channel
      must be among the account's authorised channels. A contact the rules allow is still 'no'
      without a phone that takes messages (whatsapp, sms), a phone (call) or an e-mail address
      (email).
      contact is the phone in international digits without '+' (573001234567) or the address;
      an address starting with = + - or @ is not used. 'stage STAGE' sends every account the
      same stage (bureau-notice). 'export FILE' writes the rows to a new .csv (spreadsheet-safe
      text cells), .json, .md or .txt file, readable by you only, instead of printing them;
      'export FILE replace' overwrites an existing file (as 'export' does). Preventive campaigns
      use the filter: campaign due within 3 days via sms. 'set mask on' masks contacts
      (********4567, j***@example.com), in exports too.
      """,
    example: "campaign overdue > 90 segment B via whatsapp at '2026-11-30 18:00'"
  ) { session, inv in
    try runCampaign(session, inv)
  }

  /// Parses and runs `campaign`.
  static func runCampaign(_ session: Session, _ inv: CommandInvocation) throws {
    let q = try QueryRun(session, inv)
    guard let via = inv.args.firstIndex(where: { $0.isWord("via") || $0.isWord("por") }) else {
      throw inv.error(
        "expected 'via CHANNEL'",
        notes: ["for example: campaign overdue > 30 via whatsapp"]
      )
    }
    let filterTokens = inv.args[..<via]
    let clauses = CommandInvocation(
      word: inv.args[via],
      args: Array(inv.args[(via + 1)...]),
      statement: inv.statement,
      source: inv.source
    )
    var cursor = clauses.cursor
    let channel = try channelArgument(inv, &cursor)
    var settings = session.settings
    var stage: MessageStage?
    var exportFile: Token?
    var replace = false
    var seen: Set<String> = []
    while let t = cursor.next() {
      let word = t.kind == .word ? t.text.lowercased() : ""
      guard ["at", "stage", "export"].contains(word) else {
        throw inv.error(
          "unexpected '\(t.text)'",
          at: t,
          notes: ["after 'via CHANNEL': at DATETIME, stage STAGE, export FILE [replace]"]
        )
      }
      guard seen.insert(word).inserted else { throw inv.error("'\(word)' given twice", at: t) }
      switch word {
      case "at":
        let first = try cursor.expectValue("a date and time after 'at'")
        var text = first.text
        var last = first
        if first.kind == .word, Day(first.text) != nil, let time = cursor.peek,
          time.kind == .word, time.text.contains(":")
        {
          _ = cursor.next()
          text += " " + time.text
          last = time
        }
        guard let def = SettingsCatalog.definition("at") else { break }
        if case .failure(let e) = def.apply(&settings, text) {
          throw inv.source.diagnostic(
            e.message,
            at: SourceRange(file: first.range.file, start: first.range.start, end: last.range.end),
            notes: ["write: at '2026-11-30 18:59' or at 18:59 (Colombian time)"]
          )
        }
      case "stage":
        stage = try stageArgument(inv, &cursor)
      default:
        exportFile = try cursor.expectValue("a file name after 'export'")
        if cursor.peek?.isWord("replace") == true {
          _ = cursor.next()
          replace = true
        }
      }
    }
    var format: ExportFormat?
    if let file = exportFile {
      guard let f = ExportFormat(path: file.text) else {
        throw inv.error(
          "cannot tell the format of '\(file.text)'",
          at: file,
          notes: ["end the name in .csv, .json, .md or .txt"]
        )
      }
      format = f
    }
    let selection = try q.selectFiltered(filterTokens)
    let bytes = ResourceLimits.campaignBytes(
      accounts: selection.count,
      masked: exportFile != nil && session.masksContacts
    )
    if let available = session.resourceLimits.shortfall(bytes) {
      throw inv.error(
        Diagnostic.Message(
          "a campaign over \(ResourceLimits.grouped(selection.count)) accounts needs about "
            + "\(ResourceLimits.describe(bytes: bytes)) of memory; the system has "
            + "\(ResourceLimits.describe(bytes: available)) available"
        ),
        at: inv.word,
        notes: ["narrow the accounts with a filter: campaign overdue > 30 via \(channel.rawValue)"]
      )
    }
    let set = try templateSet(session, inv)
    let plan = try CampaignPlan(
      portfolio: q.portfolio,
      rows: selection.rows,
      asOf: session.settings.asOf
    )
    let at = LocalTime(day: settings.asOf, minute: settings.atMinutes)
    let rules = try JournalCommands.journalDo(inv) { try session.contactRules() }
    let calculator = MessageValues.planCalculator(asOf: session.settings.asOf)
    var table = ResultTable(columns: [
      .init("account_id", .text), .init("debtor_id", .text), .init("debtor_name", .text),
      .init("channel", .text), .init("contact", .text), .init("stage", .text),
      .init("amount", .money), .init("message", .text), .init("allowed", .text),
      .init("rule", .text),
    ])
    var longSMS: [String] = []
    var worst: SMSLength?
    for debtor in plan.debtors {
      for (k, row) in debtor.rows.enumerated() {
        try Interruption.checkpoint("campaign", done: table.rows.count, of: selection.count)
        guard let facts = plan.facts[row] else { continue }
        var text = ""
        var rule = ""
        let rowStage = facts.stage == nil ? nil : stage ?? facts.stage
        if facts.stage == nil {
          rule = nothingOwedRule
        } else if k > 0 {
          rule = oneADayRule
        } else if let rowStage {
          text = try render(
            set,
            channel,
            rowStage,
            q.portfolio,
            rows: debtor.owing,
            asOf: session.settings.asOf,
            subject: facts.accountID,
            calculator: calculator
          )
          if channel == .sms, case let length = SMSLength(text), !length.fits {
            longSMS.append(facts.accountID)
            if worst.map({ length.units - length.limit > $0.units - $0.limit }) ?? true {
              worst = length
            }
          }
          rule =
            rules.forbiddingRule(
              account: facts.accountID,
              debtor: facts.debtorID,
              channel: channel.rawValue,
              authorizedChannels: facts.authorizedChannels,
              at: at
            ) ?? (facts.contact(channel) == nil ? noContactRule(channel) : "")
        }
        table.rows.append([
          .text(facts.accountID), .text(facts.debtorID), .text(facts.debtorName),
          .text(channel.rawValue), .text(facts.contact(channel) ?? ""),
          .text(rowStage?.rawValue ?? "paid"), .money(facts.balance), .text(text),
          .text(rule.isEmpty ? "yes" : "no"), .text(rule),
        ])
      }
    }
    if let worst { session.report(smsWarning(longSMS, worst: worst)) }
    let allowed = table.rows.filter { $0[8] == .text("yes") }.count
    if let file = exportFile, let format {
      let path = session.resolve(file.text, from: inv.source)
      let written = session.masksContacts ? table.maskingContacts() : table
      if let reason = try format.write(
        [written],
        dialect: session.settings.exportDialect,
        raw: session.csvIsRaw,
        to: path,
        replace: replace
      ) {
        throw inv.error("cannot write '\(file.text)': \(reason)", at: file)
      }
      session.message(
        "wrote \(table.rows.count) row\(table.rows.count == 1 ? "" : "s") to \(file.text) "
          + "(\(allowed) allowed)"
      )
    } else {
      session.emit(table)
      session.message(
        "\(table.rows.count) account\(table.rows.count == 1 ? "" : "s"), \(plan.debtors.count) "
          + "debtor\(plan.debtors.count == 1 ? "" : "s"), \(allowed) allowed at "
          + "\(settings.atText)"
      )
    }
  }

  /// The rule for a first account without the contact the channel needs.
  static func noContactRule(_ channel: MessageChannel) -> String {
    switch channel {
    case .whatsapp, .sms: "no phone that takes messages"
    case .call: "no phone"
    case .email: "no e-mail address"
    }
  }
}

/// What a message and a campaign row need of one account, read once.
struct AccountFacts {
  /// The account id.
  var accountID: String
  /// The debtor id.
  var debtorID: String
  /// The debtor's name.
  var debtorName: String
  /// The preferred channel (`channel` column).
  var channel: String
  /// The channels the debtor authorised: `authorized_channels`, or `channel` when it is empty
  /// (none: no authorisation recorded, not checked).
  var authorizedChannels: [String]
  /// The phone as written.
  var phone: String
  /// The address as written.
  var email: String
  /// The balance at the as-of date.
  var balance: Cents
  /// The due date.
  var due: Day?
  /// The stage, or `nil` when the account owes nothing (a balance of zero or less, whatever its
  /// status).
  var stage: MessageStage?

  /// Reads row `r` at `asOf`.
  init(_ p: Portfolio, row r: Int, asOf: Day) {
    func cell(_ name: String) -> String { p.column(named: name)?.text(r) ?? "" }
    accountID = cell("account_id")
    debtorID = p.debtor(row: r)
    debtorName = cell("debtor_name")
    channel = cell("channel").lowercased()
    authorizedChannels = p.authorizedChannels(row: r)
    phone = cell("phone")
    email = cell("email")
    balance = p.balance(row: r, asOf: asOf)
    let d = p.dueDates[r]
    due = d == Day.missing ? nil : Day(raw: d)
    if balance <= 0 {
      stage = nil
    } else {
      stage = MessageStage.of(
        writtenOff: cell("status").lowercased() == "written_off",
        daysOverdue: p.daysOverdue(row: r, asOf: asOf),
        due: due,
        asOf: asOf
      )
    }
  }

  /// The contact for a channel: international digits, or the address.
  ///
  /// `nil` when there is none the channel can use. An address starting with `=`, `+`, `-` or `@` is not used, so that a
  /// contact cell never needs changing to open safely in a spreadsheet.
  func contact(_ channel: MessageChannel) -> String? {
    switch channel {
    case .email:
      guard !email.isEmpty, EmailAddress.problem(email) == nil,
        let f = email.first, !"=+-@".contains(f)
      else { return nil }
      return email
    case .call:
      return PhoneNumber.internationalDigits(phone)
    case .whatsapp, .sms:
      guard PhoneNumber.classify(phone).receivesMessages else { return nil }
      return PhoneNumber.internationalDigits(phone)
    }
  }
}

/// The accounts of a campaign grouped by debtor, in output order.
struct CampaignPlan {
  /// One debtor of the campaign.
  struct Debtor {
    /// Its accounts in the campaign, by due date (missing last), then account id.
    var rows: [Int]
    /// Those that owe something, in the same order: the first leads the message.
    var owing: [Int]
  }
  /// The facts of every row of the portfolio that is in the campaign, by row.
  var facts: [Int: AccountFacts] = [:]
  /// The debtors, in the order of their first account.
  var debtors: [Debtor] = []

  /// Groups `rows` by debtor; Ctrl-C stops it (`CobroError.interrupted`).
  init(portfolio p: Portfolio, rows: [Int], asOf: Day) throws(CobroError) {
    var byDebtor: [String: [Int]] = [:]
    var order: [String] = []
    for (k, r) in rows.enumerated() {
      try Interruption.checkpoint("accounts", done: k, of: rows.count)
      let f = AccountFacts(p, row: r, asOf: asOf)
      facts[r] = f
      if byDebtor[f.debtorID] == nil { order.append(f.debtorID) }
      byDebtor[f.debtorID, default: []].append(r)
    }
    let facts = self.facts
    func before(_ a: Int, _ b: Int) -> Bool {
      guard let fa = facts[a], let fb = facts[b] else { return a < b }
      let owesA = fa.stage != nil
      let owesB = fb.stage != nil
      if owesA != owesB { return owesA }
      let da = fa.due?.raw ?? Int32.max
      let db = fb.due?.raw ?? Int32.max
      if da != db { return da < db }
      if fa.accountID != fb.accountID { return fa.accountID < fb.accountID }
      return a < b
    }
    for id in order {
      let sorted = (byDebtor[id] ?? []).sorted(by: before)
      debtors.append(Debtor(rows: sorted, owing: sorted.filter { facts[$0]?.stage != nil }))
    }
    debtors.sort { before($0.rows[0], $1.rows[0]) }
  }
}
