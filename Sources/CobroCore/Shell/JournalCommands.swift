import Foundation

/// `promise`, `contact`, `cancel`, `promises` and `journal`: the follow-up journal.
enum JournalCommands {
  static var all: [CommandDefinition] { [promise, contact, cancel, promises, journal] }

  /// The settings of the journal (`set grace N`).
  static let settings: [SettingDefinition] = [
    SettingDefinition(
      name: "grace",
      takes: "N (days, 0 to 365)",
      summary: "days after a promise's date that payments still keep it",
      apply: { s, v in
        guard let n = Int(v), (0...365).contains(n) else {
          return .failure(SettingError("'\(v)' is not a number of days from 0 to 365"))
        }
        s.extra["grace"] = String(n)
        return .success(String(n))
      },
      current: { $0.extra["grace"] ?? "0" }
    )
  ]

  // MARK: - promise

  static let promise = CommandDefinition(
    name: "promise",
    aliases: ["promesa"],
    group: .followUp,
    synopsis: "promise ACCOUNT_ID AMOUNT on DATE [via CHANNEL] [note TEXT]",
    summary: "records a promise to pay in the journal",
    details: """
      AMOUNT is money (150000 or 150000.50), more than zero. DATE is YYYY-MM-DD, 'today' or
      'tomorrow', not before the as-of date. CHANNEL is whatsapp, email, call or sms (or
      Spanish: correo, llamada, mensaje). The note is the rest of the line, or one quoted string.
      The entry is stamped with 'set collector' and the as-of date and 'set at' time, and gets
      the next entry number (printed on stderr). 'promises' shows its state.
      Spanish keywords work too: promesa A-1 50000 el 2026-12-05 por llamada nota "quincena".
      """,
    example: "promise \(exampleAccount) 150000 on 2026-12-05 via call note \"pays on payday\""
  ) { session, inv in
    var cursor = inv.cursor
    let account = try accountArgument(session, inv, &cursor)
    let amountToken = try cursor.expectValue("the amount promised")
    guard let amount = Money.parse(amountToken.text), amount > 0 else {
      throw inv.error(
        "'\(amountToken.text)' is not an amount of money above zero",
        at: amountToken,
        notes: ["write 150000 or 150000.50"]
      )
    }
    guard cursor.accept("on") || cursor.accept("el") else {
      throw inv.error("expected 'on DATE'", at: cursor.peek)
    }
    let dateToken = try cursor.expectValue("the date promised (YYYY-MM-DD)")
    let asOf = session.settings.asOf
    let due: Day
    switch dateToken.text.lowercased() {
    case "today", "hoy": due = asOf
    case "tomorrow", "mañana", "manana": due = asOf.adding(days: 1)
    default:
      guard let d = Day(dateToken.text) else {
        throw inv.error(
          "'\(dateToken.text)' is not a date",
          at: dateToken,
          notes: ["write YYYY-MM-DD"]
        )
      }
      due = d
    }
    guard due.raw >= asOf.raw else {
      throw inv.error(
        "the promised date \(due) is before the as-of date \(asOf)",
        at: dateToken,
        notes: ["'set asof DATE' records as of another day"]
      )
    }
    var channel: String?
    var note: String?
    while let t = cursor.peek {
      if cursor.accept("via") || cursor.accept("por") {
        channel = try channelArgument(inv, &cursor)
      } else if cursor.accept("note") || cursor.accept("nota") {
        note = try textArgument(inv, &cursor, "the note")
      } else {
        throw inv.error(
          "unexpected '\(t.text)'",
          at: t,
          notes: ["expected 'via CHANNEL' or 'note TEXT'"]
        )
      }
    }
    let entry = try journalDo(inv) {
      try session.writableJournal().addPromise(
        account: account,
        amount: amount,
        due: due,
        channel: channel,
        note: note,
        stamp: session.journalStamp
      )
    }
    session.message(
      "entry \(entry.id): \(account) promised \(Money.grouped(amount)) on \(due) "
        + "(\(entry.collector), \(entry.recordedAt))"
    )
  }

