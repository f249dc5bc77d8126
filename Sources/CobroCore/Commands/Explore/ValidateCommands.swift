import CobroPortfolio
import CobroShell

/// `validate` and `describe`: the first look at a portfolio before working it.
enum ValidateCommands {
  /// Warns on stderr when the as-of date is before the cut-off and no payments can rebuild the
  /// balances of that day (`spec/portfolio-csv.md`).
  static func warnAboutCutoff(_ session: Session, _ portfolio: Portfolio) {
    let asOf = session.settings.asOf
    guard portfolio.needsReconstruction(asOf: asOf), portfolio.payments == nil else { return }
    session.report(.cutoffBalances(asOf: asOf, cutoff: portfolio.cutoff))
  }
}
