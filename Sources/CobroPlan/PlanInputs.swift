import BigInt
import CobroDiagnostics
import CobroPortfolio

/// A rate with at most 12 decimals as a fraction, between 0 and 1: `scaled / 10^12`.
///
/// Monthly interest rates, the annual discount rate of the NPV and the usury cap are all rates.
/// `1.5%` and `0.015` are the same rate.
public struct Rate: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// `10^12`: the scale of ``scaled``.
  public static let denominator: Int64 = 1_000_000_000_000
  /// The rate times `10^12`, in `0...10^12`.
  public var scaled: Int64

  /// Creates a rate from its value times `10^12`.
  public init(scaled: Int64) {
    self.scaled = scaled
  }

  /// Zero.
  public static let zero = Rate(scaled: 0)

  /// The exact value.
  public var decimal: ExactDecimal {
    ExactDecimal(units: BigUInt(scaled.magnitude), scale: 12)
  }

  /// The fraction with its minimal decimals: `0.015`.
  public var description: String { decimal.description }

  /// Orders by value.
  public static func < (a: Rate, b: Rate) -> Bool { a.scaled < b.scaled }

  /// Parses `1.5%` (a percent, 0 to 100) or `0.015` (a fraction, at most 1), at most 12
  /// decimals as a fraction.
  ///
  /// A bare number above 1 is an error with the note `did you mean '24%'?`.
  public static func parse(_ text: String, for argument: PlanArgument) throws(PlanError) -> Rate {
    var body = Substring(text)
    let isPercent = body.hasSuffix("%")
    if isPercent { body = body.dropLast() }
    if body.hasPrefix("-") {
      if ExactDecimal(body.dropFirst()) != nil {
        throw PlanError(argument, .negativeRate(text))
      }
      throw PlanError(argument, .notARate(text))
    }
    guard let number = ExactDecimal(body) else {
      throw PlanError(argument, .notARate(text))
    }
    let fraction: ExactDecimal
    if isPercent {
      guard number.isAtMost(100) else { throw PlanError(argument, .percentOutOfRange(text)) }
      fraction = ExactDecimal(units: number.units, scale: number.scale + 2)
    } else {
      guard number.isAtMost(1) else {
        throw PlanError(argument, .rateAboveOne(text), notes: [.didYouMeanPlan(text + "%")])
      }
      fraction = number
    }
    guard let scaled = fraction.scaled(by: 12) else {
      throw PlanError(argument, .rateTooPrecise(text))
    }
    return Rate(scaled: scaled)
  }
}

/// The monthly interest rate of a plan, and the effective annual rate it came from (`rate 24% ea`).
public struct InterestRate: Hashable, Sendable {
  /// The monthly rate used by every formula.
  public var monthly: Rate
  /// The effective annual rate as typed, when the rate was given with `ea`.
  public var effectiveAnnual: Rate?

  /// A monthly rate typed as such.
  public init(monthly: Rate) {
    self.monthly = monthly
    self.effectiveAnnual = nil
  }

  /// The monthly rate `round12((1 + R)^(1/12) − 1)` of an effective annual rate R.
  public init(effectiveAnnual: Rate) {
    self.monthly = RateMath.monthlyRate(fromEffectiveAnnual: effectiveAnnual)
    self.effectiveAnnual = effectiveAnnual
  }

  /// No interest.
  public static let zero = InterestRate(monthly: .zero)

  /// Parses the `rate` argument: `R[%]`, and `ea` when the word followed it.
  public static func parse(_ text: String, effectiveAnnual: Bool) throws(PlanError) -> InterestRate
  {
    let r = try Rate.parse(text, for: .rate)
    return effectiveAnnual ? InterestRate(effectiveAnnual: r) : InterestRate(monthly: r)
  }
}

/// A percent between 0 and 100 with any number of decimals: a discount, a down payment, a waiver.
public struct Percentage: Hashable, Sendable, CustomStringConvertible {
  /// The number of percent, in `0...100`.
  public let value: ExactDecimal

