import CobroDiagnostics

/// Which argument of a `plan`, `offers` or `simulate` command a plan error is about.
///
/// The command parser knows where each argument was typed; it maps the case to a source range
/// and calls ``PlanError/diagnostic(at:sourceLine:)``.
public enum PlanArgument: Hashable, Sendable {
  /// The account, the amount or the debtor being planned (its balance or breakdown).
  case balance
  /// `installments N`.
  case installments
  /// `pay AMOUNT`: the most the debtor can pay per installment.
  case pay
  /// `rate R[%] [ea]`.
  case rate
  /// `down X|X%`.
  case down
  /// `discount D%`.
  case discount
  /// The `index`-th (0-based) `waive COMPONENT P%` pair.
  case waiver(index: Int)
  /// `start DATE`.
  case start
  /// `first DATE`.
  case first
  /// `method french|german`.
  case method
  /// The discount rate setting used for the NPV.
  case discountRate
  /// The usury cap setting.
  case usuryCap
  /// The `index`-th (0-based) `LO-HI=P` bucket of `simulate … accept`.
  case bucket(index: Int)
  /// The accounts of a portfolio what-if or of a debtor plan, as a whole.
  case accounts
}

/// A problem with the arguments of a plan: which argument is wrong and what to tell the user.
///
/// The diagnostic has no range; the caller attaches the range of ``argument``.
public struct PlanError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The argument the problem is about.
  public var argument: PlanArgument
  /// Message and notes, without a source range.
  public var diagnostic: Diagnostic

  /// Creates an error about `argument`.
  public init(
    _ argument: PlanArgument,
    _ message: Diagnostic.Message,
    notes: [Diagnostic.Message] = []
  ) {
    self.argument = argument
    self.diagnostic = Diagnostic(.error, message, notes: notes)
  }

  /// The diagnostic placed at the text of the argument.
  public func diagnostic(at range: SourceRange?, sourceLine: String? = nil) -> Diagnostic {
    var d = diagnostic
    d.range = range
    d.sourceLine = sourceLine
    return d
  }

  /// The message text (for tests and logs).
  public var description: String { diagnostic.message.text }

  /// Ctrl-C stopped the work (the session reports it as `interrupted`).
  public static let interrupted = PlanError(.accounts, "interrupted")

  /// Throws ``interrupted`` when Ctrl-C was pressed (``Interruption``).
  @inline(__always)
  static func checkInterruption() throws(PlanError) {
    if Interruption.requested { throw .interrupted }
  }
}
