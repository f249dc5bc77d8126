#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A dense number per debtor: rows with the same `debtor_id` get the same number, in order of
/// first appearance.
///
/// Built with one pass of an open-addressing hash table over the id column's bytes (no `String`
/// per row). A slot is two words: 32 bits of the key's hash with the debtor number, and where the
/// first occurrence's bytes are; so a probe reads one cache line, and compares bytes only when the
/// hash bits agree.
struct DebtorNumbering {
  /// The debtor number of each row.
  let numbers: [Int32]
  /// Number of distinct debtors.
  let count: Int

  /// Numbers the rows of a `debtor_id` column.
  init(ids: TextColumn) {
    let view = TextView(ids)
    let rows = ids.count
    var capacity = 16
    while capacity < rows * 2 { capacity <<= 1 }
    let mask = capacity - 1
    // Slot i: words 2i (hash tag << 32 | number + 1; 0 when empty) and 2i + 1 (start << 24 | length).
    var slots = [UInt64](repeating: 0, count: 2 * capacity)
    var numbers = [Int32](repeating: 0, count: rows)
    var count = 0
    let p = view.bytes
    slots.withUnsafeMutableBufferPointer { slots in
      numbers.withUnsafeMutableBufferPointer { numbers in
        for r in 0..<rows {
          let (s, e) = view.bounds(r)
          let h = ByteKeyTable.hash(p, s, e)
          let tag = (h >> 32) << 32
          var i = Int(truncatingIfNeeded: h) & mask
          while true {
            let slot = slots[2 * i]
            if slot == 0 {
              numbers[r] = Int32(count)
              count += 1
              slots[2 * i] = tag | UInt64(count)
              slots[2 * i + 1] = UInt64(s) << 24 | UInt64(min(e - s, 0xFF_FFFF))
              break
            }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
              let position = slots[2 * i + 1]
              let fs = Int(position >> 24)
              let length = Int(position & 0xFF_FFFF)
              if length == e - s && memcmp(p + fs, p + s, length) == 0 {
                numbers[r] = Int32(Int(slot & 0xFFFF_FFFF) - 1)
                break
              }
            }
            i = (i + 1) & mask
          }
        }
      }
    }
    self.numbers = numbers
    self.count = count
  }
}
