#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The working state of one portfolio load: header mapping, column builders, rejects.
struct LoadState {
  /// How one file column is converted.
  enum Slot {
    case text(TextColumn, required: Bool)
    case category(CategoryColumn, closed: [String: String]?)
    case money(ColumnBuffer<Int64>, required: Bool)
    case date(Int32Column, required: Bool)
    case integer(Int32Column)
  }

  /// A file column: its header, its query name, its canonical field, its builder and how its
  /// dates and amounts are written (the load's options, unless a column map says otherwise).
  struct FileColumn {
    var header: String
    var name: String
    var field: CanonicalField?
    var slot: Slot
    var dates: LoadOptions.DateOrder
    var decimalComma: Bool
  }

  let bytes: InputBytes
  let start: Int
  let name: String
  let options: LoadOptions
  var progress: ((Int, Int) -> Bool)?
  var fileColumns: [FileColumn] = []
  var rows = 0
  var rejects: [RejectedRow] = []
  var warnings: [Diagnostic] = []
  /// The line where each row's record starts, kept only while duplicate ids are checked inline
  /// (a one-thread load), for the "first on line N" of a duplicate.
  ///
  /// A two-thread load keeps `checkpoints` instead (4 bytes a row less at the peak) and finds
  /// the records of the rare duplicates again by scanning from the nearest one.
  var rowLines: ColumnBuffer<UInt32>?
  /// Where each block of rows started, while duplicate ids are not checked inline.
  var checkpoints: [Checkpoint] = []
  var headerEnd = 0
  var headerLine = 1
  var accountSlot = -1
  var estimatedRows = 0
  /// Byte-keyed lookup of each category column's codes (empty for other columns).
  private var tables: [ByteKeyTable] = []
  /// The category columns' word caches (`convertCategory`), made anew by each run, so that each
  /// thread has its own and codes stay those of its tables.
  private var categoryCaches = CategoryCaches(columns: 0)
  /// Row of each account id seen so far, to reject duplicates.
  private var accountIndex = RowKeyIndex(rows: 0)
  /// Whether duplicate account ids are rejected while scanning (a two-thread load checks them
  /// once both halves are in: `rejectDuplicateAccounts`).
  var checkDuplicates = true
  /// The scan stops at the first record that starts at or after this offset.
  var stopAt = Int.max
  /// The scan stops before a record that would make more rows than this (the first half of a
  /// two-thread load must not write into the rows of the second).
  var rowLimit = Int.max
  /// Where the last scan stopped, and the line there.
  var scanEnd = 0
  var scanEndLine = 1
  /// Bytes read to locate the rejected rows (a count of work: each reject reads its own record
  /// and line only, so this stays within a few times the file's size).
  var locateWork = 0

  /// The missing required columns, reported after a dialect check.
  struct MissingColumns: Error {
    var diagnostic: Diagnostic
  }

  init(
    bytes: InputBytes,
    start: Int,
    name: String,
    options: LoadOptions,
    progress: ((Int, Int) -> Bool)?,
    estimatedRows: Int? = nil
  ) throws {
    self.bytes = bytes
    self.start = start
    self.name = name
    self.options = options
    self.progress = progress
    try readHeader(estimatedRows: estimatedRows)
  }

  // MARK: - Header

