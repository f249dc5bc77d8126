import CobroContact
import CobroDiagnostics
import CobroJournal
import CobroMessages
import CobroPlan
import CobroPortfolio
import CobroShell

extension Session {
  /// Refuses a plan, an agreement or a promise on an account that owes nothing at the as-of
  /// date, with the same answer from every command.
  func refuseSettled(_ account: String, at token: Token?, _ inv: CommandInvocation)
    throws(Diagnostic)
  {
    guard let p = portfolio, let row = p.row(ofAccount: account) else { return }
    let balance = p.balance(row: row, asOf: settings.asOf)
    guard balance <= 0 else { return }
    throw inv.error(
      Diagnostic.Message(
        "nothing to pay: account '\(account)' has a balance of \(Money.grouped(balance)) "
          + "at \(settings.asOf)"
      ),
      at: token,
      notes: ["'show \(account)' shows it and its payments"]
    )
  }
}
