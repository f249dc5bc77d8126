import Testing

@testable import CobroCore

/// Debtor grouping: the first row of each id, on one thread and on two.
@Suite struct DerivedColumnsTests {
  /// Ids with runs of equal neighbours and repeats far apart.
  static func ids(_ n: Int) -> (TextColumn, [String]) {
    let column = TextColumn(rows: n, bytesPerRow: 8)
    var values: [String] = []
    var state: UInt64 = 5
    for i in 0..<n {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let v =
        (state >> 33) % 3 == 0 && i > 0 ? values[i - 1] : "D\((state >> 40) % UInt64(n / 3 + 1))"
      values.append(v)
      column.append(v)
    }
    return (column, values)
  }

  @Test(arguments: [1_000, 100_000])
  func firstRowOfEachIDMatchesADictionary(rows: Int) {
    let (column, values) = Self.ids(rows)
    let first = DerivedColumns.firstRowOfEachID(column, rows: rows)
    var seen: [String: Int32] = [:]
    var mismatches = 0
    for (r, v) in values.enumerated() {
      let expected = seen[v] ?? Int32(r)
      if seen[v] == nil { seen[v] = Int32(r) }
      if first[r] != expected { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }
}
