/// Text of high cardinality (ids, names, phones): one byte arena and where each row ends in it.
///
/// A `String` is only made when a row is displayed; scans compare bytes in place.
///
/// Row ends take 2 bytes a row instead of 4: `lows[i]` holds the low 16 bits of row `i`'s end
/// offset, and `marks[b]` where block `b` (rows `b << shift ..< (b + 1) << shift`) starts. A row's
/// end is its block's mark plus the 16-bit distance from the mark's low bits, which holds while
/// no block spans 64 KiB or more: blocks are 64 rows, halved (down to single rows) while some
/// block of a column holds that much text (a cell itself is at most `maxCellBytes`, which the
/// loader enforces). The ends of five text columns were 20 of the ~187 bytes a loaded account took;
/// this saves 9.4 of them (47 MiB at 5,000,000 accounts, `BENCHMARKS.md`).
public final class TextColumn: @unchecked Sendable {
  /// UTF-8 bytes of every cell, back to back.
  public let bytes: ColumnBuffer<UInt8>
  /// The low 16 bits of each row's end offset in `bytes`.
  let lows: ColumnBuffer<UInt16>
  /// Where each block of rows starts in `bytes`: one mark per block begun.
  let marks: ColumnBuffer<Int>
  /// Rows per block as a power of two: `blockShift`, or less after a block overflowed.
  private(set) var shift: Int

  /// The longest cell, in bytes.
  public static let maxCellBytes = 65_535
  /// Rows per block (as a shift) unless some block would span more than `maxCellBytes`.
  static let blockShift = 6

  /// Creates an empty column sized for `rows` rows of about `bytesPerRow` bytes.
  public init(rows: Int, bytesPerRow: Int) {
    bytes = ColumnBuffer(capacity: max(rows * bytesPerRow, 64))
    lows = ColumnBuffer(capacity: rows)
    marks = ColumnBuffer(capacity: rows >> TextColumn.blockShift + 1)
    shift = TextColumn.blockShift
  }

  /// Creates an empty column over the given storage (the loader's second thread writes its row
  /// ends into a view of the first thread's buffer).
  init(bytes: ColumnBuffer<UInt8>, lows: ColumnBuffer<UInt16>) {
    self.bytes = bytes
    self.lows = lows
    marks = ColumnBuffer(capacity: lows.capacity >> TextColumn.blockShift + 1)
    shift = TextColumn.blockShift
  }

  /// Number of rows.
  public var count: Int { lows.count }

  /// The column's storage as raw pointers, for scans; the column must outlive it.
  public var view: TextView { TextView(self) }

  /// One past the last byte of row `i`.
  @inline(__always)
  public func end(_ i: Int) -> Int { view.end(i) }

  /// Byte range of row `i` in `bytes`.
  @inline(__always)
  public func range(_ i: Int) -> Range<Int> {
    let (s, e) = view.bounds(i)
    return s..<e
  }

  /// The cell of row `i` as a string.
  public func string(_ i: Int) -> String {
    let r = range(i)
    return String(
      decoding: UnsafeBufferPointer(start: bytes.base + r.lowerBound, count: r.count),
      as: UTF8.self
    )
  }

  /// Whether row `i` is empty.
  @inline(__always)
  public func isEmpty(_ i: Int) -> Bool { view.isEmpty(i) }

  /// Appends a cell (used outside the hot loader path); `false`, changing nothing, when it is
  /// longer than `maxCellBytes`.
  public func append(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { bp in
      guard bp.count <= TextColumn.maxCellBytes else { return false }
      let start = bytes.count
      if let b = bp.baseAddress { bytes.append(from: b, count: bp.count) }
      addRow(start: start, end: bytes.count)
      return true
    }
  }

  /// Records a row whose bytes are already at `start ..< end` of the arena, keeping the marks.
  func addRow(start: Int, end: Int) {
    let i = lows.count
    if i & (1 << shift - 1) == 0 { marks.append(start) }
    lows.append(UInt16(truncatingIfNeeded: end))
    if end - marks[marks.count - 1] > TextColumn.maxCellBytes { remark(from: 0, shift: shift - 1) }
  }

  /// Empties the column.
  func removeAll() {
    bytes.count = 0
    lows.count = 0
    marks.count = 0
    shift = TextColumn.blockShift
  }

  /// Recomputes the marks of the blocks from the one holding row `row` on.
  ///
  /// The row ends' low bits alone give them (each row holds less than 64 KiB); blocks are
  /// halved (down to single rows) while one would span 64 KiB or more. With the same `shift`,
  /// the marks before that block must be right; with another, every mark is recomputed.
  func remark(from row: Int, shift wanted: Int? = nil) {
    var s = wanted ?? shift
    var first = s == shift ? (row >> s) << s : 0
    while !remarked(from: first, shift: s) {
      s -= 1
      first = 0
    }
  }

