/// Day numbers or whole numbers (`Int32`, `Int32.min` for an empty cell), two bytes a row while
/// every value lies within 32,767 of `base`, four bytes once one does not.
///
/// Dates are stored against 2000-01-01 (two bytes cover 1910-04-11 to 2089-09-21, every date a
/// portfolio usually holds) and payment counts against 0 (up to 32,767). A value outside moves
/// the column to four bytes in place, in the loader's block, half or join where it appears.
/// Four date and two count columns at four bytes were 24 of the ~170 bytes a loaded account
/// took.
public final class Int32Column: @unchecked Sendable {
  /// The value a stored 0 stands for.
  public let base: Int32
  /// The values: minus `base` in two bytes while they fit, then in four.
  private var storage: WidenableBuffer<Int16, Int32>
  /// The values minus `base` while they fit two bytes (empty once `wide` is used).
  var narrow: ColumnBuffer<Int16> { storage.narrow }
  /// The values once one does not fit two bytes.
  var wide: ColumnBuffer<Int32>? { storage.wide }
  /// The values in use as a raw pointer.
  var pointers: (narrow: UnsafePointer<Int16>?, wide: UnsafePointer<Int32>?) { storage.pointers }

  /// The empty cell.
  public static let missing = Int32.min
  /// The empty cell in two bytes.
  static let narrowMissing = Int16.min
  /// What dates are stored against: 2000-01-01.
  public static let dayBase = Day.daysFromCivil(2000, 1, 1)

  /// The value a two-byte stored number stands for.
  @inline(__always)
  static func value(_ stored: Int16, base: Int32) -> Int32 {
    stored == narrowMissing ? missing : Int32(stored) &+ base
  }

  /// Creates an empty column for about `rows` rows.
  public init(rows: Int, base: Int32) {
    self.base = base
    storage = WidenableBuffer(capacity: rows)
  }

  /// A column over values already held in four bytes (journal facts).
  public init(_ values: ColumnBuffer<Int32>) {
    base = 0
    storage = WidenableBuffer(wide: values)
  }

  /// A column holding `values` (tests and small tables).
  public convenience init(_ values: [Int32], base: Int32) {
    self.init(rows: values.count, base: base)
    values.withUnsafeBufferPointer { bp in
      if let p = bp.baseAddress { append(p, count: bp.count) }
    }
  }

  /// An empty column writing into a view of `other`'s storage from row `offset` on, at the
  /// same width (the loader's second thread).
  init(viewInto other: Int32Column, at offset: Int) {
    base = other.base
    storage = WidenableBuffer(viewInto: other.storage, at: offset)
  }

  /// Number of rows.
  public var count: Int { storage.count }

  /// The values as raw pointers, for scans.
  public var values: Int32Values { Int32Values(self) }

  /// The value of row `i`.
  @inline(__always)
  public subscript(i: Int) -> Int32 {
    if let wide { return wide[i] }
    return Int32Column.value(narrow[i], base: base)
  }

  /// The initialised values as an array (tests and small results only).
  public var array: [Int32] { (0..<count).map { self[$0] } }

  /// Appends `n` values that `fill` writes as four-byte values (the loader's parsers write a
  /// block into scratch memory), stored in two bytes or four.
  func append(count n: Int, _ fill: (UnsafeMutablePointer<Int32>) -> Void) {
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { scratch in
      guard let out = scratch.baseAddress else { return }
      fill(out)
      append(out, count: n)
    }
  }

  /// Appends `n` values, moving the column to four bytes when one does not fit two.
  func append(_ src: UnsafePointer<Int32>, count n: Int) {
    let first = count
    reserve(first + n)
    guard let wide else {
      let out = narrow.base + first
      let b = base
      var i = 0
      while i < n {
        let v = src[i]
        if v == Int32Column.missing {
          out[i] = Int32Column.narrowMissing
        } else {
          let d = Int64(v) - Int64(b)
          guard d >= -32_767 && d <= 32_767 else { break }
          out[i] = Int16(truncatingIfNeeded: d)
        }
        i += 1
      }
      narrow.count = first + i
      if i == n { return }
      widen(capacity: first + n)
      append(src + i, count: n - i)
      return
    }
    (wide.base + wide.count).update(from: src, count: n)
    wide.count += n
  }

  /// Moves the values to four bytes a row, room for `capacity` rows.
  func widen(capacity: Int) {
    let b = base
    storage.widen(capacity: capacity) { Int32Column.value($0, base: b) }
  }

  /// Makes room for `rows` rows.
  func reserve(_ rows: Int) { storage.reserve(rows) }

  /// Sets the number of rows (to keep the first `rows`).
  func setCount(_ rows: Int) { storage.setCount(rows) }

  /// Copies row `r`'s value to row `w`.
  @inline(__always)
  func move(from r: Int, to w: Int) { storage.move(from: r, to: w) }

  /// Appends the rows of `other` (the second loader thread's, same base) after this column's.
  func absorb(_ other: Int32Column) {
    if other.wide != nil { widen(capacity: count + other.count) }
    if let wide {
      if let o = other.wide {
        wide.absorb(o)
      } else {
        let n = other.count
        wide.reserve(wide.count + n)
        other.values.decode(from: 0, count: n, into: wide.base + wide.count)
        wide.count += n
        other.setCount(0)
      }
    } else {
      narrow.absorb(other.narrow)
    }
  }
}

/// An `Int32Column`'s values as raw pointers, two or four bytes a row.
///
/// The view keeps its column alive; the column must not change while it is used (a loaded
/// portfolio's never do).
public struct Int32Values: @unchecked Sendable {
  /// The column the pointers are into.
  private let column: Int32Column
  /// The values minus `base` when they take two bytes.
  public let narrow: UnsafePointer<Int16>?
  /// The values when they take four bytes.
  public let wide: UnsafePointer<Int32>?
  /// What a stored 0 stands for.
  public let base: Int32
  /// Number of rows.
  public let count: Int

  init(_ column: Int32Column) {
    self.column = column
    base = column.base
    count = column.count
    (narrow, wide) = column.pointers
  }

  /// The value of row `r` (`Int32.min` when empty).
  @inline(__always)
  public subscript(r: Int) -> Int32 {
    if let narrow { return Int32Column.value(narrow[r], base: base) }
    return wide.unsafelyUnwrapped[r]
  }

  /// Writes the values of rows `from ..< from + n` to `out` as four-byte values (a chunk for a
  /// scan's inner loop, which then reads plain `Int32`s).
  @inline(__always)
  public func decode(from: Int, count n: Int, into out: UnsafeMutablePointer<Int32>) {
    if let narrow {
      let p = narrow + from
      let b = base
      for i in 0..<n { out[i] = Int32Column.value(p[i], base: b) }
    } else {
      out.update(from: wide.unsafelyUnwrapped + from, count: n)
    }
  }

  /// The bounds `lo...hi` of values (`Int32.min` standing for the empty cell) as bounds on the
  /// two-byte stored numbers: the empty cell is in them exactly when it was, and no other
  /// stored number is in them unless its value was.
  static func narrowBounds(_ lo: Int64, _ hi: Int64, base: Int32) -> (Int64, Int64) {
    let missing = Int64(Int32.min)
    let low = lo <= missing ? Int64(Int16.min) : min(max(lo - Int64(base), -32_767), 32_768)
    let high = hi < missing ? Int64(Int16.min) - 1 : max(min(hi - Int64(base), 32_767), -32_768)
    return (low, high)
  }
}
