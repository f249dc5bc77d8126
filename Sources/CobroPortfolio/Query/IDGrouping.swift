import CobroDiagnostics
import Dispatch

/// The hashes `IDGrouping` groups by; tests pass weak ones to force collisions.
protocol IDGroupingHash: SendableMetatype {
  /// The hash of a key longer than `IDGrouping.Key` holds: bytes `[s, e)` of `p`.
  static func bytes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64
  /// The hash of a key: its partition (high bits) and its slot in the partition (low bits).
  static func mix(_ key: IDGrouping.Key) -> UInt64
}

/// The hashes the grouping uses outside tests.
enum IDGroupingDefaultHash: IDGroupingHash {
  @inline(__always)
  static func bytes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    ByteKeyTable.hash(p, s, e)
  }

  @inline(__always)
  static func mix(_ key: IDGrouping.Key) -> UInt64 {
    var h = (key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 32
    h = h &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 29)
  }
}

/// Groups the rows of a text column by equal cells: a dense code per row, codes numbered in order
/// of first appearance, and the first row of each code.
///
/// A radix-partitioned hash aggregate, hand-written for speed: one hash table over ~770,000
/// distinct debtor ids of 1,000,000 rows is ~16 MB, and nearly every probe missed the cache
/// (`RowKeyIndex` with tagged slots: 65-90 ms of `concentration`, almost all of it grouping).
/// Here each pass reads and writes memory in order, or within a partition that fits in L1
/// (`DerivedColumns.debtors()` on that file: median 24 ms of 9 in `cobro-bench debtors`):
///
/// 1. Count (both threads, each half of the rows): every row that does not repeat the previous
///    row's id gets a `Key` (the id's bytes themselves when they fit in 15 bytes, as debtor ids
///    do) and one of `P` partitions by the key's hash; the row's partition is kept (`partOf`)
///    and counted.
/// 2. Scatter: a second walk writes the keys into their partitions; a partition holds the first
///    half's keys, then the second half's, each in row order.
/// 3. Match (partitions split between the threads): a small open-addressing table per partition
///    finds, for each key, the first equal key. Short keys compare as two words; long ones
///    compare their bytes in the column when their hashes agree. The outcome of each entry (new,
///    or the index of its first entry) goes to a 4-byte `outcome` stream in entry order.
/// 4. Number (both threads, each its half in row order): each row reads its outcome back in the
///    order the entries were written (`partOf` says from which partition); a first entry takes
///    the next code (the second half counts on from the first half's number of new ids, known
///    from step 3) and leaves it in its outcome, a repeat takes its first entry's code. A
///    second-half repeat of an id first seen in the first half waits for step 5.
/// 5. Fix up the waiting rows, once both halves are numbered.
enum IDGrouping {
  /// Dense codes of the rows and the first row of each code.
  struct Result {
    /// The code of each row.
    var codes: [UInt32]
    /// The first row of each code, in code order.
    var firstRow: [Int32]
  }

  /// An id as two words: the bytes themselves for ids of up to 15 bytes (the length in the top
  /// byte of `high`), or, for longer ids, their hash and `Key.long` in the top byte.
  struct Key: Equatable {
    /// Bytes 0-7, or the hash of a long id.
    var low: UInt64
    /// Bytes 8-14 and the length in the top byte; `long` (and a row) for a long id.
    var high: UInt64

    /// The top byte of `high` of a long id; a stored entry keeps the row in the low 32 bits.
    static let long: UInt64 = 0xFF
    /// Longest id kept as its bytes.
    static let shortLimit = 15

    /// Whether this is a long id's key.
    var isLong: Bool { high >> 56 == Key.long }

    /// The key of bytes `[s, e)` of `p`, a column's storage: `ColumnBuffer` keeps 64 bytes after
    /// its capacity, so reading 16 bytes from `s` stays inside the allocation.
    @inline(__always)
    static func of<H: IDGroupingHash>(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _: H.Type)
      -> Key
    {
      let n = e - s
      guard n <= shortLimit else {
        return Key(low: H.bytes(p, s, e), high: long << 56)
      }
      let raw = UnsafeRawPointer(p + s)
      let w0 = raw.loadUnaligned(as: UInt64.self)
      let w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
      let length = UInt64(n) << 56
      if n < 8 {
        // A shift by 64 would be a shift by 0: n == 0 is the empty mask.
        let mask: UInt64 = n == 0 ? 0 : ~0 >> UInt64(64 - 8 * n)
        return Key(low: w0 & mask, high: length)
      }
      let mask: UInt64 = n == 8 ? 0 : ~0 >> UInt64(128 - 8 * n)
      return Key(low: w0, high: w1 & mask | length)
    }
  }

