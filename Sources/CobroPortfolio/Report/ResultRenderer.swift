import CobroDiagnostics

/// The output formats of `spec/cli.md`.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
  /// Aligned columns for people; shortened to `limit` rows.
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
  /// At most this many data rows in `table` (nil: all).
  public var limit: Int?
  /// The width `table` fits into (nil: no limit).
  public var width: Int?
  /// Whether to colour (only `table` on a terminal).
  public var colored: Bool

  /// Creates a renderer.
  public init(format: OutputFormat, limit: Int? = nil, width: Int? = nil, colored: Bool = false) {
    self.format = format
    self.limit = limit
    self.width = width
    self.colored = colored
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
      let cells = row.map { esc($0.plain) }
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
    if let limit, dataRows > limit {
      omitted = dataRows - limit
      rows = Array(rows[0..<limit]) + Array(rows[dataRows...])
    }
    let cells = rows.map { row in row.map { ResultRenderer.clean($0.display) } }
    var widths = t.columns.map { $0.name.count }
    for row in cells {
      for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
    }
    if let width {
      fit(&widths, columns: t.columns, into: width)
    }
    var out = ""
    let header = t.columns.enumerated().map { i, c in
      pad(truncate(c.name, widths[i]), widths[i], right: ResultRenderer.isNumeric(c.kind))
    }
    out += header.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    for (r, row) in cells.enumerated() {
      if r % Interruption.stride == 0 && Interruption.requested { break }
      if t.totalRows > 0 && r == cells.count - t.totalRows {
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
      }
      let line = row.enumerated().map { i, c in
        pad(truncate(c, widths[i]), widths[i], right: ResultRenderer.isNumeric(t.columns[i].kind))
      }
      out += line.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    return (out, omitted)
  }

  /// Shrinks the widest text columns until the line fits.
  private func fit(_ widths: inout [Int], columns: [ResultTable.Column], into width: Int) {
    var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
    while total > width {
      var widest = -1
      for (i, c) in columns.enumerated() where !ResultRenderer.isNumeric(c.kind) && c.kind != .date
      {
        if widths[i] > 8 && (widest < 0 || widths[i] > widths[widest]) { widest = i }
      }
      if widest < 0 { return }
      widths[widest] -= 1
      total -= 1
    }
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
