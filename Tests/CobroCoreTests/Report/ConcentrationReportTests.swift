import Testing

@testable import CobroCore
@testable import CobroPortfolio

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

  /// `debtorSums` over four rows: the first three are debtor 0, the last debtor 1; every row is
  /// selected but `skip`.
  static func sums(_ balances: [Int64], skip: Int? = nil) throws(ReportError) -> (
    sums: [Cents], counts: [Int32]
  ) {
    let debtors = DerivedColumns.Debtors(codes: [0, 0, 0, 1], firstRow: [0, 3])
    let mask: [UInt8] = (0..<4).map { $0 == skip ? 0 : 1 }
    let r = try balances.withUnsafeBufferPointer { b throws(ReportError) in
      try ConcentrationReport.debtorSums(debtors, b, mask)
    }
    return (r.sums, r.counts)
  }

  @Test func debtorSumsInSixtyFourBits() throws {
    let r = try Self.sums([500, -200, 1, 7])
    #expect(r.sums == [301, 7])
    #expect(r.counts == [3, 1])
    let skipped = try Self.sums([500, -200, 1, 7], skip: 0)
    #expect(skipped.sums == [-199, 7])
    #expect(skipped.counts == [2, 1])
    let fits = try Self.sums([.max - 10, 5, 0, 0])
    #expect(fits.sums == [.max - 5, 0])
  }

  @Test func debtorSumsRedoneWideWhenAPartialSumOverflows() throws {
    // Int64.max + 1 overflows on the way; the total, Int64.max - 4, fits.
    let r = try Self.sums([.max, 1, -5, 7])
    #expect(r.sums == [.max - 4, 7])
    #expect(r.counts == [3, 1])
  }

  @Test func debtorSumsRefuseATotalBeyondSixtyFourBits() {
    #expect(throws: ReportError.self) { try Self.sums([.max, 1, 0, 0]) }
    #expect(throws: ReportError.self) { try Self.sums([.min, -1, 0, 0]) }
  }
}