  /// `partOf` of a row that repeats the previous row's id.
  static let repeatsPrevious = UInt16.max
  /// The outcome of an entry whose id is new.
  static let new = UInt32.max

  /// Groups the first `n` cells of `ids`.
  ///
  /// `threads` (1 or 2) and `partitionBits` (at most 15) default to what suits `n`; tests set
  /// them to reach every path on small inputs.
  static func group(
    _ ids: TextColumn,
    rows n: Int,
    threads: Int? = nil,
    partitionBits: Int? = nil
  ) -> Result {
    group(
      ids,
      rows: n,
      threads: threads,
      partitionBits: partitionBits,
      hash: IDGroupingDefaultHash.self
    )
  }

  /// `group`, stopped by Ctrl-C between its passes (`CobroError.interrupted`); a pass takes a
  /// few tens of milliseconds per million rows.
  static func groupInterruptibly(_ ids: TextColumn, rows n: Int) throws(CobroError) -> Result {
    try Interruption.check()
    let g = group(
      ids,
      rows: n,
      threads: nil,
      partitionBits: nil,
      hash: IDGroupingDefaultHash.self,
      stopsOnInterruption: true
    )
    try Interruption.check()
    return g
  }

  /// `group` with the hashes given; with `stopsOnInterruption`, Ctrl-C between two passes
  /// ends it early with an empty result, which the caller must not use.
  static func group<H: IDGroupingHash>(
    _ ids: TextColumn,
    rows n: Int,
    threads: Int?,
    partitionBits: Int?,
    hash: H.Type,
    stopsOnInterruption: Bool = false
  ) -> Result {
    guard n > 0 else { return Result(codes: [], firstRow: []) }
    let stopped = { stopsOnInterruption && Interruption.requested }
    let t = min(max(threads ?? (n >= 1 << 16 ? 2 : 1), 1), 2)
    // ~1,000 entries a partition: its keys (16 KB) and table (8 KB) stay in L1. On 1,000,000
    // rows, 1,024 partitions took 50 ms where 64 took 74 (median of 10, busy machine).
    var bits = min(max(partitionBits ?? 0, 0), 15)
    if partitionBits == nil { while bits < 15 && n >> (bits + 10) > 0 { bits += 1 } }
    let plan = Plan(ids: ids, rows: n, threads: t, partitionBits: bits)

    // 1. Count.
    DispatchQueue.concurrentPerform(iterations: t) { part in plan.count(part, H.self) }
    if stopped() { return Result(codes: [], firstRow: []) }
    plan.placeRegions()
    let outcome = ColumnBuffer<UInt32>(capacity: plan.entryCount)
    outcome.count = plan.entryCount
    let found = ColumnBuffer<Int>(capacity: 2 * t)
    found.count = 2 * t
    do {
      let entries = ColumnBuffer<Key>(capacity: plan.entryCount)
      entries.count = plan.entryCount
      // 2. Scatter.
      DispatchQueue.concurrentPerform(iterations: t) { part in
        plan.scatter(part, into: entries, H.self)
      }
      if stopped() { return Result(codes: [], firstRow: []) }
      // 3. Match.
      DispatchQueue.concurrentPerform(iterations: t) { part in
        let (firstHalf, all) = plan.match(part, entries, outcome, H.self)
        found[2 * part] = firstHalf
        found[2 * part + 1] = all
      }
    }
    if stopped() { return Result(codes: [], firstRow: []) }
    var newInFirstHalf = 0
    var newTotal = 0
    for part in 0..<t {
      newInFirstHalf += found[2 * part]
      newTotal += found[2 * part + 1]
    }
    let secondFirstCode = newInFirstHalf
    // 4. Number, 5. fix up.
    var codes: [UInt32] = []
    let firstRow = [Int32](unsafeUninitializedCapacity: newTotal) { firstBuffer, firstCount in
      let first = SendablePointer(firstBuffer.baseAddress.unsafelyUnwrapped)
      codes = [UInt32](unsafeUninitializedCapacity: n) { buffer, initialized in
        let out = SendablePointer(buffer.baseAddress.unsafelyUnwrapped)
        let waiting = WaitingRows()
        DispatchQueue.concurrentPerform(iterations: t) { part in
          let w = plan.number(
            part,
            outcome,
            codes: out,
            firstRow: first,
            firstCode: part == 0 ? 0 : secondFirstCode
          )
          if part == 1 { waiting.rows = w }
        }
        for (r, k) in waiting.rows { out.base[r] = outcome[k] }
        initialized = n
      }
      firstCount = newTotal
    }
    return Result(codes: codes, firstRow: firstRow)
  }

  /// The second half's rows that wait for the first half's codes: `(row, entry)`.
  private final class WaitingRows: @unchecked Sendable {
    var rows: [(Int, Int)] = []
  }