  private mutating func readHeader(estimatedRows known: Int?) throws {
    var scanner = CSVScanner(
      p: bytes.base,
      start: start,
      end: bytes.count,
      delimiter: options.delimiter
    )
    guard case .record = scanner.next() else {
      throw CobroError.badInput(path: name, reason: "empty file: no header row")
    }
    try InputLimits.checkHeader(scanner, file: name)
    headerEnd = scanner.pos
    headerLine = scanner.line
    var newlines = 0
    let p = bytes.base
    if let known {
      newlines = known
    } else {
      var cursor = UnsafeRawPointer(p + headerEnd)
      var left = bytes.count - headerEnd
      while left > 0, let hit = memchr(cursor, 10, left) {
        newlines += 1
        let consumed = UnsafeRawPointer(hit) - cursor + 1
        cursor += consumed
        left -= consumed
      }
    }
    estimatedRows = newlines + 1
    let averageBytes = max(8, (bytes.count - headerEnd) / max(estimatedRows, 1))
    var seen: [String: Int] = [:]
    var mappedKeys: Set<String> = []
    // A header that names a column only through a loose alias (`Cuenta`, `Crédito`) gives way
    // to one that names it by its canonical name, spec alias or the column map (`Obligación`),
    // or to an earlier loose one, and is kept as an extra column instead.
    var strongly: Set<String> = []
    for k in 0..<scanner.count {
      let header = scanner.string(k).trimmingCharacters(in: " \t")
      if let mapped = options.columnMap?.entry(forHeader: header) {
        if let f = mapped.field { strongly.insert(f.name) }
      } else if !CanonicalSchema.isLooseAlias(header),
        let f = CanonicalSchema.field(forHeader: header)
      {
        strongly.insert(f.name)
      }
    }
    for k in 0..<scanner.count {
      if let bad = InputBytes.firstInvalidUTF8(p, scanner.start(k), scanner.end(k)) {
        throw MissingColumns(
          diagnostic: Diagnostic(
            .error,
            "header: invalid UTF-8",
            at: SourceRange(file: name, line: 1, column: scanner.columnOf(bad)),
            sourceLine: scanner.physicalLine(containing: bad),
            notes: ["if the file was saved by a spreadsheet, try 'encoding cp1252'"]
          )
        )
      }
      let header = scanner.string(k).trimmingCharacters(in: " \t")
      var queryName: String
      let mapped = header.isEmpty ? nil : options.columnMap?.entry(forHeader: header)
      if let mapped { mappedKeys.insert(mapped.key) }
      var field = mapped.map(\.field) ?? CanonicalSchema.field(forHeader: header)
      if mapped == nil, let f = field, CanonicalSchema.isLooseAlias(header),
        strongly.contains(f.name) || seen[f.name] != nil
      {
        field = nil
      }
      if header.isEmpty {
        queryName = "column_\(k + 1)"
      } else {
        queryName = mapped?.name ?? LoadState.extraName(header)
      }
      if let f = field {
        queryName = f.name
      } else if mapped == nil && CanonicalSchema.computedNames.contains(queryName) {
        let renamed = "file_" + queryName
        warnings.append(
          Diagnostic(
            .warning,
            "column '\(header)' is a computed field: kept as '\(renamed)'",
            at: SourceRange(file: name, line: 1, column: scanner.columnOf(scanner.start(k)))
          )
        )
        queryName = renamed
        field = nil
      }
      if let previous = seen[queryName] {
        throw Diagnostic(
          .error,
          "column '\(header)' appears twice (first as column \(previous + 1))",
          at: SourceRange(
            file: name,
            line: 1,
            column: scanner.columnOf(scanner.start(k)),
            length: max(1, header.count)
          ),
          sourceLine: scanner.physicalLine(containing: scanner.start(k))
        )
      }
      seen[queryName] = k
      var slot = LoadState.makeSlot(
        field: field,
        rows: estimatedRows,
        averageBytes: averageBytes / 4
      )
      if field == nil, let type = mapped?.type {
        slot = LoadState.makeSlot(type: type, rows: estimatedRows, averageBytes: averageBytes / 4)
      } else if field == nil,
        CanonicalSchema.cutoffHeaders.contains(CanonicalSchema.normalize(header))
      {
        slot = .date(Int32Column(rows: estimatedRows, base: Int32Column.dayBase), required: false)
      }
      if queryName == "account_id" { accountSlot = k }
      fileColumns.append(
        FileColumn(
          header: header,
          name: queryName,
          field: field,
          slot: slot,
          dates: mapped?.dates ?? options.dates,
          decimalComma: mapped?.decimalComma ?? options.decimalComma
        )
      )
    }
    if let map = options.columnMap {
      for entry in map.entries where !mappedKeys.contains(entry.key) {
        warnings.append(
          Diagnostic(
            .warning,
            "column map: \(name) has no column '\(entry.header)'",
            at: entry.range,
            sourceLine: entry.sourceLine
          )
        )
      }
    }
    let missing = CanonicalSchema.fields.filter { f in
      f.required && !fileColumns.contains { $0.field?.name == f.name }
    }
    if !missing.isEmpty {
      let names = missing.map { "'\($0.name)'" }.joined(separator: ", ")
      let found = fileColumns.map(\.header).prefix(12).joined(separator: ", ")
      throw MissingColumns(
        diagnostic: Diagnostic(
          .error,
          "missing required column\(missing.count > 1 ? "s" : "") \(names)",
          at: SourceRange(file: name, line: 1, column: 1),
          sourceLine: scanner.physicalLine(containing: start),
          notes: [
            "the header has: \(found)\(fileColumns.count > 12 ? ", …" : "")",
            Diagnostic.Message(
              "required: account_id (obligacion), debtor_id (cliente_id), balance (saldo), "
                + "due_date (fecha_vencimiento)"
            ),
          ]
        )
      )
    }
  }

