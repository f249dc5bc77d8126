import CobroDiagnostics

/// The records of a portfolio file scanned a block at a time, converted, and the rows with a
/// problem dropped and reported as rejects.
extension LoadState {

  /// The records of one block, as byte ranges, before conversion.
  ///
  /// Records are scanned into a block of up to `capacity` rows, then converted one column at a
  /// time while the offsets are hot in cache; every column is written through a local raw
  /// pointer (no uniqueness or exclusivity check per value).
  struct Block {
    let columns: Int
    let capacity: Int
    var count = 0
    /// Field ranges of record `i` at `i * columns …`; flags bit 0 quoted, bit 1 doubled quotes.
    let spans: FieldSpans
    var lines: [Int]
    var recordStarts: [Int]
    var recordEnds: [Int]
    /// The first problem of each record (leftmost column), if any.
    var problems: [Problem?]
    var bad = 0

    init(columns: Int, capacity: Int) {
      self.columns = columns
      self.capacity = capacity
      spans = FieldSpans(capacity: columns * (capacity + 1) + 4096)
      lines = [Int](repeating: 0, count: capacity)
      recordStarts = lines
      recordEnds = lines
      problems = [Problem?](repeating: nil, count: capacity)
    }

    mutating func flag(_ i: Int, _ problem: Problem) {
      if problems[i] == nil {
        problems[i] = problem
        bad += 1
      }
    }
  }

  /// Loads every record; with `sampleCheck`, stops with `DialectSuspicion` when most of the
  /// first block is rejected.
  mutating func run(sampleCheck: Bool, from startOffset: Int? = nil, line: Int? = nil) throws {
    reset()
    let ncols = fileColumns.count
    var block = Block(columns: ncols, capacity: 512)
    var scanner = CSVScanner(
      p: bytes.base,
      start: startOffset ?? headerEnd,
      end: bytes.count,
      delimiter: options.delimiter,
      line: line ?? headerLine,
      spans: block.spans
    )
    var dropped = startOffset ?? 0
    var records = 0
    var checked = !sampleCheck
    var done = false
    while !done {
      block.count = 0
      block.bad = 0
      scanner.fieldBase = 0
      // Phase 1: scan records into the block; records of the wrong shape are rejected now.
      while block.count < block.capacity {
        if scanner.pos >= stopAt || rows + block.count >= rowLimit {
          done = true
          break
        }
        let step = scanner.next()
        switch step {
        case .end:
          done = true
        case .unterminatedQuote(let at):
          reject(
            scanner,
            message: "unterminated quote: the field is never closed",
            at: at,
            length: 1
          )
          records += 1
          continue
        case .junkAfterQuote(let at):
          reject(
            scanner,
            message: "unexpected character after a closing quote",
            at: at,
            length: 1
          )
          records += 1
          continue
        case .record:
          break
        }
        if done { break }
        records += 1
        if scanner.count != ncols {
          let at: Int
          if scanner.count > ncols {
            at = scanner.start(ncols) - (scanner.quoted(ncols) ? 1 : 0)
          } else {
            at = scanner.end(scanner.count - 1) + (scanner.quoted(scanner.count - 1) ? 1 : 0)
          }
          reject(
            scanner,
            message: "expected \(ncols) fields, found \(scanner.count)",
            at: at,
            length: 1
          )
          continue
        }
        let i = block.count
        block.lines[i] = scanner.recordLine
        block.recordStarts[i] = scanner.recordStart
        block.recordEnds[i] = scanner.pos
        block.problems[i] = nil
        block.count += 1
        scanner.fieldBase = block.count * ncols
      }
      if block.count > 0 {
        try convert(&block)
      }
      if !checked && (records >= 200 || done) {
        checked = true
        // Without the inline duplicate check, count the duplicates it would have rejected.
        let duplicates = checkDuplicates ? 0 : duplicateAccounts(below: rows)
        if records >= 10 && (rejects.count + duplicates) * 2 >= records {
          throw DialectSuspicion()
        }
      }
      if let progress {
        if !progress(scanner.pos, bytes.count) { throw CobroError.interrupted }
      }
      // The block's bytes are converted: let the mapped pages behind the scan go (every 2 MB:
      // every 8 MB left up to 16 MB of the file resident on two threads at the peak).
      if scanner.pos - dropped >= 2 << 20 {
        bytes.dropPages(from: dropped, to: scanner.pos)
        dropped = scanner.pos
      }
    }
    scanEnd = scanner.pos
    scanEndLine = scanner.line
    if rejects.count > 1 {
      rejects.sort { $0.line < $1.line }
    }
  }

