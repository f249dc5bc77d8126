import CobroPortfolio

/// The arguments of `plan ACCOUNT_ID|AMOUNT|debtor ID installments N [rate R[%] [ea]]
/// [down X|X%] [discount D%] [waive COMPONENT P% …] [start DATE] [first DATE]
/// [method french|german]`, one property per argument.
///
/// Each argument has a parser that throws a ``PlanError`` naming it (``Rate/parse(_:for:)``,
/// ``InterestRate/parse(_:effectiveAnnual:)``, ``DownPayment/parse(_:)``,
/// ``Percentage/parse(_:for:)``, ``PlanComponent/parse(_:for:)``, ``PlanMethod/parse(_:)``,
/// ``PlanRequest/parseInstallments(_:)``, ``PlanRequest/parseDate(_:for:)``), so the command
/// parser only maps words to properties:
///
/// ```swift
/// // plan 1234567.89 installments 12 rate 1.5% down 10% discount 5% start 2026-11-30
/// var request = PlanRequest(installments: try PlanRequest.parseInstallments("12"), start: asOf)
/// request.rate = try InterestRate.parse("1.5%", effectiveAnnual: false)
/// request.down = try DownPayment.parse("10%")
/// request.discount = try Percentage.parse("5%", for: .discount)
/// request.start = try PlanRequest.parseDate("2026-11-30", for: .start)
/// ```
public struct PlanRequest: Hashable, Sendable {
  /// One `waive COMPONENT P%` pair.
  public struct Waiver: Hashable, Sendable {
    /// What is waived.
    public var component: PlanComponent
    /// How much of it, in percent.
    public var percent: Percentage

    /// Creates a waiver.
    public init(_ component: PlanComponent, _ percent: Percentage) {
      self.component = component
      self.percent = percent
    }
  }

  /// `installments N`: 1 to 1200.
  public var installments: Int
  /// `rate R[%] [ea]`; zero when absent.
  public var rate: InterestRate
  /// `down X|X%`; none when absent.
  public var down: DownPayment?
  /// `discount D%`; zero when absent.
  public var discount: Percentage
  /// `waive COMPONENT P% …`, in the order typed.
  public var waivers: [Waiver]
  /// `start DATE`: the date of the down payment (the as-of date by default).
  public var start: Day
  /// `first DATE`: the first installment's date, on or after `start`; by default one month
  /// after `start`.
  public var first: Day?
  /// `method french|german`.
  public var method: PlanMethod

  /// Creates a request; only `installments` and `start` have no default.
  public init(
    installments: Int,
    rate: InterestRate = .zero,
    down: DownPayment? = nil,
    discount: Percentage = .zero,
    waivers: [Waiver] = [],
    start: Day,
    first: Day? = nil,
    method: PlanMethod = .french
  ) {
    self.installments = installments
    self.rate = rate
    self.down = down
    self.discount = discount
    self.waivers = waivers
    self.start = start
    self.first = first
    self.method = method
  }

  /// The largest number of installments (100 years of monthly payments).
  public static let maxInstallments = 1200

  /// Parses the `N` of `installments N`: a whole number from 1 to 1200.
  public static func parseInstallments(_ text: String) throws(PlanError) -> Int {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 &- 48 <= 9 }) else {
      throw PlanError(.installments, .notAnInstallmentCount(text))
    }
    guard let n = Int(text), (1...maxInstallments).contains(n) else {
      throw PlanError(.installments, .installmentsOutOfRange(text))
    }
    return n
  }

  /// Parses a `YYYY-MM-DD` date argument (`start` or `first`).
  public static func parseDate(_ text: String, for argument: PlanArgument) throws(PlanError) -> Day
  {
    guard let d = Day(text) else { throw PlanError(argument, .notADate(text)) }
    return d
  }
}

/// Session settings a plan reads besides its arguments.
public struct PlanSettings: Hashable, Sendable {
  /// The annual effective discount rate of the NPV; no `npv` when `nil`.
  public var discountRate: Rate?
  /// The usury cap, an effective annual rate; no `exceeds_cap` when `nil`.
  public var usuryCap: Rate?

  /// Creates settings.
  public init(discountRate: Rate? = nil, usuryCap: Rate? = nil) {
    self.discountRate = discountRate
    self.usuryCap = usuryCap
  }
}

/// What is planned: a balance and, when the portfolio has the columns, what it is made of.
public struct PlanBalance: Hashable, Sendable {
  /// The outstanding balance, in cents.
  public var balance: Cents
  /// The breakdown columns, required by waivers.
  public var breakdown: Breakdown?

  /// Creates a balance.
  public init(_ balance: Cents, breakdown: Breakdown? = nil) {
    self.balance = balance
    self.breakdown = breakdown
  }
}

/// The `capital`, `interest`, `late_interest` and `fees` columns of an account.
public struct Breakdown: Hashable, Sendable {
  /// Capital owed.
  public var capital: Cents
  /// Ordinary interest.
  public var interest: Cents
  /// Late interest.
  public var lateInterest: Cents
  /// Collection fees.
  public var fees: Cents

  /// Creates a breakdown.
  public init(capital: Cents, interest: Cents, lateInterest: Cents, fees: Cents) {
    self.capital = capital
    self.interest = interest
    self.lateInterest = lateInterest
    self.fees = fees
  }

  /// The amount of one component.
  public subscript(component: PlanComponent) -> Cents {
    switch component {
    case .capital: capital
    case .interest: interest
    case .lateInterest: lateInterest
    case .fees: fees
    }
  }
}
