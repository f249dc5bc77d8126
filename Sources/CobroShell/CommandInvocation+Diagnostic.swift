import CobroDiagnostics
import CobroPortfolio

extension CommandInvocation {
  /// A diagnostic worded in a domain's messages (its message, notes and severity), located at a
  /// token (or at the end of the command when `token` is nil).
  public func error(_ diagnostic: Diagnostic, at token: Token? = nil) -> Diagnostic {
    var located = error(diagnostic.message, at: token, notes: diagnostic.notes)
    located.severity = diagnostic.severity
    return located
  }
}

extension SettingError {
  /// The error of a setting worded in a domain's messages: its message and notes, reported at
  /// the setting like any other.
  public init(worded diagnostic: Diagnostic) {
    self.init(diagnostic.message, notes: diagnostic.notes)
  }
}
