import BigInt
import CobroDiagnostics
import CobroPortfolio

/// An aging bucket of a settlement what-if, `[low, high]` or `[low, ∞)` days overdue, with the
/// probability that a debtor in it accepts the offer.
public struct AcceptanceBucket: Hashable, Sendable {
  /// First day overdue in the bucket.
  public var low: Int
  /// Last day overdue in the bucket; `nil` for an open end (`361+`).
  public var high: Int?
  /// The acceptance probability, exact, in `0...1`.
  public var probability: ExactDecimal

  /// Creates a bucket; `nil` when `high < low`, `low < 0` or the probability is above 1.
  public init?(low: Int, high: Int?, probability: ExactDecimal) {
    guard low >= 0, high.map({ $0 >= low }) ?? true, probability.isAtMost(1) else { return nil }
    self.low = low
    self.high = high
    self.probability = probability
  }

  /// `0-30` or `361+`.
  public var label: String { high.map { "\(low)-\($0)" } ?? "\(low)+" }

  /// Whether an account `days` overdue falls in the bucket.
  public func contains(_ days: Int) -> Bool {
    days >= low && high.map { days <= $0 } ?? true
  }

  /// Parses one item of `accept LO-HI=P,…,LO+=P`: `0-30=0.4` or `361+=0.05`.
  public static func parse(_ text: String, index: Int) throws(PlanError) -> AcceptanceBucket {
    let argument = PlanArgument.bucket(index: index)
    let parts = text.split(separator: "=", omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw PlanError(argument, .notABucket(text)) }
    let range = parts[0]
    let low: Int?
    let high: Int?
    if range.hasSuffix("+") {
      low = digits(range.dropLast())
      high = nil
    } else {
      let ends = range.split(separator: "-", omittingEmptySubsequences: false)
      guard ends.count == 2, let h = digits(ends[1]) else {
        throw PlanError(argument, .notABucket(text))
      }
      low = digits(ends[0])
      high = h
    }
    guard let low, let p = ExactDecimal(parts[1]) else {
      throw PlanError(argument, .notABucket(text))
    }
    if let high, high < low { throw PlanError(argument, .bucketEndsBeforeStart(String(range))) }
    guard let bucket = AcceptanceBucket(low: low, high: high, probability: p) else {
      throw PlanError(argument, .probabilityOutOfRange(String(parts[1])))
    }
    return bucket
  }

  /// A whole number of days, `nil` unless all digits (at most 9).
  private static func digits(_ s: Substring) -> Int? {
    guard !s.isEmpty, s.utf8.count <= 9, s.utf8.allSatisfy({ $0 &- 48 <= 9 }) else { return nil }
    return Int(s)
  }
}

/// One account of a what-if: its id (for errors), balance, days overdue and the debtor's
/// payment class.
public struct RecoveryAccount: Hashable, Sendable {
  /// The account id.
  public var id: String
  /// B, in cents.
  public var balance: Cents
  /// Days overdue at the as-of date.
  public var daysOverdue: Int
  /// The debtor's behaviour class, which sets the chance of keeping each payment of a plan.
  public var behavior: Behavior

  /// Creates an account.
  public init(id: String, balance: Cents, daysOverdue: Int, behavior: Behavior = .unknown) {
    self.id = id
    self.balance = balance
    self.daysOverdue = daysOverdue
    self.behavior = behavior
  }
}

/// The result of one bucket: `bucket, accounts, balance, offer, p, expected_cash`.
public struct BucketRecovery: Hashable, Sendable {
  /// The bucket.
  public var bucket: AcceptanceBucket
  /// Number of accounts in it.
  public var accounts: Int
  /// Σ balance.
  public var balance: Cents
  /// Σ offer.
  public var offer: Cents
  /// `round(Σ offer × p)`.
  public var expectedCash: Cents
}

/// The result of a settlement what-if: one entry per bucket, in the order given, and totals.
public struct RecoveryEstimate: Hashable, Sendable {
  /// Per bucket.
  public var buckets: [BucketRecovery]
  /// Σ balance.
  public var totalBalance: Cents
  /// Σ offer.
  public var totalOffer: Cents
  /// `total_balance − total_offer`.
  public var totalDiscount: Cents
  /// `round(Σ offer × p(bucket))` over every account, summed exactly and rounded once (it may
  /// differ by a cent from the sum of the buckets' rounded values).
  public var expectedCash: Cents
}

/// Finds the bucket of an account: buckets sorted by their first day, checked not to overlap.
struct BucketIndex: Sendable {
  /// The buckets, in the order given.
  let buckets: [AcceptanceBucket]
  /// Indices of `buckets` by first day.
  private let byLow: [Int]
  /// The first day of each bucket of `byLow`.
  private let lows: [Int]

