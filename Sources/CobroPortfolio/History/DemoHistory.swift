import CobroDiagnostics

/// The demo's three monthly cut-offs (`history demo`), made by ``CutoffGenerator``.
public enum DemoHistory {
  /// What the demo cut-offs' sources start with (they are no files).
  public static let prefix = "demo:"
  /// Accounts at the first cut-off.
  public static let accounts = 3_000
  /// The generator's seed.
  public static let seed: UInt64 = 2026
  /// The first cut-off.
  public static let first = Day(raw: Day.daysFromCivil(2026, 9, 30))
  /// Number of cut-offs.
  public static let months = 3

  /// The generator of the demo's files.
  public static var generator: CutoffGenerator {
    CutoffGenerator(accounts: accounts, months: months, seed: seed, first: first)
  }

  /// The load options of the generated files, with a cut-off.
  static func options(cutoff: Day?) -> LoadOptions {
    var options = LoadOptions()
    options.delimiter = UInt8(ascii: ";")
    options.decimalComma = true
    options.dates = .dmy
    options.cutoff = cutoff
    return options
  }

  /// The demo's cut-offs, oldest first, and the last one again with the payments of every month
  /// (the portfolio in use), keeping the payments of accounts that left for `history`.
  public static func make() throws -> (cutoffs: [Portfolio], current: Portfolio) {
    let g = generator
    let (files, payments) = g.files()
    let dates = g.cutoffs
    var cutoffs: [Portfolio] = []
    for (k, bytes) in files.enumerated() {
      let name = prefix + CutoffGenerator.fileName(dates[k])
      let p = try PortfolioLoader(options: options(cutoff: dates[k]), asOf: dates[k])
        .load(bytes: InputBytes.copying(bytes), name: name)
      cutoffs.append(p)
    }
    let last = dates[dates.count - 1]
    let current = try PortfolioLoader(options: options(cutoff: last), asOf: last)
      .load(
        bytes: InputBytes.copying(files[files.count - 1]),
        name: prefix + CutoffGenerator.fileName(last)
      )
    var loader = PaymentsLoader(options: options(cutoff: nil))
    let history = CutoffHistory()
    for p in cutoffs { try history.add(p, origin: .option) }
    loader.keepsAccount = { history.holds(account: $0) }
    let (paid, _) = try loader.load(
      bytes: InputBytes.copying(payments),
      name: prefix + CutoffGenerator.paymentsName,
      for: current
    )
    current.payments = paid
    return (cutoffs, current)
  }
}