  /// The shape of one grouping: row halves, partitions and where each half's entries go.
  private final class Plan: @unchecked Sendable {
    let ids: TextColumn
    let n: Int
    let threads: Int
    let bits: Int
    let partitions: Int
    /// The partition of each row's entry, or `repeatsPrevious`.
    let partOf: ColumnBuffer<UInt16>
    /// `counts[part * partitions + p]`: entries of half `part` in partition `p` (each worker
    /// writes its own).
    let counts: ColumnBuffer<Int>
    /// `starts[part * partitions + p]`: where half `part` writes in partition `p`.
    var starts: [Int]
    /// Start of each partition, and the end of the last (`partitions + 1` values).
    var partitionStart: [Int]
    /// Total entries.
    var entryCount = 0

    init(ids: TextColumn, rows: Int, threads: Int, partitionBits: Int) {
      self.ids = ids
      self.n = rows
      self.threads = threads
      self.bits = partitionBits
      self.partitions = 1 << partitionBits
      partOf = ColumnBuffer(capacity: rows)
      partOf.count = rows
      counts = ColumnBuffer(capacity: threads * partitions)
      counts.count = threads * partitions
      starts = [Int](repeating: 0, count: threads * partitions)
      partitionStart = [Int](repeating: 0, count: partitions + 1)
    }

    /// The rows of half `part`.
    func rows(_ part: Int) -> Range<Int> { n * part / threads..<n * (part + 1) / threads }

    /// The hash of a key as stored (without the row of a long key).
    @inline(__always)
    static func hash<H: IDGroupingHash>(_ key: Key, _: H.Type) -> UInt64 {
      var k = key
      if k.isLong { k.high = Key.long << 56 }
      return H.mix(k)
    }

    /// The key of row `r`, at `s ..< e` of a column's bytes, a long key carrying the row.
    @inline(__always)
    static func key<H: IDGroupingHash>(
      _ r: Int,
      _ bytes: UnsafePointer<UInt8>,
      _ s: Int,
      _ e: Int,
      _: H.Type
    ) -> Key {
      var key = Key.of(bytes, s, e, H.self)
      if key.isLong { key.high |= UInt64(UInt32(truncatingIfNeeded: r)) }
      return key
    }

    /// Step 1: finds the partition of every row of half `part` that does not repeat the previous
    /// row's id (the first row of a half always counts) and counts the partitions.
    func count<H: IDGroupingHash>(_ part: Int, _: H.Type) {
      let range = rows(part)
      var local = [Int](repeating: 0, count: partitions)
      let shift = UInt64(64 - bits)
      let text = ids.view
      let base = text.bytes
      let out = partOf.base
      local.withUnsafeMutableBufferPointer { c in
        guard !range.isEmpty else { return }
        // Rows in order: their ends follow from the low bits alone.
        var walk = text.walk(from: range.lowerBound)
        var previousStart = 0
        var previousCount = -1
        for r in range {
          let start = walk.position
          let end = walk.end(of: r)
          let count = end - start
          if count == previousCount
            && ByteKeyTable.equal(base + start, base + previousStart, count)
          {
            out[r] = IDGrouping.repeatsPrevious
          } else {
            var key = Key.of(base, start, end, H.self)
            if key.isLong { key.high = Key.long << 56 }
            // `bits == 0` shifts by 64, which `&>>` would take as 0: mask it instead.
            let h = H.mix(key)
            let p = bits == 0 ? 0 : Int(truncatingIfNeeded: h &>> shift)
            out[r] = UInt16(truncatingIfNeeded: p)
            c[p] += 1
          }
          previousStart = start
          previousCount = count
        }
      }
      for p in 0..<partitions { counts[part * partitions + p] = local[p] }
    }

    /// Between steps 1 and 2: lays out partitions, each half's entries after the previous.
    func placeRegions() {
      var at = 0
      for p in 0..<partitions {
        partitionStart[p] = at
        for part in 0..<threads {
          starts[part * partitions + p] = at
          at += counts[part * partitions + p]
        }
      }
      partitionStart[partitions] = at
      entryCount = at
    }

    /// Step 2: writes the key of every counted row of half `part` into its partition.
    func scatter<H: IDGroupingHash>(_ part: Int, into entries: ColumnBuffer<Key>, _: H.Type) {
      var cursor = Array(starts[part * partitions..<(part + 1) * partitions])
      let out = entries.base
      let partOf = partOf.base
      // Column storage read once: a class property read in the loop costs an access check.
      let text = ids.view
      cursor.withUnsafeMutableBufferPointer { c in
        let range = rows(part)
        guard !range.isEmpty else { return }
        var walk = text.walk(from: range.lowerBound)
        for r in range {
          let start = walk.position
          let end = walk.end(of: r)
          let p = Int(partOf[r])
          if p != Int(IDGrouping.repeatsPrevious) {
            out[c[p]] = Plan.key(r, text.bytes, start, end, H.self)
            c[p] += 1
          }
        }
      }
    }

