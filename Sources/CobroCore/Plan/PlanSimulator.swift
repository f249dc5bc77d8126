import BigInt

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

/// One account of a what-if: its id (for errors), balance and days overdue.
public struct RecoveryAccount: Hashable, Sendable {
  /// The account id.
  public var id: String
  /// B, in cents.
  public var balance: Cents
  /// Days overdue at the as-of date.
  public var daysOverdue: Int

  /// Creates an account.
  public init(id: String, balance: Cents, daysOverdue: Int) {
    self.id = id
    self.balance = balance
    self.daysOverdue = daysOverdue
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
    // Buckets by their first day; adjacent ones must not overlap.
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
    let lows = byLow.map { buckets[$0].low }
    var count = [Int](repeating: 0, count: buckets.count)
    var balance = [Cents](repeating: 0, count: buckets.count)
    var offer = [Cents](repeating: 0, count: buckets.count)
    for account in accounts {
      // The last bucket starting on or before the account's days, if it reaches them.
      var lo = 0
      var hi = lows.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if lows[mid] <= account.daysOverdue { lo = mid + 1 } else { hi = mid }
      }
      guard lo > 0, buckets[byLow[lo - 1]].contains(account.daysOverdue) else {
        throw PlanError(
          .accounts,
          .accountInNoBucket(account.id, daysOverdue: account.daysOverdue)
        )
      }
      let j = byLow[lo - 1]
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
}
