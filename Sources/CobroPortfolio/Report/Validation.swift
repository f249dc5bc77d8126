import CobroDiagnostics

/// A data-quality rule a collections analyst checks before working a portfolio.
///
/// A rule has a stable snake_case name, a one-line summary, the columns it reads and a scan over
/// the column buffers that returns the offending rows in file order. Only the offenders are ever
/// turned into text (`explain`), so a clean million-row file costs a few passes over arrays.
public struct ValidationRule: Sendable {
  /// The stable name (`balance_above_principal`), used by `validate RULE`.
  public let name: String
  /// What an offending account looks like, in one line (thresholds included).
  public let summary: String
  /// The columns the rule reads: each group is satisfied when the file has at least one of its
  /// names; when a group is not, the rule is skipped.
  public let needs: [[String]]
  /// The columns of `validate RULE` between `debtor_name` and `reason`.
  let detailColumns: @Sendable (ValidationInput) -> [ResultTable.Column]
  /// The offending rows, in file order.
  let scan: @Sendable (ValidationInput) -> [Int32]
  /// The values that make row `r` offend (one cell per detail column) and the reason in words.
  let explain: @Sendable (ValidationInput, Int) -> (values: [Cell], reason: String)

  /// The rule called `name`, ignoring case.
  public static func named(_ name: String) -> ValidationRule? {
    let key = name.lowercased()
    return all.first { $0.name == key }
  }
}

/// The result of one rule on one portfolio.
public struct ValidationOutcome: Sendable {
  /// The rule's name.
  public var rule: String
  /// Why the rule did not run (`no 'principal' column`), or `nil` when it ran.
  public var skipped: String?
  /// The offending rows in file order (empty when skipped).
  public var rows: [Int32]
}

/// Runs the validation rules over a portfolio at an as-of date.
///
/// Rules that compare with "now" (days overdue, prescription, payments in the future) use the
/// as-of date and the computed fields of `Portfolio+Computed.swift`; rules about the file's own
/// consistency (breakdown, status against balance, principal) read the file's balances, which are
/// those of its cut-off, the day its statuses describe. Every row of the file is checked, also
/// accounts issued after an earlier as-of date.
public struct Validation {
  /// The portfolio and the caches the rules share.
  let input: ValidationInput

  /// Prepares a validation of `portfolio` as of `asOf`.
  public init(portfolio: Portfolio, asOf: Day) {
    input = ValidationInput(portfolio: portfolio, asOf: asOf)
  }

  /// Why `rule` cannot run on this portfolio (`no 'principal' column`), or `nil`.
  public func skipReason(for rule: ValidationRule) -> String? {
    input.missingColumns(rule.needs)
  }

  /// Runs one rule.
  public func outcome(of rule: ValidationRule) -> ValidationOutcome {
    if let reason = skipReason(for: rule) {
      return ValidationOutcome(rule: rule.name, skipped: reason, rows: [])
    }
    return ValidationOutcome(rule: rule.name, skipped: nil, rows: rule.scan(input))
  }

  /// Runs every rule, in the catalogue's order.
  public func outcomes() -> [ValidationOutcome] {
    ValidationRule.all.map(outcome(of:))
  }

  /// `validate`: one row per rule, `rule, count, examples, description`.
  ///
  /// `count` is the number of offending accounts and `examples` the first three of their account
  /// ids in file order, separated by `, `. A skipped rule has an empty `count` and `examples`
  /// and its description says which column it needs.
  ///
  /// Ctrl-C stops it between two rules (`Interruption`); whoever prints the table checks for
  /// the interruption first.
  public func summary() -> ResultTable {
    var table = ResultTable(columns: [
      .init("rule", .text), .init("count", .integer), .init("examples", .text),
      .init("description", .text),
    ])
    for (k, rule) in ValidationRule.all.enumerated() {
      if Interruption.requested { break }
      Interruption.reporter?("validating", k, ValidationRule.all.count)
      let o = outcome(of: rule)
      if let skipped = o.skipped {
        table.rows.append([.text(rule.name), .empty, .empty, .text("skipped: " + skipped)])
        continue
      }
      let examples = o.rows.prefix(3).map { input.accountID(Int($0)) }.joined(separator: ", ")
      table.rows.append([
        .text(rule.name), .integer(Int64(o.rows.count)),
        examples.isEmpty ? .empty : .text(examples), .text(rule.summary),
      ])
    }
    return table
  }

  /// `validate RULE`: every offending account with `account_id, debtor_id, debtor_name`, the
  /// values that make it offend and a `reason`.
  ///
  /// A skipped rule gives the header alone; `outcome(of:)` says why.
  public func offenders(of rule: ValidationRule) -> ResultTable {
    let o = outcome(of: rule)
    let detail = o.skipped == nil ? rule.detailColumns(input) : []
    var table = ResultTable(
      columns: [.init("account_id", .text), .init("debtor_id", .text), .init("debtor_name", .text)]
        + detail + [.init("reason", .text)]
    )
    table.rows.reserveCapacity(o.rows.count)
    let ids = input.text("debtor_id")
    let names = input.text("debtor_name")
    for (k, row) in o.rows.enumerated() {
      if k % Interruption.stride == 0 && Interruption.requested { break }
      let r = Int(row)
      let (values, reason) = rule.explain(input, r)
      precondition(values.count == detail.count, "rule \(rule.name) explains the wrong cells")
      table.rows.append(
        [
          .text(input.accountID(r)), ids.map { .text($0.string(r)) } ?? .empty,
          names.map { .text($0.string(r)) } ?? .empty,
        ] + values + [.text(reason)]
      )
    }
    return table
  }
}

