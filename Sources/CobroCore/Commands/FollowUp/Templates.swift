import CobroPortfolio
import CobroShell

/// `templates`.
extension MessageCommands {
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
    example: "templates",
    completion: { _ in .nothing }
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
}