  /// The query name of an extra column: folded, lowercase, words joined by `_`.
  static func extraName(_ header: String) -> String {
    var out = ""
    var pendingUnderscore = false
    for u in header.unicodeScalars {
      let f = CanonicalSchema.foldAccent(u)
      let isWord =
        (f >= "a" && f <= "z") || (f >= "0" && f <= "9") || f.value > 0x7F
      if isWord {
        if pendingUnderscore && !out.isEmpty { out.append("_") }
        pendingUnderscore = false
        out.unicodeScalars.append(f)
      } else {
        pendingUnderscore = true
      }
    }
    return out.isEmpty ? "column" : out
  }

  /// The builder of an extra column whose type a column map declares.
  private static func makeSlot(type: FieldType, rows: Int, averageBytes: Int) -> Slot {
    switch type {
    case .text:
      return .text(TextColumn(rows: rows, bytesPerRow: max(averageBytes, 4)), required: false)
    case .category: return .category(CategoryColumn(rows: rows), closed: nil)
    case .money: return .money(ColumnBuffer(capacity: rows), required: false)
    case .date:
      return .date(Int32Column(rows: rows, base: Int32Column.dayBase), required: false)
    case .integer: return .integer(Int32Column(rows: rows, base: 0))
    }
  }

  private static func makeSlot(field: CanonicalField?, rows: Int, averageBytes: Int) -> Slot {
    guard let field else {
      return .text(TextColumn(rows: rows, bytesPerRow: max(averageBytes, 4)), required: false)
    }
    switch field.type {
    case .text:
      // Sized from the first block of rows (`presizeText`).
      return .text(TextColumn(rows: rows, bytesPerRow: 1), required: field.required)
    case .category:
      return .category(CategoryColumn(rows: rows), closed: Vocabulary.closed[field.name])
    case .money:
      return .money(ColumnBuffer(capacity: rows), required: field.required)
    case .date:
      return .date(Int32Column(rows: rows, base: Int32Column.dayBase), required: field.required)
    case .integer:
      return .integer(Int32Column(rows: rows, base: 0))
    }
  }

