import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// A load on two threads gives exactly what a load on one thread gives: every cell, every
/// dictionary code, every reject with its file:line:column.
@Suite struct LoadStateSplitTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  /// Loads `bytes` on one thread and on two (threshold 0), and compares everything.
  static func expectSameLoad(
    _ bytes: [UInt8],
    options: LoadOptions = LoadOptions(),
    _ comment: Comment? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    var one = PortfolioLoader(options: options, asOf: asOf)
    one.parallelThreshold = .max
    var two = PortfolioLoader(options: options, asOf: asOf)
    two.parallelThreshold = 0
    let a: Portfolio
    do {
      a = try one.load(bytes: InputBytes.copying(bytes), name: "p.csv")
    } catch {
      // Both must fail the same way.
      #expect(throws: (any Error).self, comment, sourceLocation: sourceLocation) {
        _ = try two.load(bytes: InputBytes.copying(bytes), name: "p.csv")
      }
      return
    }
    let b = try two.load(bytes: InputBytes.copying(bytes), name: "p.csv")
    #expect(a.rowCount == b.rowCount, comment, sourceLocation: sourceLocation)
    #expect(a.rejects == b.rejects, comment, sourceLocation: sourceLocation)
    #expect(a.warnings == b.warnings, comment, sourceLocation: sourceLocation)
    #expect(a.columns.map(\.name) == b.columns.map(\.name), comment, sourceLocation: sourceLocation)
    for (x, y) in zip(a.columns, b.columns) {
      let label = "column '\(x.name)'"
      switch (x.data, y.data) {
      case (.text(let s), .text(let t)):
        #expect(
          firstDifference(s.bytes.array, t.bytes.array) == nil,
          "\(label)",
          sourceLocation: sourceLocation
        )
        #expect(
          firstDifference((0..<s.count).map(s.end), (0..<t.count).map(t.end)) == nil,
          "\(label)",
          sourceLocation: sourceLocation
        )
      case (.category(let s), .category(let t)):
        #expect(s.values == t.values, "\(label)", sourceLocation: sourceLocation)
        #expect(
          firstDifference((0..<s.count).map(s.code), (0..<t.count).map(t.code)) == nil,
          "\(label)",
          sourceLocation: sourceLocation
        )
      case (.money(let s), .money(let t)):
        #expect(
          firstDifference(s.array, t.array) == nil,
          "\(label)",
          sourceLocation: sourceLocation
        )
      case (.date(let s), .date(let t)), (.integer(let s), .integer(let t)):
        #expect(
          firstDifference(s.array, t.array) == nil,
          "\(label)",
          sourceLocation: sourceLocation
        )
      default:
        Issue.record("column '\(x.name)' changed type", sourceLocation: sourceLocation)
      }
    }
  }

  /// Loads `bytes` on one thread and on two (after checking that both loads agree) and hands
  /// each portfolio to `check`.
  static func loadBothWays(
    _ bytes: [UInt8],
    name: String,
    _ check: (Portfolio) throws -> Void
  ) throws {
    try expectSameLoad(bytes)
    for threshold in [Int.max, 0] {
      var loader = PortfolioLoader(options: LoadOptions(), asOf: asOf)
      loader.parallelThreshold = threshold
      try check(try loader.load(bytes: InputBytes.copying(bytes), name: name))
    }
  }

  /// The first line of each reject's rendered message.
  static func rejectLines(_ p: Portfolio) -> [String] {
    p.rejects.map { DiagnosticRenderer().render($0.diagnostic) }
      .compactMap { $0.split(separator: "\n").first.map(String.init) }
  }

  /// The first index where two arrays differ (a count mismatch is reported at the shorter
  /// length), as a short description; `nil` when they are equal.
  static func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
    for i in 0..<min(a.count, b.count) where a[i] != b[i] {
      return "at \(i): \(a[i]) vs \(b[i]) (counts \(a.count), \(b.count))"
    }
    return a.count == b.count ? nil : "counts \(a.count) vs \(b.count)"
  }

  /// A generated file's lines, header first.
  static func generatedLines(_ accounts: Int, dialect: PortfolioGenerator.Dialect = .canonical)
    -> [String]
  {
    let bytes = PortfolioGenerator(
      accounts: accounts,
      seed: 7,
      asOf: asOf,
      dialect: dialect,
      qualityIssues: true
    ).csv().portfolio
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  @Test func generatedFileLoadsTheSameOnTwoThreads() throws {
    try Self.expectSameLoad(Array(Self.generatedLines(3_000).joined(separator: "\n").utf8))
  }

  @Test func spreadsheetDialectLoadsTheSameOnTwoThreads() throws {
    let lines = Self.generatedLines(2_000, dialect: .spreadsheetCO)
    var options = LoadOptions()
    options.delimiter = UInt8(ascii: ";")
    options.decimalComma = true
    options.dates = .dmy
    options.encoding = .cp1252
    let text = lines.joined(separator: "\n")
    // The generator wrote cp1252: the lines were decoded leniently, so reload the raw bytes.
    let raw = PortfolioGenerator(
      accounts: 2_000,
      seed: 7,
      asOf: Self.asOf,
      dialect: .spreadsheetCO,
      qualityIssues: true
    ).csv().portfolio
    #expect(!text.isEmpty)
    try Self.expectSameLoad(raw, options: options)
  }

  /// Rejects, duplicates across the halves, new dictionary values only in the second half,
  /// CRLF and lone CR line ends, blank lines and quoted line breaks on both sides.
  @Test func dirtyFileLoadsTheSameOnTwoThreads() throws {
    var lines = Self.generatedLines(1_200)
    let n = lines.count
    let firstID = String(lines[1].prefix { $0 != "," })
    let lateID = String(lines[n - 100].prefix { $0 != "," })
    lines[10] = lines[10].replacingOccurrences(of: ",COP,", with: ",XXX,")
    lines[20] += ",extra"
    lines[n / 2 + 3] = firstID + lines[n / 2 + 3].drop { $0 != "," }
    lines[n / 2 + 9] = firstID + lines[n / 2 + 9].drop { $0 != "," }
    lines[n - 5] = lateID + lines[n - 5].drop { $0 != "," }
    lines[n / 2 + 20] = lines[n / 2 + 20].replacingOccurrences(of: ",active,", with: ",zzz,")
    lines[n / 2 + 30] = lines[n / 2 + 30].replacingOccurrences(of: "Bogotá", with: "Mitú")
    lines[n / 2 + 40] = lines[n / 2 + 40].replacingOccurrences(of: ",2026-", with: ",2026/")
    lines[30] = "\"unterminated," + lines[30]
    lines[n / 2 + 50] = lines[n / 2 + 50] + "\r"
    lines[n / 2 + 60] = ""
    lines[n / 2 + 61] = lines[n / 2 + 61].replacingOccurrences(
      of: ",person,",
      with: ",person,\"two\nlines\","
    )
    var text = lines.joined(separator: "\n")
    text = text.replacingOccurrences(of: "A\n", with: "A\r\n")
    try Self.expectSameLoad(Array(text.utf8))
    try Self.expectSameLoad([0xEF, 0xBB, 0xBF] + Array(text.utf8))
  }

  /// A cut that falls inside a quoted line break is found out, and the file loads as on one
  /// thread.
  @Test func cutInsideAQuotedLineBreak() throws {
    var text = "account_id,debtor_id,debtor_name,balance,due_date\n"
    for i in 0..<20 { text += "A\(i),D\(i),n,1.00,2026-01-01\n" }
    text += "Q,DQ,\"" + String(repeating: "x\n", count: 2_000) + "\",2.00,2026-01-01\n"
    for i in 20..<40 { text += "A\(i),D\(i),n,1.00,2026-01-01\n" }
    try Self.expectSameLoad(Array(text.utf8))
  }

  /// Most of the first rows rejected: the dialect check still fires on two threads.
  @Test func dialectHintIsTheSameOnTwoThreads() throws {
    let lines = Self.generatedLines(500)
    let text = lines.joined(separator: "\n").replacingOccurrences(of: ",", with: ";")
    try Self.expectSameLoad(Array(text.utf8))
  }

  /// The robustness corpus, loaded both ways.
  @Test func mutationsLoadTheSameOnTwoThreads() throws {
    for seed in UInt64(1)...200 {
      let bytes = LoaderRobustnessTests.mutated(seed: seed)
      try Self.expectSameLoad(bytes, "seed \(seed)")
    }
  }

  // MARK: - Duplicate ids after the join

  /// A file of `ids.count` rows with these account ids, one line each (all lines as long as
  /// their ids make them).
  static func file(ids: [String]) -> [UInt8] {
    var text = "account_id,debtor_id,debtor_name,balance,due_date\n"
    for (i, id) in ids.enumerated() {
      text += "\(id),D\(i % 97),n,1.00,2026-01-01\n"
    }
    return Array(text.utf8)
  }

  /// Zero-padded ids in ascending order (`A000000`, `A000001` and so on).
  static func sortedIDs(_ n: Int, prefix: String = "A") -> [String] {
    (0..<n).map { i in
      let digits = String(i)
      return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
  }

  /// The state of a two-thread load's first half after a one-thread scan without the inline
  /// duplicate check (what `accountsAscending` and `locateRows` see).
  static func scanned(_ bytes: [UInt8]) throws -> LoadState {
    var state = try LoadState(
      bytes: InputBytes.copying(bytes),
      start: 0,
      name: "p.csv",
      options: LoadOptions(),
      progress: nil
    )
    state.checkDuplicates = false
    try state.run(sampleCheck: false)
    return state
  }

  /// The line index (0 = header) where a two-thread load of `bytes` cuts it.
  static func cutLine(_ bytes: [UInt8]) throws -> Int {
    let split = try #require(LoadState.plan(InputBytes.copying(bytes), start: 0))
    return bytes[..<split.cut].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
  }

  @Test func ascendingIDsAreRecognised() throws {
    #expect(try Self.scanned(Self.file(ids: Self.sortedIDs(9_000))).accountsAscending(from: 0))
    // Byte order, not numeric order: a prefix sorts first.
    #expect(try Self.scanned(Self.file(ids: ["A1", "A10", "A2", "B"])).accountsAscending(from: 0))
    #expect(try Self.scanned(Self.file(ids: ["A2", "A10"])).accountsAscending(from: 0) == false)
    #expect(try Self.scanned(Self.file(ids: ["A10", "A1"])).accountsAscending(from: 0) == false)
    #expect(try Self.scanned(Self.file(ids: ["A1", "A1"])).accountsAscending(from: 0) == false)
    #expect(try Self.scanned(Self.file(ids: ["A1"])).accountsAscending(from: 0))
    var swapped = Self.sortedIDs(9_000)
    swapped.swapAt(7_000, 7_001)
    let state = try Self.scanned(Self.file(ids: swapped))
    #expect(state.accountsAscending(from: 0) == false)
    #expect(state.accountsAscending(from: 0, to: 7_001))
    #expect(state.accountsAscending(from: 7_001, to: 7_002) == false)
    #expect(state.accountsAscending(from: 7_002))
  }

  /// Sorted, unsorted and nearly sorted ids, with and without duplicates: the same rows and
  /// rejects as on one thread.
  @Test func duplicateCheckAgreesWithOneThread() throws {
    let n = 12_000
    let sorted = Self.sortedIDs(n)
    try Self.expectSameLoad(Self.file(ids: sorted), "sorted")
    try Self.expectSameLoad(Self.file(ids: sorted.reversed()), "descending")
    var swapped = sorted
    swapped.swapAt(100, 101)
    try Self.expectSameLoad(Self.file(ids: swapped), "one pair swapped in the first half")
    swapped = sorted
    swapped.swapAt(n - 50, n - 49)
    try Self.expectSameLoad(Self.file(ids: swapped), "one pair swapped in the second half")
    var repeated = sorted
    repeated[n - 40] = repeated[n - 41]
    try Self.expectSameLoad(Self.file(ids: repeated), "adjacent duplicate")
    repeated = sorted
    repeated[n - 3] = repeated[5]
    repeated[n / 2 + 7] = repeated[n / 2 - 7]
    try Self.expectSameLoad(Self.file(ids: repeated), "duplicates far apart")
    // Hundreds of duplicates, in every quarter of the hash space, in a shuffled file.
    var many = sorted.reversed().enumerated().map { i, id in i % 3 == 0 ? id : sorted[i] }
    for i in stride(from: 50, to: n, by: 37) { many[i] = many[(i &* 7_919) % i] }
    try Self.expectSameLoad(Self.file(ids: many), "many duplicates")
  }

  /// Each half ascending but not the pair across the cut, and a duplicate across the cut.
  @Test func theCutPairIsChecked() throws {
    let n = 10_000
    var ids = Self.sortedIDs(n, prefix: "B")
    let cut = try Self.cutLine(Self.file(ids: ids))
    // Lines keep their lengths, so the cut stays where it is: rows from `cut - 1` on are the
    // second half.
    for i in (cut - 1)..<n { ids[i] = "A" + ids[i].dropFirst() }
    try #require(try Self.cutLine(Self.file(ids: ids)) == cut)
    let one = try Self.scanned(Self.file(ids: ids))
    #expect(one.accountsAscending(from: 0, to: cut - 1))
    #expect(one.accountsAscending(from: cut))
    #expect(one.accountsAscending(from: cut - 1, to: cut) == false)
    try Self.expectSameLoad(Self.file(ids: ids), "descending across the cut")

    ids = Self.sortedIDs(n)
    ids[cut - 1] = ids[cut - 2]
    try #require(try Self.cutLine(Self.file(ids: ids)) == cut)
    var two = PortfolioLoader(asOf: Self.asOf)
    two.parallelThreshold = 0
    let p = try two.load(bytes: InputBytes.copying(Self.file(ids: ids)), name: "p.csv")
    #expect(p.rowCount == n - 1)
    #expect(p.rejects.map(\.line) == [cut + 1])
    #expect(
      p.rejects.first?.diagnostic.message.text
        == "account_id: duplicate '\(ids[cut - 2])' (first on line \(cut))"
    )
    try Self.expectSameLoad(Self.file(ids: ids), "duplicate across the cut")
  }

  /// Rows are found again from their block's checkpoint, past rejected records, quoted line
  /// breaks and blank lines.
  @Test func rowsAreLocatedPastRejectedRecords() throws {
    var lines = ["account_id,debtor_id,debtor_name,balance,due_date"]
    var kept: [(line: Int, text: String)] = []
    var line = 2
    for i in 0..<10_000 {
      let text: String
      var rejected = true
      switch i % 997 {
      case 3: text = "R\(i),D,n,not money,2026-01-01"
      case 5: text = "R\(i),D,n,1.00"
      case 9: text = "R\(i),\"D\"x,n,1.00,2026-01-01"
      case 7:
        text = "R\(i),D,\"two\nlines\",1.00,2026-01-01"
        rejected = false
      default:
        text = "R\(i),D,n,1.00,2026-01-01"
        rejected = false
      }
      lines.append(text)
      if !rejected { kept.append((line, text)) }
      line += 1 + text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
      if i % 1_500 == 0 {
        lines.append("")
        line += 1
      }
    }
    let bytes = Array(lines.joined(separator: "\n").utf8)
    let state = try Self.scanned(bytes)
    try #require(state.rows == kept.count)
    #expect(state.checkpoints.count > 2)
    let wanted = [0, 1, 2, 4_095, 4_096, 4_097, 5_000, kept.count - 1]
    let found = state.locateRows(wanted)
    try #require(found.count == wanted.count)
    for (row, record) in zip(wanted, found) {
      #expect(record.line == kept[row].line, "row \(row)")
      let text = String(
        decoding: bytes[record.offset...].prefix(kept[row].text.utf8.count),
        as: UTF8.self
      )
      #expect(text == kept[row].text, "row \(row)")
    }
  }
}

