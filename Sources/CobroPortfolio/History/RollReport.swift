import CobroDiagnostics

/// The tables of `roll` and `roll trend`.
public enum RollReport {
  /// The matrix of account counts: one row per FROM bucket and `new`, one column per TO state,
  /// with each row's accounts and a total row (one group).
  public static func matrix(_ m: RollMatrix, group g: Int = 0) -> ResultTable {
    var columns: [ResultTable.Column] = [.init("from", .text), .init("accounts", .integer)]
    for label in m.columnLabels { columns.append(.init(label, .integer)) }
    var table = ResultTable(columns: columns)
    var totals = [Int64](repeating: 0, count: m.columnLabels.count)
    for (i, label) in m.rowLabels.enumerated() {
      let row = m.cells[g][i]
      let accounts = row.reduce(0) { $0 + $1.accounts }
      var cells: [Cell] = [.text(label), .integer(Int64(accounts))]
      for (j, c) in row.enumerated() {
        cells.append(.integer(Int64(c.accounts)))
        totals[j] += Int64(c.accounts)
      }
      table.rows.append(cells)
    }
    table.rows.append(
      [.text("total"), .integer(totals.reduce(0, +))] + totals.map { .integer($0) }
    )
    table.totalRows = 1
    return table
  }

  /// Every non-empty cell: accounts and their share of the row's accounts, opening balance and
  /// its share of the row's opening balance, closing balance; with a group column first when
  /// grouped.
  public static func cells(_ m: RollMatrix, field: String?) -> ResultTable {
    var columns: [ResultTable.Column] = []
    if let field { columns.append(.init(field, .text)) }
    columns += [
      .init("from", .text), .init("to", .text), .init("accounts", .integer),
      .init("share", .percent), .init("opening_balance", .money),
      .init("balance_share", .percent), .init("closing_balance", .money),
    ]
    var table = ResultTable(columns: columns)
    for g in m.groups.indices {
      for (i, from) in m.rowLabels.enumerated() {
        let total = m.rowTotal(group: g, row: i)
        for (j, to) in m.columnLabels.enumerated() {
          let c = m.cells[g][i][j]
          guard c.accounts > 0 else { continue }
          var row: [Cell] = field == nil ? [] : [.text(m.groups[g])]
          row += [
            .text(from), .text(to), .integer(Int64(c.accounts)),
            percent(Int64(c.accounts), of: Int64(total.accounts)), .money(c.opening),
            percent(c.opening, of: total.opening), .money(c.closing),
          ]
          table.rows.append(row)
        }
      }
    }
    return table
  }

  /// The rates of each FROM bucket (``RollRates``), per group when grouped.
  public static func rates(_ m: RollMatrix, field: String?) -> ResultTable {
    var columns: [ResultTable.Column] = []
    if let field { columns.append(.init(field, .text)) }
    columns += [
      .init("from", .text), .init("accounts", .integer), .init("opening_balance", .money),
      .init("roll_forward", .percent), .init("cure", .percent), .init("self_cure", .percent),
    ]
    var table = ResultTable(columns: columns)
    for g in m.groups.indices {
      for (b, label) in m.buckets.enumerated() {
        let r = m.rates(group: g, bucket: b)
        guard r.accounts > 0 else { continue }
        var row: [Cell] = field == nil ? [] : [.text(m.groups[g])]
        row += [
          .text(label), .integer(Int64(r.accounts)), .money(r.opening),
          r.forwardRate.map(Cell.percent) ?? .empty, r.cureRate.map(Cell.percent) ?? .empty,
          r.selfCureRate.map(Cell.percent) ?? .empty,
        ]
        table.rows.append(row)
      }
    }
    return table
  }

  /// `roll trend`: one row per cut-off after the first, one column per bucket with the
  /// roll-forward rate from the cut-off before.
  public static func trend(
    _ steps: [(to: Day, matrix: RollMatrix)],
    first: Day,
    buckets: [String]
  ) -> ResultTable {
    var columns: [ResultTable.Column] = [.init("from", .date), .init("to", .date)]
    for label in buckets { columns.append(.init(label, .percent)) }
    var table = ResultTable(columns: columns)
    var previous = first
    for step in steps {
      var row: [Cell] = [.date(previous), .date(step.to)]
      for b in buckets.indices {
        row.append(step.matrix.rates(group: 0, bucket: b).forwardRate.map(Cell.percent) ?? .empty)
      }
      table.rows.append(row)
      previous = step.to
    }
    return table
  }

  /// A percent cell, or empty when the whole is 0.
  static func percent(_ part: Int64, of whole: Int64) -> Cell {
    MetricRate.hundredths(part, of: whole).map(Cell.percent) ?? .empty
  }
}

/// Horizontal bars, one line each, scaled so that `full` is the whole width.
///
/// `1-30  2026-10-31  ##########  25.00%`: the length is `value × width / full`, half up, at
/// least one mark for a value above 0; plain output uses `#`, coloured output full blocks.
public struct RateChart: Sendable {
  /// The widest bar, in characters.
  public static let width = 40

  /// One line: its labels, value and the value as printed.
  public struct Line: Sendable {
    /// The first label (shown on the first line of its run only).
    public var group: String
    /// The second label.
    public var label: String
    /// The value (`nil`: no bar, `-` printed).
    public var value: Int64?
    /// The value as printed.
    public var text: String

    /// A line of a rate in hundredths of a percent, printed `12.34%`.
    public init(group: String, label: String, rate: Int64?) {
      self.group = group
      self.label = label
      value = rate
      text = rate.map { Money.plain($0) + "%" } ?? "-"
    }

    /// A line of any value.
    public init(group: String, label: String, value: Int64?, text: String) {
      self.group = group
      self.label = label
      self.value = value
      self.text = text
    }
  }

  /// The lines, in order.
  public var lines: [Line]
  /// The value of a full bar (10,000: 100% in hundredths).
  public var full: Int64 = 10_000

  /// Creates a chart.
  public init(lines: [Line], full: Int64 = 10_000) {
    self.lines = lines
    self.full = full
  }

  /// The text, one line per ``Line``.
  public func render(colored: Bool) -> String {
    let groupWidth = lines.map(\.group.count).max() ?? 0
    let labelWidth = lines.map(\.label.count).max() ?? 0
    var out = ""
    var last: String?
    for line in lines {
      let group = line.group == last ? "" : line.group
      last = line.group
      var text = group + String(repeating: " ", count: groupWidth - group.count) + "  "
      text += line.label + String(repeating: " ", count: labelWidth - line.label.count) + "  "
      let value = max(0, min(line.value ?? 0, full))
      let scaled = MetricRate.hundredths(value, of: max(full, 1)) ?? 0
      var length = Int(Money.roundHalfUp(scaled * Int64(RateChart.width), 10_000))
      if value > 0 { length = max(1, length) }
      let bar = String(repeating: colored ? "\u{2588}" : "#", count: length)
      text += (colored ? "\u{1B}[36m" + bar + "\u{1B}[0m" : bar)
      text += String(repeating: " ", count: RateChart.width - length) + "  " + line.text
      out += text + "\n"
    }
    return out
  }
}
