import CobroDiagnostics

/// The wording of the command line's errors, in one place.
extension LaunchError {
  /// `-c` with a script for the portfolio.
  static func commandsWithScript(_ input: String) -> LaunchError {
    LaunchError(
      "'-c' runs its own commands: '\(input)' looks like a script, not a portfolio",
      notes: ["run the script with: cobro \(input)"]
    )
  }

  /// A `--color` that is not `auto`, `always` or `never`.
  static func unknownColor(_ text: String) -> LaunchError {
    LaunchError("--color: unknown choice '\(text)'", notes: ["use auto, always or never"])
  }

  /// A `--set` without `=`.
  static func expectedAssignment(_ assignment: String) -> LaunchError {
    LaunchError(
      "--set: expected NAME=VALUE, got '\(assignment)'",
      notes: ["example: --set month=2026-11"]
    )
  }

  /// A `--set NAME=…` whose name cannot be written `$NAME`.
  static func notAParameterName(_ name: String) -> LaunchError {
    LaunchError(
      "--set: '\(name)' is not a parameter name",
      notes: ["a name is letters, digits and '_', not starting with a digit"]
    )
  }

  /// A setting given by a flag that refuses its value; `place` is where a template's problem
  /// is (`FILE:LINE:COLUMN: `), or empty.
  static func badSetting(
    flag: String,
    place: String,
    _ message: Diagnostic.Message,
    notes: [Diagnostic.Message]
  ) -> LaunchError {
    LaunchError("\(flag): \(place)\(message.text)", notes: notes.map(\.text))
  }

  /// A load option without a portfolio file.
  static func needsPortfolio(_ flag: String) -> LaunchError {
    LaunchError(
      "\(flag) needs a portfolio file",
      notes: ["cobro PORTFOLIO \(flag) …, or 'load FILE …' inside the script"]
    )
  }

  /// A `--delimiter` other than `,`, `;`, `|` or tab.
  static func unsupportedDelimiter(_ text: String) -> LaunchError {
    LaunchError("--delimiter: '\(text)' is not supported", notes: ["use , ; | or tab"])
  }

  /// A `--decimal` other than `,` or `.`.
  static func badDecimal(_ text: String) -> LaunchError {
    LaunchError("--decimal: expected ',' or '.', got '\(text)'")
  }

  /// A `--dates` other than `iso` or `dmy`.
  static func unknownDateOrder(_ text: String) -> LaunchError {
    LaunchError("--dates: unknown date order '\(text)'", notes: ["use iso or dmy"])
  }

  /// An `--encoding` other than `utf8` or `cp1252`.
  static func unknownEncoding(_ text: String) -> LaunchError {
    LaunchError("--encoding: unknown encoding '\(text)'", notes: ["use utf8 or cp1252"])
  }

  /// A `--cutoff` that is not a date.
  static func badCutoff(_ text: String) -> LaunchError {
    LaunchError("--cutoff: '\(text)' is not a date", notes: ["write YYYY-MM-DD"])
  }

  /// A `--header-row` outside a sheet's rows.
  static func badHeaderRow(_ text: String) -> LaunchError {
    LaunchError("--header-row: '\(text)' is not a row number", notes: ["rows are 1 to 1048576"])
  }
}
