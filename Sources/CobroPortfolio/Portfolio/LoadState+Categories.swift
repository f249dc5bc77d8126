/// Category cells interned as codes of their column's dictionary, through a byte-keyed table
/// and a small per-column word cache.
extension LoadState {
  mutating func convertCategory(
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
  func intern(
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

  func text(_ s: Int, _ e: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: bytes.base + s, count: e - s), as: UTF8.self)
  }

  func unescaped(_ s: Int, _ e: Int) -> String {
    text(s, e).replacingOccurrences(of: "\"\"", with: "\"")
  }
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
