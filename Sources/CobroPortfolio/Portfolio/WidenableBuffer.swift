/// One value a row in a narrow type until a value needs the wide one: the storage of
/// `CategoryColumn` (one-byte codes, then two) and of `Int32Column` (two-byte values, then four).
///
/// Widening copies the rows so far into a wide buffer that keeps the narrow one's capacity; a
/// view of the second loader thread may still read the old narrow storage, which its owner
/// reference keeps alive until the halves are joined.
struct WidenableBuffer<Narrow: BitwiseCopyable, Wide: BitwiseCopyable> {
  /// The values while they are narrow (empty once `wide` is used).
  private(set) var narrow: ColumnBuffer<Narrow>
  /// The values once one needed the wide type.
  private(set) var wide: ColumnBuffer<Wide>?

  /// Empty narrow storage for about `capacity` rows.
  init(capacity: Int) {
    narrow = ColumnBuffer(capacity: capacity)
  }

  /// Storage over values already wide.
  init(wide: ColumnBuffer<Wide>) {
    narrow = ColumnBuffer(capacity: 1)
    self.wide = wide
  }

  /// Empty storage writing into a view of `other`'s from row `offset` on, at its width.
  init(viewInto other: WidenableBuffer, at offset: Int) {
    if let w = other.wide {
      narrow = ColumnBuffer(capacity: 1)
      wide = ColumnBuffer(viewInto: w, at: offset)
    } else {
      narrow = ColumnBuffer(viewInto: other.narrow, at: offset)
    }
  }

  /// Number of rows.
  var count: Int { wide?.count ?? narrow.count }

  /// The storage in use as a raw pointer: the narrow one, or else the wide one.
  var pointers: (narrow: UnsafePointer<Narrow>?, wide: UnsafePointer<Wide>?) {
    if let wide { return (nil, UnsafePointer(wide.base)) }
    return (UnsafePointer(narrow.base), nil)
  }

  /// Moves the values to the wide type (`convert` gives a narrow value's wide form), with room
  /// for `capacity` rows.
  mutating func widen(capacity: Int, _ convert: (Narrow) -> Wide) {
    guard wide == nil else { return }
    let n = narrow.count
    let w = ColumnBuffer<Wide>(capacity: max(capacity, narrow.capacity, n))
    for i in 0..<n { w.base[i] = convert(narrow.base[i]) }
    w.count = n
    wide = w
    narrow = ColumnBuffer(capacity: 1)
  }

  /// Makes room for `rows` rows.
  func reserve(_ rows: Int) {
    if let wide { wide.reserve(rows) } else { narrow.reserve(rows) }
  }

  /// Sets the number of rows (to keep the first `rows`, or after writing values in place).
  func setCount(_ rows: Int) {
    if let wide { wide.count = rows } else { narrow.count = rows }
  }

  /// Copies row `r`'s value to row `w`.
  @inline(__always)
  func move(from r: Int, to w: Int) {
    if let wide { wide[w] = wide[r] } else { narrow[w] = narrow[r] }
  }
}
