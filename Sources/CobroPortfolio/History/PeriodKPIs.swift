import CobroDiagnostics

/// The figures a collections manager reports for the period between two cut-offs, each with
/// its formula and inputs.
///
/// The period runs from the day after FROM through TO. The accounts are those active at FROM
/// (the opening portfolio) and those new at TO. Money is exact to the cent; every rate is one
/// exact quotient rounded once, half up, to hundredths of a percent, and every ratio to two
/// decimals.
public struct PeriodKPIs: Sendable {
  /// What the portfolio's files and payments say of one group.
  public struct Portfolio: Sendable {
    /// Balance at FROM of the accounts active at FROM.
    public var opening: Int64 = 0
    /// Balance at TO of the accounts new at TO ("credit sales" of the CEI).
    public var newBalance: Int64 = 0
    /// Balance at TO of the accounts (of the two above) still active at TO.
    public var closing: Int64 = 0
    /// Of it, the balance of those current at TO.
    public var closingCurrent: Int64 = 0
    /// Payments dated in the period by those accounts.
    public var collected: Int64 = 0
    /// Opening balance of the accounts in a later bucket or written off at TO.
    public var rolledForward: Int64 = 0
    /// Opening balance of the accounts overdue at FROM.
    public var overdueOpening: Int64 = 0
    /// Of it, the balance of those current or paid at TO.
    public var cured: Int64 = 0
    /// Opening balance of the accounts written off at TO.
    public var writtenOff: Int64 = 0

    /// Creates figures of zero.
    public init() {}
  }

  /// What the journal says of one group in the period.
  public struct Journal: Sendable {
    /// Contacts recorded in the period (not cancelled).
    public var contacts = 0
    /// Of them, those that reached the debtor (right_party, promise, refused, dispute).
    public var rightParty = 0
    /// Promises recorded in the period.
    public var promises = 0
    /// Promises due in the period.
    public var due = 0
    /// Of them, kept in full by TO: count and amount promised.
    public var kept = 0
    /// The amount of the kept promises.
    public var keptAmount: Int64 = 0
    /// Partly kept: count and amount paid.
    public var partial = 0
    /// What was paid on partial promises.
    public var partialPaid: Int64 = 0
    /// Broken: count and amount promised.
    public var broken = 0
    /// The amount of the broken promises.
    public var brokenAmount: Int64 = 0
    /// Agreements (not cancelled) at TO, by the state `agreements` gives: current (pending,
    /// current or kept), behind, and broken.
    public var agreementsCurrent = 0
    /// Agreements behind.
    public var agreementsBehind = 0
    /// Agreements broken.
    public var agreementsBroken = 0

    /// Creates figures of zero.
    public init() {}
  }

  /// One figure.
  public struct Figure: Sendable {
    /// Its name.
    public var name: String
    /// Its value.
    public var value: Cell
    /// How it is computed.
    public var formula: String
    /// The inputs, as `name = value`.
    public var inputs: String
  }

