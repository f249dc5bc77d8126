import CobroContact
import CobroDiagnostics
import CobroJournal
import CobroPlan
import CobroPortfolio

/// The settings of a session: everything the output depends on besides the data.
///
/// Each is changed with `set NAME VALUE`, or `--set NAME=VALUE` on the command line, and a
/// recording pins every one of them.
public struct Settings: Sendable {
  /// The as-of date: every "now" of cobro.
  public var asOf: Day
  /// Minutes after midnight of the as-of date, Colombian time (default 10:00).
  public var atMinutes: Int = 600
  /// The output format.
  public var format: OutputFormat = .table
  /// At most this many rows in `table` (nil: all).
  public var limit: Int?
  /// The width `table` fits into (nil: no limit).
  public var width: Int?
  /// Who records journal entries.
  public var collector: String = "cobro"
  /// The aging buckets (`set buckets`).
  public var buckets: BucketScheme = .standard
  /// What ages are counted from (`set aging_basis`).
  public var agingBasis: AgingBasis = .due
  /// The named CSV profile `export FILE.csv` writes with (`set export`; `nil`: plain csv).
  public var exportProfile: String?
  /// The NPV's discount rate and the usury cap of plans (`set discount_rate`, `set usury`).
  public var planSettings = PlanSettings()
  /// Days after a promise's date that payments still keep it (`set grace`).
  public var graceDays = 0
  /// Days an agreement's installment may stay overdue before the agreement is broken
  /// (`set break_after`).
  public var breakAfterDays = AgreementStatus.defaultBreakAfterDays
  /// The contact rules in force (`set rules`).
  public var contactRuleSet: ContactRuleSet = .co
  /// A folder of message templates over the built-in ones (`set templates`).
  public var templatesDirectory: String?
  /// Whether phones and e-mail addresses are masked in every result (`set mask`).
  public var masksContacts = false
  /// Whether csv keeps text cells that spreadsheets would run as formulas (`set csv raw`).
  public var csvIsRaw = false
  /// How `table` and `markdown` show money (`set money`).
  public var moneyStyle: MoneyStyle = .enUS
  /// Whether each command's wall time is printed on stderr (`set timer`), where the shell
  /// has a clock (``Session/clock``).
  public var timer = false

  /// Creates settings for an as-of date.
  public init(asOf: Day) {
    self.asOf = asOf
  }

  /// `YYYY-MM-DD HH:MM` of the as-of date and time.
  public var atText: String {
    let h = atMinutes / 60
    let m = atMinutes % 60
    return asOf.description + " " + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "")
      + String(m)
  }
}

/// A setting `set` knows: its name, what it takes and how it is shown.
public struct SettingDefinition: Sendable {
  /// The name typed after `set`.
  public var name: String
  /// What values it takes, for `help set` and errors.
  public var takes: String
  /// What it changes.
  public var summary: String
  /// Validates and applies a value; returns the normalised text to acknowledge.
  public var apply: @Sendable (inout Settings, String) -> Result<String, SettingError>
  /// The current value as `set` would take it, or `nil` when unset.
  public var current: @Sendable (Settings) -> String?
  /// Whether the value is a path, resolved like a file name of the command (a script's paths
  /// are relative to the script) before `apply` sees it.
  public var resolvesPath = false
  /// Whether `record` pins it: not for what only the terminal sees (the timer), which a replay
  /// must not print.
  public var pinned = true

  /// Creates a setting.
  package init(
    name: String,
    takes: String,
    summary: String,
    apply: @escaping @Sendable (inout Settings, String) -> Result<String, SettingError>,
    current: @escaping @Sendable (Settings) -> String?,
    resolvesPath: Bool = false,
    pinned: Bool = true
  ) {
    self.name = name
    self.takes = takes
    self.summary = summary
    self.apply = apply
    self.current = current
    self.resolvesPath = resolvesPath
    self.pinned = pinned
  }
}

/// Why a setting value was refused.
public struct SettingError: Error, Sendable {
  /// The message.
  public var message: Diagnostic.Message
  /// Notes such as the values allowed.
  public var notes: [Diagnostic.Message]
  /// A diagnostic of its own, located in another file (a template), reported instead.
  public var diagnostic: Diagnostic?

  /// Creates an error.
  public init(_ message: Diagnostic.Message, notes: [Diagnostic.Message] = []) {
    self.message = message
    self.notes = notes
  }

  /// Creates an error reported as a diagnostic of its own.
  public init(_ diagnostic: Diagnostic) {
    self.message = diagnostic.message
    self.notes = diagnostic.notes
    self.diagnostic = diagnostic
  }
}