  /// Sorts the buckets; overlapping buckets are an error at the later one given.
  init(_ buckets: [AcceptanceBucket]) throws(PlanError) {
    let byLow = buckets.indices.sorted { (buckets[$0].low, $0) < (buckets[$1].low, $1) }
    for (a, b) in zip(byLow, byLow.dropFirst()) {
      let first = buckets[a]
      if first.high.map({ $0 >= buckets[b].low }) ?? true {
        throw PlanError(
          .bucket(index: max(a, b)),
          .bucketsOverlap(buckets[min(a, b)].label, buckets[max(a, b)].label)
        )
      }
    }
    self.buckets = buckets
    self.byLow = byLow
    self.lows = byLow.map { buckets[$0].low }
  }

  /// The index (in the order given) of the bucket of an account; an error naming it when it
  /// falls in none.
  func bucket(of account: RecoveryAccount) throws(PlanError) -> Int {
    // The last bucket starting on or before the account's days, if it reaches them.
    var lo = 0
    var hi = lows.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if lows[mid] <= account.daysOverdue { lo = mid + 1 } else { hi = mid }
    }
    guard lo > 0, buckets[byLow[lo - 1]].contains(account.daysOverdue) else {
      throw PlanError(.accounts, .accountInNoBucket(account.id, daysOverdue: account.daysOverdue))
    }
    return byLow[lo - 1]
  }
}

/// Settlement what-ifs over a set of accounts.
public enum PlanSimulator {
  /// The expected recovery of offering discount `d` to every account.
  ///
  /// Per account `offer = B − round(B × d / 100)`; each bucket reports count, Σ balance, Σ offer
  /// and `round(Σ offer × p)`. Buckets must not overlap; an account in no bucket is an error
  /// naming it.
  public static func expectedRecovery(
    accounts: [RecoveryAccount],
    discount: Percentage,
    buckets: [AcceptanceBucket]
  ) throws(PlanError) -> RecoveryEstimate {
    let index = try BucketIndex(buckets)
    var count = [Int](repeating: 0, count: buckets.count)
    var balance = [Cents](repeating: 0, count: buckets.count)
    var offer = [Cents](repeating: 0, count: buckets.count)
    for (k, account) in accounts.enumerated() {
      if k % Interruption.stride == 0 { try PlanError.checkInterruption() }
      let j = try index.bucket(of: account)
      guard let cut = discount.share(of: account.balance) else {
        throw PlanError(.accounts, .totalsTooLarge)
      }
      let (b, o1) = balance[j].addingReportingOverflow(account.balance)
      let (f, o2) = offer[j].addingReportingOverflow(account.balance - cut)
      if o1 || o2 { throw PlanError(.accounts, .totalsTooLarge) }
      count[j] += 1
      balance[j] = b
      offer[j] = f
    }
    var results: [BucketRecovery] = []
    var totalBalance: Cents = 0
    var totalOffer: Cents = 0
    let scale = buckets.map(\.probability.scale).max() ?? 0
    var expected = BigInt(0)
    for (j, bucket) in buckets.enumerated() {
      guard let cash = bucket.probability.roundedProduct(offer[j], over: 1) else {
        throw PlanError(.accounts, .totalsTooLarge)
      }
      results.append(
        BucketRecovery(
          bucket: bucket,
          accounts: count[j],
          balance: balance[j],
          offer: offer[j],
          expectedCash: cash
        )
      )
      let (tb, o1) = totalBalance.addingReportingOverflow(balance[j])
      let (to, o2) = totalOffer.addingReportingOverflow(offer[j])
      if o1 || o2 { throw PlanError(.accounts, .totalsTooLarge) }
      totalBalance = tb
      totalOffer = to
      let p = bucket.probability
      expected +=
        bucket.probability.product(BigInt(offer[j])) * BigInt(ExactMath.pow10(scale - p.scale))
    }
    let rounded = ExactMath.roundHalfUp(expected, ExactMath.pow10(scale))
    guard let expectedCash = Int64(exactly: rounded) else {
      throw PlanError(.accounts, .totalsTooLarge)
    }
    let (totalDiscount, o) = totalBalance.subtractingReportingOverflow(totalOffer)
    if o { throw PlanError(.accounts, .totalsTooLarge) }
    return RecoveryEstimate(
      buckets: results,
      totalBalance: totalBalance,
      totalOffer: totalOffer,
      totalDiscount: totalDiscount,
      expectedCash: expectedCash
    )
  }

  /// The accounts of a settlement campaign for ``MonteCarlo``: each account's bucket and its
  /// offer `B − round(B × d / 100)` as its one payment.
  public static func offers(
    accounts: [RecoveryAccount],
    discount: Percentage,
    buckets: [AcceptanceBucket]
  ) throws(PlanError) -> SimulationAccounts {
    let index = try BucketIndex(buckets)
    var result = SimulationAccounts()
    for (k, account) in accounts.enumerated() {
      if k % Interruption.stride == 0 { try PlanError.checkInterruption() }
      let j = try index.bucket(of: account)
      guard let cut = discount.share(of: account.balance) else {
        throw PlanError(.accounts, .totalsTooLarge)
      }
      result.append(
        bucket: j,
        behavior: account.behavior,
        payments: CollectionOfOne(account.balance - cut)
      )
    }
    guard result.magnitude <= UInt128(Int64.max) else {
      throw PlanError(.accounts, .totalsTooLarge)
    }
    return result
  }
}
