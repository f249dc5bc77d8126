import BigInt
import CobroDiagnostics
import CobroPortfolio

/// The accounts of a campaign prepared for the Monte Carlo: each account's bucket, payment
/// class and payments, in row order.
///
/// A settlement offer is one payment (the offer); a plan is its down payment, when there is
/// one, then its installments.
public struct SimulationAccounts: Sendable {
  /// The bucket of each account, an index into the campaign's buckets.
  var bucket: [Int32] = []
  /// The behaviour class of each account (``Behavior/rawValue``).
  var behavior: [UInt8] = []
  /// Where each account's payments start in `payments`; one more entry than accounts.
  var start: [Int] = [0]
  /// Every account's payments, in order, one account after the other.
  var payments: [Cents] = []
  /// `Σ |payment|`: bounds every sum of payments a run can make.
  var magnitude: UInt128 = 0

  /// The number of accounts.
  var count: Int { bucket.count }

  /// Appends an account whose payments are `first` (when above zero) then `rest`.
  mutating func append(bucket b: Int, behavior c: Behavior, first: Cents, _ rest: [Cents]) {
    bucket.append(Int32(b))
    behavior.append(c.rawValue)
    if first > 0 {
      payments.append(first)
      magnitude += UInt128(first)
    }
    payments.append(contentsOf: rest)
    for x in rest { magnitude += UInt128(x.magnitude) }
    start.append(payments.count)
  }

  /// Appends an account.
  mutating func append(bucket b: Int, behavior c: Behavior, payments list: some Sequence<Cents>) {
    bucket.append(Int32(b))
    behavior.append(c.rawValue)
    for x in list {
      payments.append(x)
      magnitude += UInt128(x.magnitude)
    }
    start.append(payments.count)
  }
}

/// Mean and nearest-rank percentiles of an amount over the runs of a Monte Carlo.
public struct RunStatistics: Hashable, Sendable {
  /// `round(Σ values / runs)`, half up.
  public var mean: Cents
  /// The 10th percentile.
  public var p10: Cents
  /// The median.
  public var p50: Cents
  /// The 90th percentile.
  public var p90: Cents

  /// The statistics of the values of the runs (in any order; at least one).
  ///
  /// Percentile P is the nearest rank: the value at rank `ceil(P / 100 × N)` (1-based) of the
  /// N values sorted in increasing order.
  public init(_ values: [Cents]) {
    precondition(!values.isEmpty)
    let sorted = values.sorted()
    var sum: Int128 = 0
    for v in values { sum += Int128(v) }
    let n = Int128(values.count)
    let q = sum.magnitude / UInt128(n)
    let r = sum.magnitude % UInt128(n)
    let rounded = Int64(r >= UInt128(n) - r ? q + 1 : q)
    mean = sum < 0 ? -rounded : rounded
    p10 = Self.nearestRank(10, of: sorted)
    p50 = Self.nearestRank(50, of: sorted)
    p90 = Self.nearestRank(90, of: sorted)
  }

  /// The value at rank `ceil(percent × N / 100)` of sorted values (rank 1 at least).
  public static func nearestRank(_ percent: Int, of sorted: [Cents]) -> Cents {
    let rank = max(1, (percent * sorted.count + 99) / 100)
    return sorted[rank - 1]
  }
}

/// What a Monte Carlo gives: the statistics of the cash recovered, per bucket and in total.
public struct MonteCarloResult: Hashable, Sendable {
  /// The number of runs.
  public var runs: Int
  /// The seed of the generator.
  public var seed: UInt64
  /// Per bucket, in the order the buckets were given.
  public var buckets: [RunStatistics]
  /// Over every account.
  public var total: RunStatistics
}

/// A seeded Monte Carlo of a campaign: which accounts accept and which payments are kept.
///
/// - **Generator**: one xoshiro256** generator (``Xoshiro256``) whose state is four SplitMix64
///   outputs from the seed S. Runs are drawn one after another from the same stream.
/// - **Draws, in order**: in each run, the accounts in row order; for each, one draw decides
///   acceptance; when it accepts a plan, one draw per payment in order (down payment first)
///   decides whether it is kept, until the first one missed, after which the rest are lost and
///   no more draws are made for that account. A settlement offer has no keep draw.
/// - **Comparisons**: a draw is the top 53 bits u of the generator's next output, and an event
///   of probability p happens when `u < ceil(p × 2^53)`, computed exactly from the decimal p,
///   so that no floating point decides an outcome; the chance is p to within 2^-53.
/// - **Statistics**: ``RunStatistics`` (nearest-rank percentiles, mean rounded half up).
///
/// So the same accounts, buckets and seed give the same numbers on any machine.
public enum MonteCarlo {
  /// The most runs one command makes.
  public static let maxRuns = 100_000
  /// The seed used when none is given.
  public static let defaultSeed: UInt64 = 1
  /// Bits in a draw.
  static let drawBits = 53

