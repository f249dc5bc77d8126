/// A debtor's payment class: the `behavior` field of queries.
///
/// The rule, over every account of the debtor that exists at the as-of date:
///
/// - **Observed installments.** With a payments file, every payment made on or before the as-of
///   date is one observed installment, on time or late as `PaymentTiming` defines. Without one,
///   the file's `payments_on_time` and `payments_late` counts are used (empty counts as 0).
/// - **Class.** Fewer than 3 observed installments: `unknown`. Otherwise, with `late` of the
///   `observed` installments late: `punctual` when `late × 10 ≤ observed` (at most 10% late),
///   `habitual` when `late × 2 ≥ observed` (half or more late), else `occasional`.
///
/// `behavior late` means `occasional` or `habitual`. Spanish names: `puntual`, `ocasional`,
/// `habitual`, `sin_historia`, and `tarde` for late.
public enum Behavior: UInt8, Hashable, Sendable, CaseIterable {
  /// At most 10% of the observed installments late.
  case punctual
  /// More than 10% and less than half late.
  case occasional
  /// Half or more late.
  case habitual
  /// Fewer than 3 observed installments.
  case unknown

  /// The minimum number of observed installments for a class other than `unknown`.
  public static let minimumObserved = 3

  /// The name queries and reports use.
  public var name: String {
    switch self {
    case .punctual: "punctual"
    case .occasional: "occasional"
    case .habitual: "habitual"
    case .unknown: "unknown"
    }
  }

  /// The Spanish name, accepted in queries.
  public var spanishName: String {
    switch self {
    case .punctual: "puntual"
    case .occasional: "ocasional"
    case .habitual: "habitual"
    case .unknown: "sin_historia"
    }
  }

  /// The class of a count of observed installments.
  public static func classify(onTime: Int, late: Int) -> Behavior {
    let observed = onTime + late
    if observed < minimumObserved { return .unknown }
    if late * 10 <= observed { return .punctual }
    if late * 2 >= observed { return .habitual }
    return .occasional
  }

  /// The classes a query word names: one class, or two for `late`; `nil` for another word.
  public static func classes(named word: String) -> [Behavior]? {
    let w = CanonicalSchema.fold(word)
    if w == "late" || w == "tarde" { return [.occasional, .habitual] }
    for b in allCases
    where w == b.name || w == b.spanishName || (b == .unknown && w == "sin historia") {
      return [b]
    }
    return nil
  }

  /// The words `behavior` accepts, for notes.
  public static let vocabulary =
    "punctual, occasional, habitual, unknown, late (or puntual, ocasional, sin_historia, tarde)"
}

/// The evidence behind a debtor's class.
public struct PaymentEvidence: Hashable, Sendable {
  /// Installments paid on time.
  public var onTime = 0
  /// Installments paid late.
  public var late = 0
  /// Days late added over the late payments (known only with a payments file).
  public var daysLate = 0
  /// Whether `daysLate` is known (a payments file was loaded).
  public var daysKnown = false
  /// The last payment on or before the as-of date, or `Day.missing`.
  public var lastPayment: Int32 = Day.missing

  /// Creates empty evidence.
  public init() {}

  /// The class this evidence gives.
  public var behavior: Behavior { Behavior.classify(onTime: onTime, late: late) }

  /// Average days late of the late payments, in hundredths of a day (half up), when known.
  public var averageDaysLateHundredths: Int64? {
    guard daysKnown, late > 0 else { return daysKnown ? 0 : nil }
    return Money.roundHalfUp(Int64(daysLate) * 100, Int64(late))
  }

  /// Counts saturate here, so that absurd counts in a file cannot overflow.
  public static let countLimit = 1 << 40

  /// Adds another account's evidence (counts saturate at `countLimit`).
  public mutating func add(_ other: PaymentEvidence) {
    onTime = min(onTime + other.onTime, Self.countLimit)
    late = min(late + other.late, Self.countLimit)
    daysLate = min(daysLate + other.daysLate, Self.countLimit)
    daysKnown = daysKnown || other.daysKnown
    if other.lastPayment > lastPayment { lastPayment = other.lastPayment }
  }
}

/// When a payment of the payments file counts as on time.
///
/// The payments file says when and how much was paid, not which installment a payment was for,
/// so cobro infers it from the account's due date `D` (the due date of the oldest unpaid
/// installment, as of the file's cut-off), taking installments to fall monthly on `D`'s day of
/// the month:
///
/// - a payment made after `D` is a partial payment of the overdue installment: late by its date
///   minus `D`;
/// - the payments made on or before `D`, newest first, are matched one to one with the
///   installment dates `D − 1 month`, `D − 2 months`, … (starting at `D` itself when the file's
///   balance is zero or less, since nothing is left unpaid);
/// - a payment is **on time** when made on or before its installment date, otherwise late by
///   the days between the two.
///
/// A payment's lateness is a property of the data: the as-of date only decides which payments
/// are observed (those made on or before it).
public enum PaymentTiming {
  /// Days late of every payment of the history (0 when on time), in the history's order.
  public static func daysLate(portfolio: Portfolio, history: PaymentHistory) -> [Int32] {
    var result = [Int32](repeating: 0, count: history.count)
    let due = portfolio.dueDates
    let balance = portfolio.balances
    for r in 0..<portfolio.rowCount {
      let lo = Int(history.start[r])
      let hi = Int(history.start[r + 1])
      guard hi > lo else { continue }
      let d = due[r]
      guard d != Day.missing else { continue }
      let dueDay = Day(raw: d)
      var k = balance[r] <= 0 ? 0 : 1
      var i = hi - 1
      while i >= lo {
        let paid = history.dates[i]
        if paid > d {
          result[i] = Int32(clamping: Int(paid) - Int(d))
        } else {
          let installment = dueDay.adding(months: -k).raw
          result[i] = paid <= installment ? 0 : Int32(clamping: Int(paid) - Int(installment))
          k += 1
        }
        i -= 1
      }
    }
    return result
  }
}
