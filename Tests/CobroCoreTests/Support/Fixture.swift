import CobroCore
import CobroPortfolio
import Foundation

/// Test fixtures shipped under `Fixtures/`.
enum Fixture {
  /// The path of a fixture file.
  static func path(_ name: String) -> String {
    guard let base = Bundle.module.resourceURL else { return "Fixtures/" + name }
    return base.appendingPathComponent("Fixtures").appendingPathComponent(name).path
  }

  /// Loads a fixture portfolio, naming it by its fixture name in diagnostics.
  static func load(
    _ name: String,
    options: LoadOptions = LoadOptions(),
    asOf: Day = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)
  ) throws -> Portfolio {
    let bytes = try InputBytes.mapping(path: path(name))
    return try PortfolioLoader(options: options, asOf: asOf).load(bytes: bytes, name: name)
  }

  /// Loads CSV text given in the test.
  static func load(text: String, name: String = "t.csv", options: LoadOptions = LoadOptions())
    throws -> Portfolio
  {
    try PortfolioLoader(options: options, asOf: Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0))
      .load(bytes: InputBytes.copying(Array(text.utf8)), name: name)
  }
}
