/// The limits cobro puts on what it reads, so that no input can crash it, hang it or make it
/// grow without bound; each is reported with a clear error (README, "Limits").
public enum InputLimits {
  /// Columns of a portfolio or payments header; a header with more is one error.
  ///
  /// A row with more fields than its header is rejected like any row of the wrong shape.
  public static let columns = 1_024

  /// Bytes read from an input that is not a regular file (a pipe, `<(…)`); a regular file is
  /// mapped, not copied, and may be as large as the address space allows.
  public static let streamBytes = 1 << 30

  /// Levels of parentheses and `not` in one filter, and levels of a filter once the named sets
  /// it uses are expanded (`and`, `or` and `not` groups).
  public static let filterDepth = 128

  /// Conditions of a filter once the named sets it uses are expanded.
  public static let filterConditions = 10_000

  /// Levels of `source` inside `source`.
  public static let sourceDepth = 16

  /// Characters of a word that gets a "did you mean" suggestion; a longer one gets none.
  public static let suggestedWordLength = 64
}