  // MARK: - Rows

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
  private mutating func reset() {
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
  private mutating func convert(_ block: inout Block) throws {
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
  private func presizeText(rows n: Int) {
    guard n > 0 else { return }
    for c in fileColumns {
      guard case .text(let t, _) = c.slot else { continue }
      let perRow = t.bytes.count / n + 1
      t.bytes.reserve(perRow * estimatedRows + perRow * estimatedRows / 8 + 64)
    }
  }

  /// Removes the rows of the block that have a problem (rare), reporting each.
  private mutating func dropBad(_ block: inout Block, first: Int, onlyNew: Bool = false) {
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
  private func moveRow(from r: Int, to w: Int) {
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

  private mutating func rejectRecord(_ block: Block, _ i: Int, _ problem: Problem) {
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

  /// The trimmed range of cell `k` of record `i`.
  @inline(__always)
  private func cell(_ block: Block, _ i: Int, _ k: Int) -> (Int, Int, UInt8) {
    let at = i * block.columns + k
    var s = block.spans.starts[at]
    var e = block.spans.ends[at]
    let f = block.spans.flags[at]
    if f == 0 { CSVScanner.trim(bytes.base, &s, &e) }
    return (s, e, f)
  }

  private func emptyRequired(_ block: Block, _ i: Int, _ k: Int) -> Problem {
    let at =
      block.spans.starts[i * block.columns + k]
      - (block.spans.flags[i * block.columns + k] & 1)
      .toInt
    return Problem(
      message: "\(fileColumns[k].name): required value is empty",
      offset: at,
      length: 1
    )
  }

  private func convertMoney(
    _ block: inout Block,
    _ k: Int,
    _ m: ColumnBuffer<Int64>,
    _ required: Bool
  ) {
    let n = block.count
    let first = rows
    m.reserve(first + n)
    let out = m.base + first
    let p = bytes.base
    let comma = fileColumns[k].decimalComma
    for i in 0..<n {
      let (s, e, _) = cell(block, i, k)
      if s == e {
        out[i] = Column.missingMoney
        if required { block.flag(i, emptyRequired(block, i, k)) }
        continue
      }
      let v =
        comma
        ? Money.parse(p, s, e, style: .decimalComma)
        : (LoadState.exportCents(p, s, e) ?? Money.parseCanonical(p, s, e))
      if let v {
        out[i] = v
      } else {
        out[i] = 0
        block.flag(
          i,
          Problem(
            message: "\(fileColumns[k].name): '\(text(s, e))' is not money",
            offset: s,
            length: e - s
          )
        )
      }
    }
    m.count = first + n
  }

  /// The cents of a cell shaped like an export's amount, `D…D.DD` with 1 to 16 integer digits,
  /// or `nil` for any other shape (then `Money.parseCanonical` decides).
  ///
  /// Eight digits at a time (SWAR: one check and three multiplies per word instead of a loop
  /// per digit; money was the largest converter of the load). The words are read ending at the
  /// decimal point, so a short amount reads up to 8 bytes before `s`: offsets are from the
  /// start of the file, and the cell never starts before byte 11 of it when it is read.
  @inline(__always)
  static func exportCents(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int64? {
    let digits = e - s - 3
    guard digits >= 1, digits <= 16, e >= 19, p[e - 3] == UInt8(ascii: ".") else { return nil }
    let f0 = p[e - 2] &- 48
    let f1 = p[e - 1] &- 48
    guard f0 <= 9, f1 <= 9 else { return nil }
    let raw = UnsafeRawPointer(p)
    // The last 8 (or fewer) integer digits, then the ones before them.
    let low = min(digits, 8)
    let lowWord = raw.loadUnaligned(fromByteOffset: e - 11, as: UInt64.self)
    guard let lowValue = eightDigits(lowWord, low) else { return nil }
    var value = Int64(lowValue)
    if digits > 8 {
      guard
        let high = eightDigits(
          raw.loadUnaligned(fromByteOffset: e - 19, as: UInt64.self),
          digits - 8
        )
      else { return nil }
      value += Int64(high) * 100_000_000
    }
    return value * 100 + Int64(f0) * 10 + Int64(f1)
  }

  /// The number written by the last `n` (1 to 8) bytes of a little-endian word, when they are
  /// all ASCII digits.
  @inline(__always)
  static func eightDigits(_ word: UInt64, _ n: Int) -> UInt64? {
    let zeros: UInt64 = 0x3030_3030_3030_3030
    // The bytes before the number (the low ones) count as '0'.
    let skip: UInt64 = n == 8 ? 0 : (1 << UInt64((8 - n) * 8)) &- 1
    let w = (UInt64(littleEndian: word) & ~skip) | (zeros & skip)
    let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    guard w & high == zeros, (w &+ 0x0606_0606_0606_0606) & high == zeros else { return nil }
    // Pairs, then quads, then the eight digits (shifts bind tighter than `&*` in Swift).
    var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
    v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
  }

  /// Parses a block's dates of column `k` into `out` (then stored in two bytes or four).
  private func convertDates(
    _ block: inout Block,
    _ k: Int,
    into out: UnsafeMutablePointer<Int32>,
    _ required: Bool
  ) {
    let n = block.count
    let p = bytes.base
    let iso = fileColumns[k].dates == .iso
    for i in 0..<n {
      let (s, e, _) = cell(block, i, k)
      if s == e {
        out[i] = Day.missing
        if required { block.flag(i, emptyRequired(block, i, k)) }
        continue
      }
      if let v = iso ? Day.parseISO(p, s, e) : Day.parseDMY(p, s, e) {
        out[i] = v
      } else {
        out[i] = Day.missing
        let expected = iso ? "YYYY-MM-DD" : "DD/MM/YYYY"
        block.flag(
          i,
          Problem(
            message: "\(fileColumns[k].name): '\(text(s, e))' is not a date (\(expected))",
            offset: s,
            length: e - s
          )
        )
      }
    }
  }

  /// Parses a block's whole numbers of column `k` (0 to `Int32.max`, payment counts) into
  /// `out`.
  private func convertIntegers(
    _ block: inout Block,
    _ k: Int,
    into out: UnsafeMutablePointer<Int32>
  ) {
    let n = block.count
    let p = bytes.base
    for i in 0..<n {
      let (s, e, _) = cell(block, i, k)
      if s == e {
        out[i] = Column.missingInteger
        continue
      }
      var v: Int64 = 0
      var j = s
      while j < e, p[j] &- 48 <= 9 {
        // Eleven digits are already too many; the rest are only checked to be digits.
        if j - s < 11 { v = v &* 10 &+ Int64(p[j] &- 48) }
        j += 1
      }
      out[i] = Int32(clamping: v)
      var wrong: Diagnostic.Message?
      if j != e {
        wrong = "\(fileColumns[k].name): '\(text(s, e))' is not a whole number >= 0"
      } else if v > Int64(Int32.max) {
        wrong = "\(fileColumns[k].name): '\(text(s, e))' is too large (at most \(Int32.max))"
      }
      if let wrong {
        // The row is rejected; an empty cell keeps its value from widening the column.
        out[i] = Column.missingInteger
        block.flag(i, Problem(message: wrong, offset: s, length: e - s))
      }
    }
  }

  private func convertText(_ block: inout Block, _ k: Int, _ t: TextColumn, _ required: Bool) {
    let n = block.count
    let first = rows
    var total = 0
    for i in 0..<n {
      let at = i * block.columns + k
      total += block.spans.ends[at] - block.spans.starts[at]
    }
    t.bytes.reserve(t.bytes.count + total)
    t.lows.reserve(first + n)
    let lows = t.lows.base + first
    let arena = t.bytes.base
    var pos = t.bytes.count
    let p = bytes.base
    // A mark where each block of rows begins (`TextColumn`).
    var mask = 1 << t.shift - 1
    t.marks.reserve((first + n + mask) >> t.shift)
    var marks = t.marks.base
    var b = t.marks.count
    var mark = b == 0 ? 0 : marks[b - 1]
    for i in 0..<n {
      let start = pos
      if (first + i) & mask == 0 {
        marks[b] = start
        b += 1
        mark = start
      }
      let (s, e, f) = cell(block, i, k)
      if s == e && required { block.flag(i, emptyRequired(block, i, k)) }
      if LoadState.hasHighBit(p, s, e), let bad = InputBytes.firstInvalidUTF8(p, s, e) {
        block.flag(
          i,
          Problem(message: "\(fileColumns[k].name): invalid UTF-8", offset: bad, length: 1)
        )
      }
      if f & 2 == 0 {
        if e > s { (arena + pos).update(from: p + s, count: e - s) }
        pos += e - s
      } else {
        var j = s
        while j < e {
          arena[pos] = p[j]
          pos += 1
          j += p[j] == 34 && j + 1 < e && p[j + 1] == 34 ? 2 : 1
        }
      }
      if pos - start > TextColumn.maxCellBytes {
        // The record is rejected; its bytes are not kept.
        pos = start
        block.flag(
          i,
          Problem(
            message:
              "\(fileColumns[k].name): longer than \(TextColumn.maxCellBytes) bytes",
            offset: s,
            length: e - s
          )
        )
      }
      lows[i] = UInt16(truncatingIfNeeded: pos)
      if pos - mark > TextColumn.maxCellBytes {
        // This block holds 64 KiB or more: smaller blocks from now on (rare).
        t.lows.count = first + i + 1
        t.marks.count = b
        t.remark(from: 0, shift: t.shift - 1)
        mask = 1 << t.shift - 1
        t.marks.reserve((first + n + mask) >> t.shift)
        marks = t.marks.base
        b = t.marks.count
        mark = marks[b - 1]
      }
    }
    t.bytes.count = pos
    t.lows.count = first + n
    t.marks.count = b
  }

  /// Whether any byte of `[s, e)` is outside ASCII (8 bytes at a time).
  @inline(__always)
  static func hasHighBit(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    var i = s
    let raw = UnsafeRawPointer(p)
    var acc: UInt64 = 0
    while i + 8 <= e {
      acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      i += 8
    }
    while i < e {
      acc |= UInt64(p[i])
      i += 1
    }
    return acc & 0x8080_8080_8080_8080 != 0
  }

  private mutating func convertCategory(
    _ block: inout Block,
    _ k: Int,
    _ column: CategoryColumn,
    _ closed: [String: String]?
  ) {
    let n = block.count
    let first = rows
    column.reserve(first + n)
    // One byte a code until a code needs two (`CategoryColumn`).
    var narrow = column.wide == nil ? column.narrow.base + first : nil
    var wide = column.wide.map { $0.base + first }
    let p = bytes.base
    var lastStart = -1
    var lastEnd = -1
    var lastCode: UInt32 = 0
    // A local copy: reading `tables[k]` per cell retained its arrays each time.
    var table = tables[k]
    // Values of up to 8 bytes (most labels) are looked up in a 256-slot direct-mapped cache
    // keyed by the bytes as one word: a load, a mask, a multiply and two compares, instead of a
    // hash over the bytes and a probe through the table's arrays (`convertCategory` was the
    // largest converter in the load profile). Slot `j` holds the word at `2j` and
    // `length << 32 | code` at `2j + 1`; length 0 marks an empty slot. The cache lives for the
    // whole run (a code never changes once given), not one block.
    let cache = categoryCaches.column(k)
    let raw = UnsafeRawPointer(p)
    let limit = bytes.count
    for i in 0..<n {
      let (s, e, f) = cell(block, i, k)
      var code: UInt32 = 0
      if s == e {
        narrow?[i] = 0
        wide?[i] = 0
        continue
      }
      let length = e - s
      var slot = -1
      var word: UInt64 = 0
      if length <= 8 && s + 8 <= limit {
        word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: s, as: UInt64.self))
        if length < 8 { word &= (1 << (UInt64(length) << 3)) &- 1 }
        slot =
          Int(truncatingIfNeeded: ((word ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15) >> 56) &* 2
        if cache[slot] == word && cache[slot + 1] >> 32 == UInt64(length) {
          code = UInt32(truncatingIfNeeded: cache[slot + 1])
        } else {
          slot = -slot - 2
        }
      }
      if slot < 0 {
        if lastStart >= 0 && e - s == lastEnd - lastStart
          && ByteKeyTable.equal(p + s, p + lastStart, e - s)
        {
          code = lastCode
        } else if let found = table.find(p, s, e) {
          code = found
        } else {
          code = intern(k, column, closed, s, e, escaped: f & 2 != 0)
          tables[k].insert(p, s, e, payload: code)
          table = tables[k]
        }
        if slot != -1 {
          let j = -slot - 2
          cache[j] = word
          cache[j + 1] = UInt64(length) << 32 | UInt64(code)
        }
        lastStart = s
        lastEnd = e
        lastCode = code
      }
      if code >= UInt32(UInt16.max) {
        if code == UInt32.max {
          let allowed = Vocabulary.canonicalValues[fileColumns[k].name] ?? []
          block.flag(
            i,
            Problem(
              message:
                "\(fileColumns[k].name): '\(text(s, e))' is not one of \(allowed.joined(separator: ", "))",
              offset: s,
              length: e - s
            )
          )
        } else if code == UInt32.max - 1 {
          block.flag(
            i,
            Problem(message: "\(fileColumns[k].name): invalid UTF-8", offset: s, length: 1)
          )
        } else {
          block.flag(
            i,
            Problem(
              message: "\(fileColumns[k].name): more than 65,535 distinct values",
              offset: s,
              length: e - s
            )
          )
        }
        code = 0
      }
      if let narrow {
        if code <= UInt32(UInt8.max) {
          narrow[i] = UInt8(truncatingIfNeeded: code)
          continue
        }
        column.setCount(first + i)
        column.widen(capacity: first + n)
        wide = column.wide.map { $0.base + first }
      }
      narrow = nil
      wide?[i] = UInt16(truncatingIfNeeded: code)
    }
    column.setCount(first + n)
  }

  /// The code of a value not seen before: `UInt32.max` for a value outside a closed vocabulary,
  /// `UInt32.max - 1` for invalid UTF-8, `UInt32.max - 2` when the dictionary is full.
  private func intern(
    _ k: Int,
    _ column: CategoryColumn,
    _ closed: [String: String]?,
    _ s: Int,
    _ e: Int,
    escaped: Bool
  ) -> UInt32 {
    if InputBytes.firstInvalidUTF8(bytes.base, s, e) != nil { return UInt32.max - 1 }
    var value = escaped ? unescaped(s, e) : text(s, e)
    if let closed {
      guard let canonical = closed[CanonicalSchema.fold(value)] else { return UInt32.max }
      value = canonical
    } else if fileColumns[k].name == "currency" {
      value = value.uppercased()
    }
    guard let code = column.intern(value) else { return UInt32.max - 2 }
    return UInt32(code)
  }

  private func text(_ s: Int, _ e: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: bytes.base + s, count: e - s), as: UTF8.self)
  }

  private func unescaped(_ s: Int, _ e: Int) -> String {
    text(s, e).replacingOccurrences(of: "\"\"", with: "\"")
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

  /// The finished columns, in file order.
  func columns() -> [Column] {
    fileColumns.map { c in
      let data: ColumnData
      switch c.slot {
      case .text(let t, _): data = .text(t)
      case .category(let cat, _): data = .category(cat)
      case .money(let m, _): data = .money(m)
      case .date(let d, _): data = .date(d)
      case .integer(let n): data = .integer(n)
      }
      return Column(name: c.name, header: c.header, field: c.field, data: data)
    }
  }
}

/// The closed vocabularies and the Spanish and English spellings accepted for each value.
public enum Vocabulary {
  /// The canonical values of each closed column, in display order.
  public static let canonicalValues: [String: [String]] = [
    "status": CanonicalSchema.statuses,
    "channel": CanonicalSchema.channels,
    "debtor_type": CanonicalSchema.debtorTypes,
  ]

  /// Folded spelling → canonical value, per closed column.
  static let closed: [String: [String: String]] = [
    "status": [
      "active": "active", "activa": "active", "activo": "active", "vigente": "active",
      "written_off": "written_off", "writtenoff": "written_off", "written off": "written_off",
      "castigada": "written_off", "castigado": "written_off", "castigo": "written_off",
      "paid": "paid", "pagada": "paid", "pagado": "paid", "cancelada": "paid",
    ],
    "channel": [
      "whatsapp": "whatsapp", "email": "email", "correo": "email", "e-mail": "email",
      "call": "call", "llamada": "call", "telefono": "call", "phone": "call",
      "sms": "sms", "mensaje": "sms",
    ],
    "debtor_type": [
      "person": "person", "persona": "person", "natural": "person",
      "persona natural": "person",
      "company": "company", "empresa": "company", "juridica": "company",
      "persona juridica": "company",
    ],
  ]
}

extension String {
  /// The string without the given leading and trailing characters.
  func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var s = Substring(self)
    while let f = s.first, chars.contains(f) { s.removeFirst() }
    while let l = s.last, chars.contains(l) { s.removeLast() }
    return String(s)
  }
}

extension UInt8 {
  /// The byte as an `Int`.
  fileprivate var toInt: Int { Int(self) }
}

/// The 256-slot word caches of `LoadState.convertCategory`, one per column (two words a slot).
final class CategoryCaches {
  private let words: UnsafeMutablePointer<UInt64>
  private static let wordsPerColumn = 512

  init(columns: Int) {
    let n = max(columns, 1) * CategoryCaches.wordsPerColumn
    words = .allocate(capacity: n)
    words.initialize(repeating: 0, count: n)
  }

  deinit { words.deallocate() }

  /// The cache of column `k`.
  func column(_ k: Int) -> UnsafeMutablePointer<UInt64> {
    words + k * CategoryCaches.wordsPerColumn
  }
}
