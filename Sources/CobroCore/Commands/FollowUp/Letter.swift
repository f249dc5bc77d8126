import CobroContact
import CobroDiagnostics
import CobroJournal
import CobroMessages
import CobroPlan
import CobroPortfolio
import CobroShell

/// `letter ACCOUNT|debtor ID acuerdo|paz-y-salvo [html] [export FILE [replace]]`.
extension MessageCommands {
  /// `letter`.
  static let letter = CommandDefinition(
    name: "letter",
    aliases: ["carta"],
    group: .followUp,
    synopsis: "letter ACCOUNT_ID|debtor ID acuerdo|paz-y-salvo [html] [export FILE [replace]]",
    summary: "the agreement letter or the paz y salvo (settled certificate) of an account",
    details: """
      acuerdo: the letter of the last agreement recorded for the account (or the debtor's
      agreement covering it) that is not cancelled: its number, total, what was forgiven and
      every installment with its date. paz-y-salvo: the certificate that the debtor owes
      nothing on the accounts; refused while one of them has a balance at the as-of date that
      a kept agreement does not cover ('agreements' shows their states). The letters are
      Mustache templates, Spanish by default; a file letter.acuerdo.txt or
      letter.paz-y-salvo.txt in the templates folder ('set templates DIR') replaces the
      built-in one. Values: \(LetterValues.help).
      Printed as text; 'html' prints a printable HTML page; 'export FILE' writes it to a new
      file instead (HTML when FILE ends in .html), 'replace' replacing one that exists.
      """,
    example: "letter \(Arguments.exampleAccount) acuerdo",
    completion: { args in
      if args.isEmpty { return .accounts }
      if args.count == 1 { return .words(LetterKind.allCases.map(\.rawValue)) }
      return .unused(["export", "html"], in: args)
    }
  ) { session, inv in
    try runLetter(session, inv)
  }

  /// Parses and runs `letter`.
  static func runLetter(_ session: Session, _ inv: CommandInvocation) throws {
    let q = try QueryRun(session, inv)
    let p = q.portfolio
    let asOf = session.settings.asOf
    var cursor = inv.cursor
    let first = try cursor.expectValue("an account id or 'debtor ID'")
    var rows: [Int]
    let subject: Token
    if first.isWord("debtor") || first.isWord("deudor") {
      subject = try session.resolvedDebtor(cursor.expectValue("a debtor id after 'debtor'"), inv)
      rows = try q.evaluator.derived.rows(ofDebtor: subject.text)
      if let exists = try q.evaluator.derived.existing(asOf: asOf) {
        rows = rows.filter { exists[$0] != 0 }
      }
      guard !rows.isEmpty else {
        throw inv.error(QueryMessages.noDebtor(subject.text), at: subject)
      }
    } else {
      subject = try session.resolvedAccount(first, inv)
      guard let r = p.row(ofAccount: subject.text) else {
        throw inv.error(QueryMessages.noAccount(first.text), at: first)
      }
      rows = [r]
    }
    let kindToken = try cursor.expectValue("acuerdo or paz-y-salvo")
    guard let kind = LetterKind(word: kindToken.text) else {
      throw inv.error(
        "unknown letter '\(kindToken.text)'",
        at: kindToken,
        notes: ["letters: \(LetterKind.allCases.map(\.rawValue).joined(separator: ", "))"]
      )
    }
    var html = false
    var export: (path: String, replace: Bool, token: Token)?
    while let t = cursor.next() {
      if t.isWord("html") && !html {
        html = true
      } else if t.isWord("export") && export == nil {
        let file = try cursor.expectValue("a file name after 'export'")
        export = (session.resolve(file.text, from: inv.source), cursor.accept("replace"), file)
      } else {
        throw inv.error(
          QueryMessages.unexpected(t.text),
          at: t,
          notes: ["write: letter ACCOUNT_ID acuerdo|paz-y-salvo [html] [export FILE [replace]]"]
        )
      }
    }
    let ids = rows.map { p.column(named: "account_id")?.text($0) ?? "" }
    let agreements = try Arguments.journal(inv) { try session.agreements() }
    let agreement = agreements.last {
      $0.entry.cancelledBy == nil && $0.entry.recordedOn <= asOf
        && !Set($0.accounts).isDisjoint(with: ids)
    }
    let status = agreement.map { AgreementCommands.evaluate(session, $0) }
    func money(_ c: Cents) -> String { MessageValues.amountText(c, currency: "") }
    var values = LetterValues(
      name: p.column(named: "debtor_name")?.text(rows[0]) ?? "",
      debtorID: p.debtor(row: rows[0]),
      date: MessageValues.words(asOf),
      accounts: zip(ids, rows).map {
        .init(id: $0, balance: money(p.balance(row: $1, asOf: asOf)))
      },
      agreement: nil,
      total: nil,
      forgiven: nil,
      installments: [],
      breakAfterDays: session.breakAfterDays
    )
    switch kind {
    case .acuerdo:
      guard let agreement else {
        throw inv.error(
          "no agreement for '\(subject.text)' at \(asOf)",
          at: subject,
          notes: ["record one with: agree \(subject.text) installments N …"]
        )
      }
      values.agreement = agreement.entry.id
      values.total = money(agreement.total)
      values.forgiven = agreement.forgiven > 0 ? money(agreement.forgiven) : nil
      values.accounts = agreement.accounts.map { id in
        .init(
          id: id,
          balance: p.row(ofAccount: id).map { money(p.balance(row: $0, asOf: asOf)) } ?? ""
        )
      }
      values.installments = agreement.installments.map {
        .init(n: $0.n, date: MessageValues.words($0.due), amount: money($0.amount))
      }
    case .pazYSalvo:
      let kept = status?.state == .kept
      for (id, r) in zip(ids, rows) {
        let balance = p.balance(row: r, asOf: asOf)
        let covered = kept && (agreement?.accounts.contains(id) ?? false)
        guard balance <= 0 || covered else {
          var notes: [Diagnostic.Message] = []
          if let agreement, let status {
            notes.append("agreement \(agreement.entry.id) is \(status.state.rawValue) at \(asOf)")
          }
          notes.append("a paz y salvo is given once nothing is owed")
          throw inv.error(
            Diagnostic.Message(
              "no paz y salvo: account '\(id)' owes \(Money.grouped(balance)) at \(asOf)"
            ),
            at: subject,
            notes: notes
          )
        }
      }
      if kept, let agreement {
        values.agreement = agreement.entry.id
        values.total = money(agreement.total)
      }
    }
    let template = try LetterTemplate.load(kind, directory: session.settings.templatesDirectory)
    let text = try template.render(values)
    let asHTML = html || (export?.path.lowercased().hasSuffix(".html") ?? false)
    let title = kind == .acuerdo ? "Acuerdo de pago" : "Paz y salvo"
    let output = asHTML ? LetterTemplate.html(text, title: "\(title) \(values.debtorID)") : text
    guard let export else {
      session.print(output.hasSuffix("\n") ? String(output.dropLast()) : output)
      return
    }
    if let failure = try ExportFormat.write(output, to: export.path, replace: export.replace) {
      throw inv.error("cannot write '\(export.token.text)': \(failure)", at: export.token)
    }
    session.message("wrote \(title.lowercased()) of \(subject.text) to \(export.token.text)")
  }
}
