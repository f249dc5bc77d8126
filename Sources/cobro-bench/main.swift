import CobroCore
import CobroPortfolio

#if canImport(Glibc)
  import Glibc
#endif

/// Times the engine in-process: `cobro-bench load FILE [PAYMENTS]` loads a portfolio several
/// times and prints the median, min and max in milliseconds; `cobro-bench plans` times payment
/// plans (PlanBenchmark.swift); `cobro-bench simulate` times `simulate plan`
/// (SimulateBenchmark.swift); `cobro-bench tasks FILE` answers the questions of
/// `Scripts/bench.sh` (TaskBenchmark.swift); `cobro-bench debtors FILE` times question (e)
/// and its grouping (DebtorBenchmark.swift); `cobro-bench journal FILE|URL` times journal
/// writes on SQLite or PostgreSQL (JournalBenchmark.swift).
let args = Array(CommandLine.arguments.dropFirst())
if args.first == "tasks" {
  try runTaskBenchmark(Array(args.dropFirst()))
  exit(0)
}
if args.first == "debtors" {
  try runDebtorBenchmark(Array(args.dropFirst()))
  exit(0)
}
if args.first == "plans" {
  try runPlanBenchmark(Array(args.dropFirst()))
  exit(0)
}
if args.first == "journal" {
  try runJournalBenchmark(Array(args.dropFirst()))
  exit(0)
}
if args.first == "simulate" {
  try runSimulateBenchmark(Array(args.dropFirst()))
  exit(0)
}
guard args.count >= 2, args[0] == "load" else {
  print(
    "usage: cobro-bench load FILE [PAYMENTS] [--runs N] | plans [--accounts N] [--runs N]"
      + " | debtors FILE [--runs N]"
      + " | simulate [--accounts N] [--runs N] [--mc N]"
      + " | journal FILE|URL [--writes N] [--writers K]"
  )
  exit(64)
}
let runs = max(intOption(args, "--runs", 5), 1)
let asOf = benchAsOf
var times: [Double] = []
var rows = 0
for _ in 0..<runs {
  let clock = ContinuousClock()
  let start = clock.now
  let p = try PortfolioLoader(asOf: asOf).load(path: args[1])
  if args.count > 2 && !args[2].hasPrefix("--") {
    let (h, _) = try PaymentsLoader().load(path: args[2], for: p)
    p.payments = h
  }
  let d = clock.now - start
  rows = p.rowCount
  times.append(milliseconds(d))
}
times.sort()
print(
  "load \(rows) rows: median \(Int(times[times.count / 2])) ms (min \(Int(times[0])), max \(Int(times[times.count - 1])))"
)