    /// Whether two long keys with equal hashes are the same id (their rows' bytes).
    @inline(__always)
    static func sameLongID(
      _ a: Key,
      _ b: Key,
      _ text: TextView
    ) -> Bool {
      let (s, e) = text.bounds(Int(a.high & 0xFFFF_FFFF))
      let (t, f) = text.bounds(Int(b.high & 0xFFFF_FFFF))
      return e - s == f - t && ByteKeyTable.equal(text.bytes + s, text.bytes + t, e - s)
    }

    /// Step 3 for the partitions of worker `part`: writes the outcome of every entry (`new`, or
    /// the index of its first entry); returns how many new ids lie in the first half's regions,
    /// and how many there are.
    func match<H: IDGroupingHash>(
      _ part: Int,
      _ entries: ColumnBuffer<Key>,
      _ outcome: ColumnBuffer<UInt32>,
      _: H.Type
    ) -> (firstHalf: Int, all: Int) {
      var largest = 0
      for p in stride(from: part, to: partitions, by: threads) {
        largest = max(largest, partitionStart[p + 1] - partitionStart[p])
      }
      var size = 16
      while size < largest * 2 { size <<= 1 }
      // Slots hold an entry's index in its partition plus one; 0 is empty.
      var table = [UInt32](repeating: 0, count: size)
      let e = entries.base
      let o = outcome.base
      let text = ids.view
      var firstHalfNew = 0
      var allNew = 0
      table.withUnsafeMutableBufferPointer { slots in
        let t = slots.baseAddress.unsafelyUnwrapped
        for p in stride(from: part, to: partitions, by: threads) {
          let s = partitionStart[p]
          let count = partitionStart[p + 1] - s
          guard count > 0 else { continue }
          var m = 16
          while m < count * 2 { m <<= 1 }
          let mask = m - 1
          t.update(repeating: 0, count: m)
          let firstHalfEnd = s + counts[p]
          for i in s..<s + count {
            let key = e[i]
            let isLong = key.isLong
            var j = Int(truncatingIfNeeded: Plan.hash(key, H.self)) & mask
            while true {
              let slot = Int(t[j])
              if slot == 0 {
                t[j] = UInt32(truncatingIfNeeded: i - s + 1)
                o[i] = IDGrouping.new
                if i < firstHalfEnd { firstHalfNew += 1 }
                allNew += 1
                break
              }
              let k = s + slot - 1
              let other = e[k]
              let same =
                isLong
                ? other.isLong && other.low == key.low
                  && Plan.sameLongID(key, other, text)
                : other == key
              if same {
                o[i] = UInt32(truncatingIfNeeded: k)
                break
              }
              j = (j + 1) & mask
            }
          }
        }
      }
      return (firstHalfNew, allNew)
    }

    /// Step 4 for half `part`: writes the code of every row, numbering new ids from `firstCode`
    /// (a new id's outcome becomes its code); returns the rows that repeat an id whose first
    /// entry belongs to the other half, with that entry.
    func number(
      _ part: Int,
      _ outcome: ColumnBuffer<UInt32>,
      codes out: SendablePointer<UInt32>,
      firstRow: SendablePointer<Int32>,
      firstCode: Int
    ) -> [(Int, Int)] {
      var cursor = Array(starts[part * partitions..<(part + 1) * partitions])
      let own = cursor
      let o = outcome.base
      let codes = out.base
      let first = firstRow.base
      let partOf = partOf.base
      var next = firstCode
      var waiting: [(Int, Int)] = []
      // The code of the current run and, when it waits, its first entry.
      var code: UInt32 = 0
      var waitingOn = -1
      cursor.withUnsafeMutableBufferPointer { c in
        for r in rows(part) {
          let p = Int(partOf[r])
          if p != Int(IDGrouping.repeatsPrevious) {
            let i = c[p]
            c[p] += 1
            let v = o[i]
            waitingOn = -1
            if v == IDGrouping.new {
              code = UInt32(truncatingIfNeeded: next)
              first[next] = Int32(truncatingIfNeeded: r)
              next += 1
              o[i] = code
            } else if Int(v) < own[p] {
              waitingOn = Int(v)
            } else {
              code = o[Int(v)]
            }
          }
          codes[r] = code
          if waitingOn >= 0 { waiting.append((r, waitingOn)) }
        }
      }
      return waiting
    }
  }
}
