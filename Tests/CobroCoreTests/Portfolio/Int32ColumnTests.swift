import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// Dates and counts take two bytes a value while they lie within 32,767 of the column's base:
/// every value reads back, and range filters on two bytes select exactly what they select on
/// four.
@Suite struct Int32ColumnTests {
  static let base = Int32Column.dayBase

  /// Values at and around every edge of two bytes, and the empty cell.
  static let edges: [Int32] = [
    Int32Column.missing, Int32.min + 1, base - 32_768, base - 32_767, base - 32_766, base - 1,
    base, base + 1, base + 32_766, base + 32_767, base + 32_768, Int32.max,
  ]

  @Test func valuesWithinTwoBytesStayNarrowAndReadBack() {
    let values: [Int32] = [Int32Column.missing, Self.base - 32_767, Self.base, Self.base + 32_767]
    let c = Int32Column(values, base: Self.base)
    #expect(c.wide == nil)
    #expect(c.array == values)
    #expect((0..<4).map { c.values[$0] } == values)
  }

  /// A value outside widens the column at that value; earlier and later values read back.
  @Test(arguments: 0..<12)
  func aValueOutsideWidensTheColumn(at position: Int) {
    var values = (0..<12).map { Self.base + Int32($0) }
    values[position] = Self.base + 40_000
    values[(position + 5) % 12] = Int32Column.missing
    let c = Int32Column(values, base: Self.base)
    #expect(c.wide != nil)
    #expect(c.array == values)
    c.setCount(3)
    #expect(c.array == Array(values[..<3]))
  }

  /// The second loader half joined in every combination of widths.
  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func halvesJoinInEveryWidth(firstWide: Bool, secondWide: Bool) {
    let a: [Int32] = [
      Self.base, Int32Column.missing, firstWide ? Self.base - 50_000 : Self.base - 9,
    ]
    let b: [Int32] = [secondWide ? Int32.max : Self.base + 3, Int32Column.missing, Self.base + 7]
    let first = Int32Column(rows: 16, base: Self.base)
    let second = Int32Column(viewInto: first, at: 8)
    a.withUnsafeBufferPointer { first.append($0.baseAddress.unsafelyUnwrapped, count: 3) }
    b.withUnsafeBufferPointer { second.append($0.baseAddress.unsafelyUnwrapped, count: 3) }
    first.absorb(second)
    #expect(first.array == a + b)
    #expect((first.wide != nil) == (firstWide || secondWide))
  }

  /// Every range over the edge values selects on two bytes what it selects on four.
  @Test func narrowBoundsSelectWhatWideBoundsSelect() {
    let narrowValues = Self.edges.filter {
      $0 == Int32Column.missing || abs(Int64($0) - Int64(Self.base)) <= 32_767
    }
    let narrow = Int32Column(narrowValues, base: Self.base).values
    #expect(narrow.narrow != nil)
    let bounds = Self.edges.map(Int64.init) + [Int64(Int32.min) - 1, Int64(Int32.max) + 1]
    for lo in bounds {
      for hi in bounds {
        let (l, h) = Int32Values.narrowBounds(lo, hi, base: Self.base)
        var got = [UInt8](repeating: 0, count: narrowValues.count)
        got.withUnsafeMutableBufferPointer { out in
          Kernels.inRange(
            out,
            UnsafeBufferPointer(start: narrow.narrow, count: narrowValues.count),
            l,
            h,
            .set
          )
        }
        let expected = narrowValues.map { lo <= Int64($0) && Int64($0) <= hi ? UInt8(1) : 0 }
        #expect(got == expected, "\(lo)...\(hi)")
      }
    }
  }
}

/// Dates and counts that need four bytes, in either loader half: the same load on one thread and
/// on two, and every value reads back.
@Suite struct WideDateLoadTests {
  /// The due date and late payments of row `i` in each layout: outside two bytes in the first
  /// half, in the second, in both, and never.
  static func row(_ i: Int, layout: Int) -> (due: String, late: String) {
    let far = (layout == 0 && i < 500) || (layout == 1 && i >= 500) || (layout == 2 && i % 97 == 0)
    if far && i % 3 == 0 { return ("9999-12-31", "\(i)") }
    if far && i % 3 == 1 { return ("1899-01-0\(1 + i % 9)", "") }
    if far { return ("2026-01-01", "\(40_000 + i)") }
    return (i % 11 == 0 ? "2026-02-28" : "2025-0\(1 + i % 9)-15", i % 13 == 0 ? "" : "\(i % 7)")
  }

  @Test(arguments: 0..<4)
  func farDatesAndLargeCountsLoadTheSameOnTwoThreads(layout: Int) throws {
    var text = "account_id,debtor_id,balance,due_date,payments_late\n"
    let rows = (0..<1_000).map { Self.row($0, layout: layout) }
    for (i, r) in rows.enumerated() { text += "A\(i),D\(i),1.00,\(r.due),\(r.late)\n" }
    try LoadStateSplitTests.loadBothWays(Array(text.utf8), name: "far.csv") { p in
      #expect(p.rowCount == 1_000)
      guard case .date(let due)? = p.column(named: "due_date")?.data,
        case .integer(let late)? = p.column(named: "payments_late")?.data
      else {
        Issue.record("columns")
        return
      }
      #expect((due.wide != nil) == (layout != 3))
      #expect((0..<1_000).map { due.values[$0] } == rows.map { Day($0.due)?.raw ?? -1 })
      #expect((0..<1_000).map { late[$0] } == rows.map { Int32($0.late) ?? Int32Column.missing })
    }
  }
}