/// Text of every length loads on one thread and on two: blocks of 64 rows holding 64 KiB or more,
/// a cell over the limit (rejected at its line and column), and rejected rows among long ones.
@Suite struct LongTextLoadTests {
  static let asOf = LoadStateSplitTests.asOf

  @Test func longCellsLoadTheSameOnTwoThreadsAndReadBack() throws {
    var text = "account_id,debtor_id,debtor_name,balance,due_date\n"
    var names: [String] = []
    let cells = TextColumnTests.cells(600, longest: 2_500, seed: 11)
    for (i, name) in cells.enumerated() {
      if i == 333 {
        text +=
          "TOO,D,\(String(repeating: "z", count: TextColumn.maxCellBytes + 1)),1.00,2026-01-01\n"
      }
      if i == 350 {
        text += "BAD,D,\(name),1.0x,2026-01-01\n"
      }
      text += "A\(i),D\(i),\(name),1.00,2026-01-01\n"
      names.append(name)
    }
    try LoadStateSplitTests.loadBothWays(Array(text.utf8), name: "long.csv") { p in
      guard case .text(let column)? = p.column(named: "debtor_name")?.data else {
        Issue.record("no names")
        return
      }
      TextColumnTests.expectCells(column, names)
      #expect(column.shift < TextColumn.blockShift)
      #expect(
        LoadStateSplitTests.rejectLines(p) == [
          "long.csv:335:7: error: debtor_name: longer than 65535 bytes",
          "long.csv:353:\(7 + names[350].utf8.count + 1): error: balance: '1.0x' is not money",
        ]
      )
    }
  }
}

