import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// Text cells keep 16 bits of each row's end and a mark per block of rows: every cell reads back
/// whatever the lengths, including blocks that hold 64 KiB or more.
@Suite struct TextColumnTests {
  /// `n` cells whose lengths are drawn below `longest` (a few empty), each a run of one letter.
  static func cells(_ n: Int, longest: Int, seed: UInt64) -> [String] {
    var random = Xoshiro256(seed: seed)
    return (0..<n).map { i in
      let length = random.next() % 9 == 0 ? 0 : Int(random.next() % UInt64(longest))
      let letter = Character(Unicode.Scalar(UInt8(97 + i % 26)))
      return String(repeating: letter, count: length)
    }
  }

  /// Every row of `column` against the expected cells, through the column and its view.
  static func expectCells(
    _ column: TextColumn,
    _ expected: [String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(column.count == expected.count, sourceLocation: sourceLocation)
    let view = column.view
    var end = 0
    for (i, cell) in expected.enumerated() where i < column.count {
      let start = end
      end += cell.utf8.count
      guard column.string(i) == cell, column.range(i) == start..<end,
        view.bounds(i) == (start, end), view.isEmpty(i) == cell.isEmpty
      else {
        Issue.record("row \(i) of \(expected.count)", sourceLocation: sourceLocation)
        return
      }
    }
    #expect(column.bytes.count == end, sourceLocation: sourceLocation)
  }

  @Test func shortCellsKeepOneMarkPerBlock() {
    let expected = Self.cells(1_000, longest: 40, seed: 1)
    let column = TextColumn(rows: 0, bytesPerRow: 0)
    for cell in expected { #expect(column.append(cell)) }
    Self.expectCells(column, expected)
    #expect(column.shift == TextColumn.blockShift)
    #expect(column.marks.count == (1_000 + 63) / 64)
  }

  /// Long cells make some blocks of 64 rows hold 64 KiB or more: smaller blocks from then on,
  /// down to one row when two cells together reach 64 KiB.
  @Test(arguments: [(3_000, 0), (65_535, 35_000)])
  func longCellsMakeSmallerBlocks(longest: Int, shortest: Int) {
    let expected = Self.cells(700, longest: longest - shortest, seed: 2).enumerated().map {
      String(repeating: "x", count: shortest) + $0.element + "\($0.offset % 10)"
    }
    let column = TextColumn(rows: 0, bytesPerRow: 0)
    for (i, cell) in expected.enumerated() {
      #expect(column.append(cell))
      if i == 40 || i == 699 { Self.expectCells(column, Array(expected[0...i])) }
    }
    if shortest > 0 {
      #expect(column.shift == 0)
    } else {
      #expect(column.shift > 0 && column.shift < TextColumn.blockShift)
    }
    #expect(column.marks.count == (700 + (1 << column.shift) - 1) >> column.shift)
  }

  /// The second loader half's rows joined after the first's, whatever blocks each half ended
  /// with, and when only the block across the join holds 64 KiB or more.
  @Test(arguments: 0..<4)
  func halvesJoin(layout: Int) {
    // Cells of about 1,500 bytes on the first half's last 32 rows (64 to 95) and the second
    // half's first 32: each half's own blocks stay under 64 KiB, the block across the join
    // does not.
    func cell(_ i: Int, half: Int) -> String {
      let heavy: Bool
      switch layout {
      case 0: heavy = half == 0 ? i >= 64 : i < 32
      case 1: heavy = half == 0 && i % 2 == 0
      case 2: heavy = half == 1 && i % 2 == 0
      default: heavy = false
      }
      let size = layout == 0 ? 1_500 : 2_500
      return String(repeating: heavy ? "h" : "l", count: heavy ? size + i % 7 : i % 13)
    }
    let firstRows = layout == 0 ? 96 : 150
    let first = TextColumn(rows: 400, bytesPerRow: 0)
    let second = TextColumn(
      bytes: ColumnBuffer(capacity: 64),
      lows: ColumnBuffer(viewInto: first.lows, at: 200)
    )
    let a = (0..<firstRows).map { cell($0, half: 0) }
    let b = (0..<130).map { cell($0, half: 1) }
    for c in a { #expect(first.append(c)) }
    for c in b { #expect(second.append(c)) }
    #expect(first.shift == (layout == 1 ? 5 : 6) && second.shift == (layout == 2 ? 5 : 6))
    first.absorb(second)
    Self.expectCells(first, a + b)
    #expect(first.shift == (layout == 3 ? 6 : 5))
    first.remark(from: 0, shift: TextColumn.blockShift)
    Self.expectCells(first, a + b)
  }

  @Test func aCellOverTheLimitIsRefusedAndChangesNothing() {
    let column = TextColumn(rows: 0, bytesPerRow: 0)
    let longest = String(repeating: "x", count: TextColumn.maxCellBytes)
    #expect(column.append("a"))
    #expect(column.append(longest))
    #expect(!column.append(longest + "y"))
    #expect(column.append(""))
    Self.expectCells(column, ["a", longest, ""])
  }

  /// `compact` keeps the chosen rows in order and fixes the marks, from any first row, over
  /// short and long cells; `truncate` keeps a prefix.
  @Test(arguments: [40, 3_000])
  func compactAndTruncateKeepTheRightRows(longest: Int) {
    for (seed, first) in [(3, 0), (4, 1), (5, 63), (6, 64), (7, 130), (8, 299)] {
      let expected = Self.cells(300, longest: longest, seed: UInt64(seed))
      let column = TextColumn(rows: 0, bytesPerRow: 0)
      for cell in expected { #expect(column.append(cell)) }
      var random = Xoshiro256(seed: UInt64(seed) * 31)
      let keep = (0..<300).map { _ in random.next() % 3 != 0 }
      column.compact(from: first) { keep[$0] }
      let kept = Array(expected[..<first]) + (first..<300).filter { keep[$0] }.map { expected[$0] }
      Self.expectCells(column, kept)
      // Rows appended after a compaction read back too.
      #expect(column.append("tail"))
      Self.expectCells(column, kept + ["tail"])
      let prefix = min(kept.count, first / 2 + 5)
      column.truncate(rows: prefix)
      Self.expectCells(column, Array(kept[..<prefix]))
    }
  }

  @Test func removeAllStartsOver() {
    let column = TextColumn(rows: 0, bytesPerRow: 0)
    for cell in Self.cells(200, longest: 3_000, seed: 9) { #expect(column.append(cell)) }
    column.removeAll()
    #expect(column.count == 0 && column.shift == TextColumn.blockShift)
    #expect(column.append("x"))
    Self.expectCells(column, ["x"])
  }
}
