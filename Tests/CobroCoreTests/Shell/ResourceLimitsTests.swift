import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan
@testable import CobroPortfolio
@testable import CobroShell

/// Work too large for its limits, or for the memory the system has, is refused before it
/// starts with an error located at the argument to change; the session's limits are made small
/// here instead of the inputs large.
@Suite struct ResourceLimitsTests {
  /// A session on the 10,000-account generated portfolio with `limits`.
  static func session(_ limits: ResourceLimits) throws -> (Session, BufferSink, BufferSink) {
    let (session, out, err) = try InterruptionTests.session()
    session.resourceLimits = limits
    return (session, out, err)
  }

  /// The accounts in COP, the campaigns' accounts.
  static func accountsInCOP(_ session: Session, _ out: BufferSink) -> Int {
    session.run(SourceFile(name: "count.cobro", text: "count currency COP"))
    let lines = out.take().split(separator: "\n")
    return lines.count == 2 ? Int(lines[1]) ?? 0 : 0
  }

  @Test func aMonteCarloOverMoreDrawsThanTheLimitIsRefused() throws {
    let (session, out, err) = try Self.session(ResourceLimits(draws: 15_000) { nil })
    let accounts = Self.accountsInCOP(session, out)
    #expect(accounts > 7_500 && accounts <= 15_000)
    let command = "simulate discount 20% currency COP accept 0+=0.5 --runs 2"
    let outcome = session.run(SourceFile(name: "t.cobro", text: command))
    #expect(outcome.errors == 1)
    #expect(out.take() == "")
    let text = err.take()
    let column = command.count  // the `2` of `--runs 2`
    #expect(
      text.hasPrefix(
        "t.cobro:1:\(column): error: 2 runs × \(ResourceLimits.grouped(accounts)) accounts is "
          + "\(ResourceLimits.grouped(2 * accounts)) draws, more than the 15,000 a Monte Carlo may make"
      ),
      "\(text)"
    )
    #expect(text.contains("narrow the accounts with a filter, or make fewer runs"))
    #expect(text.contains("ns a draw; 1 run fits on these accounts: --runs 1"), "\(text)")
    // One run is within the limit.
    let one = session.run(
      SourceFile(name: "t.cobro", text: "simulate discount 20% currency COP accept 0+=0.5 --runs 1")
    )
    #expect(one.errors == 0, "\(err.text)")
  }

  @Test func aMonteCarloNeedingMoreMemoryThanAvailableIsRefused() throws {
    let (session, out, err) = try Self.session(ResourceLimits { 1 << 20 })
    let accounts = Self.accountsInCOP(session, out)
    let command =
      "simulate plan installments 12 currency COP accept 0+=0.5 --runs 1"
    let outcome = session.run(SourceFile(name: "t.cobro", text: command))
    #expect(outcome.errors == 1)
    #expect(out.take() == "")
    let text = err.take()
    let needed = ResourceLimits.monteCarloBytes(
      accounts: accounts,
      paymentsPerAccount: 13,
      runs: 1,
      buckets: 1
    )
    #expect(
      text.hasPrefix(
        "t.cobro:1:28: error: the Monte Carlo over \(ResourceLimits.grouped(accounts)) "
          + "accounts needs about "
          + "\(ResourceLimits.describe(bytes: needed)) of memory; the system has 1.0 MiB available"
      ),
      "\(text)"
    )
    #expect(text.contains("give fewer installments"))
    // Without `--runs` no account's payments are kept, and the projection runs.
    let projection = session.run(
      SourceFile(name: "t.cobro", text: "simulate plan installments 12 currency COP accept 0+=0.5")
    )
    #expect(projection.errors == 0, "\(err.text)")
  }

  @Test func aCampaignNeedingMoreMemoryThanAvailableIsRefused() throws {
    let (session, out, err) = try Self.session(ResourceLimits { 1 << 20 })
    let outcome = session.run(SourceFile(name: "t.cobro", text: "campaign via whatsapp"))
    #expect(outcome.errors == 1)
    #expect(out.take() == "")
    let text = err.take()
    let needed = ResourceLimits.campaignBytes(accounts: 10_000, masked: false)
    #expect(
      text.hasPrefix(
        "t.cobro:1:1: error: a campaign over 10,000 accounts needs about "
          + "\(ResourceLimits.describe(bytes: needed)) of memory; the system has 1.0 MiB available"
      ),
      "\(text)"
    )
    #expect(text.contains("narrow the accounts with a filter"))
    // One account fits.
    let one = session.run(
      SourceFile(name: "t.cobro", text: "campaign account_id = CO-0000001 via whatsapp")
    )
    #expect(one.errors == 0, "\(err.text)")
    #expect(out.take().contains("CO-0000001"))
  }

  @Test func aListNeedingMoreMemoryThanAvailableIsRefused() throws {
    let (session, out, err) = try Self.session(ResourceLimits { 1 << 20 })
    let outcome = session.run(SourceFile(name: "t.cobro", text: "list"))
    #expect(outcome.errors == 1)
    #expect(out.take() == "")
    let text = err.take()
    let needed = ResourceLimits.listBytes(rows: 10_000, columns: AccountList.defaultColumns.count)
    #expect(
      text.hasPrefix(
        "t.cobro:1:1: error: a list of 10,000 accounts and \(AccountList.defaultColumns.count) "
          + "columns needs about \(ResourceLimits.describe(bytes: needed)) of memory; the "
          + "system has 1.0 MiB available"
      ),
      "\(text)"
    )
    // The same refusal through export, which builds the rows before writing them.
    let dir = FileManager.default.temporaryDirectory.path + "/cobro-list-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let export = session.run(SourceFile(name: "t.cobro", text: "export \(dir)/all.csv list"))
    #expect(export.errors == 1)
    #expect(!FileManager.default.fileExists(atPath: dir + "/all.csv"))
    #expect(err.take().contains("a list of 10,000 accounts"))
    // A few rows fit.
    let few = session.run(SourceFile(name: "t.cobro", text: "list limit 3"))
    #expect(few.errors == 0, "\(err.text)")
    #expect(out.take().contains("CO-0000001"))
  }

  @Test func theLimitsCountWithoutOverflow() {
    let limits = ResourceLimits(draws: 100) { nil }
    #expect(limits.allowsMonteCarlo(runs: 10, accounts: 10))
    #expect(!limits.allowsMonteCarlo(runs: 10, accounts: 11))
    #expect(!limits.allowsMonteCarlo(runs: Int.max, accounts: 2))
    #expect(
      ResourceLimits.monteCarloBytes(accounts: Int.max, paymentsPerAccount: 2, runs: 1, buckets: 1)
        == Int.max
    )
    #expect(limits.shortfall(Int.max) == nil, "unknown memory refuses nothing")
    #expect(ResourceLimits { 1000 }.shortfall(1001) == 1000)
    #expect(ResourceLimits { 1000 }.shortfall(1000) == nil)
  }

  @Test func bytesAndCountsAreWrittenForPeople() {
    #expect(ResourceLimits.describe(bytes: 900) == "900 bytes")
    #expect(ResourceLimits.describe(bytes: 1536) == "1.5 KiB")
    #expect(ResourceLimits.describe(bytes: 3 << 30) == "3.0 GiB")
    #expect(ResourceLimits.describe(bytes: Int.max) == "8.0 EiB")
    #expect(ResourceLimits.grouped(10_000_000_000) == "10,000,000,000")
    #expect(ResourceLimits.grouped(999) == "999")
  }

  @Test func availableMemoryIsReadFromProcMeminfo() {
    let text = "MemTotal:       16318412 kB\nMemFree:  1000 kB\nMemAvailable:    8123456 kB\n"
    #expect(ResourceLimits.memAvailableKiB(text) == 8_123_456)
    #expect(ResourceLimits.memAvailableKiB("MemTotal: 5 kB\n") == nil)
    if FileManager.default.fileExists(atPath: "/proc/meminfo") {
      #expect((ResourceLimits.systemAvailableMemory() ?? 0) > 0)
    }
  }

  @Test func aRefusedMonteCarloSaysWhatItWouldCostAndWhatFits() {
    let limits = ResourceLimits()
    #expect(
      limits.monteCarloEstimate(runs: 100_000, accounts: 1_000_000).text
        == "that is about 16 minutes of work at 10 ns a draw; 10,000 runs fit on these accounts: "
        + "--runs 10000"
    )
    #expect(
      limits.monteCarloEstimate(runs: 100_000, accounts: 20_000_000_000).text
        == "that is about 5,555 hours of work at 10 ns a draw; not one run fits on these accounts"
    )
  }
}
