import CobroPortfolio

/// A journal fact that is a field of the query language.
public enum JournalField: String, Sendable, Hashable, CaseIterable {
  /// What is still open of the account's pending promises (money; 0 without any).
  case promised
  /// The date of the account's next pending promise (empty without any).
  case promiseDue = "promise_due"
  /// `yes` when a promise of the account is broken or its agreement is broken.
  case broken
  /// The day of the account's last contact (empty without any).
  case lastContact = "last_contact"
  /// The account's contacts in the 7 days through the as-of date.
  case contacts7d = "contacts_7d"
  /// The state of the account's agreement (empty without one).
  case agreement
  /// Days the oldest overdue installment of the account's agreement is past its date plus
  /// grace (0 without one overdue).
  case daysBehind = "days_behind"

  /// The field's type in the query language.
  public var type: Field.ValueType {
    switch self {
    case .promised: .money
    case .promiseDue, .lastContact: .date
    case .contacts7d, .daysBehind: .integer
    case .broken: .choice(JournalFacts.brokenLabels)
    case .agreement: .choice(JournalFacts.agreementLabels)
    }
  }
}

/// The journal's facts about every account at an as-of date, one value per portfolio row:
/// what the query fields `promised`, `promise_due`, `broken`, `last_contact`, `contacts_7d`,
/// `agreement` and `days_behind` read.
///
/// Built once per query from the journal's entries (a few per account at most) and the
/// portfolio's account index, so its cost is one pass over the entries plus one allocation per
/// column; rows without entries keep the empty value. Entries recorded after the as-of date and
/// cancelled entries do not count.
/// - `promised`: the sum of `amount − paid` over the account's pending promises
///   (``PromiseState``).
/// - `promise_due`: the earliest date among them.
/// - `broken`: `yes` when one of its promises is broken, or its agreement is broken.
/// - `last_contact`: the latest day a contact was recorded.
/// - `contacts_7d`: contacts recorded from the as-of date minus 6 days through the as-of date.
/// - `agreement`: the state (``AgreementStatus``) of the last agreement recorded for the
///   account (or a debtor's agreement covering it); empty without one.
/// - `days_behind`: that agreement's ``AgreementStatus/daysBehind``.
public final class JournalFacts: @unchecked Sendable {
  /// The values of `broken`, by code.
  public static let brokenLabels = ["no", "yes"]
  /// The values of `agreement`, by code: empty, then the agreement states.
  public static let agreementLabels = ["", "pending", "current", "behind", "broken", "kept"]

  /// `promised` per row, in cents.
  public let promised: ColumnBuffer<Int64>
  /// `promise_due` per row, `Day.missing` when none.
  public let promiseDue: Int32Column
  /// `last_contact` per row, `Day.missing` when none.
  public let lastContact: Int32Column
  /// `contacts_7d` per row.
  public let contacts7d: ColumnBuffer<Int64>
  /// `broken` per row: an index into ``brokenLabels``.
  public let broken: [UInt8]
  /// `agreement` per row: an index into ``agreementLabels``.
  public let agreement: [UInt8]
  /// `days_behind` per row.
  public let daysBehind: ColumnBuffer<Int64>

  private init(
    promised: [Int64],
    promiseDue: [Int32],
    lastContact: [Int32],
    contacts7d: [Int64],
    broken: [UInt8],
    agreement: [UInt8],
    daysBehind: [Int64]
  ) {
    self.promised = ColumnBuffer(promised)
    self.promiseDue = Int32Column(ColumnBuffer(promiseDue))
    self.lastContact = Int32Column(ColumnBuffer(lastContact))
    self.contacts7d = ColumnBuffer(contacts7d)
    self.broken = broken
    self.agreement = agreement
    self.daysBehind = ColumnBuffer(daysBehind)
  }

  /// No facts: every row empty (no journal yet).
  public convenience init(rowCount n: Int) {
    self.init(
      promised: [Int64](repeating: 0, count: n),
      promiseDue: [Int32](repeating: Day.missing, count: n),
      lastContact: [Int32](repeating: Day.missing, count: n),
      contacts7d: [Int64](repeating: 0, count: n),
      broken: [UInt8](repeating: 0, count: n),
      agreement: [UInt8](repeating: 0, count: n),
      daysBehind: [Int64](repeating: 0, count: n)
    )
  }

