import CobroCore
import CobroPortfolio
import CobroShell

#if canImport(Glibc)
  import Glibc
#endif

/// `cobro-bench debtors FILE [--runs N]`: loads a portfolio once, then times grouping its rows by
/// debtor (`DerivedColumns.debtors()`) and the whole of question (e),
/// `concentration 10 currency COP`, from a fresh session each run; prints medians, min and max.
func runDebtorBenchmark(_ args: [String]) throws {
  let path = fileArgument(args, usage: "debtors FILE [--runs N]")
  let runs = max(intOption(args, "--runs", 7), 1)
  let asOf = benchAsOf
  let portfolio = try PortfolioLoader(asOf: asOf).load(path: path)
  let clock = ContinuousClock()
  var grouping: [Double] = []
  var question: [Double] = []
  var debtors = 0
  for _ in 0..<runs {
    let start = clock.now
    debtors = try DerivedColumns(portfolio: portfolio).debtors().count
    grouping.append(milliseconds(clock.now - start))

    var settings = Settings(asOf: asOf)
    settings.format = .csv
    let session = Session(settings: settings, out: BufferSink(), err: BufferSink())
    session.portfolio = portfolio
    let t = clock.now
    session.runInteractive("concentration 10 currency COP")
    question.append(milliseconds(clock.now - t))
  }
  print("debtors() \(debtors) debtors of \(portfolio.rowCount) rows: \(spread(grouping))")
  print("concentration 10 currency COP: \(spread(question))")
}
