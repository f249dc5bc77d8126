import CobroContact
import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell
import Foundation

/// `contact ACCOUNT via CHANNEL …`.
extension JournalCommands {
  static let contact = CommandDefinition(
    name: "contact",
    aliases: ["contacto"],
    group: .followUp,
    synopsis: """
      contact ACCOUNT_ID via CHANNEL result RESULT [inbound|requested] [note TEXT] [force]
      """,
    summary: "logs a contact attempt and its result in the journal",
    details: """
      RESULT is one of right_party, third_party, no_answer, voicemail, refused, dispute,
      promise (or Spanish: titular, tercero, no_contesta, buzon, rechaza, disputa, promesa).
      CHANNEL is whatsapp, email, call or sms (correo, llamada, mensaje). A contact that ends in
      a promise is logged with result promise; record the promise itself with 'promise'.
      The entry is stamped like a promise and its number printed on stderr.
      A contact the contact rules forbid at the 'set at' time ('set rules co|us'; 'help rules'
      lists them) is refused with the name of the rule, unless 'force' (the last word, after
      the note too) logs it anyway with a warning.
      'inbound' logs a contact the debtor started (an inbound call, a WhatsApp the debtor
      sent): the rules limit the contacts the creditor starts, so none refuses it; it still
      counts as that day's direct contact when it reached the debtor. 'requested' logs a
      message the debtor asked for during today's direct contact (the agreement's summary by
      WhatsApp): it needs a direct contact with the debtor earlier the same day and an
      authorised channel, belongs to that contact and is not counted by the hours and
      frequency rules. Either is recorded with the entry, and its note starts with
      '[inbound]' or '[requested in entry N]'.
      Spanish keywords work too: contacto A-1 por llamada resultado buzon (forzar for force,
      entrante for inbound, solicitado for requested).
      """,
    example: "contact \(Arguments.exampleAccount) via call result no_answer note \"second try\"",
    completion: { args in
      guard let word = args.last?.text.lowercased() else { return .accounts }
      if word == "result" || word == "resultado" {
        return .words(ContactResult.allCases.map(\.rawValue))
      }
      if args.count >= 2,
        ["result", "resultado"].contains(
          args[args.index(args.endIndex, offsetBy: -2)].text.lowercased()
        )
      {
        return .words(["force", "inbound", "note", "requested"])
      }
      return .nothing
    }
  ) { session, inv in
    var cursor = inv.cursor
    let account = try Arguments.account(session, inv, &cursor)
    guard cursor.accept("via") || cursor.accept("por") else {
      throw inv.error("expected 'via CHANNEL'", at: cursor.peek)
    }
    let channelToken = cursor.peek
    let channel = try Arguments.channel(
      inv,
      &cursor,
      expecting: "a channel",
      listing: CanonicalSchema.channels
    ).rawValue
    guard cursor.accept("result") || cursor.accept("resultado") else {
      throw inv.error("expected 'result RESULT'", at: cursor.peek)
    }
    let resultToken = try cursor.expectValue("a result")
    guard let result = ContactResult(word: resultToken.text) else {
      var notes: [Diagnostic.Message] = []
      let names = ContactResult.allCases.map(\.rawValue)
      if let s = Suggestion.closest(to: resultToken.text, among: names) {
        notes.append(QueryMessages.didYouMean(s))
      }
      notes.append("results: \(names.joined(separator: ", "))")
      throw inv.error("unknown result '\(resultToken.text)'", at: resultToken, notes: notes)
    }
    var note: String?
    var force = false
    var basis: ContactBasis?
    while let t = cursor.peek {
      if let b = ContactBasis(word: t.text), t.kind == .word {
        if basis != nil {
          throw inv.error("'\(t.text)': inbound or requested is already given", at: t)
        }
        basis = b
        _ = cursor.next()
      } else if cursor.accept("force") || cursor.accept("forzar") {
        if force { throw inv.error("'\(t.text)': force is already given", at: t) }
        force = true
      } else if cursor.accept("note") || cursor.accept("nota") {
        var words = Array(cursor.rest())
        if words.count > 1, let last = words.last, last.isWord("force") || last.isWord("forzar") {
          force = true
          words.removeLast()
        }
        let text = words.map(\.text).joined(separator: " ")
        guard !text.isEmpty else { throw inv.error("expected the note") }
        note = text
      } else {
        throw inv.error(
          QueryMessages.unexpected(t.text),
          at: t,
          notes: ["expected 'inbound', 'requested', 'note TEXT' or 'force'"]
        )
      }
    }
    let entry: JournalEntry
    switch basis {
    case nil:
      entry = try logCheckedContact(
        session,
        inv,
        account: account,
        channel: channel,
        channelToken: channelToken,
        result: result,
        note: note,
        force: force
      )
    case .inbound?:
      // The debtor started it: no rule refuses it, so nothing is checked.
      entry = try Arguments.journal(inv) {
        try session.writableJournal().addContact(
          account: account,
          channel: channel,
          result: result,
          note: note,
          basis: .inbound,
          during: nil,
          debtor: session.debtor(ofAccount: account),
          stamp: session.journalStamp
        )
      }
    case .requested?:
      entry = try logRequestedContact(
        session,
        inv,
        account: account,
        channel: channel,
        channelToken: channelToken,
        result: result,
        note: note
      )
    }
    session.message(
      "entry \(entry.id): \(account) contacted via \(channel): \(result.rawValue) "
        + (basis.map { "[\($0.rawValue)] " } ?? "")
        + "(\(entry.collector), \(entry.recordedAt))"
    )
  }

