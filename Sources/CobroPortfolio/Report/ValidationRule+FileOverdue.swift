/// The days overdue a file brings in its own columns, read and compared with the computed ones.
extension ValidationRule {
  /// The names under which the loader keeps a file's own days-overdue column.
  static let fileOverdueNames = ["file_overdue", "file_mora", "file_dias_mora"]

  /// The file's own days-overdue columns present, in `fileOverdueNames` order.
  static func fileOverdueColumns(_ input: ValidationInput) -> [FileDaysColumn] {
    fileOverdueNames.compactMap { input.portfolio.column(named: $0).map(FileDaysColumn.init) }
  }

  /// What a file days-overdue cell holds.
  enum FileDays {
    case empty
    case invalid
    case value(Int)
  }

  /// Reads a days-overdue cell.
  ///
  /// An optional `-`, digits, and optionally `.` with zeros (as spreadsheets write whole
  /// numbers); surrounding blanks are ignored. A negative value (days to the due date, as some
  /// systems write it) reads as 0.
  @inline(__always)
  static func fileDays(_ column: TextView, _ r: Int) -> FileDays {
    let (s, e) = column.bounds(r)
    return fileDays(column.bytes, s, e)
  }

  /// Reads a days-overdue cell from bytes `s ..< e`.
  @inline(__always)
  static func fileDays(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> FileDays {
    var s = start
    var e = end
    while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
    while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
    if s == e { return .empty }
    let negative = p[s] == UInt8(ascii: "-")
    if negative { s += 1 }
    var v = 0
    var digits = 0
    while s < e, p[s] &- 48 <= 9 {
      if digits >= 9 { return .invalid }
      v = v * 10 + Int(p[s] &- 48)
      digits += 1
      s += 1
    }
    if digits == 0 { return .invalid }
    if s < e && p[s] == UInt8(ascii: ".") {
      s += 1
      while s < e && p[s] == UInt8(ascii: "0") { s += 1 }
    }
    if s != e { return .invalid }
    return .value(negative ? 0 : v)
  }

  /// How a file's days overdue disagree with the computed ones.
  enum FileOverdueIssue {
    /// Column `column` (an index into the columns present) is not a number.
    case notANumber(column: Int)
    /// The file says `file`, cobro computes `computed`.
    case differs(file: Int, computed: Int)

    /// The reason as `validate` prints it; `text(column)` gives a cell's text.
    func description(_ text: (Int) -> String, asOf: Day) -> String {
      switch self {
      case .notANumber(let c): "'\(text(c))' is not a number of days"
      case .differs(let f, let d): "the file says \(f), computed \(d) as of \(asOf)"
      }
    }
  }

  /// Why row `r`'s file days overdue disagree with the computed ones, or `nil`.
  @inline(__always)
  static func fileOverdueIssue(
    _ computed: ComputedFields,
    _ columns: [FileDaysColumn],
    _ r: Int
  ) -> FileOverdueIssue? {
    var overdue: Int?
    for (k, c) in columns.enumerated() {
      switch c.days(r) {
      case .empty:
        continue
      case .invalid:
        return .notANumber(column: k)
      case .value(let v):
        let d = overdue ?? computed.daysOverdue(row: r)
        overdue = d
        if v != d { return .differs(file: v, computed: d) }
      }
    }
    return nil
  }
}

/// A days-overdue column kept from the file, read whatever type its values gave it
/// (`ColumnTyping`): whole numbers, amounts with no cents, or text and categories that hold
/// numbers or not.
struct FileDaysColumn {
  /// The column's query name (`file_dias_mora`).
  let name: String
  /// The column.
  private let column: Column
  /// What each code of a category column reads as.
  private let codes: [ValidationRule.FileDays]

  init(_ column: Column) {
    name = column.name
    self.column = column
    if case .category(let cat) = column.data {
      codes = cat.values.map { value in
        var v = value
        return v.withUTF8 { bp in
          guard let base = bp.baseAddress else { return .empty }
          return ValidationRule.fileDays(base, 0, bp.count)
        }
      }
    } else {
      codes = []
    }
  }

  /// What row `r` holds.
  @inline(__always)
  func days(_ r: Int) -> ValidationRule.FileDays {
    switch column.data {
    case .text(let t): return ValidationRule.fileDays(t.view, r)
    case .category(let cat): return codes[cat.code(r)]
    case .integer(let n):
      let v = n[r]
      return v == Column.missingInteger ? .empty : .value(max(Int(v), 0))
    case .money(let m):
      let v = m[r]
      if v == Column.missingMoney { return .empty }
      return v % 100 == 0 ? .value(max(Int(v / 100), 0)) : .invalid
    case .date(let d): return d[r] == Day.missing ? .empty : .invalid
    }
  }

  /// Row `r` as the file's text would show it.
  func text(_ r: Int) -> String { column.text(r) }
}
