/// The built-in demo portfolio the shell opens when given no file.
///
/// It is generated in memory by `PortfolioGenerator` with a fixed seed and as-of date, with its
/// payment history, so the first command a newcomer types answers something, and the same on
/// every machine.
public enum DemoPortfolio {
  /// The name `load` takes for it and recordings pin.
  public static let name = "demo"
  /// Number of accounts.
  public static let accounts = 3_000
  /// The generator's seed.
  public static let seed: UInt64 = 2026
  /// The date the demo is a cut at.
  public static let cutoff = Day(raw: Day.daysFromCivil(2026, 11, 30))

  /// Builds the demo portfolio with its payments.
  public static func make() throws -> Portfolio {
    let generator = PortfolioGenerator(accounts: accounts, seed: seed, asOf: cutoff)
    let (csv, payments) = generator.csv()
    var options = LoadOptions()
    options.cutoff = cutoff
    let portfolio = try PortfolioLoader(options: options, asOf: cutoff)
      .load(bytes: InputBytes.copying(csv), name: name)
    let (history, _) = try PaymentsLoader().load(
      bytes: InputBytes.copying(payments),
      name: name + "-payments",
      for: portfolio
    )
    portfolio.payments = history
    return portfolio
  }
}
