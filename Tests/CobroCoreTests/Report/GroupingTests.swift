import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// The group sums and the codes a selection uses, against plain per-row references.
@Suite struct GroupingTests {
  /// A category column holding `codes` over `values` distinct labels.
  static func column(_ codes: [UInt16], values: Int) -> CategoryColumn {
    let c = CategoryColumn(rows: codes.count)
    for v in 1..<values { _ = c.intern("v\(v)") }
    for code in codes { c.append(code) }
    return c
  }

  @Test(arguments: [3, 64, 65, 300])
  func usedCodesAreTheCodesOfTheSelectedRows(values: Int) throws {
    var rng = Xoshiro256(seed: UInt64(values))
    for rows in [0, 1, 3, 4, 5, 1_000] {
      let codes = (0..<rows).map { _ in UInt16(rng.next() % UInt64(values)) }
      let mask = (0..<rows).map { _ in UInt8(rng.next() % 3 == 0 ? 1 : 0) }
      let used = GroupDimension.usedCodes(
        Self.column(codes, values: values),
        Selection(mask: mask)
      )
      var expected = [Bool](repeating: false, count: values)
      for r in 0..<rows where mask[r] != 0 { expected[Int(codes[r])] = true }
      #expect(used == expected, "\(rows) rows")
    }
  }
}

@Suite struct TextGroupingTests {
  /// `group by` a text column groups by the text (a composed and a decomposed `é` are one
  /// debtor, as Swift strings compare), orders by balance, then by the label's UTF-8 bytes.
  @Test func groupsByTheTextAndRanksByBytes() throws {
    let p = try Fixture.load(
      text: """
        account_id,debtor_id,balance,due_date
        A1,B2,100.00,2026-11-01
        A2,Jos\u{E9},200.00,2026-11-01
        A3,a1,300.00,2026-11-01
        A4,Jose\u{301},50.00,2026-11-01
        A5,B2,1.00,2026-11-01
        A6,Zed,300.00,2026-11-01
        A7,Zed,0.00,2026-11-01
        """
    )
    let t = TestSession(p)
    let lines = t.result("group by debtor_id").split(separator: "\n").map {
      $0.split(separator: ",")
    }
    #expect(lines.count == 6, "\(lines)")
    #expect(lines.dropFirst().map { String($0[0]) } == ["Zed", "a1", "Jos\u{E9}", "B2", "total"])
    #expect(lines.dropFirst().map { String($0[1]) } == ["2", "1", "2", "2", "7"])
    #expect(lines[3][2] == "250.00")
    // Only the selected rows make labels.
    let some = t.result("group by debtor_id balance < 150").split(separator: "\n")
    #expect(
      some.dropFirst().map { String($0.split(separator: ",")[0]) } == [
        "B2", "Jose\u{301}", "Zed", "total",
      ]
    )
  }

  @Test func ctrlCStopsAGroupingOfText() throws {
    let p = try Fixture.load(text: "account_id,debtor_id,balance,due_date\nA1,D1,1.00,2026-11-01\n")
    let i = try #require(p.columnIndex(named: "debtor_id"))
    guard case .text(let ids) = p.columns[i].data else {
      Issue.record("debtor_id is not a text column")
      return
    }
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    Interruption.$current.withValue(flag) {
      #expect(throws: ReportError.self) {
        try GroupDimension.textCodes(ids, rows: p.rowCount, Selection(mask: [1]))
      }
    }
  }
}