  /// Starts the rows over, for a second pass over the same bytes.
  ///
  /// Columns keep their storage, and their width: the second loader thread's views point into
  /// it.
  mutating func reset() {
    rows = 0
    tables = fileColumns.map { _ in ByteKeyTable(capacity: 16) }
    categoryCaches = CategoryCaches(columns: fileColumns.count)
    accountIndex = RowKeyIndex(rows: checkDuplicates ? estimatedRows : 0)
    rejects = []
    rowLines = checkDuplicates ? ColumnBuffer(capacity: estimatedRows) : nil
    checkpoints = []
    for c in fileColumns {
      switch c.slot {
      case .text(let t, _): t.removeAll()
      case .category(let cat, _): cat.setCount(0)
      case .money(let m, _): m.count = 0
      case .date(let d, _): d.setCount(0)
      case .integer(let n): n.setCount(0)
      }
    }
  }

  /// The first record of a block: the row it would be, where it starts and its line.
  ///
  /// Rows after it are found again by scanning records from `offset`, skipping the rejected
  /// ones (`LoadState.locateRows`).
  struct Checkpoint {
    var row: Int
    var offset: Int
    var line: Int
  }

  /// A reason to reject a record.
  struct Problem {
    var message: Diagnostic.Message
    var offset: Int
    var length: Int
  }

  /// Converts a block column by column, then drops the rejected records and checks ids.
  mutating func convert(_ block: inout Block) throws {
    let n = block.count
    let first = rows
    if let rowLines {
      rowLines.reserve(first + n)
      for i in 0..<n { rowLines.base[first + i] = UInt32(truncatingIfNeeded: block.lines[i]) }
      rowLines.count = first + n
    } else {
      checkpoints.append(
        Checkpoint(row: first, offset: block.recordStarts[0], line: block.lines[0])
      )
    }
    for k in 0..<fileColumns.count {
      switch fileColumns[k].slot {
      case .money(let m, let required): convertMoney(&block, k, m, required)
      case .date(let d, let required):
        d.append(count: block.count) { convertDates(&block, k, into: $0, required) }
      case .integer(let col):
        col.append(count: block.count) { convertIntegers(&block, k, into: $0) }
      case .text(let t, let required): convertText(&block, k, t, required)
      case .category(let c, let closed): convertCategory(&block, k, c, closed)
      }
    }
    rows = first + n
    if first == 0 { presizeText(rows: n) }
    if block.bad > 0 { dropBad(&block, first: first) }
    if checkDuplicates, accountSlot >= 0, case .text(let ids, _) = fileColumns[accountSlot].slot,
      let rowLines
    {
      var j = first
      while j < rows {
        let r = ids.range(j)
        guard
          let earlier = accountIndex.insertOrFind(
            ids.bytes.base,
            r.lowerBound,
            r.upperBound,
            row: j,
            column: ids
          )
        else {
          j += 1
          continue
        }
        // The record now at row j: the (j - first)-th record of the block still kept.
        var kept = -1
        var i = 0
        while i < block.count {
          if block.problems[i] == nil {
            kept += 1
            if kept == j - first { break }
          }
          i += 1
        }
        let s = block.spans.starts[i * block.columns + accountSlot]
        let e = block.spans.ends[i * block.columns + accountSlot]
        block.flag(
          i,
          Problem(
            message:
              "account_id: duplicate '\(ids.string(j))' (first on line \(rowLines[earlier]))",
            offset: s,
            length: e - s
          )
        )
        dropBad(&block, first: first, onlyNew: true)
      }
    }
  }

