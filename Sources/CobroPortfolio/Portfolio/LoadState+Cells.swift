import CobroDiagnostics

/// The converters of a block's cells into money, dates, whole numbers and text.
extension LoadState {
  /// The trimmed range of cell `k` of record `i`.
  @inline(__always)
  func cell(_ block: Block, _ i: Int, _ k: Int) -> (Int, Int, UInt8) {
    let at = i * block.columns + k
    var s = block.spans.starts[at]
    var e = block.spans.ends[at]
    let f = block.spans.flags[at]
    if f == 0 { CSVScanner.trim(bytes.base, &s, &e) }
    return (s, e, f)
  }

  func emptyRequired(_ block: Block, _ i: Int, _ k: Int) -> Problem {
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

  func convertMoney(
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
  func convertDates(
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
  func convertIntegers(
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

  func convertText(_ block: inout Block, _ k: Int, _ t: TextColumn, _ required: Bool) {
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
}
extension UInt8 {
  /// The byte as an `Int`.
  fileprivate var toInt: Int { Int(self) }
}
