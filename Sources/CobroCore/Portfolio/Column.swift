/// Text of high cardinality (ids, names, phones): one byte arena and the end offset of each row.
///
/// A `String` is only made when a row is displayed; scans compare bytes in place.
public final class TextColumn: @unchecked Sendable {
  /// UTF-8 bytes of every cell, back to back.
  public let bytes: ColumnBuffer<UInt8>
  /// `ends[i]` is one past the last byte of row `i`; row `i` starts at `ends[i - 1]` (or 0).
  public let ends: ColumnBuffer<UInt32>

  /// Creates an empty column sized for `rows` rows of about `bytesPerRow` bytes.
  public init(rows: Int, bytesPerRow: Int) {
    bytes = ColumnBuffer(capacity: max(rows * bytesPerRow, 64))
    ends = ColumnBuffer(capacity: rows)
  }

  /// Creates a column over the given storage (the loader's second thread writes its row ends
  /// into a view of the first thread's buffer).
  init(bytes: ColumnBuffer<UInt8>, ends: ColumnBuffer<UInt32>) {
    self.bytes = bytes
    self.ends = ends
  }

  /// Number of rows.
  public var count: Int { ends.count }

  /// Byte range of row `i` in `bytes`.
  @inline(__always)
  public func range(_ i: Int) -> Range<Int> {
    let start = i == 0 ? 0 : Int(ends[i - 1])
    return start..<Int(ends[i])
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
  public func isEmpty(_ i: Int) -> Bool { range(i).isEmpty }

  /// Appends a cell (used outside the hot loader path).
  public func append(_ s: String) {
    var s = s
    s.withUTF8 { bp in
      if let b = bp.baseAddress { bytes.append(from: b, count: bp.count) }
    }
    ends.append(UInt32(truncatingIfNeeded: bytes.count))
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

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A closed vocabulary or low-cardinality text: a code per row and the distinct values.
///
/// Code 0 is always the empty value. Codes are `UInt16`: a column with more than 65,535 distinct
/// values is stored as text instead.
public final class CategoryColumn: @unchecked Sendable {
  /// The code of each row.
  public let codes: ColumnBuffer<UInt16>
  /// The value of each code; `values[0] == ""`.
  public private(set) var values: [String]

  /// Creates an empty column for about `rows` rows.
  public init(rows: Int) {
    codes = ColumnBuffer(capacity: rows)
    values = [""]
  }

  /// Creates an empty dictionary writing its codes into `codes`.
  init(codes: ColumnBuffer<UInt16>) {
    self.codes = codes
    values = [""]
  }

  /// Number of rows.
  public var count: Int { codes.count }

  /// The value of row `i`.
  @inline(__always)
  public func string(_ i: Int) -> String { values[Int(codes[i])] }

  /// Adds a value to the dictionary and returns its code (the loader's table calls this once per
  /// distinct value).
  public func intern(_ value: String) -> UInt16? {
    if value.isEmpty { return 0 }
    if let i = values.firstIndex(of: value) { return UInt16(i) }
    guard values.count < Int(UInt16.max) else { return nil }
    values.append(value)
    return UInt16(values.count - 1)
  }

  /// Codes whose value matches `predicate`, as a 65,536-entry lookup table for scans.
  public func codeMask(_ predicate: (String) -> Bool) -> [Bool] {
    var mask = [Bool](repeating: false, count: values.count)
    for (i, v) in values.enumerated() where predicate(v) { mask[i] = true }
    return mask
  }

  /// Number of rows using each code.
  public func histogram() -> [Int] {
    var counts = [Int](repeating: 0, count: values.count)
    for c in codes.buffer { counts[Int(c)] += 1 }
    return counts
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
  case date(ColumnBuffer<Int32>)
  /// Whole numbers from 0 to `Int32.max`; `Column.missingInteger` marks an empty cell.
  case integer(ColumnBuffer<Int32>)
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
