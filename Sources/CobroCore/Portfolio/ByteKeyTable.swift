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
struct RowKeyIndex {
  private var slots: [Int32]
  private var mask: Int

  init(rows: Int) {
    var n = 16
    while n < rows * 2 { n <<= 1 }
    slots = [Int32](repeating: -1, count: n)
    mask = n - 1
  }

  /// Returns the row already holding the key, or inserts `row` and returns `nil`.
  ///
  /// The key is `[s, e)` of `p`; stored rows are compared through `column`.
  mutating func insertOrFind(
    _ p: UnsafePointer<UInt8>,
    _ s: Int,
    _ e: Int,
    row: Int,
    column: TextColumn
  ) -> Int? {
    if row * 2 >= slots.count { grow(column: column, rows: row) }
    let h = ByteKeyTable.hash(p, s, e)
    var i = Int(truncatingIfNeeded: h) & mask
    let key = UnsafeBufferPointer(start: p + s, count: e - s)
    while true {
      let r = Int(slots[i])
      if r < 0 {
        slots[i] = Int32(row)
        return nil
      }
      if column.equals(r, key) { return r }
      i = (i + 1) & mask
    }
  }

  /// The row holding the key, if any.
  func find(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, column: TextColumn) -> Int? {
    let h = ByteKeyTable.hash(p, s, e)
    var i = Int(truncatingIfNeeded: h) & mask
    let key = UnsafeBufferPointer(start: p + s, count: e - s)
    while true {
      let r = Int(slots[i])
      if r < 0 { return nil }
      if column.equals(r, key) { return r }
      i = (i + 1) & mask
    }
  }

  /// Removes the entry of `row` (used when a row is rejected after it was indexed).
  mutating func remove(row: Int, column: TextColumn) {
    // Rebuild lazily: mark the slot empty and reinsert the cluster that follows it.
    var i = 0
    while i < slots.count && Int(slots[i]) != row { i += 1 }
    guard i < slots.count else { return }
    slots[i] = -1
    var j = (i + 1) & mask
    while slots[j] >= 0 {
      let r = Int(slots[j])
      slots[j] = -1
      let range = column.range(r)
      let h = ByteKeyTable.hash(column.bytes.base, range.lowerBound, range.upperBound)
      var k = Int(truncatingIfNeeded: h) & mask
      while slots[k] >= 0 { k = (k + 1) & mask }
      slots[k] = Int32(r)
      j = (j + 1) & mask
    }
  }

  /// Forgets nothing: a rejected row never reached the index.
  private mutating func grow(column: TextColumn, rows: Int) {
    let n = slots.count * 2
    slots = [Int32](repeating: -1, count: n)
    mask = n - 1
    for r in 0..<rows {
      let range = column.range(r)
      let h = ByteKeyTable.hash(column.bytes.base, range.lowerBound, range.upperBound)
      var i = Int(truncatingIfNeeded: h) & mask
      while slots[i] >= 0 { i = (i + 1) & mask }
      slots[i] = Int32(r)
    }
  }
}