  /// Logs a contact the creditor started, refused when the rules in force forbid it unless
  /// forced (then it warns once logged).
  ///
  /// A first check on the journal as it is refuses without opening it for writing; the check
  /// that counts is made again inside the write's transaction, locked on the debtor, so that
  /// two collectors contacting the same debtor at once cannot both pass it.
  static func logCheckedContact(
    _ session: Session,
    _ inv: CommandInvocation,
    account: String,
    channel: String,
    channelToken: Token?,
    result: ContactResult,
    note: String?,
    force: Bool
  ) throws(Diagnostic) -> JournalEntry {
    let rules = try Arguments.journal(inv) { try session.contactRules() }
    var forced = try checkContactRules(
      session,
      inv,
      rules: rules,
      account: account,
      channel: channel,
      channelToken: channelToken,
      force: force
    )
    var refusal: Diagnostic?
    let written = try Arguments.journal(inv) {
      try session.writableJournal().addContact(
        account: account,
        channel: channel,
        result: result,
        note: note,
        debtor: session.debtor(ofAccount: account),
        stamp: session.journalStamp
      ) { contacts in
        let verdict = Result { () throws(Diagnostic) -> Diagnostic? in
          try checkContactRules(
            session,
            inv,
            rules: session.contactRules(entries: contacts),
            account: account,
            channel: channel,
            channelToken: channelToken,
            force: force
          )
        }
        switch verdict {
        case .success(let warning):
          forced = warning
          return true
        case .failure(let d):
          refusal = d
          return false
        }
      }
    }
    if let refusal { throw refusal }
    guard let entry = written else { throw inv.error("the contact was not written") }
    if let forced { session.report(forced) }
    return entry
  }

