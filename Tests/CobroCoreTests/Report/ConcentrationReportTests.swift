import Testing

@testable import CobroCore

/// The partial top-N selection of `concentration` agrees with a full sort, ties included.
@Suite struct ConcentrationReportTests {
  @Test func selectorAgreesWithAFullSort() {
    var state: UInt64 = 99
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    // Few distinct balances, so that many entries tie and the tie order decides.
    let entries: [(code: Int, balance: Cents)] = (0..<5_000).map { ($0, Cents(next() % 40)) }
    let tieKey = (0..<5_000).map { _ in next() }
    let tie: (Int, Int) -> Bool = { a, b in
      tieKey[a] != tieKey[b] ? tieKey[a] < tieKey[b] : a < b
    }
    let sorted = entries.sorted { a, b in
      a.balance != b.balance ? a.balance > b.balance : tie(a.code, b.code)
    }
    for n in [0, 1, 10, 100, 4_999, 5_000, 6_000] {
      var selector = RowOrderByBalance.Selector(n, tie: tie)
      for e in entries { selector.offer(e) }
      #expect(selector.best.map(\.code) == sorted.prefix(n).map(\.code), "n = \(n)")
    }
  }
}
