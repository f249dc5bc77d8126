import CobroDiagnostics

/// The working state of one portfolio load: the file's columns and their builders, the rows
/// loaded and the rows rejected.
///
/// Its jobs live in one file each: the header mapped to columns (`LoadState+Header`), the
/// records scanned a block at a time and the rejects (`LoadState+Scan`), the cell converters
/// (`LoadState+Cells`), the category interning (`LoadState+Categories`) and the load split in
/// two threads (`LoadState+Split`).
struct LoadState {
  /// How one file column is converted.
  enum Slot {
    case text(TextColumn, required: Bool)
    case category(CategoryColumn, closed: [String: String]?)
    case money(ColumnBuffer<Int64>, required: Bool)
    case date(Int32Column, required: Bool)
    case integer(Int32Column)
  }

  /// A file column: its header, its query name, its canonical field, its builder and how its
  /// dates and amounts are written (the load's options, unless a column map says otherwise).
  struct FileColumn {
    var header: String
    var name: String
    var field: CanonicalField?
    var slot: Slot
    var dates: LoadOptions.DateOrder
    var decimalComma: Bool
  }

  let bytes: InputBytes
  let start: Int
  let name: String
  let options: LoadOptions
  var progress: ((Int, Int) -> Bool)?
  var fileColumns: [FileColumn] = []
  var rows = 0
  var rejects: [RejectedRow] = []
  var warnings: [Diagnostic] = []
  /// The line where each row's record starts, kept only while duplicate ids are checked inline
  /// (a one-thread load), for the "first on line N" of a duplicate.
  ///
  /// A two-thread load keeps `checkpoints` instead (4 bytes a row less at the peak) and finds
  /// the records of the rare duplicates again by scanning from the nearest one.
  var rowLines: ColumnBuffer<UInt32>?
  /// Where each block of rows started, while duplicate ids are not checked inline.
  var checkpoints: [Checkpoint] = []
  var headerEnd = 0
  var headerLine = 1
  var accountSlot = -1
  var estimatedRows = 0
  /// Byte-keyed lookup of each category column's codes (empty for other columns).
  var tables: [ByteKeyTable] = []
  /// The category columns' word caches (`convertCategory`), made anew by each run, so that each
  /// thread has its own and codes stay those of its tables.
  var categoryCaches = CategoryCaches(columns: 0)
  /// Row of each account id seen so far, to reject duplicates.
  var accountIndex = RowKeyIndex(rows: 0)
  /// Whether duplicate account ids are rejected while scanning (a two-thread load checks them
  /// once both halves are in: `rejectDuplicateAccounts`).
  var checkDuplicates = true
  /// The scan stops at the first record that starts at or after this offset.
  var stopAt = Int.max
  /// The scan stops before a record that would make more rows than this (the first half of a
  /// two-thread load must not write into the rows of the second).
  var rowLimit = Int.max
  /// Where the last scan stopped, and the line there.
  var scanEnd = 0
  var scanEndLine = 1
  /// Bytes read to locate the rejected rows (a count of work: each reject reads its own record
  /// and line only, so this stays within a few times the file's size).
  var locateWork = 0

  /// The missing required columns, reported after a dialect check.
  struct MissingColumns: Error {
    var diagnostic: Diagnostic
  }

  init(
    bytes: InputBytes,
    start: Int,
    name: String,
    options: LoadOptions,
    progress: ((Int, Int) -> Bool)?,
    estimatedRows: Int? = nil
  ) throws {
    self.bytes = bytes
    self.start = start
    self.name = name
    self.options = options
    self.progress = progress
    try readHeader(estimatedRows: estimatedRows)
  }

  /// The finished columns, in file order.
  func columns() -> [Column] {
    fileColumns.map { c in
      let data: ColumnData
      switch c.slot {
      case .text(let t, _): data = .text(t)
      case .category(let cat, _): data = .category(cat)
      case .money(let m, _): data = .money(m)
      case .date(let d, _): data = .date(d)
      case .integer(let n): data = .integer(n)
      }
      return Column(name: c.name, header: c.header, field: c.field, data: data)
    }
  }
}
