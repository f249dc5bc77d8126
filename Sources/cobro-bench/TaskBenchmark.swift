import CobroCore
import CobroPlan
import CobroPortfolio
import CobroShell

#if canImport(Glibc)
  import Glibc
#endif

/// `cobro-bench tasks FILE [--asof DATE]`: the questions of `Scripts/bench.sh`, answered through
/// a session exactly as a user types them, timed in-process; prints one JSON object with the
/// times in milliseconds, the peak memory after loading and the answers (counts, ids, cents).
func runTaskBenchmark(_ args: [String]) throws {
  let path = fileArgument(args, usage: "tasks FILE [--asof DATE]")
  var asOf = benchAsOf
  if let i = args.firstIndex(of: "--asof"), i + 1 < args.count, let d = Day(args[i + 1]) {
    asOf = d
  }
  let clock = ContinuousClock()
  var times: [String: Double] = [:]
  let start = clock.now
  let portfolio = try PortfolioLoader(asOf: asOf).load(path: path)
  times["load"] = milliseconds(clock.now - start)
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  // Peak resident memory during the load (what the benchmark table reports), and the memory
  // still resident once it is done (the columns; the file's pages are gone).
  let memory = Double(usage.ru_maxrss) / 1024
  let resident = residentMiB()

  let out = BufferSink()
  let err = BufferSink()
  var settings = Settings(asOf: asOf)
  settings.format = .csv
  let session = Session(settings: settings, out: out, err: err)
  session.portfolio = portfolio
  /// Runs one command; returns its csv rows without the header.
  func ask(_ command: String) -> [[String]] {
    _ = out.take()
    session.runInteractive(command)
    let lines = out.take().split(separator: "\n").dropFirst()
    return lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }
  func cents(_ s: String) -> Int64 { Money.parse(s) ?? 0 }

  var t = clock.now
  let count = ask("count overdue > 60 segment B currency COP")
  let sum = ask("sum balance overdue > 60 segment B currency COP")
  times["b"] = milliseconds(clock.now - t)
  t = clock.now
  let aging = ask("aging by segment currency COP")
  times["c"] = milliseconds(clock.now - t)
  t = clock.now
  let top = ask("top 20 by balance overdue > 90")
  times["d"] = milliseconds(clock.now - t)
  t = clock.now
  let debtors = ask("concentration 10 currency COP")
  times["e"] = milliseconds(clock.now - t)

  // (f) a 12-installment plan at 1.5% monthly for the first 10,000 accounts with a balance.
  t = clock.now
  var request = PlanRequest(installments: 12, start: asOf)
  request.rate = try InterestRate.parse("1.5%", effectiveAnnual: false)
  let calculator = try PlanCalculator(request, settings: PlanSettings())
  var installments: [Int64] = []
  installments.reserveCapacity(10_000)
  let balances = portfolio.balances
  for r in 0..<portfolio.rowCount where installments.count < 10_000 && balances[r] > 0 {
    let plan = try calculator.plan(PlanBalance(balances[r]))
    installments.append(plan.summary.installmentAmount ?? 0)
  }
  times["f"] = milliseconds(clock.now - t)

  let agingRows = aging.filter { $0.count >= 4 && $0[0] != "total" && $0[2] != "0" }
    .map { "[\"\($0[0])\",\"\($0[1])\",\(Int($0[2]) ?? -1),\(cents($0[3]))]" }
    .sorted()
  let answers =
    "{\"b\":[\(count.first?.first ?? "0"),\(cents(sum.first?.first ?? "0"))],"
    + "\"c\":[\(agingRows.joined(separator: ","))],"
    + "\"d\":[\(top.map { "\"\($0[0])\"" }.joined(separator: ","))],"
    + "\"e\":[\(debtors.filter { $0.first != "total" }.map { "[\"\($0[1])\",\(cents($0[4]))]" }.joined(separator: ","))],"
    + "\"f\":[\(installments.map(String.init).joined(separator: ","))]}"
  let timeText = times.keys.sorted().map { "\"\($0)\":\(times[$0] ?? 0)" }.joined(separator: ",")
  print(
    "{\"times\":{\(timeText)},\"memory_mib\":\(memory),\"resident_mib\":\(resident),"
      + "\"answers\":\(answers)}"
  )
}

/// The resident set size now, in MiB (`/proc/self/statm`), or -1 where it cannot be read.
func residentMiB() -> Double {
  guard let f = fopen("/proc/self/statm", "r") else { return -1 }
  defer { fclose(f) }
  var size = 0
  var resident = 0
  guard
    withUnsafeMutablePointer(
      to: &size,
      { s in
        withUnsafeMutablePointer(to: &resident) { r in
          withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) }
        }
      }
    ) == 2
  else { return -1 }
  return Double(resident * Int(sysconf(Int32(_SC_PAGESIZE)))) / 1_048_576
}
