import CobroContact
import CobroDiagnostics
import CobroMessages
import CobroPlan
import CobroPortfolio
import CobroShell

/// `campaign FILTER via CHANNEL …`.
extension MessageCommands {
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
    example: "campaign overdue > 90 segment B via whatsapp at '2026-11-30 18:00'",
    completion: { args in
      // A filter until `via CHANNEL`, then the clauses not given yet.
      guard
        let via = args.firstIndex(where: {
          $0.kind == .word && ["via", "por"].contains($0.text.lowercased())
        }), via < args.index(before: args.endIndex)
      else { return .filter(listing: false) }
      let clauses = args[args.index(after: via)...]
      if clauses.last?.text.lowercased() == "at" { return .nothing }
      // `at 2026-11-30 18:00` may be two words; a finished clause offers the others.
      return .unused(["at", "export", "stage"], in: clauses)
    }
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
    let channel = try Arguments.channel(inv, &cursor)
    var settings = session.settings
    var stage: MessageStage?
    var exportFile: Token?
    var replace = false
    var seen: Set<String> = []
    while let t = cursor.next() {
      let word = t.kind == .word ? t.text.lowercased() : ""
      guard ["at", "stage", "export"].contains(word) else {
        throw inv.error(
          QueryMessages.unexpected(t.text),
          at: t,
          notes: ["after 'via CHANNEL': at DATETIME, stage STAGE, export FILE [replace]"]
        )
      }
      guard seen.insert(word).inserted else {
        throw inv.error(QueryMessages.givenTwice(word), at: t)
      }
      switch word {
      case "at":
        let first = try cursor.expectValue("a date and time after 'at'")
        var text = first.text
        var last = first
        if first.kind == .word, Arguments.isDate(first), let time = cursor.peek,
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
    let report = try CampaignReport(
      portfolio: q.portfolio,
      rows: selection.rows,
      channel: channel,
      stage: stage,
      asOf: session.settings.asOf,
      at: LocalTime(day: settings.asOf, minute: settings.atMinutes),
      templates: templateSet(session, inv),
      rules: Arguments.journal(inv) { try session.contactRules() }
    )
    if let warning = report.smsWarning { session.report(warning) }
    let table = report.table
    if let file = exportFile, let format {
      let path = session.resolve(file.text, from: inv.source)
      let written = session.masksContacts ? table.maskingContacts() : table
      let failure: String?
      do {
        failure = try format.write(
          [written],
          dialect: session.settings.exportDialect,
          raw: session.csvIsRaw,
          to: path,
          replace: replace
        )
      } catch {
        // A million rows take a while to free: `interrupted` comes first.
        Interruption.releaseAside((consume report, consume table, consume written))
        throw error
      }
      if let reason = failure {
        throw inv.error("cannot write '\(file.text)': \(reason)", at: file)
      }
      session.message(
        "wrote \(table.rows.count) row\(table.rows.count == 1 ? "" : "s") to \(file.text) "
          + "(\(report.allowed) allowed)"
      )
    } else {
      session.emit(table)
      if Interruption.requested {
        Interruption.releaseAside((consume report, consume table))
        return
      }
      session.message(
        "\(table.rows.count) account\(table.rows.count == 1 ? "" : "s"), \(report.debtors) "
          + "debtor\(report.debtors == 1 ? "" : "s"), \(report.allowed) allowed at "
          + "\(settings.atText)"
      )
    }
  }
}
