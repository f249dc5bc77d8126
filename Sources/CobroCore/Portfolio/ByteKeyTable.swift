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

  /// FNV-1a over the bytes.
  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var i = s
    while i < e {
      h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3
      i += 1
    }
    return h ^ (h >> 29)
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
