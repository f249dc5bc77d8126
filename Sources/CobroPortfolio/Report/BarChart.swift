/// A horizontal bar chart of the balance column of an `aging` or `group by` result.
///
/// One line per data row: its label (the grouping cells before `count`, joined with ` / `), a
/// bar, the balance and the share. Bars are scaled to the largest balance (per currency when the
/// result has a `currency` column) with integer arithmetic, rounded half up, so the chart is the
/// same on every machine; a non-zero positive balance gets at least one mark. Plain output uses
/// `#`; coloured output uses full blocks.
public struct BarChart: Sendable {
  /// The widest bar, in characters.
  public static let width = 40

  /// One line.
  public struct Bar: Sendable {
    /// The row's label.
    public var label: String
    /// Bar length in characters.
    public var length: Int
    /// The balance as printed.
    public var amount: String
    /// The share as printed, if the result has one.
    public var share: String?
  }

  /// The bars, in the result's order.
  public var bars: [Bar]

  /// Builds a chart from a result, or says why it cannot.
  public static func make(from t: ResultTable) -> Result<BarChart, ReportError> {
    guard let balance = t.columns.firstIndex(where: { $0.name == "balance" }),
      let count = t.columns.firstIndex(where: { $0.name == "count" }), count > 0
    else {
      return .failure(
        ReportError(
          "the last result is not an 'aging' or 'group by' result",
          notes: ["run 'aging' or 'group by FIELD' first, then 'chart'"]
        )
      )
    }
    let share = t.columns.firstIndex { $0.name == "share" }
    let currency = t.columns.firstIndex { $0.name == "currency" }
    let data = t.rows.prefix(t.rows.count - t.totalRows)
    var maxByCurrency: [String: Int64] = [:]
    for row in data {
      let key = currency.map { row[$0].plain } ?? ""
      if case .money(let v) = row[balance] { maxByCurrency[key] = max(maxByCurrency[key] ?? 0, v) }
    }
    var bars: [Bar] = []
    for row in data {
      let label = row[0..<count].map(\.plain).filter { !$0.isEmpty }.joined(separator: " / ")
      var length = 0
      if case .money(let v) = row[balance], v > 0 {
        let top = maxByCurrency[currency.map { row[$0].plain } ?? ""] ?? 0
        let (scaled, overflow) = v.multipliedReportingOverflow(by: Int64(width))
        length =
          overflow
          ? Int(v / max(1, top / Int64(width))) : Int(Money.roundHalfUp(scaled, max(top, 1)))
        length = min(width, max(1, length))
      }
      bars.append(
        Bar(
          label: label,
          length: length,
          amount: row[balance].display,
          share: share.map { row[$0].display + "%" }
        )
      )
    }
    return .success(BarChart(bars: bars))
  }

  /// The chart as text, one line per bar, ending with a newline; within `lineWidth`
  /// characters when given (the bars shorten, to 5 at the least, the labels and amounts never).
  public func render(colored: Bool, lineWidth: Int? = nil) -> String {
    let labelWidth = bars.map(\.label.count).max() ?? 0
    let amountWidth = bars.map(\.amount.count).max() ?? 0
    let shareWidth = bars.map { $0.share?.count ?? 0 }.max() ?? 0
    var barWidth = BarChart.width
    if let lineWidth {
      let fixed = labelWidth + 2 + 2 + amountWidth + (shareWidth > 0 ? 2 + shareWidth : 0)
      barWidth = min(BarChart.width, max(5, lineWidth - fixed))
    }
    var out = ""
    for b in bars {
      let mark = colored ? "\u{2588}" : "#"
      // Scaled from the full width, half up, and a mark kept for a bar that had one.
      let length =
        barWidth == BarChart.width
        ? b.length
        : max(
          b.length > 0 ? 1 : 0,
          Int(Money.roundHalfUp(Int64(b.length * barWidth), Int64(BarChart.width)))
        )
      let bar =
        String(repeating: mark, count: length)
        + String(repeating: " ", count: barWidth - length)
      let bar2 = colored ? "\u{1B}[36m" + bar + "\u{1B}[0m" : bar
      var line = b.label + String(repeating: " ", count: labelWidth - b.label.count) + "  " + bar2
      line += "  " + String(repeating: " ", count: amountWidth - b.amount.count) + b.amount
      if let s = b.share {
        line += "  " + String(repeating: " ", count: shareWidth - s.count) + s
      }
      out += line.trimmingTrailingSpaces() + "\n"
    }
    return out
  }
}