/// A rejected record with a huge cell is shown as an excerpt around the error, not whole.
@Suite struct HugeLineDiagnosticTests {
  @Test func aHugeRecordIsShownAroundItsError() throws {
    let huge = String(repeating: "z", count: 70_000)
    let notes = String(repeating: "n", count: 1_000)
    let csv = """
      account_id,debtor_id,debtor_name,notes,balance,due_date,memo
      A1,D1,ok,,1.00,2026-01-01,
      TOO,D2,\(huge),,1.00,2026-01-01,
      BAD,D3,ok,\(notes),1.0x,2026-01-01,
      MID,D4,ok,\(notes),2.0x,2026-01-01,\(notes)
      """
    let p = try PortfolioLoader(options: LoadOptions(), asOf: LoadStateSplitTests.asOf)
      .load(bytes: InputBytes.copying(Array(csv.utf8)), name: "huge.csv")
    #expect(p.rowCount == 1 && p.rejects.count == 3)
    let shown = p.rejects.map { DiagnosticRenderer().render($0.diagnostic) }
    let z = String(repeating: "z", count: 193)
    #expect(
      shown.first
        == "huge.csv:3:8: error: debtor_name: longer than 65535 bytes\n"
        + "3 | TOO,D2,\(z)…\n"
        + "  |        \(String(repeating: "^", count: 193))\n"
    )
    // The bad amount starts at character 1,012 of a 1,027-character line: its last 200
    // characters are shown.
    #expect(
      shown[1]
        == "huge.csv:4:1012: error: balance: '1.0x' is not money\n"
        + "4 | …\(String(repeating: "n", count: 183)),1.0x,2026-01-01,\n"
        + "  | \(String(repeating: " ", count: 185))^^^^\n"
    )
    // In the middle of a long line: 40 characters before the error, cut on both sides.
    #expect(
      shown[2]
        == "huge.csv:5:1012: error: balance: '2.0x' is not money\n"
        + "5 | …\(String(repeating: "n", count: 39)),2.0x,2026-01-01,"
        + "\(String(repeating: "n", count: 144))…\n"
        + "  | \(String(repeating: " ", count: 41))^^^^\n"
    )
  }
}

