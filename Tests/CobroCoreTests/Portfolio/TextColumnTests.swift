import Testing

@testable import CobroCore

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

  /// Long cells make some blocks of 64 rows hold 64 KiB or more: one mark a row from then on.
  @Test func longCellsSwitchToAMarkPerRow() {
    let expected = Self.cells(700, longest: 3_000, seed: 2)
    let column = TextColumn(rows: 0, bytesPerRow: 0)
    for (i, cell) in expected.enumerated() {
      #expect(column.append(cell))
      if i == 40 || i == 699 { Self.expectCells(column, Array(expected[0...i])) }
    }
    #expect(column.shift == 0)
    #expect(column.marks.count == 700)
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
      for cell in expected { column.append(cell) }
      var random = Xoshiro256(seed: UInt64(seed) * 31)
      let keep = (0..<300).map { _ in random.next() % 3 != 0 }
      column.compact(from: first) { keep[$0] }
      let kept = Array(expected[..<first]) + (first..<300).filter { keep[$0] }.map { expected[$0] }
      Self.expectCells(column, kept)
      // Rows appended after a compaction read back too.
      column.append("tail")
      Self.expectCells(column, kept + ["tail"])
      let prefix = min(kept.count, first / 2 + 5)
      column.truncate(rows: prefix)
      Self.expectCells(column, Array(kept[..<prefix]))
    }
  }

  @Test func removeAllStartsOver() {
    let column = TextColumn(rows: 0, bytesPerRow: 0)
    for cell in Self.cells(200, longest: 3_000, seed: 9) { column.append(cell) }
    column.removeAll()
    #expect(column.count == 0 && column.shift == TextColumn.blockShift)
    column.append("x")
    Self.expectCells(column, ["x"])
  }
}