  /// Creates a percent; `nil` when the value is above 100.
  public init?(_ value: ExactDecimal) {
    guard value.isAtMost(100) else { return nil }
    self.value = value
  }

  /// Zero percent.
  public static let zero = Percentage(uncheckedValue: .zero)

  /// One hundred percent.
  public static let hundred = Percentage(uncheckedValue: ExactDecimal(100))

  private init(uncheckedValue: ExactDecimal) { value = uncheckedValue }

  /// `5%`, `12.5%`.
  public var description: String { value.description + "%" }

  /// Parses `N` or `N%` with `0 <= N <= 100`.
  public static func parse(_ text: String, for argument: PlanArgument) throws(PlanError)
    -> Percentage
  {
    var body = Substring(text)
    if body.hasSuffix("%") { body = body.dropLast() }
    if body.hasPrefix("-"), ExactDecimal(body.dropFirst()) != nil {
      throw PlanError(argument, .percentOutOfRange(text))
    }
    guard let number = ExactDecimal(body) else { throw PlanError(argument, .notAPercent(text)) }
    guard let p = Percentage(number) else { throw PlanError(argument, .percentOutOfRange(text)) }
    return p
  }

  /// `round(amount × self / 100)`, half up; `nil` only on overflow.
  public func share(of amount: Cents) -> Cents? {
    value.roundedProduct(amount, over: 100)
  }
}

/// A down payment: money, or a percent of the settlement amount.
public enum DownPayment: Hashable, Sendable {
  /// A fixed amount.
  case amount(Cents)
  /// `round(S × p / 100)` of the settlement amount S.
  case percent(Percentage)

  /// Parses `X` (money) or `X%`.
  public static func parse(_ text: String) throws(PlanError) -> DownPayment {
    if text.hasSuffix("%") { return .percent(try Percentage.parse(text, for: .down)) }
    guard let c = Money.parse(text), c >= 0 else { throw PlanError(.down, .notMoney(text)) }
    return .amount(c)
  }
}

/// A part of an account's balance that a negotiator can waive ("condonar").
public enum PlanComponent: String, Hashable, Sendable, CaseIterable {
  /// Capital owed.
  case capital
  /// Ordinary interest.
  case interest
  /// Late interest ("intereses de mora").
  case lateInterest = "late_interest"
  /// Collection fees ("honorarios").
  case fees

  /// Parses a component name, ignoring case and underscores; the Spanish column names of
  /// `spec/portfolio-csv.md` are aliases.
  public static func parse(_ text: String, for argument: PlanArgument) throws(PlanError)
    -> PlanComponent
  {
    let key = String(text.lowercased().filter { $0 != "_" && $0 != " " })
    switch key {
    case "capital": return .capital
    case "interest", "intereses": return .interest
    case "lateinterest", "interesesmora": return .lateInterest
    case "fees", "honorarios": return .fees
    default:
      let names = PlanComponent.allCases.map(\.rawValue)
      let note: Diagnostic.Message =
        Suggestion.closest(to: text, among: names).map { .didYouMeanPlan($0) } ?? .knownComponents
      throw PlanError(argument, .unknownComponent(text), notes: [note])
    }
  }
}

/// The amortization method of a plan.
public enum PlanMethod: String, Hashable, Sendable, CaseIterable {
  /// Constant installment `A` (the default).
  case french
  /// Constant principal `Q`.
  case german

  /// Parses `french` or `german`, ignoring case.
  public static func parse(_ text: String) throws(PlanError) -> PlanMethod {
    if let m = PlanMethod(rawValue: text.lowercased()) { return m }
    let note: Diagnostic.Message =
      Suggestion.closest(to: text, among: allCases.map(\.rawValue)).map { .didYouMeanPlan($0) }
      ?? .knownMethods
    throw PlanError(.method, .unknownMethod(text), notes: [note])
  }
}
