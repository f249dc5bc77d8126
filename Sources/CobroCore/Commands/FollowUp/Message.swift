import CobroDiagnostics
import CobroJournal
import CobroMessages
import CobroPortfolio
import CobroShell

/// `message ACCOUNT [via CHANNEL] [stage STAGE]`.
extension MessageCommands {
  /// `message ACCOUNT_ID [via CHANNEL] [stage STAGE]`.
  static let message = CommandDefinition(
    name: "message",
    aliases: ["mensaje"],
    group: .followUp,
    synopsis: "message ACCOUNT_ID [via CHANNEL] [stage STAGE] [requested]",
    summary: "render the collection message of one account for its channel and stage",
    details: """
      The channel defaults to the account's 'channel' column; the stage comes from its status,
      days overdue and due date at the as-of date ('stage bureau-notice' asks for the notice
      before a credit-bureau report). In table format the message is printed as it is, after a
      line on stderr naming account, channel, stage and contact; in csv, json and markdown it is
      one row: account_id, debtor_id, debtor_name, channel, contact, stage, amount, message.
      'set mask on' masks the contact. See 'help templates' for the templates and placeholders.
      'requested' (solicitado) is a message the debtor asked for during today's direct contact:
      it needs that contact logged earlier the same day and an authorised channel, and is
      logged in the journal as a contact of that channel (result right_party) belonging to it,
      not counted by the hours and frequency rules ('help contact').
      """,
    example: "message CO-0000002 via sms",
    completion: { args in
      args.isEmpty ? .accounts : .unused(["requested", "stage", "via"], in: args)
    }
  ) { session, inv in
    try runMessage(session, inv)
  }

  /// Parses and runs `message`.
  static func runMessage(_ session: Session, _ inv: CommandInvocation) throws {
    let q = try QueryRun(session, inv)
    var cursor = inv.cursor
    let id = try session.resolvedAccount(cursor.expectValue("an account id"), inv)
    var channel: MessageChannel?
    var stage: MessageStage?
    var requested = false
    var channelToken: Token?
    while let t = cursor.next() {
      if ContactBasis(word: t.text) == .requested, t.kind == .word, !requested {
        requested = true
      } else if t.isWord("via") || t.isWord("por"), channel == nil {
        channelToken = cursor.peek
        channel = try Arguments.channel(inv, &cursor)
      } else if t.isWord("stage") || t.isWord("etapa"), stage == nil {
        stage = try stageArgument(inv, &cursor)
      } else {
        throw inv.error(
          QueryMessages.unexpected(t.text),
          at: t,
          notes: ["write: message ACCOUNT_ID [via CHANNEL] [stage STAGE] [requested]"]
        )
      }
    }
    let p = q.portfolio
    guard let row = p.row(ofAccount: id.text) else {
      throw inv.error(QueryMessages.noAccount(id.text), at: id)
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
    // A first look for the day's direct contact, before the message is made; the one that
    // counts is made again when the message is logged, inside the write's locked transaction.
    if requested {
      _ = try JournalCommands.requestedContact(
        session,
        inv,
        rules: Arguments.journal(inv) { try session.contactRules() },
        account: id.text,
        channel: channel.rawValue,
        channelToken: channelToken ?? id
      )
    }
    let set = try templateSet(session, inv)
    let text = try set.message(channel, stage, p, rows: [row], asOf: asOf, subject: id.text)
    if requested {
      let entry = try JournalCommands.logRequestedContact(
        session,
        inv,
        account: id.text,
        channel: channel.rawValue,
        channelToken: channelToken ?? id,
        result: .rightParty,
        note: "message \(stage.rawValue)"
      )
      session.message(
        "entry \(entry.id): \(id.text) sent the \(stage.rawValue) message via "
          + "\(channel.rawValue) [requested] (\(entry.collector), \(entry.recordedAt))"
      )
    }
    let contact = facts.contact(channel) ?? ""
    let shownContact = session.masksContacts ? ContactMask.mask(contact) : contact
    if channel == .sms, case let length = SMSLength(text), !length.fits {
      session.report(Diagnostic.longSMS([id.text], worst: length))
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
}