// MARK: - Input

/// The portfolio as the rules see it: typed column lookups and caches shared between rules.
final class ValidationInput {
  /// The portfolio being checked.
  let portfolio: Portfolio
  /// The as-of date in force.
  let asOf: Day
  /// Number of rows.
  let rowCount: Int

  /// Balances and days overdue at the as-of date, columns resolved once.
  let computed: ComputedFields

  init(portfolio: Portfolio, asOf: Day) {
    self.portfolio = portfolio
    self.asOf = asOf
    self.rowCount = portfolio.rowCount
    self.computed = portfolio.computed(asOf: asOf)
  }

  /// Why a rule with these needs cannot run (`no 'phone' or 'email' column`), or `nil`.
  func missingColumns(_ needs: [[String]]) -> String? {
    let missing = needs.filter { group in !group.contains { portfolio.column(named: $0) != nil } }
    guard !missing.isEmpty else { return nil }
    return missing.map { group in
      "no " + group.map { "'\($0)'" }.joined(separator: " or ") + " column"
    }.joined(separator: " and ")
  }

  // MARK: Typed columns

  /// A text column, or `nil` when absent or of another type.
  func text(_ name: String) -> TextColumn? {
    if case .text(let t)? = portfolio.column(named: name)?.data { return t }
    return nil
  }

  /// A category column, or `nil` when absent or of another type.
  func category(_ name: String) -> CategoryColumn? {
    if case .category(let c)? = portfolio.column(named: name)?.data { return c }
    return nil
  }

  /// A money column, or `nil` when absent or of another type.
  func money(_ name: String) -> ColumnBuffer<Int64>? {
    if case .money(let m)? = portfolio.column(named: name)?.data { return m }
    return nil
  }

  /// A date column, or `nil` when absent or of another type.
  func date(_ name: String) -> Int32Column? {
    if case .date(let d)? = portfolio.column(named: name)?.data { return d }
    return nil
  }

  /// The account id of row `r`.
  func accountID(_ r: Int) -> String { text("account_id")?.string(r) ?? String(r + 1) }

  // MARK: Shared lookups

  /// The status of every row: `StatusKind` raw values; an empty cell or a file without the
  /// column means `active` (`spec/portfolio-csv.md`).
  lazy var status: CodeLookup = {
    guard let c = category("status") else {
      return CodeLookup(codes: nil, table: [], absent: StatusKind.active.rawValue)
    }
    let table = c.values.map { v -> UInt8 in
      switch v {
      case "written_off": StatusKind.writtenOff.rawValue
      case "paid": StatusKind.paid.rawValue
      default: StatusKind.active.rawValue
      }
    }
    return CodeLookup(codes: c.codes, table: table, absent: StatusKind.active.rawValue)
  }()

  /// The status of row `r` as text (the default `active` for an empty cell).
  func statusText(_ r: Int) -> String {
    switch StatusKind(rawValue: status[r]) ?? .active {
    case .active: "active"
    case .writtenOff: "written_off"
    case .paid: "paid"
    }
  }

  /// The accounts of debtors under several names (`nil` without a `debtor_name` column).
  lazy var nameConflicts: NameConflicts? = {
    guard let ids = text("debtor_id"), let names = text("debtor_name") else { return nil }
    return NameConflicts(ids: ids, names: names)
  }()

  /// Whether the detail of money rules shows the currency (the file has a currency column).
  var showsCurrency: Bool { category("currency") != nil }

  /// The currency of row `r` (`COP` for an empty cell).
  func currency(_ r: Int) -> String {
    guard let c = category("currency") else { return CanonicalSchema.defaultCurrency }
    let v = c.string(r)
    return v.isEmpty ? CanonicalSchema.defaultCurrency : v
  }

  /// Days overdue of row `r` at the as-of date.
  func daysOverdue(_ r: Int) -> Int { computed.daysOverdue(row: r) }
}

/// The status of an account, as small numbers for scans.
enum StatusKind: UInt8 {
  case active = 0
  case writtenOff = 1
  case paid = 2
}

/// A per-row value read through a category column's codes and a table per code.
///
/// The codes are a raw buffer of the portfolio's column, which outlives every validation.
struct CodeLookup {
  /// The codes of the column, or `nil` when the file lacks it.
  let codes: CategoryCodes?
  /// The value of each code.
  let table: [UInt8]
  /// The value of every row when the column is absent.
  let absent: UInt8

  /// The value of row `r`.
  @inline(__always)
  subscript(r: Int) -> UInt8 {
    guard let codes else { return absent }
    return table[Int(codes[r])]
  }
}