  /// Appends the rows of `other` (the second loader thread's, whose ends count from its own
  /// arena) after this column's, moving its bytes here.
  func absorb(_ other: TextColumn) {
    // The second half's ends move by this column's bytes; their low 16 bits by the low bits
    // of that count.
    let delta = UInt16(truncatingIfNeeded: bytes.count)
    if delta != 0 {
      let l = other.lows.base
      for i in 0..<other.lows.count { l[i] &+= delta }
    }
    let joined = count
    bytes.appendReleasing(other.bytes)
    lows.absorb(other.lows)
    remark(from: joined, shift: min(shift, other.shift))
  }

  private func remarked(from first: Int, shift s: Int) -> Bool {
    let n = lows.count
    let block = first >> s
    var walk = TextWalk(lows: lows.base, from: first == 0 ? 0 : end(first - 1))
    shift = s
    marks.count = block
    marks.reserve((n + (1 << s) - 1) >> s)
    let m = marks.base
    let mask = 1 << s - 1
    var mark = walk.position
    var b = block
    for i in first..<n {
      if i & mask == 0 {
        m[b] = walk.position
        mark = walk.position
        b += 1
      }
      let end = walk.end(of: i)
      if s != 0 && end - mark > TextColumn.maxCellBytes { return false }
    }
    marks.count = b
    return true
  }

  /// Keeps the rows from `first` to `count` for which `keep` holds, moving them (and their
  /// bytes) down in order, then fixes the marks.
  func compact(from first: Int, keep: (Int) -> Bool) {
    let n = lows.count
    guard first < n else { return }
    let low = lows.base
    // The walk reads each row's low bits before any row at or after it is rewritten.
    var walk = TextWalk(lows: low, from: first == 0 ? 0 : end(first - 1))
    var write = walk.position
    let b = bytes.base
    var w = first
    for r in first..<n {
      let read = walk.position
      let length = walk.end(of: r) - read
      if keep(r) {
        if read != write && length > 0 { _ = memmove(b + write, b + read, length) }
        write += length
        low[w] = UInt16(truncatingIfNeeded: write)
        w += 1
      }
    }
    lows.count = w
    bytes.count = write
    remark(from: first)
  }

  /// Keeps the first `rows` rows.
  func truncate(rows: Int) {
    bytes.count = rows == 0 ? 0 : end(rows - 1)
    lows.count = rows
    marks.count = (rows + (1 << shift) - 1) >> shift
  }

  /// Whether row `i` equals the given bytes exactly.
  @inline(__always)
  public func equals(_ i: Int, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
    let r = range(i)
    guard r.count == other.count else { return false }
    guard let o = other.baseAddress else { return r.isEmpty }
    return ByteKeyTable.equal(bytes.base + r.lowerBound, o, r.count)
  }
}

/// A text column's bytes and row ends as raw pointers, for scans.
///
/// `TextColumn.range(_:)` goes through the column's buffers on every call (with an exclusivity
/// check each); a scan takes the pointers once. The column must outlive the view (a portfolio
/// holds its columns for its whole life) and must not change while it is used.
public struct TextView: @unchecked Sendable {
  /// UTF-8 bytes of every cell.
  public let bytes: UnsafePointer<UInt8>
  /// The low 16 bits of each row's end.
  let lows: UnsafePointer<UInt16>
  /// Where each block of rows starts.
  let marks: UnsafePointer<Int>
  /// Rows per block, as a shift.
  let shift: Int

  init(_ column: TextColumn) {
    bytes = UnsafePointer(column.bytes.base)
    lows = UnsafePointer(column.lows.base)
    marks = UnsafePointer(column.marks.base)
    shift = column.shift
  }

  /// One past the last byte of row `r`.
  @inline(__always)
  public func end(_ r: Int) -> Int {
    let m = marks[r &>> shift]
    return m &+ Int(lows[r] &- UInt16(truncatingIfNeeded: m))
  }

  /// Where row `r` starts.
  @inline(__always)
  public func start(_ r: Int) -> Int { r == 0 ? 0 : end(r &- 1) }

  /// Start and end byte offsets of row `r`.
  @inline(__always)
  public func bounds(_ r: Int) -> (start: Int, end: Int) { (start(r), end(r)) }

  /// Whether row `r` is empty.
  @inline(__always)
  public func isEmpty(_ r: Int) -> Bool { lows[r] == (r == 0 ? 0 : lows[r &- 1]) }

  /// A walk over the rows in order from row `r`.
  func walk(from r: Int) -> TextWalk { TextWalk(lows: lows, from: start(r)) }
}

