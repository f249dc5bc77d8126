import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// `collected` and `kpi` on generated cut-offs against sums written the plain way.
@Suite struct PeriodKPIsTests {
  /// Generated cut-offs and payments written to a folder.
  static func generated() throws -> (
    dir: String, g: CutoffGenerator, files: [String], payments: String
  ) {
    let g = CutoffGenerator(
      accounts: 1_200,
      months: 3,
      seed: 11,
      first: Day(raw: Day.daysFromCivil(2026, 8, 31))
    )
    let dir = try TranscriptRunnerTests.temporaryFolder()
    try FileManager.default.createDirectory(
      atPath: dir + "/cortes",
      withIntermediateDirectories: true
    )
    let (cutoffs, payments) = g.files()
    var texts: [String] = []
    for (k, bytes) in cutoffs.enumerated() {
      try Data(bytes).write(
        to: URL(fileURLWithPath: dir + "/cortes/" + CutoffGenerator.fileName(g.cutoffs[k]))
      )
      texts.append(String(decoding: bytes, as: UTF8.self))
    }
    try Data(payments).write(to: URL(fileURLWithPath: dir + "/pagos.csv"))
    return (dir, g, texts, String(decoding: payments, as: UTF8.self))
  }

  /// The payments file as (account, YYYY-MM-DD, cents).
  static func payments(_ text: String) throws -> [(String, String, Int64)] {
    try text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst().map { line in
      let f = line.split(separator: ";").map(String.init)
      let d = f[1].split(separator: "/")
      return (f[0], "\(d[2])-\(d[1])-\(d[0])", try RollReference.money(f[2]))
    }
  }

  /// A csv result as rows of fields.
  static func rows(_ csv: String) -> [[String]] {
    csv.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  @Test func collectedAndKPIsMatchPlainSums() throws {
    let (dir, g, files, paymentsText) = try Self.generated()
    let dates = g.cutoffs.map(\.description)
    let cut = try zip(files, dates).map { try RollReference.read($0, cutoff: $1) }
    let paid = try Self.payments(paymentsText)
    let t = TestSession(asOf: g.cutoffs[2])
    let last = CutoffGenerator.fileName(g.cutoffs[2])
    let load = t.run(
      """
      history "\(dir)/cortes" delimiter ; decimal , dates dmy
      load "\(dir)/cortes/\(last)" payments "\(dir)/pagos.csv" delimiter ; decimal , dates dmy
      """
    )
    #expect(load.ok, "\(load.err)")
    // Every payment is the portfolio's or kept for the history: nothing is rejected.
    #expect(!load.err.contains("rejected"))

    // collected by month: the payments file summed by month.
    var byMonth: [String: Int64] = [:]
    for (_, date, cents) in paid { byMonth[String(date.prefix(7)), default: 0] += cents }
    let collected = Self.rows(t.result("collected"))
    #expect(collected.count == byMonth.count + 2)
    for row in collected.dropFirst().dropLast() {
      #expect(try RollReference.money(row[2]) == byMonth[row[0]], "\(row)")
    }
    let left = Set(cut[0].keys).union(cut[1].keys).subtracting(cut[2].keys)
    let fromLeft = paid.filter { left.contains($0.0) }.reduce(0) { $0 + $1.2 }
    #expect(fromLeft > 0)
    #expect(collected.last.map { try? RollReference.money($0[4]) } == fromLeft)

    // kpi for the last period, against the files and payments summed plainly.
    let kpi = Dictionary(
      uniqueKeysWithValues: Self.rows(t.result("kpi")).dropFirst().map { ($0[0], $0[1]) }
    )
    let from = cut[1]
    let to = cut[2]
    let active = from.filter { $0.value.status == "active" }
    let newIDs = Set(to.keys).subtracting(from.keys)
    let opening = active.values.reduce(0) { $0 + $1.balance }
    let population = Set(active.keys).union(newIDs)
    let inPeriod = paid.filter { $0.1 > dates[1] && $0.1 <= dates[2] && population.contains($0.0) }
    let collectedSum = inPeriod.reduce(0) { $0 + $1.2 }
    let newBalance = newIDs.reduce(0) { $0 + (to[$1]?.balance ?? 0) }
    let stillActive = population.compactMap { to[$0] }.filter { $0.status == "active" }
    let closing = stillActive.reduce(0) { $0 + $1.balance }
    let closingCurrent = stillActive.filter { $0.bucket == "current" }.reduce(0) { $0 + $1.balance }
    let writtenOff = active.filter { to[$0.key]?.status == "written_off" }.reduce(0) {
      $0 + $1.value.balance
    }
    func plain(_ cents: Int64) -> String { Money.plain(cents) }
    func rate(_ a: Int64, _ b: Int64) -> String {
      // Half up to hundredths of a percent, with Decimal.
      var q = Decimal(a) * 100 / Decimal(b)
      var r = Decimal()
      NSDecimalRound(&r, &q, 2, .plain)
      return String(format: "%.2f", NSDecimalNumber(decimal: r).doubleValue)
    }
    #expect(kpi["opening_balance"] == plain(opening))
    #expect(kpi["collected"] == plain(collectedSum))
    #expect(kpi["recovery_rate"] == rate(collectedSum, opening))
    #expect(
      kpi["cei"]
        == rate(opening + newBalance - closing, opening + newBalance - closingCurrent)
    )
    #expect(kpi["written_off"] == plain(writtenOff))
    #expect(writtenOff > 0 && !newIDs.isEmpty)
  }
}
