/// An open-addressing table from short byte strings to small codes, keyed by the raw bytes.
///
/// Swift's `Dictionary` would need a `String` per lookup and hashes with SipHash; for the
/// dictionary-encoded columns the loader looks up every cell, so a byte-keyed table is ~2× faster
/// (`notes/swift-performance.md`, section 4). Keys live in the table's own arena.
struct ByteKeyTable {
  private var slots: [Int32]  // index into `entries`, or -1
  private var hashes: [UInt64]
  private var keyEnds: [Int]
  private var keyBytes: [UInt8] = []
  private(set) var payloads: [UInt32] = []
  private var mask: Int

  init(capacity: Int = 256) {
    var n = 16
    while n < capacity * 2 { n <<= 1 }
    slots = [Int32](repeating: -1, count: n)
    hashes = []
    keyEnds = []
    mask = n - 1
  }

  /// A multiply-xorshift hash over 8-byte words (keys are short ids and labels).
  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(e - s)
    var i = s
    let raw = UnsafeRawPointer(p)
    while i + 8 <= e {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 32
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < e {
      tail |= UInt64(p[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 29)
  }

  /// Whether `n` bytes at `a` and `b` are equal (short keys: no call into libc).
  @inline(__always)
  static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    while i + 8 <= n {
      if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      {
        return false
      }
      i += 8
    }
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  /// The payload stored for the key, if any.
  @inline(__always)
  func find(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt32? {
    let h = ByteKeyTable.hash(p, s, e)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = Int(slots[i])
      if entry < 0 { return nil }
      if hashes[entry] == h && keyEquals(entry, p, s, e) { return payloads[entry] }
      i = (i + 1) & mask
    }
  }

  /// Stores a payload for a key not yet in the table.
  mutating func insert(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, payload: UInt32) {
    if (payloads.count + 1) * 2 > slots.count { grow() }
    let h = ByteKeyTable.hash(p, s, e)
    var i = Int(truncatingIfNeeded: h) & mask
    while slots[i] >= 0 { i = (i + 1) & mask }
    slots[i] = Int32(payloads.count)
    hashes.append(h)
    keyBytes.append(contentsOf: UnsafeBufferPointer(start: p + s, count: e - s))
    keyEnds.append(keyBytes.count)
    payloads.append(payload)
  }

  private func keyEquals(_ entry: Int, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    let ks = entry == 0 ? 0 : keyEnds[entry - 1]
    let ke = keyEnds[entry]
    guard ke - ks == e - s else { return false }
    var i = 0
    while i < e - s {
      if keyBytes[ks + i] != p[s + i] { return false }
      i += 1
    }
    return true
  }

  private mutating func grow() {
    let n = slots.count * 2
    slots = [Int32](repeating: -1, count: n)
    mask = n - 1
    for entry in 0..<hashes.count {
      var i = Int(truncatingIfNeeded: hashes[entry]) & mask
      while slots[i] >= 0 { i = (i + 1) & mask }
      slots[i] = Int32(entry)
    }
  }
}

/// A hash index from the cells of a text column to their row, to find duplicate ids.
///
/// Each slot packs the upper 32 bits of the key's hash with the row (`tag << 32 | row`), so a probe
/// compares the tag first and reads the column's bytes only on a likely match: a probe that misses
/// costs one cache line of the table instead of three random reads in the column (the duplicate
/// check was 17% of the load profile with row-only slots).
struct RowKeyIndex {
  private var slots: [UInt64]
  private var mask: Int
  /// Number of keys stored.
  private(set) var count = 0

  private static let empty = UInt64.max

  init(rows: Int) {
    var n = 16
    while n < rows * 2 { n <<= 1 }
    slots = [UInt64](repeating: RowKeyIndex.empty, count: n)
    mask = n - 1
  }

  @inline(__always)
  private static func entry(_ h: UInt64, _ row: Int) -> UInt64 {
    (h & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(truncatingIfNeeded: row))
  }

  /// Returns the row already holding the key, or inserts `row` and returns `nil`.
  ///
  /// The key is `[s, e)` of `p`; stored rows are compared through `column`.
  @inline(__always)
  mutating func insertOrFind(
    _ p: UnsafePointer<UInt8>,
    _ s: Int,
    _ e: Int,
    row: Int,
    column: TextColumn
  ) -> Int? {
    insertOrFind(p, s, e, hash: ByteKeyTable.hash(p, s, e), row: row, column: column)
  }

  /// `insertOrFind` with the key's hash already computed.
  mutating func insertOrFind(
    _ p: UnsafePointer<UInt8>,
    _ s: Int,
    _ e: Int,
    hash h: UInt64,
    row: Int,
    column: TextColumn
  ) -> Int? {
    if (count + 1) * 2 > slots.count { grow(column: column) }
    let tag = h & 0xFFFF_FFFF_0000_0000
    let key = UnsafeBufferPointer(start: p + s, count: e - s)
    let m = mask
    let found = slots.withUnsafeMutableBufferPointer { t -> Int? in
      var i = Int(truncatingIfNeeded: h) & m
      while true {
        let v = t[i]
        if v == RowKeyIndex.empty {
          t[i] = RowKeyIndex.entry(h, row)
          return nil
        }
        if v & 0xFFFF_FFFF_0000_0000 == tag {
          let r = Int(v & 0xFFFF_FFFF)
          if column.equals(r, key) { return r }
        }
        i = (i + 1) & m
      }
    }
    if found == nil { count += 1 }
    return found
  }

  /// The row holding the key, if any.
  func find(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, column: TextColumn) -> Int? {
    let h = ByteKeyTable.hash(p, s, e)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var i = Int(truncatingIfNeeded: h) & mask
    let key = UnsafeBufferPointer(start: p + s, count: e - s)
    while true {
      let v = slots[i]
      if v == RowKeyIndex.empty { return nil }
      if v & 0xFFFF_FFFF_0000_0000 == tag {
        let r = Int(v & 0xFFFF_FFFF)
        if column.equals(r, key) { return r }
      }
      i = (i + 1) & mask
    }
  }

  /// Doubles the table, rehashing the stored rows from the column.
  private mutating func grow(column: TextColumn) {
    let old = slots
    let n = slots.count * 2
    slots = [UInt64](repeating: RowKeyIndex.empty, count: n)
    mask = n - 1
    for v in old where v != RowKeyIndex.empty {
      let r = Int(v & 0xFFFF_FFFF)
      let range = column.range(r)
      let h = ByteKeyTable.hash(column.bytes.base, range.lowerBound, range.upperBound)
      var i = Int(truncatingIfNeeded: h) & mask
      while slots[i] != RowKeyIndex.empty { i = (i + 1) & mask }
      slots[i] = RowKeyIndex.entry(h, r)
    }
  }
}
