import CobroDiagnostics
import CobroPortfolio

/// The wording of every payment-plan diagnostic, in one place so tests and docs cannot drift.
extension Diagnostic.Message {
  /// `'abc' is not a rate`.
  static func notARate(_ text: String) -> Self { "'\(text)' is not a rate" }
  /// `negative rate '-1%'`.
  static func negativeRate(_ text: String) -> Self { "negative rate '\(text)'" }
  /// `rate '24' is above 1`.
  static func rateAboveOne(_ text: String) -> Self { "rate '\(text)' is above 1" }
  /// `rate '0.0000000000001' has more than 12 decimals as a fraction`.
  static func rateTooPrecise(_ text: String) -> Self {
    "rate '\(text)' has more than 12 decimals as a fraction"
  }
  /// `did you mean '24%'?`.
  static func didYouMeanPlan(_ text: String) -> Self { "did you mean '\(text)'?" }
  /// `'abc' is not a percent`.
  static func notAPercent(_ text: String) -> Self { "'\(text)' is not a percent" }
  /// `percent '150%' is not between 0 and 100`.
  static func percentOutOfRange(_ text: String) -> Self {
    "percent '\(text)' is not between 0 and 100"
  }
  /// `'12,5' is not money`.
  package static func notMoney(_ text: String) -> Self { "'\(text)' is not money" }
  /// `'12x' is not a number of installments`.
  static func notAnInstallmentCount(_ text: String) -> Self {
    "'\(text)' is not a number of installments"
  }
  /// `number of installments must be between 1 and 1200, not '0'`.
  static func installmentsOutOfRange(_ text: String) -> Self {
    "number of installments must be between 1 and 1200, not '\(text)'"
  }
  /// `'pay' must be above zero, not '0.00'`.
  static func payNotPositive(_ text: String) -> Self {
    "the amount to pay must be above zero, not '\(text)'"
  }
  /// `no plan pays at most 100.00 an installment: even 1200 installments need 281,250.00`.
  static func noPlanFits(amount: Cents, smallest: Cents, installments: Int) -> Self {
    Self(
      "no plan pays at most \(Money.grouped(amount)) an installment: even \(installments) "
        + "installments need \(Money.grouped(smallest))"
    )
  }
  /// What to change when no plan fits.
  static var noPlanFitsNote: Self {
    "the interest alone may be more: a lower rate, a discount, a waiver or a down payment"
  }
  /// `'2026-02-30' is not a date`.
  package static func notADate(_ text: String) -> Self { "'\(text)' is not a date" }
  /// `first installment date 2026-10-01 is before the start date 2026-11-30`.
  static func firstBeforeStart(first: Day, start: Day) -> Self {
    "first installment date \(first.description) is before the start date \(start.description)"
  }
  /// `installment 1 would fall on 10000-01-31, after 9999-12-31`.
  static func scheduleTooLate(installment: Int, date: Day) -> Self {
    "installment \(installment) would fall on \(date.description), after 9999-12-31"
  }
  /// `unknown method 'frensh'`.
  static func unknownMethod(_ text: String) -> Self { "unknown method '\(text)'" }
  /// `methods are 'french' and 'german'`.
  static var knownMethods: Self { "methods are 'french' and 'german'" }
  /// `unknown component 'fes'`.
  static func unknownComponent(_ text: String) -> Self { "unknown component '\(text)'" }
  /// `components are 'capital', 'interest', 'late_interest' and 'fees'`.
  static var knownComponents: Self {
    "components are 'capital', 'interest', 'late_interest' and 'fees'"
  }
  /// `'fees' is waived twice`.
  static func waivedTwice(_ component: PlanComponent) -> Self {
    "'\(component.rawValue)' is waived twice"
  }
  /// `cannot waive 'fees': the account has no breakdown`.
  static func noBreakdown(_ component: PlanComponent) -> Self {
    "cannot waive '\(component.rawValue)': the account has no breakdown"
  }
  /// `waivers need the columns capital, interest, late_interest and fees`.
  static var breakdownHint: Self {
    "waivers need the columns capital, interest, late_interest and fees"
  }
  /// `cannot waive 'fees': it is negative (-5.00)`.
  static func negativeComponent(_ component: PlanComponent, _ amount: Cents) -> Self {
    "cannot waive '\(component.rawValue)': it is negative (\(Money.plain(amount)))"
  }
  /// `waivers of 120.00 exceed the balance 100.00`.
  static func waiversExceedBalance(waived: Cents, balance: Cents) -> Self {
    "waivers of \(Money.plain(waived)) exceed the balance \(Money.plain(balance))"
  }
  /// `balance -5.00 is negative: nothing to plan`.
  static func negativeBalance(_ balance: Cents) -> Self {
    "balance \(Money.plain(balance)) is negative: nothing to plan"
  }
  /// `balance 1e17 is too large to plan`.
  static func balanceTooLarge(_ balance: Cents) -> Self {
    "balance \(Money.plain(balance)) is too large to plan (at most 99999999999999.99)"
  }
  /// `down payment 2000.00 exceeds the settlement amount 1500.00`.
  static func downExceedsSettlement(down: Cents, settlement: Cents) -> Self {
    "down payment \(Money.plain(down)) exceeds the settlement amount \(Money.plain(settlement))"
  }
  /// `no accounts with a balance to plan`.
  static var noAccountsToPlan: Self { "no accounts with a balance to plan" }
  /// `the plan's totals are too large`.
  static var planTooLarge: Self { "the plan's totals are too large" }
  /// `the totals of the accounts are too large`.
  static var totalsTooLarge: Self { "the totals of the accounts are too large" }
  /// `'0-30' is not a bucket (LO-HI=P or LO+=P)`.
  static func notABucket(_ text: String) -> Self { "'\(text)' is not a bucket (LO-HI=P or LO+=P)" }
  /// `bucket '60-30' ends before it starts`.
  static func bucketEndsBeforeStart(_ text: String) -> Self {
    "bucket '\(text)' ends before it starts"
  }
  /// `probability '1.5' is not between 0 and 1`.
  static func probabilityOutOfRange(_ text: String) -> Self {
    "probability '\(text)' is not between 0 and 1"
  }
  /// `buckets '0-30' and '20-60' overlap`.
  static func bucketsOverlap(_ a: String, _ b: String) -> Self {
    "buckets '\(a)' and '\(b)' overlap"
  }
  /// `account 'A-17' (45 days overdue) is in no bucket`.
  static func accountInNoBucket(_ id: String, daysOverdue: Int) -> Self {
    "account '\(id)' (\(daysOverdue) days overdue) is in no bucket"
  }

