import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell

extension Session {
  /// `history demo`: replaces the history with the demo's cut-offs and loads the last one.
  func addDemoHistory(_ inv: CommandInvocation) throws {
    let (cutoffs, current) = try DemoHistory.make()
    let history = state.history
    history.removeAll()
    for p in cutoffs {
      do {
        try history.add(p, origin: .option)
      } catch {
        throw inv.error(Diagnostic.Message(error.message), at: inv.word)
      }
    }
    portfolio = current
    state.paymentRejects = []
    state.historySerialAtLoad = history.nextSerial - 1
    state.historyPin = "history demo"
    if state.recorder != nil { state.lastLoadPin = "history demo" }
    let kept = current.payments?.departed.count ?? 0
    message(
      "added the demo's \(cutoffs.count) cut-offs (\(cutoffs[0].cutoff) to \(current.cutoff)) "
        + "and loaded the last with \(current.payments?.count ?? 0) payments and \(kept) of "
        + "accounts that left, kept for the history"
    )
  }
}
