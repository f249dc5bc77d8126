import CobroDiagnostics

/// The output formats of `spec/cli.md`.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
  /// Aligned columns for people; a listing is shortened to `limit` rows.
  case table
  /// RFC 4180, header and rows, nothing else.
  case csv
  /// One array of objects per result, on one line.
  case json
  /// A GitHub-flavoured Markdown table.
  case markdown
}

/// Renders result tables as text in one of the output formats.
public struct ResultRenderer: Sendable {
  /// The format.
  public var format: OutputFormat
  /// At most this many data rows of a listing in `table` (nil: all); a table that is whole
  /// (``ResultTable/isWhole``) is never shortened.
  public var limit: Int?
  /// The width `table` fits into (nil: no limit).
  public var width: Int?
  /// Whether to colour (only `table` on a terminal).
  public var colored: Bool
  /// How `table` and `markdown` show money and percentages.
  public var moneyStyle: MoneyStyle

  /// Creates a renderer.
  public init(
    format: OutputFormat,
    limit: Int? = nil,
    width: Int? = nil,
    colored: Bool = false,
    moneyStyle: MoneyStyle = .enUS
  ) {
    self.format = format
    self.limit = limit
    self.width = width
    self.colored = colored
    self.moneyStyle = moneyStyle
  }

  /// The rendered text (ending with a newline) and the number of rows left out.
  ///
  /// Ctrl-C cuts the text short (`Interruption`): whoever prints or writes it checks for the
  /// interruption first.
  public func render(_ table: ResultTable) -> (text: String, omitted: Int) {
    switch format {
    case .csv: return (csv(table), 0)
    case .json: return (json(table), 0)
    case .markdown: return (markdown(table), 0)
    case .table: return text(table)
    }
  }

  // MARK: - csv

  func csv(_ t: ResultTable) -> String {
    var out = t.columns.map { ResultRenderer.csvField($0.name) }.joined(separator: ",") + "\n"
    for (r, row) in t.rows.enumerated() {
      if r % Interruption.stride == 0 && Interruption.requested { break }
      out += row.map { ResultRenderer.csvField($0.plain) }.joined(separator: ",") + "\n"
    }
    return out
  }

  /// Quotes a CSV field when it holds a delimiter, a quote or a line break.
  public static func csvField(_ s: String) -> String {
    var needs = false
    for u in s.utf8 where u == 44 || u == 34 || u == 10 || u == 13 {
      needs = true
      break
    }
    guard needs else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  // MARK: - json

  func json(_ t: ResultTable) -> String {
    var out = "["
    for (r, row) in t.rows.enumerated() {
      if r % Interruption.stride == 0 && Interruption.requested { break }
      if r > 0 { out += "," }
      out += "{"
      for (i, col) in t.columns.enumerated() {
        if i > 0 { out += "," }
        out += ResultRenderer.jsonString(col.name) + ":"
        let cell = i < row.count ? row[i] : .empty
        switch cell {
        case .empty: out += "null"
        case .integer(let n): out += String(n)
        case .percent(let p): out += Money.plain(p)
        default: out += ResultRenderer.jsonString(cell.plain)
        }
      }
      out += "}"
    }
    return out + "]\n"
  }

  /// A JSON string literal.
  public static func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }

  // MARK: - markdown