  /// Logs a message the debtor requested (``ContactBasis/requested``), belonging to the day's
  /// direct contact with the debtor.
  ///
  /// The channel must be authorised; the direct contact is looked for first on the journal as
  /// it is, then again inside the write's transaction, locked on the debtor, where the one
  /// found is written as the contact the message belongs to.
  static func logRequestedContact(
    _ session: Session,
    _ inv: CommandInvocation,
    account: String,
    channel: String,
    channelToken: Token?,
    result: ContactResult,
    note: String?
  ) throws(Diagnostic) -> JournalEntry {
    let rules = try Arguments.journal(inv) { try session.contactRules() }
    _ = try requestedContact(
      session,
      inv,
      rules: rules,
      account: account,
      channel: channel,
      channelToken: channelToken
    )
    var refusal: Diagnostic?
    let written = try Arguments.journal(inv) {
      try session.writableJournal().addContact(
        account: account,
        channel: channel,
        result: result,
        note: note,
        basis: .requested,
        debtor: session.debtor(ofAccount: account),
        stamp: session.journalStamp
      ) { contacts -> ContactCheck in
        let found = Result { () throws(Diagnostic) -> Int64? in
          try requestedContact(
            session,
            inv,
            rules: session.contactRules(entries: contacts),
            account: account,
            channel: channel,
            channelToken: channelToken
          )
        }
        switch found {
        case .success(let during): return .allowed(during: during)
        case .failure(let d):
          refusal = d
          return .refused
        }
      }
    }
    if let refusal { throw refusal }
    guard let entry = written else { throw inv.error("the contact was not written") }
    return entry
  }

  /// The direct contact a message the debtor requested belongs to (its entry).
  ///
  /// A requested message (``ContactBasis/requested``) goes on an authorised channel, during a
  /// direct contact with the debtor earlier the same day (in the contact log of `rules`);
  /// anything else is an error.
  static func requestedContact(
    _ session: Session,
    _ inv: CommandInvocation,
    rules: ContactRules,
    account: String,
    channel: String,
    channelToken: Token?
  ) throws(Diagnostic) -> Int64? {
    guard let p = session.portfolio, let row = p.row(ofAccount: account) else { return nil }
    let authorized = p.authorizedChannels(row: row)
    let canonical = ContactRules.canonicalChannel(channel)
    if !authorized.isEmpty
      && !authorized.contains(where: { ContactRules.canonicalChannel($0) == canonical })
    {
      throw inv.error(
        "contact forbidden by rule '\(ContactRules.Rule.channelNotAuthorised)'",
        at: channelToken,
        notes: [
          "authorised channels of \(account): \(authorized.joined(separator: ", "))",
          "a requested message goes on a channel the debtor authorised",
        ]
      )
    }
    let at = session.contactTime
    guard let contact = rules.directContactToday(debtor: p.debtor(row: row), at: at) else {
      throw inv.error(
        "no direct contact with the debtor of '\(account)' today for the request to belong to",
        at: inv.word,
        notes: [
          "log today's contact first: contact \(account) via call result right_party",
          "a contact the debtor started: contact \(account) via call result right_party inbound",
        ]
      )
    }
    return contact.entry
  }

  /// Refuses a contact that `rules` forbid at the `set at` time, unless forced: then returns
  /// the warning to give once it is logged.
  static func checkContactRules(
    _ session: Session,
    _ inv: CommandInvocation,
    rules: ContactRules,
    account: String,
    channel: String,
    channelToken: Token?,
    force: Bool
  ) throws(Diagnostic) -> Diagnostic? {
    guard let p = session.portfolio, let row = p.row(ofAccount: account) else { return nil }
    let at = session.contactTime
    let authorized = p.authorizedChannels(row: row)
    guard
      let rule = rules.forbiddingRule(
        account: account,
        debtor: p.debtor(row: row),
        channel: channel,
        authorizedChannels: authorized,
        at: at
      )
    else { return nil }
    let set = session.contactRuleSet.rawValue
    if force { return .contactForcedPastRule(rules: set, at: at, rule: rule) }
    var notes: [Diagnostic.Message] = []
    if rule == ContactRules.Rule.channelNotAuthorised {
      notes.append("authorised channels of \(account): \(authorized.joined(separator: ", "))")
    }
    notes.append("checked at \(at) ('set at') under 'set rules \(set)'; 'help rules' lists them")
    notes.append("add 'force' to log it anyway")
    throw inv.error(
      "contact forbidden by rule '\(rule)'",
      at: rule == ContactRules.Rule.channelNotAuthorised ? channelToken : inv.word,
      notes: notes
    )
  }
}
