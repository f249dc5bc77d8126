import CobroDiagnostics
import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two-thread load: the file is cut at a line start near the middle and each half is scanned
/// and converted by its own thread (`notes/swift-performance.md`, sections 3 and 5).
///
/// Nothing about the result depends on the cut: the rows, the dictionaries' codes, the rejects
/// and their locations are those of a one-thread load of the same bytes.
/// - The second half writes its fixed-width values (money, dates, codes, text ends) straight
///   into the first half's buffers, after every row the first half can have (a bound from
///   counting record terminators), so that joining them is at most one `memmove`. Its text
///   bytes go to arenas of its own that are appended after the first half's, a few megabytes at
///   a time, each piece given back as soon as it is copied.
/// - The second thread assumes that the cut is a record boundary and counts lines from 1; the
///   first thread, which scans up to the cut, confirms both (when the cut fell inside a quoted
///   line break it ends past it, and the whole file is loaded again on one thread).
/// - The second half's dictionaries are merged into the first half's in first-seen order, so
///   codes are those of a one-thread load.
/// - Duplicate account ids are found after the join. Ids in strictly ascending order (each
///   thread checks its half) cannot repeat; otherwise both threads index every row, each only
///   the ids whose hash falls in its half of the hash space (a quarter per pass), so that "first
///   on line N" means the same as in a one-thread load. The few duplicate records are found
///   again by scanning from the start of their block (`checkpoints`), not from a start offset
///   kept for every row.
extension LoadState {
  /// Where to cut and how many rows each half can hold at most.
  struct Split {
    /// The offset of the line start where the second half begins.
    var cut: Int
    /// At most this many records end before `cut` (record terminators before it, plus one).
    var firstRows: Int
    /// At most this many records start at or after `cut`.
    var secondRows: Int
  }

