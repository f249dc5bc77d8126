import CobroDiagnostics

/// Writes deferred account rows (``DeferredRows``) as csv lines straight from the columns: the
/// bytes ``CSVDialect/line(_:safe:)`` writes for each row's cells, without making the cells.
///
/// Each column is resolved once. Text is copied from the column's bytes (checked for a formula
/// start and for what needs quotes); money, dates and whole numbers are formatted in place;
/// categories, buckets, classes and constants are written from their values' lines, made once per
/// value through ``CSVDialect``. A cell whose text is not ASCII, a date outside years 1000-9999
/// and every row of a masked result (`set mask on`) go through the cells and ``CSVDialect``.
struct CSVRowWriter {
  /// How one column's cell becomes bytes.
  private enum Part {
    /// Free text from a column's bytes.
    case text(TextColumn)
    /// The line of each code's value.
    case coded(CategoryCodes, [[UInt8]])
    /// The line of each bucket or class code.
    case codes([UInt8], [[UInt8]])
    /// Money in cents (`missingMoney` empty).
    case money(ColumnBuffer<Int64>)
    /// Whole numbers (never empty).
    case integer(ColumnBuffer<Int64>)
    /// Whole numbers of a column (`missingInteger` empty).
    case count(Int32Values)
    /// Day numbers (`Day.missing` empty).
    case date(Int32Values)
    /// Days overdue.
    case overdue(due: Int32Values, balance: ColumnBuffer<Int64>, asOf: Int)
    /// The same bytes on every row.
    case constant([UInt8])
  }

  private let rows: DeferredRows
  private let dialect: CSVDialect
  private let safe: Bool
  private let parts: [Part]
  private let delimiter: UInt8
  /// Whether rows are written from the columns: a usual delimiter and no masking.
  private let direct: Bool

  /// A writer of `rows` in `dialect`; with `safe`, text that could run as a spreadsheet formula
  /// gets a leading `'`.
  init(_ rows: DeferredRows, dialect: CSVDialect, safe: Bool) {
    self.rows = rows
    self.dialect = dialect
    self.safe = safe
    delimiter = dialect.delimiter.asciiValue ?? 0
    // Numbers and dates never hold these delimiters but a decimal comma; anything else goes
    // through the cells.
    direct = ",;|\t".utf8.contains(delimiter) && !rows.masksContacts
    let line = { (cell: Cell) -> [UInt8] in
      var s = CSVRowWriter.cellLine(cell, dialect, safe)
      return s.withUTF8 { Array($0) }
    }
    parts = rows.list.columns.map { f in
      switch f.storage {
      case .text(let t): return .text(t)
      case .category(let codes, let values, _):
        return .coded(codes, values.map { line(.text($0)) })
      case .codes(let codes, let labels): return .codes(codes, labels.map { line(.text($0)) })
      case .money(let m): return .money(m)
      case .integer(let n): return .integer(n)
      case .count(let n): return .count(n)
      case .date(let d): return .date(d)
      case .overdue(let due, let balance, let asOf):
        return .overdue(due: due, balance: balance, asOf: asOf)
      case .constant(let c): return .constant(line(c))
      }
    }
  }

  /// One cell as ``CSVDialect/line(_:safe:)`` writes it, without the delimiter.
  static func cellLine(_ cell: Cell, _ dialect: CSVDialect, _ safe: Bool) -> String {
    if safe, case .text(let s) = cell, ExportFormat.runsAsFormula(s) {
      return dialect.field("'" + s)
    }
    return dialect.field(dialect.cellText(cell))
  }

  /// Writes every row to `out`, one line each, until the write fails or Ctrl-C stops it; adds
  /// the rows written to `done` and reports them as `listing` progress every
  /// ``Interruption/stride`` rows.
  func write(to out: inout PrivateFile.Output, done: inout Int, of total: Int) {
    var line: [UInt8] = []
    line.reserveCapacity(1024)
    let n = rows.count
    for k in 0..<n {
      if k % Interruption.stride == 0 {
        Interruption.reporter?("listing", k, n)
        out.stopIfInterrupted()
        if out.failed { return }
      }
      line.removeAll(keepingCapacity: true)
      if direct {
        appendRow(rows.list.rows[k], to: &line)
      } else {
        var s = dialect.line(rows.row(k), safe: safe)
        s.withUTF8 { line.append(contentsOf: $0) }
      }
      out.append(line)
      if out.failed { return }
      done += 1
    }
    out.stopIfInterrupted()
  }