  /// `ceil(p × 2^53)` for a probability `p` in `[0, 1]`.
  static func threshold(_ p: ExactDecimal) -> UInt64 {
    let n = p.units << drawBits
    let d = ExactMath.pow10(p.scale)
    let (q, r) = n.quotientAndRemainder(dividingBy: d)
    return UInt64(r.isZero ? q : q + 1)
  }

  /// `ceil(k / 100 × 2^53)` of a keep probability in hundredths.
  static func threshold(hundredths k: UInt64) -> UInt64 {
    let n = UInt128(k) << drawBits
    return UInt64((n + 99) / 100)
  }

  /// Runs the Monte Carlo.
  ///
  /// - Parameters:
  ///   - accounts: the campaign's accounts.
  ///   - acceptance: the acceptance probability of each bucket.
  ///   - keepsPayments: whether each payment is kept with the ``KeepModel`` probability
  ///     (plans) or always (settlement offers).
  ///   - runs: 1 to ``maxRuns``.
  ///   - seed: the generator's seed.
  /// - Throws: ``CobroError/interrupted`` when Ctrl-C stops it (polled every
  ///   ``Interruption/stride`` accounts, inside a run too).
  public static func run(
    _ accounts: SimulationAccounts,
    acceptance: [ExactDecimal],
    keepsPayments: Bool,
    runs: Int,
    seed: UInt64
  ) throws(CobroError) -> MonteCarloResult {
    precondition((1...maxRuns).contains(runs))
    precondition(accounts.magnitude <= UInt128(Int64.max))
    let accept = acceptance.map(threshold)
    let keep: [UInt64] = Behavior.allCases.map {
      keepsPayments ? threshold(hundredths: KeepModel.hundredths($0)) : 1 << drawBits
    }
    let bucketCount = acceptance.count
    var perBucket = [[Cents]](repeating: [], count: bucketCount)
    for j in 0..<bucketCount { perBucket[j].reserveCapacity(runs) }
    var totals: [Cents] = []
    totals.reserveCapacity(runs)
    // Without keeping draws an accepted account brings all of its payments.
    var whole: [Cents] = []
    if !keepsPayments {
      whole.reserveCapacity(accounts.count)
      for a in 0..<accounts.count {
        var cash: Cents = 0
        for i in accounts.start[a]..<accounts.start[a + 1] { cash &+= accounts.payments[i] }
        whole.append(cash)
      }
    }
    var g = Xoshiro256(seed: seed)
    var sums = [Cents](repeating: 0, count: bucketCount)
    // Accounts left before the next checkpoint.
    var untilCheckpoint = Interruption.stride
    try accounts.bucket.withUnsafeBufferPointer { (bucket) throws(CobroError) in
      try accounts.behavior.withUnsafeBufferPointer { (behavior) throws(CobroError) in
        try accounts.start.withUnsafeBufferPointer { (start) throws(CobroError) in
          try accounts.payments.withUnsafeBufferPointer { (payments) throws(CobroError) in
            for run in 0..<runs {
              for j in 0..<bucketCount { sums[j] = 0 }
              for a in 0..<bucket.count {
                untilCheckpoint &-= 1
                if untilCheckpoint == 0 {
                  untilCheckpoint = Interruption.stride
                  try Interruption.checkpoint("monte carlo", done: run, of: runs)
                }
                let b = Int(bucket[a])
                if !keepsPayments {
                  // One draw an account: its whole cash when accepted, added without a branch
                  // (acceptance is a coin toss the processor cannot predict).
                  let accepted = g.next() >> 11 < accept[b]
                  sums[b] &+= whole[a] & (accepted ? -1 : 0)
                  continue
                }
                guard g.next() >> 11 < accept[b] else { continue }
                let k = keep[Int(behavior[a])]
                var cash: Cents = 0
                for i in start[a]..<start[a + 1] {
                  if keepsPayments && g.next() >> 11 >= k { break }
                  cash &+= payments[i]
                }
                sums[b] &+= cash
              }
              var total: Cents = 0
              for j in 0..<bucketCount {
                perBucket[j].append(sums[j])
                total &+= sums[j]
              }
              totals.append(total)
            }
          }
        }
      }
    }
    return MonteCarloResult(
      runs: runs,
      seed: seed,
      buckets: perBucket.map(RunStatistics.init),
      total: RunStatistics(totals)
    )
  }

  /// Parses the `N` of `--runs N`: a whole number from 1 to ``maxRuns``.
  public static func parseRuns(_ text: String) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 6, text.utf8.allSatisfy({ $0 &- 48 <= 9 }),
      let n = Int(text), (1...maxRuns).contains(n)
    else { return nil }
    return n
  }

  /// Parses the `S` of `--seed S`: a whole number from 0 to 2^64 − 1.
  public static func parseSeed(_ text: String) -> UInt64? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 &- 48 <= 9 }) else { return nil }
    return UInt64(text)
  }
}
