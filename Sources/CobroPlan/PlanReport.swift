import CobroDiagnostics
import CobroPortfolio

/// What `plan` and `agree` print about a payment plan: the schedule, the one-row summary, a
/// debtor plan's allocation of each payment, and the usury warning when a rate is above the cap.
public struct PlanReport: Sendable {
  /// The results, in the order they print: schedule, summary, then the allocation of a debtor
  /// plan and what each of its accounts settles for.
  public var tables: [ResultTable]
  /// The warning when the plan's or the contract's rate is above the usury cap.
  public var warning: Diagnostic?

  /// The report of a plan computed with `settings` (`allocation` and `settlements` empty but
  /// for a debtor plan).
  public init(
    _ plan: PaymentPlan,
    allocation: [Allocation],
    settlements: [AccountSettlement] = [],
    settings: PlanSettings
  ) {
    tables = [Self.schedule(plan), Self.summary(plan)]
    if !allocation.isEmpty { tables.append(Self.allocation(allocation)) }
    if !settlements.isEmpty { tables.append(Self.accounts(settlements, allocation)) }
    warning = Self.usuryWarning(plan, settings)
  }

  /// The schedule: `n, date, payment, interest, principal, balance`.
  static func schedule(_ plan: PaymentPlan) -> ResultTable {
    ResultTable(
      columns: [
        .init("n", .integer), .init("date", .date), .init("payment", .money),
        .init("interest", .money), .init("principal", .money), .init("balance", .money),
      ],
      rows: plan.schedule.map { i in
        [
          .integer(Int64(i.n)), .date(i.date), .money(i.payment), .money(i.interest),
          .money(i.principal), .money(i.balance),
        ]
      }
    )
  }

  /// The one-row summary, columns ``PaymentPlan/summaryColumns``.
  static func summary(_ plan: PaymentPlan) -> ResultTable {
    let s = plan.summary
    func money(_ c: Cents?) -> Cell { c.map { .money($0) } ?? .empty }
    func date(_ d: Day?) -> Cell { d.map { .date($0) } ?? .empty }
    let cells: [Cell] = [
      .money(s.waived), .money(s.discountGranted), .money(s.settlementAmount),
      .money(s.downPayment), .money(s.financed), money(s.installmentAmount),
      .integer(Int64(s.installmentsCount)), date(s.firstInstallmentDate),
      date(s.lastInstallmentDate), .money(s.totalInstallments), .money(s.totalPaid),
      .money(s.totalInterest), .decimal(s.contractEAR.description),
      s.planEAR.map { .decimal($0.description) } ?? .empty, money(s.npv),
      s.exceedsCap.map { .text($0 ? "yes" : "no") } ?? .empty,
    ]
    let kinds: [ResultTable.CellKind] = [
      .money, .money, .money, .money, .money, .money, .integer, .date, .date, .money, .money,
      .money, .decimal, .decimal, .money, .text,
    ]
    return ResultTable(
      columns: zip(PaymentPlan.summaryColumns, kinds).map { ResultTable.Column($0, $1) },
      rows: [cells]
    )
  }

  /// A debtor plan's allocation: `n, account_id, amount`.
  static func allocation(_ lines: [Allocation]) -> ResultTable {
    ResultTable(
      columns: [.init("n", .integer), .init("account_id", .text), .init("amount", .money)],
      rows: lines.map { [.integer(Int64($0.n)), .text($0.accountID), .money($0.amount)] }
    )
  }

  /// A debtor plan per account: `account_id, balance, waived, discount_granted,
  /// settlement_amount, interest, total_paid`, oldest due date first.
  ///
  /// `balance = waived + discount_granted + settlement_amount` on every row; `total_paid` is
  /// what the allocation gives the account, `interest` what it gives beyond the settlement
  /// (the plan's interest, all on the last account), and each column adds up to the plan's.
  static func accounts(_ settlements: [AccountSettlement], _ lines: [Allocation]) -> ResultTable {
    var paid: [String: Cents] = [:]
    for l in lines { paid[l.accountID, default: 0] += l.amount }
    return ResultTable(
      columns: [
        .init("account_id", .text), .init("balance", .money), .init("waived", .money),
        .init("discount_granted", .money), .init("settlement_amount", .money),
        .init("interest", .money), .init("total_paid", .money),
      ],
      rows: settlements.map { s in
        let total = paid[s.id] ?? 0
        return [
          .text(s.id), .money(s.balance), .money(s.waived), .money(s.discount),
          .money(s.settlement), .money(total - s.settlement), .money(total),
        ]
      }
    )
  }

  /// The warning when a contract's effective annual rate is above the usury cap, before any
  /// plan is computed (`simulate plan`).
  package static func contractUsuryWarning(_ ear: RateFigure, cap: Rate) -> Diagnostic {
    Diagnostic(
      .warning,
      Diagnostic.Message(
        "USURY: the contract's effective annual rate \(ear.description) "
          + "is above the cap \(cap.description)"
      )
    )
  }

  /// The warning printed when the plan's or the contract's rate is above the usury cap.
  static func usuryWarning(_ plan: PaymentPlan, _ settings: PlanSettings) -> Diagnostic? {
    let s = plan.summary
    guard let cap = settings.usuryCap, s.exceedsCap == true || s.contractExceedsCap == true
    else { return nil }
    let rate = s.contractExceedsCap == true ? s.contractEAR : (s.planEAR ?? s.contractEAR)
    let which = s.contractExceedsCap == true ? "contract" : "plan"
    var notes: [Diagnostic.Message] = []
    if let legal = s.highestLegalMonthlyRate {
      notes.append(
        "the highest legal monthly rate is \(legal.description) ('rate \(legal.description)')"
      )
    }
    return Diagnostic(
      .warning,
      Diagnostic.Message(
        "USURY: the \(which)'s effective annual rate \(rate.description) "
          + "is above the cap \(cap.description)"
      ),
      notes: notes
    )
  }
}