/// Category codes take one byte until a column holds more than 256 values: a column widens
/// within a block, in either loader half, or when the halves' dictionaries are joined, and
/// every row keeps its value.
@Suite struct WideCategoryLoadTests {
  /// A file of `cities.count` rows, row `i` in city `cities[i]`.
  static func file(cities: [String]) -> [UInt8] {
    var text = "account_id,debtor_id,balance,due_date,city\n"
    for (i, city) in cities.enumerated() { text += "A\(i),D\(i),\(i).00,2026-01-01,\(city)\n" }
    return Array(text.utf8)
  }

  /// The city of row `i` in each layout: more than 256 values in the first half, in the second
  /// only, in both, only together, and never.
  static func city(_ i: Int, layout: Int) -> String {
    switch layout {
    case 0: i < 1_000 ? "C\(i % 300)" : "Bogotá"
    case 1: i < 1_000 ? "Bogotá" : "C\(i % 300)"
    case 2: "C\(i % 700)"
    case 3: i < 1_000 ? "A\(i % 200)" : "B\(i % 200)"
    default: i % 7 == 0 ? "" : "C\(i % 250)"
    }
  }

  @Test(arguments: 0..<5)
  func wideDictionariesLoadTheSameOnTwoThreadsAndReadBack(layout: Int) throws {
    let cities = (0..<2_000).map { Self.city($0, layout: layout) }
    let distinct = Set(cities.filter { !$0.isEmpty }).count
    try LoadStateSplitTests.loadBothWays(Self.file(cities: cities), name: "cities.csv") { p in
      guard case .category(let column)? = p.column(named: "city")?.data else {
        Issue.record("city is not a category")
        return
      }
      #expect(column.values.count == distinct + 1)
      #expect((column.wide != nil) == (distinct > 255))
      #expect((0..<p.rowCount).map(column.string) == cities)
      let histogram = column.histogram()
      for (code, value) in column.values.enumerated() where code > 0 {
        #expect(histogram[code] == cities.filter { $0 == value }.count)
      }
      // Filters and groups read the codes of either width.
      let last = cities[cities.count - 1]
      let session = TestSession(p, asOf: LoadStateSplitTests.asOf)
      let answers = session.run(
        """
        count city = "\(last)"
        count city = ""
        aging by city
        """
      )
      #expect(answers.ok, "\(answers.err)")
      let expected = cities.filter { $0 == last }.count
      let empty = cities.filter(\.isEmpty).count
      #expect(answers.out.hasPrefix("count\n\(expected)\n\ncount\n\(empty)\n\n"))
      let grouped = answers.out.split(separator: "\n").filter { $0.hasPrefix("\(last),") }
        .map { Int($0.split(separator: ",")[2]) ?? -1 }
      #expect(grouped.count == 7 && grouped.reduce(0, +) == expected)
    }
  }
}
