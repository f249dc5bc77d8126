import CobroPortfolio

/// What `promises` prints: each promise with what was paid toward it and its state at the
/// as-of date, or the kept rates by segment, channel and collector.
package struct PromiseReport {
  /// Which promises `promises` lists.
  package enum Filter {
    /// Every promise.
    case all
    /// Those in one state.
    case state(PromiseState)
    /// Those not cancelled dated from the as-of date through N days later.
    case dueWithin(Int)
    /// The kept rates instead of the promises.
    case summary
  }

  /// Every promise with what was paid toward it and its state, in entry order.
  var promises: [(JournalEntry, Cents, PromiseState)]
  /// The portfolio, for the segment of each account.
  var portfolio: Portfolio?
  /// The as-of date.
  var asOf: Day

  /// Judges the promises among `entries` by the payments of their accounts at `asOf`.
  package init(
    _ entries: [JournalEntry],
    portfolio: Portfolio?,
    payments: (String) -> [(date: Day, amount: Cents)],
    asOf: Day,
    graceDays: Int
  ) {
    self.portfolio = portfolio
    self.asOf = asOf
    promises = entries.map { e -> (JournalEntry, Cents, PromiseState) in
      let (paid, state) = PromiseState.evaluate(
        e,
        payments: payments(e.account),
        asOf: asOf,
        graceDays: graceDays
      )
      return (e, paid, state)
    }
  }

  /// The result for a filter.
  package func table(_ filter: Filter) -> ResultTable {
    switch filter {
    case .summary:
      return Self.summary(portfolio, promises.filter { $0.2 != .cancelled })
    case .all:
      return Self.table(promises)
    case .state(let s):
      return Self.table(promises.filter { $0.2 == s })
    case .dueWithin(let n):
      let last = asOf.adding(days: n).raw
      return Self.table(
        promises.filter {
          $0.2 != .cancelled && ($0.0.due?.raw ?? .min) >= asOf.raw
            && ($0.0.due?.raw ?? .max) <= last
        }
      )
    }
  }

  static func table(_ rows: [(JournalEntry, Cents, PromiseState)]) -> ResultTable {
    var t = ResultTable(columns: [
      .init("id", .integer), .init("account_id", .text), .init("amount", .money),
      .init("due_date", .date), .init("paid", .money), .init("state", .text),
      .init("channel", .text), .init("collector", .text), .init("recorded_at", .text),
      .init("note", .text),
    ])
    for (e, paid, state) in rows {
      t.rows.append([
        .integer(e.id), .text(e.account), e.amount.map(Cell.money) ?? .empty,
        e.due.map(Cell.date) ?? .empty, .money(paid), .text(state.rawValue),
        e.channel.map(Cell.text) ?? .empty, .text(e.collector), .text(e.recordedAt),
        e.note.map(Cell.text) ?? .empty,
      ])
    }
    return t
  }

  /// Kept rates by segment, channel and collector, then a total.
  static func summary(_ portfolio: Portfolio?, _ rows: [(JournalEntry, Cents, PromiseState)])
    -> ResultTable
  {
    var t = ResultTable(columns: [
      .init("by", .text), .init("value", .text), .init("promises", .integer),
      .init("pending", .integer), .init("kept", .integer), .init("partial", .integer),
      .init("broken", .integer), .init("kept_rate", .percent),
    ])
    let segment = portfolio?.column(named: "segment")
    let dimensions: [(String, (JournalEntry) -> String)] = [
      (
        "segment",
        { e in
          guard let p = portfolio, let r = p.row(ofAccount: e.account) else {
            return "(unknown account)"
          }
          let v = segment?.text(r) ?? ""
          return v.isEmpty ? "(none)" : v
        }
      ),
      ("channel", { $0.channel ?? "(none)" }),
      ("collector", { $0.collector }),
    ]
    func row(_ by: String, _ value: String, _ group: [(JournalEntry, Cents, PromiseState)])
      -> [Cell]
    {
      func n(_ s: PromiseState) -> Int64 { Int64(group.count(where: { $0.2 == s })) }
      let decided = n(.kept) + n(.partial) + n(.broken)
      return [
        .text(by), .text(value), .integer(Int64(group.count)), .integer(n(.pending)),
        .integer(n(.kept)), .integer(n(.partial)), .integer(n(.broken)),
        decided == 0 ? .empty : .percent(Percent.share(n(.kept), of: decided)),
      ]
    }
    for (by, key) in dimensions {
      let groups = Dictionary(grouping: rows) { key($0.0) }
      for (value, group) in groups.sorted(by: { $0.key < $1.key }) {
        t.rows.append(row(by, value, group))
      }
    }
    t.rows.append(row("total", "", rows))
    t.totalRows = 1
    return t
  }
}
