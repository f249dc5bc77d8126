import CobroContact
import CobroDiagnostics
import CobroJournal
import CobroMessages
import CobroPlan
import CobroPortfolio
import CobroShell

/// The contact data of a debtor's accounts, for the call screen of `debtor ID`.
enum DebtorContacts {
  /// The columns, for help texts.
  static let help = """
    account_id, channel, authorized_channels, phone, email: how the debtor may be reached, per
    account ('set mask on' masks phone and email; authorized_channels is the column's list, or
    else the preferred channel, as the contact rules read it).
    """

  /// One row per account of `rows`: `account_id, channel, authorized_channels, phone, email`,
  /// or `nil` when the portfolio has none of the contact columns.
  static func table(_ p: Portfolio, rows: [Int]) -> ResultTable? {
    let names = ["channel", "phone", "email", "authorized_channels"]
    guard names.contains(where: { p.column(named: $0) != nil }) else { return nil }
    func text(_ name: String, _ r: Int) -> String { p.column(named: name)?.text(r) ?? "" }
    return ResultTable(
      columns: [
        .init("account_id", .text), .init("channel", .text),
        .init("authorized_channels", .text), .init("phone", .text), .init("email", .text),
      ],
      rows: rows.map { r in
        [
          .text(text("account_id", r)), .text(text("channel", r)),
          .text(p.authorizedChannels(row: r).joined(separator: "|")), .text(text("phone", r)),
          .text(text("email", r)),
        ]
      }
    )
  }
}