/// The ends of a text column's rows, taken in order: each is the previous one plus the 16-bit
/// step of its low bits (a row holds less than 64 KiB), with no mark looked up.
struct TextWalk {
  /// The low 16 bits of each row's end.
  private let lows: UnsafePointer<UInt16>
  /// Where the next row starts.
  private(set) var position: Int
  /// The low bits of `position`.
  private var low: UInt16

  /// A walk whose next row starts at byte `start`.
  init(lows: UnsafePointer<UInt16>, from start: Int) {
    self.lows = lows
    position = start
    low = UInt16(truncatingIfNeeded: start)
  }

  /// The end of row `r`, the row that starts at `position`; moves past it.
  @inline(__always)
  mutating func end(of r: Int) -> Int {
    let l = lows[r]
    position &+= Int(l &- low)
    low = l
    return position
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A closed vocabulary or low-cardinality text: a code per row and the distinct values.
///
/// Code 0 is always the empty value. Codes take one byte a row while the dictionary holds at
/// most 256 values (segments, products, channels, currencies, cities of most files), and two
/// bytes once it holds more, up to 65,535 (the loader rejects the rows that would add more).
/// Eight category columns at two bytes were 16 of the ~180 bytes a loaded account took.
public final class CategoryColumn: @unchecked Sendable {
  /// The codes: one byte while there are at most 256 values, then two.
  private var storage: WidenableBuffer<UInt8, UInt16>
  /// The codes while there are at most 256 values (empty once `wide` is used).
  var narrow: ColumnBuffer<UInt8> { storage.narrow }
  /// The codes once there are more than 256 values.
  var wide: ColumnBuffer<UInt16>? { storage.wide }
  /// The codes in use as a raw pointer.
  var pointers: (narrow: UnsafePointer<UInt8>?, wide: UnsafePointer<UInt16>?) { storage.pointers }
  /// The value of each code; `values[0] == ""`.
  public private(set) var values: [String]

  /// The most values a column holds.
  public static let maxValues = Int(UInt16.max)

  /// Creates an empty column for about `rows` rows.
  public init(rows: Int) {
    storage = WidenableBuffer(capacity: rows)
    values = [""]
  }

  /// Creates an empty dictionary writing its codes into a view of `other`'s storage from row
  /// `offset` on, at the same width (the loader's second thread).
  init(viewInto other: CategoryColumn, at offset: Int) {
    storage = WidenableBuffer(viewInto: other.storage, at: offset)
    values = [""]
  }

  /// Number of rows.
  public var count: Int { storage.count }

  /// The codes as raw pointers, for scans; the column must outlive the view.
  public var codes: CategoryCodes { CategoryCodes(self) }

  /// The code of row `i`.
  @inline(__always)
  public func code(_ i: Int) -> Int {
    if let wide { return Int(wide[i]) }
    return Int(narrow[i])
  }

  /// The value of row `i`.
  @inline(__always)
  public func string(_ i: Int) -> String { values[code(i)] }

  /// Adds a value to the dictionary and returns its code (the loader's table calls this once per
  /// distinct value); `nil` when the dictionary is full.
  public func intern(_ value: String) -> UInt16? {
    if value.isEmpty { return 0 }
    if let i = values.firstIndex(of: value) { return UInt16(i) }
    guard values.count < CategoryColumn.maxValues else { return nil }
    values.append(value)
    return UInt16(values.count - 1)
  }

  /// Appends a row's code, widening the storage when the code needs two bytes.
  public func append(_ code: UInt16) {
    if let wide {
      wide.append(code)
    } else if code <= UInt8.max {
      narrow.append(UInt8(code))
    } else {
      widen(capacity: narrow.count + 1)
      wide?.append(code)
    }
  }

  /// Moves the codes to two bytes a row, room for `capacity` rows.
  func widen(capacity: Int) { storage.widen(capacity: capacity) { UInt16($0) } }

  /// Makes room for `rows` rows.
  func reserve(_ rows: Int) { storage.reserve(rows) }

  /// Sets the number of rows (to keep the first `rows`, or after writing codes in place).
  func setCount(_ rows: Int) { storage.setCount(rows) }

  /// Copies row `r`'s code to row `w`.
  @inline(__always)
  func move(from r: Int, to w: Int) { storage.move(from: r, to: w) }

  /// Appends the rows of `other` (the second loader thread's) after this column's.
  ///
  /// Its codes are mapped to this dictionary's, which gains the values it lacks; the merged
  /// dictionary must fit (`maxValues`).
  func absorb(_ other: CategoryColumn) {
    var map = [UInt16](repeating: 0, count: other.values.count)
    var identity = true
    for (code, value) in other.values.enumerated() {
      let merged = intern(value) ?? 0
      map[code] = merged
      if Int(merged) != code { identity = false }
    }
    let n = other.count
    if values.count > 256 || other.wide != nil { widen(capacity: count + n) }
    if let wide {
      wide.reserve(wide.count + n)
      let out = wide.base + wide.count
      map.withUnsafeBufferPointer { m in
        if let o = other.wide {
          for i in 0..<n { out[i] = m[Int(o.base[i])] }
        } else {
          for i in 0..<n { out[i] = m[Int(other.narrow.base[i])] }
        }
      }
      wide.count += n
      other.setCount(0)
    } else {
      // Both narrow: every merged code fits a byte.
      if !identity {
        let codes = other.narrow.base
        map.withUnsafeBufferPointer { m in
          for i in 0..<n { codes[i] = UInt8(truncatingIfNeeded: m[Int(codes[i])]) }
        }
      }
      narrow.absorb(other.narrow)
    }
  }

  /// Gives code `code` another value (`recode`): rows keep their codes, and two codes may then
  /// hold one value.
  func rename(code: Int, to value: String) {
    precondition(code > 0 && code < values.count, "the empty value keeps code 0")
    values[code] = value
  }

  /// Codes whose value matches `predicate`, as a lookup table for scans.
  public func codeMask(_ predicate: (String) -> Bool) -> [Bool] {
    var mask = [Bool](repeating: false, count: values.count)
    for (i, v) in values.enumerated() where predicate(v) { mask[i] = true }
    return mask
  }

  /// Number of rows using each code.
  public func histogram() -> [Int] {
    var counts = [Int](repeating: 0, count: values.count)
    let c = codes
    for r in 0..<c.count { counts[c[r]] += 1 }
    return counts
  }
}

/// A category column's codes as raw pointers, one or two bytes a row.
///
/// The view keeps its column alive; the column must not change while it is used (a loaded
/// portfolio's never do).
public struct CategoryCodes: @unchecked Sendable {
  /// The column the pointers are into.
  private let column: CategoryColumn
  /// The codes when they take one byte.
  public let narrow: UnsafePointer<UInt8>?
  /// The codes when they take two bytes.
  public let wide: UnsafePointer<UInt16>?
  /// Number of rows.
  public let count: Int

  init(_ column: CategoryColumn) {
    self.column = column
    count = column.count
    (narrow, wide) = column.pointers
  }

  /// The code of row `r`.
  @inline(__always)
  public subscript(r: Int) -> Int {
    if let narrow { return Int(narrow[r]) }
    return Int(wide.unsafelyUnwrapped[r])
  }
}

/// The storage of one column.
public enum ColumnData: @unchecked Sendable {
  /// High-cardinality text.
  case text(TextColumn)
  /// Dictionary-encoded text.
  case category(CategoryColumn)
  /// Money in cents; `Column.missingMoney` marks an empty cell.
  case money(ColumnBuffer<Int64>)
  /// Day numbers; `Day.missing` marks an empty cell.
  case date(Int32Column)
  /// Whole numbers from 0 to `Int32.max`; `Column.missingInteger` marks an empty cell.
  case integer(Int32Column)
}

/// One column of a loaded portfolio: its names, its type and its values.
public struct Column: @unchecked Sendable {
  /// The name queries use: the canonical name, or the file's header for an extra column
  /// (normalised to lowercase with underscores).
  public var name: String
  /// The header as it was written in the file.
  public var header: String
  /// The canonical field, or `nil` for an extra column kept from the file.
  public var field: CanonicalField?
  /// The values.
  public var data: ColumnData
  /// Why an extra column has its type (`every value is a date (DD/MM/YYYY)`, `'N/A' (account
  /// A7) is not a date (DD/MM/YYYY)`); `nil` for a canonical column, whose type is fixed.
  public var typeNote: String? = nil

  /// The sentinel stored for an empty money cell.
  public static let missingMoney: Int64 = .min
  /// The sentinel stored for an empty integer cell.
  public static let missingInteger: Int32 = .min

  /// The column's type.
  public var type: FieldType {
    switch data {
    case .text: .text
    case .category: .category
    case .money: .money
    case .date: .date
    case .integer: .integer
    }
  }

  /// The cell of row `i` as display text (`""` for an empty cell; money plain with two
  /// decimals; dates `YYYY-MM-DD`).
  public func text(_ i: Int) -> String {
    switch data {
    case .text(let t): return t.string(i)
    case .category(let c): return c.string(i)
    case .money(let m):
      let v = m[i]
      return v == Column.missingMoney ? "" : Money.plain(v)
    case .date(let d):
      let v = d[i]
      return v == Day.missing ? "" : Day(raw: v).description
    case .integer(let n):
      let v = n[i]
      return v == Column.missingInteger ? "" : String(v)
    }
  }
}