  /// Appends row `r`'s line, its line end included.
  private func appendRow(_ r: Int, to line: inout [UInt8]) {
    for (j, part) in parts.enumerated() {
      if j > 0 { line.append(delimiter) }
      switch part {
      case .text(let t):
        appendText(t, r, to: &line)
      case .coded(let codes, let lines):
        line.append(contentsOf: lines[codes[r]])
      case .codes(let codes, let lines):
        line.append(contentsOf: lines[Int(codes[r])])
      case .money(let m):
        let v = m[r]
        if v != Column.missingMoney { appendNumber(money: v, to: &line) }
      case .integer(let n):
        appendNumber(integer: n[r], to: &line)
      case .count(let n):
        let v = n[r]
        if v != Column.missingInteger { appendNumber(integer: Int64(v), to: &line) }
      case .date(let d):
        let v = d[r]
        if v != Day.missing { appendDate(v, to: &line) }
      case .overdue(let due, let balance, let asOf):
        let days = ComputedFields.daysOverdue(due: due[r], balance: balance[r], asOf: asOf)
        appendNumber(integer: Int64(days), to: &line)
      case .constant(let bytes):
        line.append(contentsOf: bytes)
      }
    }
    if dialect.crlf { line.append(13) }
    line.append(10)
  }

  /// Appends a text cell.
  ///
  /// Its bytes, after a `'` when it could run as a formula, quoted when it holds the delimiter,
  /// a quote or a line break. Text that is not ASCII goes through ``CSVDialect`` (which
  /// compares characters there).
  private func appendText(_ t: TextColumn, _ r: Int, to line: inout [UInt8]) {
    let range = t.range(r)
    let bytes = UnsafeBufferPointer(start: t.bytes.base + range.lowerBound, count: range.count)
    var quote = false
    for b in bytes {
      if b >= 0x80 {
        var s = CSVRowWriter.cellLine(.text(t.string(r)), dialect, safe)
        s.withUTF8 { line.append(contentsOf: $0) }
        return
      }
      if b == delimiter || b == UInt8(ascii: "\"") || b == 10 || b == 13 { quote = true }
    }
    if quote { line.append(UInt8(ascii: "\"")) }
    if safe && CSVRowWriter.runsAsFormula(bytes) { line.append(UInt8(ascii: "'")) }
    if quote {
      for b in bytes {
        if b == UInt8(ascii: "\"") { line.append(b) }
        line.append(b)
      }
      line.append(UInt8(ascii: "\""))
    } else {
      line.append(contentsOf: bytes)
    }
  }

  /// ``ExportFormat/runsAsFormula(_:)`` on ASCII bytes.
  static func runsAsFormula(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first else { return false }
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      var afterDigit = false
      for b in bytes.dropFirst() {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): afterDigit = true
        case UInt8(ascii: "."), UInt8(ascii: ","):
          guard afterDigit else { return true }
          afterDigit = false
        default: return true
        }
      }
      return !afterDigit
    default: return false
    }
  }

  /// Appends `Money.plain` of an amount, with the dialect's decimal mark, quoted when that mark
  /// is the delimiter.
  private func appendNumber(money v: Int64, to line: inout [UInt8]) {
    let mark = dialect.decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
    let quote = mark == delimiter
    if quote { line.append(UInt8(ascii: "\"")) }
    if v < 0 { line.append(UInt8(ascii: "-")) }
    let m = v.magnitude
    CSVRowWriter.appendDigits(m / 100, minWidth: 1, to: &line)
    line.append(mark)
    CSVRowWriter.appendDigits(m % 100, minWidth: 2, to: &line)
    if quote { line.append(UInt8(ascii: "\"")) }
  }

  /// Appends a whole number in decimal (`String(n)`).
  private func appendNumber(integer v: Int64, to line: inout [UInt8]) {
    if v < 0 { line.append(UInt8(ascii: "-")) }
    CSVRowWriter.appendDigits(v.magnitude, minWidth: 1, to: &line)
  }

  /// Appends a date as `YYYY-MM-DD` (`Day.description`).
  private func appendDate(_ raw: Int32, to line: inout [UInt8]) {
    let (y, m, d) = Day.civilFromDays(raw)
    guard y >= 1000 && y <= 9999 else {
      var s = CSVRowWriter.cellLine(.date(Day(raw: raw)), dialect, safe)
      s.withUTF8 { line.append(contentsOf: $0) }
      return
    }
    CSVRowWriter.appendDigits(UInt64(y), minWidth: 4, to: &line)
    line.append(UInt8(ascii: "-"))
    CSVRowWriter.appendDigits(UInt64(m), minWidth: 2, to: &line)
    line.append(UInt8(ascii: "-"))
    CSVRowWriter.appendDigits(UInt64(d), minWidth: 2, to: &line)
  }

  /// Appends `value` in decimal, left-padded with zeros to `minWidth` digits.
  @inline(__always)
  static func appendDigits(_ value: UInt64, minWidth: Int, to line: inout [UInt8]) {
    var n = 1
    var t = value
    while t >= 10 {
      t /= 10
      n += 1
    }
    let width = max(n, minWidth)
    let start = line.count
    line.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
    var v = value
    var i = start + width
    while v > 0 {
      i -= 1
      line[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
      v /= 10
    }
  }
}
