import CobroPortfolio
import CobroShell
import Foundation

/// `promise ACCOUNT AMOUNT on DATE …`.
extension JournalCommands {
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
    example:
      "promise \(Arguments.exampleAccount) 150000 on tomorrow via call note \"pays on payday\"",
    completion: { args in args.isEmpty ? .accounts : .nothing }
  ) { session, inv in
    var cursor = inv.cursor
    let account = try Arguments.account(session, inv, &cursor)
    try session.refuseSettled(account, at: inv.args.first, inv)
    let amountToken = try cursor.expectValue("the amount promised")
    let amount = try Arguments.positiveMoney(inv, amountToken)
    guard cursor.accept("on") || cursor.accept("el") else {
      throw inv.error("expected 'on DATE'", at: cursor.peek)
    }
    let dateToken = try cursor.expectValue("the date promised (YYYY-MM-DD)")
    let asOf = session.settings.asOf
    let due = try Arguments.date(inv, dateToken, asOf: asOf)
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
        channel = try Arguments.channel(
          inv,
          &cursor,
          expecting: "a channel",
          listing: CanonicalSchema.channels
        ).rawValue
      } else if cursor.accept("note") || cursor.accept("nota") {
        note = try Arguments.text(inv, &cursor, "the note")
      } else {
        throw inv.error(
          QueryMessages.unexpected(t.text),
          at: t,
          notes: ["expected 'via CHANNEL' or 'note TEXT'"]
        )
      }
    }
    let entry = try Arguments.journal(inv) {
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
}
