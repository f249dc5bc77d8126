import CobroDiagnostics

/// The rows of every id of a text column, found by the id's bytes: what `show`, `debtor` and the
/// other lookups of one account or debtor use instead of reading every row.
///
/// Built once per loaded portfolio (on its first lookup) and kept with it; a new `load` makes a
/// new portfolio and so a new index, and `recode` never changes a text column. One pass groups the
/// rows by their bytes in an open-addressing table (a slot holds a 32-bit tag of the hash and the
/// group; equal hashes compare the bytes in the column); with `rowsByID` a second pass lists each
/// group's rows in file order. At 1,000,000 rows it takes about 16 MiB of slots and 4 bytes a row
/// for each list.
struct IDIndex {
  /// The column indexed.
  let ids: TextColumn
  /// Index into `firstRow`, tagged with the high 32 bits of the hash; `empty` when free.
  private var slots: [UInt64]
  private let mask: Int
  /// The first row of each group (distinct id), in order of first appearance.
  private(set) var firstRow: [Int32] = []
  /// The last row of each group.
  private(set) var lastRow: [Int32] = []
  /// With `rowsByID`: the rows of group `g` are `rows[start[g] ..< start[g + 1]]`, in file order.
  private var start: [Int32] = []
  private var rows: [Int32] = []

  private static let empty = UInt64.max

  /// Indexes the first `count` rows of `ids`; with `rowsByID` it keeps every row of each id.
  ///
  /// Polls Ctrl-C every ``Interruption/stride`` rows under `label` and throws
  /// ``CobroError/interrupted`` when stopped: a stopped build keeps nothing.
  init(_ ids: TextColumn, count: Int, rowsByID: Bool, label: String) throws(CobroError) {
    self.ids = ids
    var n = 16
    while n < count * 2 { n <<= 1 }
    slots = [UInt64](repeating: IDIndex.empty, count: n)
    mask = n - 1
    var group = rowsByID ? [Int32](repeating: 0, count: count) : []
    let view = ids.view
    let base = UnsafePointer(ids.bytes.base)
    var s = 0
    for r in 0..<count {
      if r % Interruption.stride == 0 {
        try Interruption.checkpoint(label, done: r, of: count)
      }
      let e = view.end(r)
      let g = insert(base, s, e, row: r)
      if rowsByID { group[r] = Int32(g) }
      s = e
    }
    guard rowsByID else { return }
    // A counting sort of the rows by group keeps file order within each group.
    var start = [Int32](repeating: 0, count: firstRow.count + 1)
    for g in group { start[Int(g) + 1] += 1 }
    for g in 0..<firstRow.count { start[g + 1] += start[g] }
    var next = start
    var rows = [Int32](repeating: 0, count: count)
    for r in 0..<count {
      let g = Int(group[r])
      rows[Int(next[g])] = Int32(r)
      next[g] += 1
    }
    self.start = start
    self.rows = rows
  }

  /// The group of bytes `[s, e)` of `p`, added (with `row` as its first row) when new.
  private mutating func insert(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, row: Int) -> Int {
    let h = ByteKeyTable.hash(p, s, e)
    let tag = h & 0xFFFF_FFFF_0000_0000
    let key = UnsafeBufferPointer(start: p + s, count: e - s)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let v = slots[i]
      if v == IDIndex.empty {
        slots[i] = tag | UInt64(firstRow.count)
        firstRow.append(Int32(row))
        lastRow.append(Int32(row))
        return firstRow.count - 1
      }
      if v & 0xFFFF_FFFF_0000_0000 == tag {
        let g = Int(v & 0xFFFF_FFFF)
        if ids.equals(Int(firstRow[g]), key) {
          lastRow[g] = Int32(row)
          return g
        }
      }
      i = (i + 1) & mask
    }
  }

  /// The group of an id's bytes, if any row holds exactly them.
  func group(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let p = bytes.baseAddress ?? UnsafePointer(ids.bytes.base)
    let h = ByteKeyTable.hash(p, 0, bytes.count)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let v = slots[i]
      if v == IDIndex.empty { return nil }
      if v & 0xFFFF_FFFF_0000_0000 == tag {
        let g = Int(v & 0xFFFF_FFFF)
        if ids.equals(Int(firstRow[g]), bytes) { return g }
      }
      i = (i + 1) & mask
    }
  }

  /// The group of an id, if any row holds exactly its bytes.
  func group(_ id: String) -> Int? {
    var id = id
    return id.withUTF8 { group($0) }
  }

  /// The rows holding exactly the bytes of `id`, in file order (built with `rowsByID`).
  func rows(of id: String) -> [Int] {
    guard let g = group(id) else { return [] }
    return rows[Int(start[g])..<Int(start[g + 1])].map { Int($0) }
  }
}

/// The account ids, answering as a dictionary from each id's `String` to its last row did:
/// Swift strings are equal when canonically equivalent, so an id holding a byte above 0x7F may
/// equal other bytes (`K` and the Kelvin sign `K`, a composed and a decomposed `é`).
struct AccountIDIndex {
  /// The rows by the ids' bytes.
  let byBytes: IDIndex
  /// The last row of each id holding a byte above 0x7F, by its text (few or none).
  private var unusual: [String: Int] = [:]
  /// The rows indexed.
  private let count: Int

  /// Indexes the first `count` rows of `ids` (see ``IDIndex/init(_:count:rowsByID:label:)``).
  init(_ ids: TextColumn, count: Int, label: String) throws(CobroError) {
    byBytes = try IDIndex(ids, count: count, rowsByID: false, label: label)
    self.count = count
    let p = ids.bytes.base
    for (first, last) in zip(byBytes.firstRow, byBytes.lastRow) {
      guard ids.range(Int(first)).contains(where: { p[$0] >= 0x80 }) else { continue }
      // Canonically equivalent ids of other bytes are one key: the last row of them all.
      let text = ids.string(Int(first))
      unusual[text] = max(unusual[text] ?? -1, Int(last))
    }
  }

  /// The last row whose id equals `id` as strings compare.
  func row(_ id: String) -> Int? {
    guard id.utf8.allSatisfy({ $0 < 0x80 }) else {
      // A typed id outside ASCII may equal a stored one of other bytes, ASCII or not.
      let ids = byBytes.ids
      return (0..<count).last { ids.string($0) == id }
    }
    let exact = byBytes.group(id).map { Int(byBytes.lastRow[$0]) }
    guard let other = unusual[id] else { return exact }
    return max(exact ?? -1, other)
  }
}