  /// The facts of `entries` and `agreements` about the rows of `portfolio` at `asOf`, an
  /// agreement broken once an installment is `breakAfterDays` days overdue.
  public convenience init(
    portfolio: Portfolio,
    entries: [JournalEntry],
    agreements: [Agreement],
    asOf: Day,
    graceDays: Int,
    breakAfterDays: Int = AgreementStatus.defaultBreakAfterDays
  ) {
    let n = portfolio.rowCount
    var promised = [Int64](repeating: 0, count: n)
    var promiseDue = [Int32](repeating: Day.missing, count: n)
    var lastContact = [Int32](repeating: Day.missing, count: n)
    var contacts7d = [Int64](repeating: 0, count: n)
    var broken = [UInt8](repeating: 0, count: n)
    var agreement = [UInt8](repeating: 0, count: n)
    var daysBehind = [Int64](repeating: 0, count: n)
    let weekStart = asOf.adding(days: -6)
    func payments(_ r: Int) -> [(date: Day, amount: Cents)] {
      portfolio.payments?.payments(ofRow: r) ?? []
    }
    for e in entries where e.cancelledBy == nil && e.recordedOn <= asOf {
      guard let r = portfolio.row(ofAccount: e.account) else { continue }
      switch e.kind {
      case .promise:
        let (paid, state) = PromiseState.evaluate(
          e,
          payments: payments(r),
          asOf: asOf,
          graceDays: graceDays
        )
        switch state {
        case .pending:
          let open = max((e.amount ?? 0) - paid, 0)
          let (sum, overflow) = promised[r].addingReportingOverflow(open)
          promised[r] = overflow ? .max : sum
          if let due = e.due, promiseDue[r] == Day.missing || due.raw < promiseDue[r] {
            promiseDue[r] = due.raw
          }
        case .broken: broken[r] = 1
        default: break
        }
      case .contact:
        lastContact[r] = max(lastContact[r], e.recordedOn.raw)
        if e.recordedOn >= weekStart { contacts7d[r] += 1 }
      case .cancel, .agreement: break
      }
    }
    for a in agreements where a.entry.cancelledBy == nil && a.entry.recordedOn <= asOf {
      let rows = a.accounts.compactMap { portfolio.row(ofAccount: $0) }
      guard !rows.isEmpty else { continue }
      let status = AgreementStatus.evaluate(
        a,
        payments: rows.flatMap(payments),
        asOf: asOf,
        graceDays: graceDays,
        breakAfterDays: breakAfterDays
      )
      let code = UInt8(JournalFacts.agreementLabels.firstIndex(of: status.state.rawValue) ?? 0)
      for r in rows {
        agreement[r] = code
        daysBehind[r] = Int64(status.daysBehind)
        if status.state == .broken { broken[r] = 1 }
      }
    }
    self.init(
      promised: promised,
      promiseDue: promiseDue,
      lastContact: lastContact,
      contacts7d: contacts7d,
      broken: broken,
      agreement: agreement,
      daysBehind: daysBehind
    )
  }
}

extension JournalFacts {
  /// The journal's fields of the query language (``ExternalField``), in ``JournalField`` order.
  public static let fields = JournalField.allCases.map {
    ExternalField(name: $0.rawValue, type: $0.type)
  }

  /// The values of one field for every row.
  public func column(_ field: JournalField) -> ExternalColumn {
    switch field {
    case .promised: .numbers(promised)
    case .contacts7d: .numbers(contacts7d)
    case .daysBehind: .numbers(daysBehind)
    case .promiseDue: .dates(promiseDue)
    case .lastContact: .dates(lastContact)
    case .broken: .codes(broken)
    case .agreement: .codes(agreement)
    }
  }
}

/// Computes ``JournalFacts`` the first time a query reads them, then keeps them: the provider
/// of the journal's columns to queries (``ExternalColumns``).
public final class JournalFactsProvider: ExternalColumns, @unchecked Sendable {
  private let make: () -> JournalFacts
  private var cached: JournalFacts?

  /// Creates a provider; `make` runs at most once.
  public init(_ make: @escaping () -> JournalFacts) {
    self.make = make
  }

  /// The facts.
  public var facts: JournalFacts {
    if let cached { return cached }
    let f = make()
    cached = f
    return f
  }

  /// The values of the journal field named `name`, or `nil` for another name.
  public func column(named name: String) -> ExternalColumn? {
    JournalField(rawValue: name).map { facts.column($0) }
  }
}
