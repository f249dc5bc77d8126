/// The built-in demo portfolio the shell opens when given no file.
public enum DemoPortfolio {
  /// The name `load` takes for it and recordings pin.
  public static let name = "demo"
}

extension Session {
  /// Replaces the portfolio with the built-in demo.
  public func loadDemo() throws {
    throw CobroError.badInput(path: DemoPortfolio.name, reason: "the demo portfolio is not built in yet")
  }
}
