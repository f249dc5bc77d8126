import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The limits on the work and the memory one command may take, checked before the command
/// starts, so that it is refused with a clear error rather than left to run for hours or be
/// killed by the system half way (README, "Limits").
///
/// A session holds one value (``Session/resourceLimits``); tests give it small limits and a
/// made-up amount of free memory instead of building inputs that large.
public struct ResourceLimits: Sendable {
  /// Installments of one plan: 100 years of monthly payments.
  public static let installments = PlanRequest.maxInstallments

  /// Runs of one Monte Carlo (`--runs N`).
  public static let runs = MonteCarlo.maxRuns

  /// The standard ``draws``: 10,000 runs of 1,000,000 accounts, a few minutes of work.
  public static let standardDraws = 10_000_000_000

  /// Accounts drawn by one Monte Carlo: its runs × its accounts.
  public var draws: Int

  /// The bytes of memory the system can give now, or `nil` when it cannot tell.
  public var availableMemory: @Sendable () -> Int?

  /// Creates the limits; by default the standard ones and the system's free memory.
  public init(
    draws: Int = ResourceLimits.standardDraws,
    availableMemory: @escaping @Sendable () -> Int? = ResourceLimits.systemAvailableMemory
  ) {
    self.draws = draws
    self.availableMemory = availableMemory
  }

  /// Whether a Monte Carlo of `runs` runs over `accounts` accounts is within ``draws``.
  public func allowsMonteCarlo(runs: Int, accounts: Int) -> Bool {
    let (product, overflow) = runs.multipliedReportingOverflow(by: accounts)
    return !overflow && product <= draws
  }

  /// Nanoseconds one draw of a Monte Carlo takes, about, on one core of a small server (a
  /// discount campaign: one draw per account and run; a plan adds one per payment kept).
  public static let nanosecondsPerDraw = 10

  /// The note of a refused Monte Carlo: its cost (runs × accounts draws, more with plans),
  /// the time that would take, and the most runs that fit in ``draws`` on these accounts.
  public func monteCarloEstimate(runs: Int, accounts: Int) -> Diagnostic.Message {
    let (draws, overflow) = runs.multipliedReportingOverflow(by: accounts)
    let perSecond = 1_000_000_000 / ResourceLimits.nanosecondsPerDraw
    let seconds = overflow ? Int.max : draws / perSecond
    let time =
      seconds >= 7_200
      ? "\(ResourceLimits.grouped(seconds / 3_600)) hours"
      : seconds >= 120 ? "\(seconds / 60) minutes" : seconds >= 1 ? "\(seconds) s" : "under 1 s"
    let fit = min(self.draws / max(accounts, 1), runs)
    return Diagnostic.Message(
      "that is about \(time) of work at \(ResourceLimits.nanosecondsPerDraw) ns a draw; "
        + (fit > 1
          ? "\(ResourceLimits.grouped(fit)) runs fit on these accounts: --runs \(fit)"
          : fit == 1
            ? "1 run fits on these accounts: --runs 1" : "not one run fits on these accounts")
    )
  }

  /// The memory available when `bytes` is more than that, or `nil` when the work fits (or the
  /// system cannot tell).
  public func shortfall(_ bytes: Int) -> Int? {
    guard let available = availableMemory(), bytes > available else { return nil }
    return available
  }

  /// The bytes a Monte Carlo's accounts take: a bucket, a class and an offset per account,
  /// eight bytes per payment, twice over for the growth of the arrays that hold them; and the
  /// runs' totals per bucket, twice over for their sorting.
  public static func monteCarloBytes(
    accounts: Int,
    paymentsPerAccount: Int,
    runs: Int,
    buckets: Int
  ) -> Int {
    let perAccount = 2 * (13 + 8 * paymentsPerAccount)
    let (a, o1) = accounts.multipliedReportingOverflow(by: perAccount)
    let (r, o2) = runs.multipliedReportingOverflow(by: 16 * (buckets + 1))
    let (total, o3) = a.addingReportingOverflow(r)
    return o1 || o2 || o3 ? Int.max : total
  }

  /// The bytes a campaign's table of `accounts` rows takes, with its message texts and the
  /// file it is exported as: about 2 KiB a row (measured at 1.8 to 1.9 KiB on 50,000 and
  /// 200,000 generated accounts), half as much again when the export masks contacts (a masked
  /// copy of the table).
  public static func campaignBytes(accounts: Int, masked: Bool) -> Int {
    let (bytes, overflow) = accounts.multipliedReportingOverflow(by: masked ? 3_072 : 2_048)
    return overflow ? Int.max : bytes
  }

  /// The bytes a listing of `rows` rows and `columns` columns takes while it is built, printed
  /// or exported: about 33 bytes a cell (796 MiB for 1,000,000 rows of 25 columns exported),
  /// taken as 48 for the text of longer cells.
  public static func listBytes(rows: Int, columns: Int) -> Int {
    let (cells, o1) = rows.multipliedReportingOverflow(by: max(columns, 1))
    let (bytes, o2) = cells.multipliedReportingOverflow(by: 48)
    return o1 || o2 ? Int.max : bytes
  }

  /// `MemAvailable` of `/proc/meminfo` (memory the system can give without swapping), else
  /// the free physical pages; `nil` when neither is known.
  public static func systemAvailableMemory() -> Int? {
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
      let kib = memAvailableKiB(text)
    {
      return kib.multipliedReportingOverflow(by: 1024).overflow ? Int.max : kib * 1024
    }
    #if canImport(Glibc)
      let pages = sysconf(Int32(_SC_AVPHYS_PAGES))
      let size = sysconf(Int32(_SC_PAGESIZE))
      if pages > 0, size > 0 { return pages * size }
    #endif
    return nil
  }

  /// The `MemAvailable:` figure of a `/proc/meminfo` text, in KiB.
  static func memAvailableKiB(_ text: String) -> Int? {
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 2, let kib = Int(fields[1]) else { return nil }
      return kib
    }
    return nil
  }

  /// `1,234,567`: a count with thousands separators.
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = n < 0 ? "-" : ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return out
  }

  /// `bytes` in the largest binary unit that keeps a whole part, with one decimal: `1.5 GiB`,
  /// `512.0 KiB`, `900 bytes`.
  public static func describe(bytes: Int) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    guard bytes >= 1024 else { return "\(bytes) bytes" }
    var unit = 0
    var scale = 1024
    while unit + 1 < units.count, bytes / scale >= 1024 {
      unit += 1
      scale *= 1024
    }
    // Tenths, rounded half up, in integers.
    let tenths = (Int128(bytes) * 10 + Int128(scale / 2)) / Int128(scale)
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }
}