  /// Chooses the cut and bounds the records on each side.
  ///
  /// The cut is the first line start after the middle of `[start, end)`; the two halves are
  /// counted on two threads. `nil` when there is no line break after the middle.
  static func plan(_ bytes: InputBytes, start: Int) -> Split? {
    let end = bytes.count
    let middle = start + (end - start) / 2
    guard middle < end,
      let hit = memchr(bytes.base + middle, 10, end - middle)
    else { return nil }
    let cut = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.base) + 1
    guard cut < end else { return nil }
    let counts = TerminatorCounts()
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      let n =
        half == 0
        ? LoadState.terminators(bytes, from: start, to: cut)
        : LoadState.terminators(bytes, from: cut, to: end)
      counts.set(half, n)
    }
    return Split(cut: cut, firstRows: counts.values[0] + 1, secondRows: counts.values[1] + 1)
  }

  /// Results of the two counting threads.
  private final class TerminatorCounts: @unchecked Sendable {
    var values = [0, 0]
    private let lock = LoaderLock()
    func set(_ i: Int, _ v: Int) { lock.with { values[i] = v } }
  }

  /// The number of bytes in `[from, to)` that can end a record.
  ///
  /// Those are every `\n`, and every `\r` not followed by `\n` (the scanner also ends a record
  /// at a lone `\r`). Drops the mapped pages behind it, so that counting does not make the whole
  /// file resident.
  static func terminators(_ bytes: InputBytes, from: Int, to: Int) -> Int {
    let p = bytes.base
    let raw = UnsafeRawPointer(p)
    var i = from
    var newlines = 0
    var returns = 0
    let nl = SIMD32<UInt8>(repeating: 10)
    let cr = SIMD32<UInt8>(repeating: 13)
    let chunk = 4 << 20
    while i < to {
      let chunkStart = i
      let stop = min(to, i + chunk)
      // 32 bytes at a time, 255 blocks per byte-wide accumulator (the compare mask bit-cast to
      // bytes is 0xFF per hit: subtracting it adds one; `notes/swift-performance.md`, 2).
      while i + 32 <= stop {
        var accN = SIMD32<UInt8>()
        var accR = SIMD32<UInt8>()
        var k = 0
        while k < 255 && i + 32 <= stop {
          let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD32<UInt8>.self)
          accN &-= unsafeBitCast(v .== nl, to: SIMD32<UInt8>.self)
          accR &-= unsafeBitCast(v .== cr, to: SIMD32<UInt8>.self)
          i += 32
          k += 1
        }
        for lane in 0..<32 {
          newlines += Int(accN[lane])
          returns += Int(accR[lane])
        }
      }
      while i < stop {
        if p[i] == 10 { newlines += 1 }
        if p[i] == 13 { returns += 1 }
        i += 1
      }
      bytes.dropPages(from: chunkStart, to: stop)
    }
    guard returns > 0 else { return newlines }
    // Lines end in CRLF (or hold stray CRs): count the CRs that are not followed by LF.
    var lone = 0
    var cursor = UnsafeRawPointer(p + from)
    var left = to - from
    while left > 0, let hit = memchr(cursor, 13, left) {
      let at = UnsafeRawPointer(hit) - raw
      if at + 1 >= bytes.count || p[at + 1] != 10 { lone += 1 }
      let consumed = UnsafeRawPointer(hit) - cursor + 1
      cursor += consumed
      left -= consumed
    }
    return newlines + lone
  }

  /// Loads every record on two threads, cut as `split` says.
  ///
  /// When the cut turns out not to be a record boundary, loads the file again on this thread.
  ///
  /// - Throws: what `run` throws (`DialectSuspicion` from the first half's sample check).
  mutating func runSplit(_ split: Split, sampleCheck: Bool) throws {
    guard split.cut > headerEnd else {
      try run(sampleCheck: sampleCheck)
      return
    }
    // Records of the first half: at most one per terminator after the header (the bound is
    // exact for a clean file, so that the halves meet without a move).
    let firstRows = max(
      split.firstRows - LoadState.terminators(bytes, from: start, to: headerEnd),
      1
    )
    let rowsBound = firstRows + split.secondRows
    reserveRows(rowsBound)
    checkDuplicates = false
    stopAt = split.cut
    rowLimit = firstRows
    let userProgress = progress
    if let userProgress {
      // This thread sees about half the bytes: report twice its progress.
      let from = headerEnd
      progress = { done, total in
        userProgress(min(total, from + (done - from) * 2), total)
      }
    }
    defer { endSplit(progress: userProgress) }
    let second = SecondHalf(forked(at: firstRows, rows: split.secondRows))
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      second.run(from: split.cut)
    }
    var failure: (any Error)?
    var ascending = false
    do {
      try run(sampleCheck: sampleCheck)
      ascending = accountsAscending(from: 0)
    } catch {
      failure = error
      second.cancel()
    }
    group.wait()
    if let failure { throw failure }
    if let error = second.error { throw error }
    // The scan is over: let the last mapped pages of both halves go before the join.
    bytes.dropPages(from: start, to: bytes.count)
    let boundary = rows
    guard scanEnd == split.cut, rows <= firstRows, second.state.scanEnd >= bytes.count,
      absorb(second.state, lineDelta: scanEndLine - 1)
    else {
      // The cut fell inside a quoted line break (or a dictionary overflowed when merged).
      endSplit(progress: userProgress)
      try run(sampleCheck: false)
      return
    }
    // Ids in strictly ascending byte order (exports are usually sorted by account) cannot
    // repeat: each half checked its own on its thread, here the pair across the cut.
    if ascending && second.ascending && accountsAscending(from: boundary, to: boundary + 1) {
      return
    }
    rejectDuplicateAccounts()
  }

  /// Back to a one-thread load: duplicates checked inline, no stop, the caller's progress.
  private mutating func endSplit(progress userProgress: ((Int, Int) -> Bool)?) {
    checkDuplicates = true
    stopAt = .max
    rowLimit = .max
    checkpoints = []
    progress = userProgress
  }

  /// Whether the account ids of rows `from - 1 ..< to` are in strictly ascending byte order
  /// (then no id repeats, and the duplicate check needs no table).
  ///
  /// One `memcmp` of two short ids a row, done by each thread as soon as its scan ends; the hash
  /// check it spares took ~47 ms and 16 MB of tables for a million rows.
  func accountsAscending(from: Int, to: Int? = nil) -> Bool {
    guard accountSlot >= 0, case .text(let ids, _) = fileColumns[accountSlot].slot else {
      return true
    }
    let end = min(to ?? rows, rows)
    var r = max(from, 1)
    guard r < end else { return true }
    let text = ids.view
    let base = UnsafeRawPointer(text.bytes)
    var previousStart = text.start(r - 1)
    var previousEnd = text.end(r - 1)
    while r < end {
      let currentEnd = text.end(r)
      let a = previousEnd - previousStart
      let b = currentEnd - previousEnd
      let order = memcmp(base + previousStart, base + previousEnd, min(a, b))
      if order > 0 || (order == 0 && a >= b) { return false }
      previousStart = previousEnd
      previousEnd = currentEnd
      r += 1
    }
    return true
  }

  /// Makes every per-row buffer able to hold `n` rows without moving.
  private func reserveRows(_ n: Int) {
    for c in fileColumns {
      switch c.slot {
      case .text(let t, _): t.lows.reserve(n)
      case .category(let cat, _): cat.reserve(n)
      case .money(let m, _): m.reserve(n)
      case .date(let d, _): d.reserve(n)
      case .integer(let col): col.reserve(n)
      }
    }
  }

  /// A state for the second half: the same header, fresh dictionaries and text arenas, and
  /// fixed-width buffers that are views into this state's from row `offset` on.
  private func forked(at offset: Int, rows: Int) -> LoadState {
    var s = self
    s.fileColumns = fileColumns.map { c in
      var c = c
      switch c.slot {
      case .text(let t, let required):
        c.slot = .text(
          TextColumn(
            bytes: ColumnBuffer(capacity: max(rows, 64)),
            lows: ColumnBuffer(viewInto: t.lows, at: offset)
          ),
          required: required
        )
      case .category(let cat, let closed):
        c.slot = .category(
          CategoryColumn(viewInto: cat, at: offset),
          closed: closed
        )
      case .money(let m, let required):
        c.slot = .money(ColumnBuffer(viewInto: m, at: offset), required: required)
      case .date(let d, let required):
        c.slot = .date(Int32Column(viewInto: d, at: offset), required: required)
      case .integer(let col):
        c.slot = .integer(Int32Column(viewInto: col, at: offset))
      }
      return c
    }
    s.rowLines = nil
    s.checkpoints = []
    s.estimatedRows = rows
    s.rows = 0
    s.rejects = []
    s.warnings = []
    s.progress = nil
    s.checkDuplicates = false
    s.stopAt = .max
    s.rowLimit = .max
    return s
  }

  /// Appends the second half's rows, rejects and dictionaries after this state's.
  ///
  /// Returns `false`, changing nothing, when a merged dictionary would exceed 65,535 values.
  private mutating func absorb(_ other: LoadState, lineDelta: Int) -> Bool {
    // Check the dictionaries first, so that a refusal leaves everything as it was.
    for k in fileColumns.indices {
      guard case .category(let a, _) = fileColumns[k].slot,
        case .category(let b, _) = other.fileColumns[k].slot
      else { continue }
      let known = Set(a.values)
      let added = b.values.reduce(0) { $0 + (known.contains($1) ? 0 : 1) }
      if a.values.count + added > CategoryColumn.maxValues { return false }
    }
    // Text arenas are the bulk of the copy (and of fresh pages): two threads, one column each
    // in turn.
    var texts: [(TextColumn, TextColumn)] = []
    for k in fileColumns.indices {
      if case .text(let a, _) = fileColumns[k].slot,
        case .text(let b, _) = other.fileColumns[k].slot
      {
        a.bytes.reserve(a.bytes.count + b.bytes.count)
        texts.append((a, b))
      }
    }
    let textPairs = TextPairs(texts)
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      for (j, (a, b)) in textPairs.pairs.enumerated() where j % 2 == part {
        a.absorb(b)
      }
    }
    for k in fileColumns.indices {
      switch (fileColumns[k].slot, other.fileColumns[k].slot) {
      case (.text, .text): break
      case (.category(let a, _), .category(let b, _)): a.absorb(b)
      case (.money(let a, _), .money(let b, _)): a.absorb(b)
      case (.date(let a, _), .date(let b, _)): a.absorb(b)
      case (.integer(let a), .integer(let b)): a.absorb(b)
      default: preconditionFailure("both halves have the same columns")
      }
    }
    for var c in other.checkpoints {
      c.row += rows
      c.line += lineDelta
      checkpoints.append(c)
    }
    for var r in other.rejects {
      r.line += lineDelta
      if var range = r.diagnostic.range {
        range.start.line += lineDelta
        range.end.line += lineDelta
        r.diagnostic.range = range
      }
      rejects.append(r)
    }
    rows += other.rows
    return true
  }

  /// The number of rows below `n` whose account id repeats an earlier row's (what the inline
  /// check would have rejected), for the first block's sample check.
  func duplicateAccounts(below n: Int) -> Int {
    guard accountSlot >= 0, case .text(let ids, _) = fileColumns[accountSlot].slot else {
      return 0
    }
    var index = RowKeyIndex(rows: n)
    var found = 0
    for r in 0..<n {
      let range = ids.range(r)
      let earlier = index.insertOrFind(
        ids.bytes.base,
        range.lowerBound,
        range.upperBound,
        row: r,
        column: ids
      )
      if earlier != nil { found += 1 }
    }
    return found
  }

  /// Rejects every row whose account id repeats an earlier row's, as the inline check does.
  ///
  /// Two threads each index the ids of their half of the hash space, a quarter at a time, over
  /// every row in order; a duplicate always hashes like its first occurrence, so each pass sees
  /// whole groups.
  private mutating func rejectDuplicateAccounts() {
    guard accountSlot >= 0, case .text(let ids, _) = fileColumns[accountSlot].slot,
      rows > 1, !checkpoints.isEmpty
    else { return }
    let n = rows
    let found = DuplicateLists()
    DispatchQueue.concurrentPerform(iterations: 2) { thread in
      var pairs: [(row: Int, earlier: Int)] = []
      let base = ids.bytes.base
      // A quarter of the hash space at a time: one table of n/4 keys alive per thread (2 x 4 MB
      // for a million rows instead of 2 x 8 MB), for one more pass over the ids.
      for part in [thread, thread + 2] {
        var index = RowKeyIndex(rows: n / 4 + 16)
        for r in 0..<n {
          let range = ids.range(r)
          let h = ByteKeyTable.hash(base, range.lowerBound, range.upperBound)
          guard Int(h >> 62) == part else { continue }
          if let earlier = index.insertOrFind(
            base,
            range.lowerBound,
            range.upperBound,
            hash: h,
            row: r,
            column: ids
          ) {
            pairs.append((r, earlier))
          }
        }
      }
      found.set(thread, pairs)
    }
    let duplicates = (found.lists[0] + found.lists[1]).sorted { $0.row < $1.row }
    guard !duplicates.isEmpty else { return }
    var wanted = Set<Int>()
    for d in duplicates {
      wanted.insert(d.row)
      wanted.insert(d.earlier)
    }
    let rowsFound = wanted.sorted()
    let records = locateRows(rowsFound)
    var located: [Int: (offset: Int, line: Int)] = [:]
    for (row, record) in zip(rowsFound, records) { located[row] = record }
    for d in duplicates {
      guard let record = located[d.row] else { continue }
      var scanner = CSVScanner(
        p: bytes.base,
        start: record.offset,
        end: bytes.count,
        delimiter: options.delimiter,
        line: record.line
      )
      guard case .record = scanner.next(), scanner.count > accountSlot else { continue }
      let s = scanner.start(accountSlot)
      let e = scanner.end(accountSlot)
      let firstLine = located[d.earlier]?.line ?? 0
      reject(
        scanner,
        message: "account_id: duplicate '\(ids.string(d.row))' (first on line \(firstLine))",
        at: s,
        length: e - s
      )
    }
    // The duplicates' records were read again: let those pages go too.
    bytes.dropPages(from: start, to: bytes.count)
    let first = duplicates[0].row
    var keep = [Bool](repeating: true, count: n - first)
    for d in duplicates { keep[d.row - first] = false }
    compact(from: first) { keep[$0 - first] }
    rejects.sort { $0.line < $1.line }
  }

  /// Where the records of the given rows (ascending) start, and their lines.
  ///
  /// Scans records from the checkpoint at or before each row, skipping the records that were
  /// rejected (by their line), so that the few rows of a rare path are found again without
  /// keeping a start offset per row (8 bytes a row at the peak of the load). A run of wanted
  /// rows is found in one forward scan: the cost is at most one scan of the file.
  func locateRows(_ wanted: [Int]) -> [(offset: Int, line: Int)] {
    var found: [(offset: Int, line: Int)] = []
    guard !checkpoints.isEmpty else { return found }
    found.reserveCapacity(wanted.count)
    let rejected = Set(rejects.map(\.line))
    let columns = fileColumns.count
    var scanner = CSVScanner(p: bytes.base, start: 0, end: 0, delimiter: options.delimiter)
    var row = Int.max  // the row of the next record kept; `.max` before the first scan
    var c = 0
    for target in wanted {
      while c + 1 < checkpoints.count && checkpoints[c + 1].row <= target { c += 1 }
      let checkpoint = checkpoints[c]
      if row > target || row < checkpoint.row {
        scanner = CSVScanner(
          p: bytes.base,
          start: checkpoint.offset,
          end: bytes.count,
          delimiter: options.delimiter,
          line: checkpoint.line
        )
        row = checkpoint.row
      }
      scan: while true {
        switch scanner.next() {
        case .end: return found
        case .unterminatedQuote, .junkAfterQuote: continue scan
        case .record: break
        }
        if scanner.count != columns || rejected.contains(scanner.recordLine) { continue }
        row += 1
        if row - 1 == target {
          found.append((scanner.recordStart, scanner.recordLine))
          break scan
        }
      }
    }
    return found
  }

  /// Results of the two duplicate-finding threads.
  private final class DuplicateLists: @unchecked Sendable {
    var lists: [[(row: Int, earlier: Int)]] = [[], []]
    private let lock = LoaderLock()
    func set(_ i: Int, _ v: [(row: Int, earlier: Int)]) { lock.with { lists[i] = v } }
  }
}

/// Text columns to join, shared with the joining threads (each touches its own columns).
private final class TextPairs: @unchecked Sendable {
  let pairs: [(TextColumn, TextColumn)]
  init(_ pairs: [(TextColumn, TextColumn)]) { self.pairs = pairs }
}

/// The second half's state, run on another thread.
private final class SecondHalf: @unchecked Sendable {
  var state: LoadState
  var error: (any Error)?
  /// Whether the half's account ids are in strictly ascending byte order.
  var ascending = false
  private let lock = LoaderLock()
  private var cancelled = false

  init(_ state: LoadState) { self.state = state }

  func run(from cut: Int) {
    state.progress = { [unowned self] _, _ in
      !Interruption.requested && !self.lock.with { self.cancelled }
    }
    do {
      try state.run(sampleCheck: false, from: cut, line: 1)
      ascending = state.accountsAscending(from: 0)
    } catch {
      self.error = error
    }
    state.progress = nil
  }

  func cancel() { lock.with { cancelled = true } }
}

/// A small mutex (pthread), so that the loader needs no Foundation.
final class LoaderLock: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` holding the lock.
  func with<T>(_ body: () throws -> T) rethrows -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }
}
