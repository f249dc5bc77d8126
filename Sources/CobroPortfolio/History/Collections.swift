import CobroDiagnostics

/// The periods collections are summed by.
public enum CollectionPeriod: String, Sendable, CaseIterable {
  /// One calendar day.
  case day
  /// Monday to Sunday (labelled by its Monday).
  case week
  /// A calendar month (labelled `YYYY-MM`).
  case month

  /// The first day of the period holding `day`.
  public func start(of day: Day) -> Day {
    switch self {
    case .day: return day
    case .week: return day.adding(days: -day.weekday)
    case .month:
      let (y, m, _) = day.civil
      return Day(raw: Day.daysFromCivil(y, m, 1))
    }
  }

  /// The first day of the next period.
  public func end(after start: Day) -> Day {
    switch self {
    case .day: start.adding(days: 1)
    case .week: start.adding(days: 7)
    case .month: start.adding(months: 1)
    }
  }

  /// The label of a period: its day, its week's Monday, or `YYYY-MM`.
  public func label(_ start: Day) -> String {
    switch self {
    case .day, .week: return "\(start)"
    case .month: return String("\(start)".prefix(7))
    }
  }
}

/// What was collected: the payments summed by period (and by group), exact to the cent.
///
/// The payments are those of the loaded payments file: of the accounts in the portfolio in use,
/// and of accounts that left it but are in a cut-off of the history (kept at load). A payment
/// is counted in the period of its date.
public struct Collections: Sendable {
  /// One line: a group's period.
  public struct Line: Hashable, Sendable {
    /// The group (index into `groups`).
    public var group: Int
    /// The period's first day.
    public var start: Day
    /// Payments.
    public var payments = 0
    /// Distinct accounts that paid.
    public var accounts = 0
    /// The amount, in cents.
    public var amount: Int64 = 0
    /// Of it, the amount of accounts no longer in the portfolio.
    public var fromLeft: Int64 = 0
  }

  /// The lines, by group (in `groups` order) then period.
  public var lines: [Line]
  /// The group labels (one empty label without grouping).
  public var groups: [String]

  /// A payment to sum: its account (a row of the portfolio in use, or the id of one that
  /// left), date, amount and group.
  public struct Payment: Sendable {
    /// The row in the portfolio in use, or -1 for an account that left.
    public var row: Int
    /// The id of an account that left.
    public var account: String?
    /// The date.
    public var date: Day
    /// The amount, in cents.
    public var amount: Int64
    /// The group (index into the labels).
    public var group: Int

    /// Creates a payment.
    public init(row: Int, account: String?, date: Day, amount: Int64, group: Int) {
      self.row = row
      self.account = account
      self.date = date
      self.amount = amount
      self.group = group
    }
  }

  /// Sums payments by group and period.
  public static func sum(
    _ payments: [Payment],
    by period: CollectionPeriod,
    groups: [String]
  ) -> Collections {
    struct Key: Hashable {
      var group: Int
      var start: Int32
    }
    var lines: [Key: Line] = [:]
    var seenRows: [Key: Set<Int>] = [:]
    var seenLeft: [Key: Set<String>] = [:]
    for p in payments {
      let start = period.start(of: p.date)
      let key = Key(group: p.group, start: start.raw)
      var line = lines[key] ?? Line(group: p.group, start: start)
      line.payments += 1
      line.amount += p.amount
      if p.row >= 0 {
        if seenRows[key, default: []].insert(p.row).inserted { line.accounts += 1 }
      } else {
        line.fromLeft += p.amount
        if seenLeft[key, default: []].insert(p.account ?? "").inserted { line.accounts += 1 }
      }
      lines[key] = line
    }
    let sorted = lines.values.sorted { ($0.group, $0.start) < ($1.group, $1.start) }
    return Collections(lines: sorted, groups: groups)
  }

  /// The table: `[FIELD,] period, payments, accounts, amount, from_left`, and a total row.
  public func table(field: String?, period: CollectionPeriod) -> ResultTable {
    var columns: [ResultTable.Column] = []
    if let field { columns.append(.init(field, .text)) }
    columns += [
      .init(period.rawValue, period == .month ? .text : .date), .init("payments", .integer),
      .init("amount", .money), .init("accounts", .integer), .init("from_left", .money),
    ]
    var table = ResultTable(columns: columns)
    var payments: Int64 = 0
    var amount: Int64 = 0
    var fromLeft: Int64 = 0
    for line in lines {
      var row: [Cell] = field == nil ? [] : [.text(groups[line.group])]
      row.append(period == .month ? .text(period.label(line.start)) : .date(line.start))
      row += [
        .integer(Int64(line.payments)), .money(line.amount), .integer(Int64(line.accounts)),
        .money(line.fromLeft),
      ]
      table.rows.append(row)
      payments += Int64(line.payments)
      amount += line.amount
      fromLeft += line.fromLeft
    }
    var total: [Cell] = [.text("total")]
    if field != nil { total.append(.empty) }
    total += [.integer(payments), .money(amount), .empty, .money(fromLeft)]
    table.rows.append(total)
    table.totalRows = 1
    return table
  }
}
