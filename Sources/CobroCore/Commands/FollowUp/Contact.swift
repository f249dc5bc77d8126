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
    synopsis: "contact ACCOUNT_ID via CHANNEL result RESULT [note TEXT] [force]",
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
      Spanish keywords work too: contacto A-1 por llamada resultado buzon (forzar for force).
      """,
    example: "contact \(Arguments.exampleAccount) via call result no_answer note \"second try\"",
    completion: { args in
      guard let word = args.last?.text.lowercased() else { return .accounts }
      return word == "result" || word == "resultado"
        ? .words(ContactResult.allCases.map(\.rawValue)) : .nothing
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
    while let t = cursor.peek {
      if cursor.accept("force") || cursor.accept("forzar") {
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
          notes: ["expected 'note TEXT' or 'force'"]
        )
      }
    }
    // A first check on the journal as it is refuses without opening it for writing; the check
    // that counts is made again inside the write's transaction, locked on the debtor, so that
    // two collectors contacting the same debtor at once cannot both pass it.
    let rules = try Arguments.journal(inv) { try session.contactRules() }
    let warning = try checkContactRules(
      session,
      inv,
      rules: rules,
      account: account,
      channel: channel,
      channelToken: channelToken,
      force: force
    )
    let debtor = session.portfolio.flatMap { p in p.row(ofAccount: account).map(p.debtor(row:)) }
    var refusal: Diagnostic?
    var forced = warning
    let written = try Arguments.journal(inv) {
      try session.writableJournal().addContact(
        account: account,
        channel: channel,
        result: result,
        note: note,
        debtor: debtor ?? account,
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
    session.message(
      "entry \(entry.id): \(account) contacted via \(channel): \(result.rawValue) "
        + "(\(entry.collector), \(entry.recordedAt))"
    )
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