  func markdown(_ t: ResultTable) -> String {
    func esc(_ s: String) -> String {
      s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
    var out = "| " + t.columns.map { esc($0.name) }.joined(separator: " | ") + " |\n"
    out +=
      "|"
      + t.columns.map { ResultRenderer.isNumeric($0.kind) ? " ---: |" : " --- |" }.joined() + "\n"
    for (r, row) in t.rows.enumerated() {
      if r % Interruption.stride == 0 && Interruption.requested { break }
      // Markdown has always printed plain amounts; `set money es-CO` shows them as tables do.
      let cells = row.map { esc(moneyStyle == .enUS ? $0.plain : moneyStyle.display($0)) }
      out += ("| " + cells.joined(separator: " | ") + " |").trimmingTrailingSpaces() + "\n"
    }
    return out
  }

  // MARK: - table

  static func isNumeric(_ k: ResultTable.CellKind) -> Bool {
    switch k {
    case .integer, .money, .percent, .decimal: true
    default: false
    }
  }

  func text(_ t: ResultTable) -> (String, Int) {
    var rows = t.rows
    var omitted = 0
    let dataRows = rows.count - t.totalRows
    if let limit, !t.isWhole, dataRows > limit {
      omitted = dataRows - limit
      rows = Array(rows[0..<limit]) + Array(rows[dataRows...])
    }
    let cells = rows.map { row in row.map { ResultRenderer.clean(moneyStyle.display($0)) } }
    var widths = t.columns.map { $0.name.count }
    for row in cells {
      for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
    }
    var hidden = 0..<0
    if let width {
      hidden = ResultRenderer.fit(&widths, columns: t.columns, into: width)
    }
    // The columns shown, in order; `nil` stands for the hidden ones, as one `…` column.
    var shown: [Int?] = Array(0..<widths.count)
    if !hidden.isEmpty { shown.replaceSubrange(hidden, with: [nil]) }
    func line(_ text: (Int) -> String) -> String {
      shown.map { i in
        guard let i else { return "…" }
        return pad(
          truncate(text(i), widths[i]),
          widths[i],
          right: ResultRenderer.isNumeric(t.columns[i].kind)
        )
      }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    let rule =
      shown.map { i in String(repeating: "-", count: i.map { widths[$0] } ?? 1) }
      .joined(separator: "  ") + "\n"
    var out = line { t.columns[$0].name }
    out += rule
    for (r, row) in cells.enumerated() {
      if r % Interruption.stride == 0 && Interruption.requested { break }
      if t.totalRows > 0 && r == cells.count - t.totalRows { out += rule }
      out += line { $0 < row.count ? row[$0] : "" }
    }
    if !hidden.isEmpty {
      let names = hidden.map { t.columns[$0].name }.joined(separator: ", ")
      out +=
        "(\(hidden.count) column\(hidden.count == 1 ? "" : "s") not shown: \(names); "
        + "'set width none' shows all)\n"
    }
    return (out, omitted)
  }

  /// Whether a column holds ids or contact values, which are never cut (`account_id`,
  /// `debtor_id`, `id`, `phone`, `email`): half a phone number is no use.
  static func isID(_ column: ResultTable.Column) -> Bool {
    let name = column.name.lowercased()
    return name == "id" || name.hasSuffix("_id") || name.hasSuffix("phone")
      || name.hasSuffix("email")
  }

  /// Fits the columns into `width`, the way DuckDB's shell does.
  ///
  /// First the widest text columns that are not ids or contacts shrink (to 12 characters at the least,
  /// their ends cut with `…`); if that is not enough, the smallest block of middle columns
  /// that makes the rest fit is hidden (never the first column), and its range returned. Ids,
  /// money, numbers and dates are never cut.
  public static func fit(
    _ widths: inout [Int],
    columns: [ResultTable.Column],
    into width: Int
  ) -> Range<Int> {
    func total(hiding block: Range<Int> = 0..<0) -> Int {
      var sum = block.isEmpty ? 0 : 1
      var count = block.isEmpty ? 0 : 1
      for (i, w) in widths.enumerated() where !block.contains(i) {
        sum += w
        count += 1
      }
      return sum + 2 * max(0, count - 1)
    }
    let floor = 12
    var over = total() - width
    while over > 0 {
      var widest = -1
      for (i, c) in columns.enumerated()
      where !isNumeric(c.kind) && c.kind != .date && !isID(c) && widths[i] > floor {
        if widest < 0 || widths[i] > widths[widest] { widest = i }
      }
      if widest < 0 { break }
      widths[widest] -= 1
      over -= 1
    }
    let n = widths.count
    guard over > 0, n > 1 else { return 0..<0 }
    for k in 1..<n {
      let start = max(1, (n - k) / 2)
      let block = start..<min(n, start + k)
      if total(hiding: block) <= width { return block }
    }
    return 1..<n
  }

  private func truncate(_ s: String, _ w: Int) -> String {
    s.count <= w ? s : String(s.prefix(max(0, w - 1))) + "…"
  }

  private func pad(_ s: String, _ w: Int, right: Bool) -> String {
    let n = max(0, w - s.count)
    return right ? String(repeating: " ", count: n) + s : s + String(repeating: " ", count: n)
  }

  /// Line breaks and tabs would break the grid: show them as spaces.
  static func clean(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 < 32 }) else { return s }
    return String(
      String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 32 ? " " : $0 })
    )
  }
}
