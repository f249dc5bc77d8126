/// The chance that a debtor keeps each next payment of an agreement, by behaviour class.
///
/// One model serves `offers` (the expected value of each offer) and `simulate plan` (the
/// expected cash flow and the Monte Carlo): a debtor of class c keeps each next payment with
/// probability k(c) and stops at the first one missed, so payment j of an agreement (the down
/// payment or lump sum, when there is one, is payment 1) is made with probability k^j.
public enum KeepModel {
  /// k of a class, in hundredths: punctual 95, occasional 85, habitual 60, unknown 75.
  public static func hundredths(_ behavior: Behavior) -> UInt64 {
    switch behavior {
    case .punctual: 95
    case .occasional: 85
    case .habitual: 60
    case .unknown: 75
    }
  }

  /// The model in words, for `help` and `--explain`.
  public static let summary = """
    A debtor keeps each next payment with a probability k by behaviour class (punctual 0.95,
    occasional 0.85, habitual 0.60, unknown 0.75) and stops at the first one missed, so
    payment j is made with probability k^j.
    """
}