/// The settings of the shell itself; a session's catalogue adds those of the commands' layers
/// (``Session/settingDefinitions``).
public enum SettingsCatalog {
  /// The built-in settings, first in the order a recording writes them.
  package static let builtIn: [SettingDefinition] = [
    SettingDefinition(
      name: "asof",
      takes: "YYYY-MM-DD",
      summary: "the date every computation is as of",
      apply: { s, v in
        guard let d = Day(v) else {
          return .failure(SettingError("'\(v)' is not a date", notes: ["write YYYY-MM-DD"]))
        }
        s.asOf = d
        return .success(d.description)
      },
      current: { $0.asOf.description }
    ),
    SettingDefinition(
      name: "at",
      takes: "'YYYY-MM-DD HH:MM' or HH:MM",
      summary: "the date and time (Colombian) for contact rules",
      apply: { s, v in
        let parts = v.split(separator: " ")
        var timeText = v
        if parts.count == 2 {
          guard let d = Day(String(parts[0])) else {
            return .failure(SettingError("'\(v)' is not a date and time"))
          }
          s.asOf = d
          timeText = String(parts[1])
        }
        let hm = timeText.split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h),
          (0..<60).contains(m), hm[1].count == 2
        else {
          return .failure(SettingError("'\(v)' is not a time", notes: ["write HH:MM, 24-hour"]))
        }
        s.atMinutes = h * 60 + m
        return .success(s.atText)
      },
      current: { $0.atText }
    ),
    SettingDefinition(
      name: "format",
      takes: "table|csv|json|markdown",
      summary: "how results are printed",
      apply: { s, v in
        guard let f = OutputFormat(rawValue: v.lowercased()) else {
          return .failure(
            SettingError(
              "unknown format '\(v)'",
              notes: ["formats: table, csv, json, markdown"]
            )
          )
        }
        s.format = f
        return .success(f.rawValue)
      },
      current: { $0.format.rawValue }
    ),
    SettingDefinition(
      name: "csv",
      takes: "safe|raw",
      summary: "csv text cells that spreadsheets would run get a leading ' (raw: as they are)",
      apply: { s, v in
        switch v.lowercased() {
        case "safe", "raw":
          s.csvIsRaw = v.lowercased() == "raw"
          return .success(v.lowercased())
        default:
          return .failure(SettingError("'\(v)' is not safe or raw"))
        }
      },
      current: { $0.csvIsRaw ? "raw" : "safe" }
    ),
    SettingDefinition(
      name: "limit",
      takes: "N or none",
      summary: "rows shown by table (others are counted)",
      apply: { s, v in
        if v.lowercased() == "none" || v.lowercased() == "all" {
          s.limit = nil
          return .success("none")
        }
        guard let n = Int(v), n > 0 else {
          return .failure(SettingError("'\(v)' is not a positive number of rows"))
        }
        s.limit = n
        return .success(String(n))
      },
      current: { $0.limit.map(String.init) ?? "none" }
    ),
    SettingDefinition(
      name: "width",
      takes: "N or none",
      summary: "columns table fits into",
      apply: { s, v in
        if v.lowercased() == "none" {
          s.width = nil
          return .success("none")
        }
        guard let n = Int(v), n >= 20 else {
          return .failure(SettingError("'\(v)' is not a width of at least 20"))
        }
        s.width = n
        return .success(String(n))
      },
      current: { $0.width.map(String.init) ?? "none" }
    ),
    SettingDefinition(
      name: "collector",
      takes: "NAME",
      summary: "who records journal entries (default: the login name)",
      apply: { s, v in
        guard !v.isEmpty else { return .failure(SettingError("the collector needs a name")) }
        s.collector = v
        return .success(v)
      },
      current: { $0.collector }
    ),
    SettingDefinition(
      name: "money",
      takes: "en-US|es-CO",
      summary: "how table and markdown show money: 1,234,567.89 or $ 1.234.567,89",
      apply: { s, v in
        guard
          let style = MoneyStyle.allCases.first(where: {
            $0.rawValue.lowercased() == v.lowercased()
          })
        else {
          return .failure(SettingError("unknown money style '\(v)'", notes: ["use en-US or es-CO"]))
        }
        s.moneyStyle = style
        return .success(style.rawValue)
      },
      current: { $0.moneyStyle.rawValue }
    ),
    SettingDefinition(
      name: "timer",
      takes: "on|off",
      summary: "print each command's wall time on stderr (at the prompt and in scripts)",
      apply: { s, v in
        switch v.lowercased() {
        case "on", "off":
          s.timer = v.lowercased() == "on"
          return .success(v.lowercased())
        default:
          return .failure(SettingError("'\(v)' is not on or off"))
        }
      },
      current: { $0.timer ? "on" : "off" },
      pinned: false
    ),
  ]
}

extension Session {
  /// Every setting of the session, in the order a recording writes them: the built-in ones
  /// followed by those the layers of its catalogue's commands declare.
  public var settingDefinitions: [SettingDefinition] { SettingsCatalog.builtIn + catalog.settings }
}

extension Settings {
  /// The as-of date, buckets and aging basis in force, for queries.
  public var queryContext: QueryContext {
    QueryContext(asOf: asOf, buckets: buckets, basis: agingBasis)
  }
}