  // MARK: The arguments of plan, agree, offers and simulate

  /// `agree amount …`.
  package static var agreementNotAnAmount: Self {
    "an agreement is with an account or a debtor, not an amount"
  }
  /// How to plan an amount, for notes.
  package static var planAnAmountNote: Self { "plan an amount with: plan amount X …" }
  /// `agree debtor installments 3`: the id left out.
  package static func expectedDebtorID(found text: String) -> Self {
    "expected a debtor id after 'debtor', found '\(text)'"
  }
  /// `plan X …` where X is neither an account nor money.
  package static func neitherAccountNorAmount(_ text: String) -> Self {
    "no account '\(text)' and it is not an amount"
  }
  /// A waived component or a discount without its percent.
  package static func expectedPercent(after word: String) -> Self {
    "expected a percent after '\(word)'"
  }
  /// A plan without its number of installments.
  package static var expectedInstallments: Self { "expected 'installments N'" }
  /// A plan given neither its number of installments nor what the debtor can pay.
  package static var expectedInstallmentsOrPay: Self {
    "expected 'installments N' or 'pay AMOUNT'"
  }
  /// A plan given both.
  package static var installmentsAndPay: Self {
    "'installments N' and 'pay AMOUNT' both fix the number of installments: give one"
  }
  /// The arguments of a plan, for notes.
  package static var planArgumentsNote: Self {
    "arguments: installments, pay, rate, down, discount, waive, start, first, method"
  }
  /// A debtor whose accounts are in several currencies.
  package static func debtorInSeveralCurrencies(_ id: String, _ currencies: [String]) -> Self {
    "debtor '\(id)' owes in \(currencies.joined(separator: " and ")): one plan takes one currency"
  }
  /// `--runs x`.
  package static func notANumberOfRuns(_ text: String) -> Self {
    "'\(text)' is not a number of runs"
  }
  /// `--seed x`.
  package static func notASeed(_ text: String) -> Self { "'\(text)' is not a seed" }
  /// `--seed` alone.
  package static var seedWithoutRuns: Self { "'--seed' needs '--runs N'" }
  /// `simulate` without what to simulate.
  package static var expectedSimulation: Self { "expected 'discount D%' or 'plan installments N'" }
  /// A plan campaign's down payment given as money.
  package static func campaignDownNotPercent(_ text: String) -> Self {
    "a campaign's down payment is a percent of each settlement, not '\(text)'"
  }
  /// `simulate plan` without its number of installments.
  package static var expectedInstallmentsAfterPlan: Self {
    "expected 'installments N' after 'plan'"
  }
  /// A simulation without its acceptance buckets.
  package static var expectedAccept: Self { "expected 'accept LO-HI=P,…,LO+=P'" }
  /// An acceptance bucket that is not one.
  package static var expectedBucket: Self { "expected a bucket LO-HI=P or LO+=P" }
  /// A simulation over accounts in several currencies.
  package static func accountsInSeveralCurrencies(_ currencies: [String]) -> Self {
    Self(
      "the accounts are in \(currencies.joined(separator: " and ")): "
        + "amounts in different currencies are not added"
    )
  }
}