  // MARK: - contact

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
    example: "contact \(exampleAccount) via call result no_answer note \"second try\""
  ) { session, inv in
    var cursor = inv.cursor
    let account = try accountArgument(session, inv, &cursor)
    guard cursor.accept("via") || cursor.accept("por") else {
      throw inv.error("expected 'via CHANNEL'", at: cursor.peek)
    }
    let channelToken = cursor.peek
    let channel = try channelArgument(inv, &cursor)
    guard cursor.accept("result") || cursor.accept("resultado") else {
      throw inv.error("expected 'result RESULT'", at: cursor.peek)
    }
    let resultToken = try cursor.expectValue("a result")
    guard let result = ContactResult(word: resultToken.text) else {
      var notes: [Diagnostic.Message] = []
      let names = ContactResult.allCases.map(\.rawValue)
      if let s = Suggestion.closest(to: resultToken.text, among: names) {
        notes.append("did you mean '\(s)'?")
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
          "unexpected '\(t.text)'",
          at: t,
          notes: ["expected 'note TEXT' or 'force'"]
        )
      }
    }
    try checkContactRules(
      session,
      inv,
      account: account,
      channel: channel,
      channelToken: channelToken,
      force: force
    )
    let entry = try journalDo(inv) {
      try session.writableJournal().addContact(
        account: account,
        channel: channel,
        result: result,
        note: note,
        stamp: session.journalStamp
      )
    }
    session.message(
      "entry \(entry.id): \(account) contacted via \(channel): \(result.rawValue) "
        + "(\(entry.collector), \(entry.recordedAt))"
    )
  }

  /// Refuses a contact the rules in force forbid at the `set at` time, unless forced (then
  /// warns).
  static func checkContactRules(
    _ session: Session,
    _ inv: CommandInvocation,
    account: String,
    channel: String,
    channelToken: Token?,
    force: Bool
  ) throws(Diagnostic) {
    guard let p = session.portfolio, let row = p.row(ofAccount: account) else { return }
    let rules = try journalDo(inv) { try session.contactRules() }
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
    else { return }
    let set = session.contactRuleSet.rawValue
    if force {
      session.message(
        "warning: the \(set) contact rules forbid this contact at \(at) (\(rule)); "
          + "logged because of 'force'"
      )
      return
    }
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

  // MARK: - cancel

  static let cancel = CommandDefinition(
    name: "cancel",
    aliases: ["anular"],
    group: .followUp,
    synopsis: "cancel ENTRY_ID reason TEXT",
    summary: "cancels a mistaken journal entry (promise, contact, agreement), keeping it",
    details: """
      Entries are never deleted: 'cancel' writes a new entry that points at ENTRY_ID and says
      why. A cancelled promise no longer counts in 'promises' filters and summaries, but
      'promises' and 'journal' still list it, with state cancelled and the cancelling entry.
      A cancelled agreement ('agree') stays in 'agreements' with state cancelled, and its
      accounts can get a new one.
      An entry is cancelled at most once, and a cancellation cannot be cancelled (record the
      entry again instead). The reason is required: the rest of the line, or a quoted string.
      """,
    example: "promise \(exampleAccount) 1000 on 2026-12-01\ncancel 1 reason \"wrong account\""
  ) { session, inv in
    var cursor = inv.cursor
    let idToken = try cursor.expectValue("the number of the entry to cancel")
    guard let id = Int64(idToken.text), id > 0 else {
      throw inv.error(
        "'\(idToken.text)' is not an entry number",
        at: idToken,
        notes: ["'journal' lists the entries"]
      )
    }
    guard cursor.accept("reason") || cursor.accept("motivo") else {
      throw inv.error("expected 'reason TEXT'", at: cursor.peek, notes: ["a cancellation says why"])
    }
    let reason = try textArgument(inv, &cursor, "the reason")
    let entry = try journalDo(inv, at: idToken) {
      guard let journal = try session.journal(forWriting: false) else {
        throw JournalError.noSuchEntry(id)
      }
      return try journal.cancel(id, reason: reason, stamp: session.journalStamp)
    }
    session.message(
      "entry \(entry.id): cancelled entry \(id) (\(entry.collector), \(entry.recordedAt))"
    )
  }

  // MARK: - promises

  static let promises = CommandDefinition(
    name: "promises",
    aliases: ["promesas"],
    group: .followUp,
    synopsis:
      "promises [due today|due within N days|pending|kept|partial|broken|cancelled|summary]",
    summary: "promises to pay and whether they were kept, at the as-of date",
    details: """
      Columns: id, account_id, amount, due_date, paid, state, channel, collector, recorded_at,
      note; one row per promise in entry order. Without an argument every promise is listed.
      paid adds the account's payments (from the payments file) dated from the day the promise
      was recorded through its date plus 'set grace' days, and not after the as-of date.
      States: kept when paid reaches the amount; once the as-of date is after the date plus
      grace, partial when something but not all was paid and broken when nothing was; pending
      before that; cancelled when 'cancel' cancelled it.
      due today: promises dated on the as-of date; due within N days: dated from the as-of date
      through N days later (cancelled ones left out of both).
      summary: columns by, value, promises, pending, kept, partial, broken, kept_rate; rows by
      segment, then channel, then collector, each sorted by value, then a total row. kept_rate
      is kept / (kept + partial + broken) in percent, half up; empty when none is decided.
      Cancelled promises do not count.
      """,
    example: "promise \(exampleAccount) 150000 on 2026-12-05\npromises\npromises due within 7 days"
  ) { session, inv in
    var cursor = inv.cursor
    enum Filter { case all, state(PromiseState), dueWithin(Int), summary }
    var filter = Filter.all
    if let t = cursor.next() {
      switch t.text.lowercased() {
      case "due", "vencen":
        if cursor.accept("today") || cursor.accept("hoy") {
          filter = .dueWithin(0)
        } else if cursor.accept("within") || cursor.accept("en") {
          let n = try cursor.expectValue("a number of days")
          guard let days = Int(n.text), (0...3650).contains(days) else {
            throw inv.error("'\(n.text)' is not a number of days", at: n)
          }
          _ = cursor.accept("days") || cursor.accept("day") || cursor.accept("dias")
          filter = .dueWithin(days)
        } else {
          throw inv.error("expected 'due today' or 'due within N days'", at: cursor.peek ?? t)
        }
      case "summary", "resumen": filter = .summary
      default:
        guard let state = PromiseState(rawValue: t.text.lowercased()) else {
          let words = ["due", "summary"] + PromiseState.allCases.map(\.rawValue)
          var notes: [Diagnostic.Message] = []
          if let s = Suggestion.closest(to: t.text, among: words) {
            notes.append("did you mean '\(s)'?")
          }
          let states = PromiseState.allCases.map(\.rawValue).joined(separator: ", ")
          notes.append("filters: due today, due within N days, \(states), summary")
          throw inv.error("unknown promise filter '\(t.text)'", at: t, notes: notes)
        }
        filter = .state(state)
      }
    }
    try cursor.expectEnd()
    let entries = try journalDo(inv) { try session.journalEntries() }.filter { $0.kind == .promise }
    if !entries.isEmpty && session.portfolio?.payments == nil {
      session.message("warning: no payments loaded: every promise counts as unpaid")
    }
    let asOf = session.settings.asOf
    let evaluated = entries.map { e -> (JournalEntry, Cents, PromiseState) in
      let (paid, state) = PromiseState.evaluate(
        e,
        payments: payments(session, e.account),
        asOf: asOf,
        graceDays: session.graceDays
      )
      return (e, paid, state)
    }
    switch filter {
    case .summary:
      session.emit(summary(session, evaluated.filter { $0.2 != .cancelled }))
    case .all:
      session.emit(table(evaluated))
    case .state(let s):
      session.emit(table(evaluated.filter { $0.2 == s }))
    case .dueWithin(let n):
      let last = asOf.adding(days: n).raw
      session.emit(
        table(
          evaluated.filter {
            $0.2 != .cancelled && ($0.0.due?.raw ?? .min) >= asOf.raw
              && ($0.0.due?.raw ?? .max) <= last
          }
        )
      )
    }
  }

  static func table(_ rows: [(JournalEntry, Cents, PromiseState)]) -> ResultTable {
    var t = ResultTable(columns: [
      .init("id", .integer), .init("account_id", .text), .init("amount", .money),
      .init("due_date", .date), .init("paid", .money), .init("state", .text),
      .init("channel", .text), .init("collector", .text), .init("recorded_at", .text),
      .init("note", .text),
    ])
    for (e, paid, state) in rows {
      t.rows.append([
        .integer(e.id), .text(e.account), e.amount.map(Cell.money) ?? .empty,
        e.due.map(Cell.date) ?? .empty, .money(paid), .text(state.rawValue),
        e.channel.map(Cell.text) ?? .empty, .text(e.collector), .text(e.recordedAt),
        e.note.map(Cell.text) ?? .empty,
      ])
    }
    return t
  }

  /// Kept rates by segment, channel and collector, then a total.
  static func summary(_ session: Session, _ rows: [(JournalEntry, Cents, PromiseState)])
    -> ResultTable
  {
    var t = ResultTable(columns: [
      .init("by", .text), .init("value", .text), .init("promises", .integer),
      .init("pending", .integer), .init("kept", .integer), .init("partial", .integer),
      .init("broken", .integer), .init("kept_rate", .percent),
    ])
    let segment = session.portfolio?.column(named: "segment")
    let dimensions: [(String, (JournalEntry) -> String)] = [
      (
        "segment",
        { e in
          guard let p = session.portfolio, let r = p.row(ofAccount: e.account) else {
            return "(unknown account)"
          }
          let v = segment?.text(r) ?? ""
          return v.isEmpty ? "(none)" : v
        }
      ),
      ("channel", { $0.channel ?? "(none)" }),
      ("collector", { $0.collector }),
    ]
    func row(_ by: String, _ value: String, _ group: [(JournalEntry, Cents, PromiseState)])
      -> [Cell]
    {
      func n(_ s: PromiseState) -> Int64 { Int64(group.count(where: { $0.2 == s })) }
      let decided = n(.kept) + n(.partial) + n(.broken)
      return [
        .text(by), .text(value), .integer(Int64(group.count)), .integer(n(.pending)),
        .integer(n(.kept)), .integer(n(.partial)), .integer(n(.broken)),
        decided == 0 ? .empty : .percent(Percent.share(n(.kept), of: decided)),
      ]
    }
    for (by, key) in dimensions {
      let groups = Dictionary(grouping: rows) { key($0.0) }
      for (value, group) in groups.sorted(by: { $0.key < $1.key }) {
        t.rows.append(row(by, value, group))
      }
    }
    t.rows.append(row("total", "", rows))
    t.totalRows = 1
    return t
  }

  // MARK: - journal

  static let journal = CommandDefinition(
    name: "journal",
    aliases: ["bitacora"],
    group: .followUp,
    synopsis: "journal [FILE [entries N]|scratch]",
    summary: "lists every journal entry; with FILE, uses that journal from now on",
    details: """
      Columns: id, kind, account_id, recorded_at, collector, amount, due_date, channel, result,
      note, cancels, cancelled_by; one row per entry, oldest first. kind is promise, contact,
      agreement or cancel; a cancellation's note is its reason; an agreement's account_id is the
      debtor id when it covers a debtor ('agreements' shows its schedule and state).
      The journal is cobro.db in the portfolio's folder unless --journal FILE, $COBRO_JOURNAL or
      'journal FILE' names another; with the demo portfolio it is in memory unless a file is
      named. 'journal scratch' (or ':memory:') starts an empty journal in memory, gone when the
      session ends. The file is created by the first entry written, never by reading, readable
      by you only (0600) and whole at once: a crash leaves no journal or a working one, and
      processes creating it together wait for each other. A write a crash interrupted is rolled
      back when the journal is next opened. A journal you cannot write is opened read-only:
      it can be read, and a write says so. A file that is not a cobro journal, or is damaged,
      is refused and left untouched.
      A recording pins the journal: 'journal "PATH" entries N' (N, the newest entry when the
      recording began) or 'journal scratch'; a 'journal FILE' typed while recording is opened at
      once (a file that is not a journal is refused) and written pinned the same way.
      'cobro test' replays every transcript against an in-memory copy of the journal it names,
      cut back to entry N, so a test never writes to the file and gives the same output however
      the journal has grown; a plain replay uses the file itself and warns when it has grown
      since.
      """,
    example: "contact \(exampleAccount) via whatsapp result voicemail\njournal"
  ) { session, inv in
    var cursor = inv.cursor
    if let t = cursor.next() {
      var pinned: Int64?
      if cursor.accept("entries") {
        let n = try cursor.expectValue("the number of entries")
        guard let v = Int64(n.text), v >= 0 else {
          throw inv.error("expected a number of entries, found '\(n.text)'", at: n)
        }
        pinned = v
      }
      try cursor.expectEnd()
      let memory =
        t.kind == .word && (t.text == Session.memoryJournal || t.text == Session.scratchJournal)
      let path = memory ? Session.memoryJournal : session.resolve(t.text, from: inv.source)
      if !memory {
        guard !t.text.isEmpty else {
          throw inv.error(
            "expected a journal file",
            at: t,
            notes: ["for example: journal cobro.db"]
          )
        }
        var folder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &folder), folder.boolValue {
          throw inv.error(
            "'\(t.text)' is a folder, not a journal file",
            at: t,
            notes: ["for example: journal \(Recorder.quote(t.text + "/cobro.db"))"]
          )
        }
      }
      let previous = (session.journalPath, session.pinnedJournalEntries)
      session.journalPath = path
      session.pinnedJournalEntries = memory ? nil : pinned
      // 'journal scratch' starts an empty journal, also when the one in use is in memory.
      var dropped: Int64 = 0
      if memory, let box = session.state["journal"] as? JournalBox,
        box.key == Session.memoryJournal
      {
        dropped = (try? box.journal.lastEntryID()) ?? 0
        session.state["journal"] = nil
      }
      // While recording, a switch is written pinned to the file's newest entry, as the
      // recording's header pins the journal it started with, so that 'cobro test' cuts its
      // scratch copy back to what the session saw.
      if pinned == nil, let box = session.state["recorder"] as? RecorderBox {
        do {
          _ = try session.journal(forWriting: false)
          session.state["journalPin"] = try Recorder.journalPin(
            for: session,
            relativeTo: Paths.directory(of: box.recorder.path)
          )
        } catch let e as JournalError {
          (session.journalPath, session.pinnedJournalEntries) = previous
          throw inv.error("\(e.description)", at: t)
        } catch {
          (session.journalPath, session.pinnedJournalEntries) = previous
          throw inv.error("\(String(describing: error))", at: t)
        }
      }
      session.message(
        memory
          ? "journal = scratch (in memory)"
            + (dropped > 0
              ? "; the previous one in memory is gone with its \(dropped) "
                + (dropped == 1 ? "entry" : "entries") : "")
          : session.journalsAreScratchCopies
            ? "journal = \(path) (a scratch copy)" : "journal = \(path)"
      )
      return
    }
    let entries = try journalDo(inv) { try session.journalEntries() }
    var table = ResultTable(columns: [
      .init("id", .integer), .init("kind", .text), .init("account_id", .text),
      .init("recorded_at", .text), .init("collector", .text), .init("amount", .money),
      .init("due_date", .date), .init("channel", .text), .init("result", .text),
      .init("note", .text), .init("cancels", .integer), .init("cancelled_by", .integer),
    ])
    for e in entries {
      table.rows.append([
        .integer(e.id), .text(e.kind.rawValue), .text(e.account), .text(e.recordedAt),
        .text(e.collector), e.amount.map(Cell.money) ?? .empty, e.due.map(Cell.date) ?? .empty,
        e.channel.map(Cell.text) ?? .empty, e.result.map { .text($0.rawValue) } ?? .empty,
        e.note.map(Cell.text) ?? .empty, e.cancels.map(Cell.integer) ?? .empty,
        e.cancelledBy.map(Cell.integer) ?? .empty,
      ])
    }
    session.emit(table)
  }

  // MARK: - Helpers

  /// An account of the demo portfolio, for examples.
  static let exampleAccount = "CO-0000001"

  /// The account argument: it must be an account of the loaded portfolio.
  static func accountArgument(
    _ session: Session,
    _ inv: CommandInvocation,
    _ cursor: inout ArgumentCursor
  )
    throws(Diagnostic) -> String
  {
    let portfolio = try ValidateCommands.requirePortfolio(session, inv)
    let t = try session.resolvedAccount(cursor.expectValue("an account id"), inv)
    guard portfolio.row(ofAccount: t.text) != nil else {
      throw inv.error("no account '\(t.text)' in the portfolio", at: t)
    }
    return t.text
  }

  /// A channel word, canonical or Spanish.
  static func channelArgument(_ inv: CommandInvocation, _ cursor: inout ArgumentCursor)
    throws(Diagnostic)
    -> String
  {
    let t = try cursor.expectValue("a channel")
    guard let c = Vocabulary.closed["channel"]?[CanonicalSchema.fold(t.text)] else {
      throw inv.error(
        "unknown channel '\(t.text)'",
        at: t,
        notes: ["channels: \(CanonicalSchema.channels.joined(separator: ", "))"]
      )
    }
    return c
  }

  /// Free text: one quoted string, or the words up to the end of the command.
  static func textArgument(_ inv: CommandInvocation, _ cursor: inout ArgumentCursor, _ what: String)
    throws(Diagnostic) -> String
  {
    let words = cursor.rest().map(\.text)
    let text = words.joined(separator: " ")
    guard !text.isEmpty else { throw inv.error("expected \(what)") }
    return text
  }

  /// Runs a journal operation, turning its errors into diagnostics at the command word.
  static func journalDo<T>(_ inv: CommandInvocation, at token: Token? = nil, _ body: () throws -> T)
    throws(Diagnostic) -> T
  {
    do {
      return try body()
    } catch let e as JournalError {
      switch e {
      case .noSuchEntry, .alreadyCancelled, .cannotCancelCancellation:
        throw inv.error(
          "\(e.description)",
          at: token ?? inv.word,
          notes: ["'journal' lists the entries"]
        )
      default:
        throw inv.error("\(e.description)", at: inv.word)
      }
    } catch let d as Diagnostic {
      throw d
    } catch {
      throw inv.error("\(String(describing: error))", at: inv.word)
    }
  }

  /// The payments of an account, oldest first (none when unknown or no payments file).
  static func payments(_ session: Session, _ account: String) -> [(date: Day, amount: Cents)] {
    guard let p = session.portfolio, let h = p.payments, let r = p.row(ofAccount: account) else {
      return []
    }
    return h.payments(ofRow: r)
  }
}
