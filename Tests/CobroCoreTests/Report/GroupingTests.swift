import Testing

@testable import CobroCore

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
