import CobroCore

#if canImport(Glibc)
  import Glibc
#endif

/// `cobro-bench debtors FILE [--runs N]`: loads a portfolio once, then times grouping its rows by
/// debtor (`DerivedColumns.debtors()`) and the whole of question (e),
/// `concentration 10 currency COP`, from a fresh session each run; prints medians, min and max.
func runDebtorBenchmark(_ args: [String]) throws {
  guard let path = args.first else {
    print("usage: cobro-bench debtors FILE [--runs N]")
    exit(64)
  }
  var runs = 7
  if let i = args.firstIndex(of: "--runs"), i + 1 < args.count, let n = Int(args[i + 1]) {
    runs = max(n, 1)
  }
  let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)
  let portfolio = try PortfolioLoader(asOf: asOf).load(path: path)
  let clock = ContinuousClock()
  func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }
  var grouping: [Double] = []
  var question: [Double] = []
  var debtors = 0
  for _ in 0..<runs {
    let start = clock.now
    debtors = DerivedColumns(portfolio: portfolio).debtors().count
    grouping.append(ms(clock.now - start))

    var settings = Settings(asOf: asOf)
    settings.format = .csv
    let session = Session(settings: settings, out: BufferSink(), err: BufferSink())
    session.portfolio = portfolio
    let t = clock.now
    session.runInteractive("concentration 10 currency COP")
    question.append(ms(clock.now - t))
  }
  func summary(_ times: [Double]) -> String {
    let s = times.sorted()
    return "median \(s[s.count / 2]) ms (min \(s[0]), max \(s[s.count - 1]))"
  }
  print("debtors() \(debtors) debtors of \(portfolio.rowCount) rows: \(summary(grouping))")
  print("concentration 10 currency COP: \(summary(question))")
}
