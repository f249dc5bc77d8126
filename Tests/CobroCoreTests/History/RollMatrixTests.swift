import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// The roll matrix against an independent join of the same files.
@Suite struct RollMatrixTests {
  static let options: LoadOptions = {
    var o = LoadOptions()
    o.delimiter = UInt8(ascii: ";")
    o.decimalComma = true
    o.dates = .dmy
    return o
  }()

  /// Loads one file's text at its cut-off into a history.
  static func add(_ text: String, cutoff: Day, to history: CutoffHistory) throws {
    var options = options
    options.cutoff = cutoff
    let p = try PortfolioLoader(options: options, asOf: cutoff)
      .load(bytes: InputBytes.copying(Array(text.utf8)), name: "cartera_\(cutoff).csv")
    #expect(p.rejects.isEmpty)
    try history.add(p, origin: .option)
  }

  /// The engine's matrix between two cut-offs as "from>to" → cell.
  static func engine(_ history: CutoffHistory, _ a: Int, _ b: Int) throws -> [String: RollReference
    .Cell]
  {
    let from = history.cutoffs[a]
    let to = history.cutoffs[b]
    let context = QueryContext(asOf: to.date)
    let m = try RollMatrix.compute(
      from: CutoffStates(from, context: context),
      to: CutoffStates(to, context: context),
      link: history.link(from: from, to: to),
      buckets: BucketScheme.standard.labels
    )
    var out: [String: RollReference.Cell] = [:]
    for (i, r) in m.rowLabels.enumerated() {
      for (j, c) in m.columnLabels.enumerated() where m.cells[0][i][j].accounts > 0 {
        let cell = m.cells[0][i][j]
        out[r + ">" + c] = RollReference.Cell(
          accounts: cell.accounts,
          opening: cell.opening,
          closing: cell.closing
        )
      }
    }
    return out
  }

  @Test func fixturesMatchAPlainJoin() throws {
    let names = ["cartera_2026-09-30.csv", "corte_31-10-2026.csv", "cartera_202611.csv"]
    let dates = ["2026-09-30", "2026-10-31", "2026-11-30"]
    let history = CutoffHistory()
    var reference: [[String: RollReference.Account]] = []
    for (name, date) in zip(names, dates) {
      let text = try String(contentsOfFile: Fixture.path("cortes/" + name), encoding: .utf8)
      try Self.add(text, cutoff: Day(date)!, to: history)
      reference.append(try RollReference.read(text, cutoff: date))
    }
    for k in 1..<3 {
      let expected = RollReference.roll(reference[k - 1], reference[k])
      #expect(try Self.engine(history, k - 1, k) == expected)
    }
    // The cells the fixtures were written to show, by hand.
    let sepOct = try Self.engine(history, 0, 1)
    #expect(sepOct["181-360>left"] == RollReference.Cell(accounts: 1, opening: 600_000_000))
    #expect(sepOct["31-60>paid"]?.opening == 95_000_000)
    #expect(sepOct["91-180>written_off"]?.closing == 250_000_000)
    #expect(sepOct["new>current"]?.accounts == 1)
    #expect(sepOct.keys.allSatisfy { !$0.hasPrefix("361+") })
  }

  @Test func generatedCutoffsMatchAPlainJoin() throws {
    let g = CutoffGenerator(
      accounts: 1_500,
      months: 4,
      seed: 7,
      first: Day(raw: Day.daysFromCivil(2026, 6, 30))
    )
    let (files, _) = g.files()
    let history = CutoffHistory()
    var reference: [[String: RollReference.Account]] = []
    for (k, bytes) in files.enumerated() {
      let text = String(decoding: bytes, as: UTF8.self)
      try Self.add(text, cutoff: g.cutoffs[k], to: history)
      reference.append(try RollReference.read(text, cutoff: "\(g.cutoffs[k])"))
    }
    var kinds: Set<String> = []
    for k in 1..<files.count {
      let expected = RollReference.roll(reference[k - 1], reference[k])
      let actual = try Self.engine(history, k - 1, k)
      #expect(actual == expected, "\(g.cutoffs[k - 1]) to \(g.cutoffs[k])")
      for key in actual.keys {
        let parts = key.split(separator: ">").map(String.init)
        let from = RollReference.labels.firstIndex(of: parts[0])
        let to = RollReference.labels.firstIndex(of: parts[1])
        if let from, let to { kinds.insert(to > from ? "forward" : to < from ? "cure" : "stay") }
        if parts[0] == "new" { kinds.insert("new") }
        if ["paid", "written_off", "left"].contains(parts[1]) { kinds.insert(parts[1]) }
      }
    }
    // The generated months move accounts every way a roll matrix shows.
    #expect(kinds == ["forward", "cure", "stay", "new", "paid", "written_off", "left"])
  }

  @Test func theGeneratorIsDeterministic() {
    let g = CutoffGenerator(accounts: 200, months: 3, seed: 3, first: Day("2026-01-15")!)
    #expect(g.cutoffs.map(\.description) == ["2026-01-31", "2026-02-28", "2026-03-31"])
    let a = g.files()
    let b = g.files()
    #expect(a.cutoffs == b.cutoffs && a.payments == b.payments)
    #expect(!a.payments.isEmpty)
  }

  @Test(arguments: [
    (1, 3, 3333), (2, 3, 6667), (1, 8, 1250), (1, 16_000, 1), (1, 40_000, 0), (0, 5, 0),
    (-1, 3, -3333), (1, 20_000, 1), (3, 80_000, 0),
  ])
  func ratesRoundHalfUpToHundredthsOfAPercent(part: Int64, whole: Int64, expected: Int64) {
    #expect(MetricRate.hundredths(part, of: whole) == expected)
  }

  @Test func ratesOfHugeAmountsAreExact() {
    // 9e17 cents: the product by 10,000 needs more than 64 bits.
    #expect(MetricRate.hundredths(300_000_000_000_000_000, of: 900_000_000_000_000_000) == 3333)
    #expect(MetricRate.hundredths(1, of: 0) == nil)
    #expect(MetricRate.ratio(5, of: 6, scale: 2) == "0.83")
    #expect(MetricRate.ratio(1, of: 8, scale: 2) == "0.13")
    #expect(MetricRate.ratio(-1, of: 8, scale: 2) == "-0.13")
  }

  @Test(arguments: [
    ("cortes/cartera_2026-10-31.csv", "2026-10-31"), ("corte_31-10-2026.csv", "2026-10-31"),
    ("cartera_20261031.xlsx", "2026-10-31"), ("cartera_31102026.csv", "2026-10-31"),
    ("cartera_2026-10.csv", "2026-10-31"), ("cartera_202602.csv", "2026-02-28"),
    ("corte 2024_02.csv", "2024-02-29"),
  ])
  func cutoffsFromFileNames(name: String, date: String) {
    #expect(CutoffFileName.date(of: name) == Day(date))
  }

  @Test(arguments: [
    "cartera.csv", "cartera_2026-10-31_2026-11-30.csv", "cartera_2026-13.csv", "v2.csv",
  ])
  func namesWithoutOneDate(name: String) {
    #expect(CutoffFileName.date(of: name) == nil)
  }
}
