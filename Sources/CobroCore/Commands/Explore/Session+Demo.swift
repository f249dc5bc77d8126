import CobroPortfolio
import CobroShell

extension Session {
  /// Replaces the portfolio with the built-in demo.
  public func loadDemo() throws {
    let p = try DemoPortfolio.make()
    portfolio = p
    state.paymentRejects = []
    if state.recorder != nil { state.lastLoadPin = "load \(DemoPortfolio.name)" }
    message(
      "loaded the demo portfolio: \(p.rowCount) accounts and \(p.payments?.count ?? 0) payments, "
        + "cut at \(p.cutoff)"
    )
  }
}