  /// Sizes each text arena for the whole file from the bytes per row of the first block, so
  /// that it is allocated once (regrowth costs a copy and fresh page faults).
  func presizeText(rows n: Int) {
    guard n > 0 else { return }
    for c in fileColumns {
      guard case .text(let t, _) = c.slot else { continue }
      let perRow = t.bytes.count / n + 1
      t.bytes.reserve(perRow * estimatedRows + perRow * estimatedRows / 8 + 64)
    }
  }

  /// Removes the rows of the block that have a problem (rare), reporting each.
  mutating func dropBad(_ block: inout Block, first: Int, onlyNew: Bool = false) {
    // Map the block's records to the rows they occupy now (earlier drops already removed some).
    var keep: [Bool] = []
    keep.reserveCapacity(rows - first)
    var reported = 0
    for i in 0..<block.count {
      if let problem = block.problems[i] {
        if onlyNew && block.lines[i] == -1 { continue }  // dropped by an earlier call
        keep.append(false)
        rejectRecord(block, i, problem)
        block.lines[i] = -1
        reported += 1
      } else {
        keep.append(true)
      }
    }
    guard reported > 0 else { return }
    compact(from: first) { keep[$0 - first] }
  }

  /// Keeps the rows from `first` on for which `keep` holds, moved down in order.
  mutating func compact(from first: Int, keep: (Int) -> Bool) {
    var w = first
    for r in first..<rows where keep(r) {
      if r != w { moveRow(from: r, to: w) }
      w += 1
    }
    for c in fileColumns {
      if case .text(let t, _) = c.slot { t.compact(from: first, keep: keep) }
    }
    truncate(to: w)
  }

  /// Sets every column to its first `w` rows (after rows were moved down over dropped ones).
  mutating func truncate(to w: Int) {
    for c in fileColumns {
      switch c.slot {
      case .text(let t, _): t.truncate(rows: w)
      case .category(let cat, _): cat.setCount(w)
      case .money(let m, _): m.count = w
      case .date(let d, _): d.setCount(w)
      case .integer(let col): col.setCount(w)
      }
    }
    rowLines?.count = w
    rows = w
  }

  /// Moves row `r` to row `w < r` in every column but the text ones (`compact` moves those).
  func moveRow(from r: Int, to w: Int) {
    for c in fileColumns {
      switch c.slot {
      case .text: break
      case .category(let cat, _): cat.move(from: r, to: w)
      case .money(let m, _): m[w] = m[r]
      case .date(let d, _): d.move(from: r, to: w)
      case .integer(let col): col.move(from: r, to: w)
      }
    }
    if let rowLines { rowLines[w] = rowLines[r] }
  }

  mutating func rejectRecord(_ block: Block, _ i: Int, _ problem: Problem) {
    var scanner = CSVScanner(
      p: bytes.base,
      start: block.recordStarts[i],
      end: bytes.count,
      delimiter: options.delimiter,
      line: block.lines[i]
    )
    scanner.recordStart = block.recordStarts[i]
    scanner.recordLine = block.lines[i]
    scanner.pos = block.recordEnds[i]
    reject(scanner, message: problem.message, at: problem.offset, length: problem.length)
  }

  mutating func reject(
    _ scanner: CSVScanner,
    message: Diagnostic.Message,
    at: Int,
    length: Int
  ) {
    let location = scanner.locate(at)
    locateWork += location.bytesExamined
    var chars = 0
    var i = at
    while i < at + length && i < bytes.count {
      if bytes.base[i] & 0xC0 != 0x80 { chars += 1 }
      i += 1
    }
    let diagnostic = Diagnostic(
      .error,
      message,
      at: SourceRange(
        file: name,
        line: location.line,
        column: location.column,
        length: max(chars, 1)
      ),
      sourceLine: location.text
    )
    rejects.append(
      RejectedRow(
        file: name,
        line: scanner.recordLine,
        text: scanner.recordText(),
        diagnostic: diagnostic
      )
    )
  }
}
