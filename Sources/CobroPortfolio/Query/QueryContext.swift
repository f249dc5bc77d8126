/// Everything besides the data that a query's answer depends on.
public struct QueryContext: Hashable, Sendable {
  /// The as-of date: every "now".
  public var asOf: Day
  /// The aging buckets.
  public var buckets: BucketScheme
  /// What `bucket` and `aging` count the age from.
  public var basis: AgingBasis

  /// Creates a context.
  public init(asOf: Day, buckets: BucketScheme = .standard, basis: AgingBasis = .due) {
    self.asOf = asOf
    self.buckets = buckets
    self.basis = basis
  }
}