  /// The figures of a group, in report order; the portfolio figures only when `portfolio` is
  /// given, the journal's only when `journal` is.
  public static func figures(portfolio p: Portfolio?, journal j: Journal?) -> [Figure] {
    var out: [Figure] = []
    func money(_ c: Int64) -> String { Money.grouped(c) }
    func rate(_ part: Int64, _ whole: Int64) -> Cell {
      MetricRate.hundredths(part, of: whole).map(Cell.percent) ?? .empty
    }
    if let p {
      out.append(
        Figure(
          name: "opening_balance",
          value: .money(p.opening),
          formula: "sum of the balances at FROM of the accounts active at FROM",
          inputs: ""
        )
      )
      out.append(
        Figure(
          name: "collected",
          value: .money(p.collected),
          formula: "sum of the payments dated after FROM through TO of those accounts and the new",
          inputs: ""
        )
      )
      out.append(
        Figure(
          name: "recovery_rate",
          value: rate(p.collected, p.opening),
          formula: "collected / opening_balance × 100",
          inputs: "collected = \(money(p.collected)); opening_balance = \(money(p.opening))"
        )
      )
      let numerator = p.opening + p.newBalance - p.closing
      let denominator = p.opening + p.newBalance - p.closingCurrent
      out.append(
        Figure(
          name: "cei",
          value: rate(numerator, denominator),
          formula:
            "(opening_balance + new_balance - closing_balance) / (opening_balance + new_balance "
            + "- closing_current) × 100",
          inputs:
            "opening_balance = \(money(p.opening)); new_balance = \(money(p.newBalance)); "
            + "closing_balance = \(money(p.closing)); closing_current = "
            + "\(money(p.closingCurrent))"
        )
      )
      out.append(
        Figure(
          name: "roll_forward_rate",
          value: rate(p.rolledForward, p.opening),
          formula: "rolled_forward / opening_balance × 100",
          inputs:
            "rolled_forward = \(money(p.rolledForward)); opening_balance = \(money(p.opening))"
        )
      )
      out.append(
        Figure(
          name: "cure_rate",
          value: rate(p.cured, p.overdueOpening),
          formula: "cured / overdue_opening × 100",
          inputs: "cured = \(money(p.cured)); overdue_opening = \(money(p.overdueOpening))"
        )
      )
      out.append(
        Figure(
          name: "written_off",
          value: .money(p.writtenOff),
          formula: "sum of the balances at FROM of the accounts written off at TO",
          inputs: ""
        )
      )
    }
    if let j {
      func count(_ name: String, _ n: Int, _ formula: String) {
        out.append(Figure(name: name, value: .integer(Int64(n)), formula: formula, inputs: ""))
      }
      count("contacts", j.contacts, "contacts recorded after FROM through TO")
      count(
        "right_party_contacts",
        j.rightParty,
        "of them, with result right_party, promise, refused or dispute"
      )
      out.append(
        Figure(
          name: "right_party_rate",
          value: rate(Int64(j.rightParty), Int64(j.contacts)),
          formula: "right_party_contacts / contacts × 100",
          inputs: "right_party_contacts = \(j.rightParty); contacts = \(j.contacts)"
        )
      )
      count("promises", j.promises, "promises recorded after FROM through TO")
      out.append(
        Figure(
          name: "promise_rate",
          value: rate(Int64(j.promises), Int64(j.rightParty)),
          formula: "promises / right_party_contacts × 100",
          inputs: "promises = \(j.promises); right_party_contacts = \(j.rightParty)"
        )
      )
      out.append(
        Figure(
          name: "contacts_per_promise",
          value: MetricRate.ratio(Int64(j.contacts), of: Int64(j.promises), scale: 2).map(
            Cell.decimal
          ) ?? .empty,
          formula: "contacts / promises, half up to 2 decimals",
          inputs: "contacts = \(j.contacts); promises = \(j.promises)"
        )
      )
      count("promises_due", j.due, "promises due after FROM through TO (their date)")
      count("promises_kept", j.kept, "of them, paid in full by TO (with 'set grace')")
      out.append(
        Figure(
          name: "promises_kept_amount",
          value: .money(j.keptAmount),
          formula: "sum of the amounts of the kept promises",
          inputs: ""
        )
      )
      count("promises_partial", j.partial, "of them, partly paid once their date plus grace passed")
      out.append(
        Figure(
          name: "promises_partial_paid",
          value: .money(j.partialPaid),
          formula: "sum paid on the partial promises",
          inputs: ""
        )
      )
      count("promises_broken", j.broken, "of them, unpaid once their date plus grace passed")
      out.append(
        Figure(
          name: "broken_promise_amount",
          value: .money(j.brokenAmount),
          formula: "sum of the amounts of the broken promises",
          inputs: ""
        )
      )
      out.append(
        Figure(
          name: "promises_kept_rate",
          value: rate(Int64(j.kept), Int64(j.due)),
          formula: "promises_kept / promises_due × 100",
          inputs: "promises_kept = \(j.kept); promises_due = \(j.due)"
        )
      )
      count(
        "agreements_current",
        j.agreementsCurrent,
        "agreements at TO pending, current or kept"
      )
      count(
        "agreements_behind",
        j.agreementsBehind,
        "agreements at TO behind: an installment unpaid past its date and grace"
      )
      count(
        "agreements_broken",
        j.agreementsBroken,
        "agreements at TO broken: an installment unpaid break_after days past its date and grace"
      )
    }
    return out
  }

  /// The figures of every group as a table: `[group,] kpi, value, unit` and, explained,
  /// `formula` and `inputs`.
  public static func table(
    _ groups: [(label: String, figures: [Figure])],
    field: String?,
    explain: Bool
  ) -> ResultTable {
    var columns: [ResultTable.Column] = []
    if let field { columns.append(.init(field, .text)) }
    columns += [.init("kpi", .text), .init("value", .decimal), .init("unit", .text)]
    if explain { columns += [.init("formula", .text), .init("inputs", .text)] }
    var table = ResultTable(columns: columns)
    for g in groups {
      for f in g.figures {
        var row: [Cell] = field == nil ? [] : [.text(g.label)]
        row += [.text(f.name), .decimal(f.value.plain), .text(unit(f.value))]
        if explain { row += [.text(f.formula), .text(f.inputs)] }
        table.rows.append(row)
      }
    }
    return table
  }

  /// The unit of a value: `money`, `%`, `count` or `ratio` (empty when there is no value).
  package static func unit(_ value: Cell) -> String {
    switch value {
    case .percent: "%"
    case .money: "money"
    case .integer: "count"
    case .decimal: "ratio"
    default: ""
    }
  }
}
