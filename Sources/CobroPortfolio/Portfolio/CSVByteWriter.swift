/// A reusable byte buffer that CSV rows are formatted into, then handed out in chunks.
///
/// Formatting writes through a raw pointer with no per-byte uniqueness check. The owner flushes
/// when `isFull` (about `flushSize` bytes) and calls `ensureRoom` before each row, so one row
/// (always far below `rowReserve` bytes) never overruns the allocation.
final class CSVByteWriter {
  /// The size at which the owner should hand the bytes out: 1 MiB.
  static let flushSize = 1 << 20
  /// The room kept free for one row beyond `flushSize`.
  static let rowReserve = 64 << 10

  /// The start of the allocation of `capacity` bytes.
  private let base: UnsafeMutablePointer<UInt8>
  /// The allocated size in bytes.
  private let capacity: Int
  /// How many bytes are written and not yet handed out.
  private(set) var count = 0

  /// The field delimiter (`,` or `;`).
  let delimiter: UInt8
  /// Whether money is written `$ 1.234.567,89` rather than `1234567.89`.
  let decimalComma: Bool
  /// Whether dates are written `DD/MM/YYYY` rather than `YYYY-MM-DD`.
  let dayFirstDates: Bool
  /// Whether rows end with CR LF rather than LF.
  let crlf: Bool
  /// Whether money is quoted: decimal-comma amounts in a comma-delimited file.
  let quotesMoney: Bool

  /// Creates an empty writer for the given dialect.
  init(dialect: PortfolioGenerator.Dialect) {
    capacity = CSVByteWriter.flushSize + CSVByteWriter.rowReserve
    base = .allocate(capacity: capacity)
    delimiter = dialect.delimiter
    decimalComma = dialect.decimalComma
    dayFirstDates = dialect.dayFirstDates
    crlf = dialect.crlf
    quotesMoney = dialect.decimalComma && dialect.delimiter == UInt8(ascii: ",")
  }

  deinit {
    base.deallocate()
  }

  /// Whether the buffer has reached `flushSize` and should be handed out.
  var isFull: Bool { count >= CSVByteWriter.flushSize }

  /// The bytes written so far.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// Forgets the bytes written so far (after they were handed out).
  func reset() {
    count = 0
  }

  /// Checks that one more row fits; a row is always far below `rowReserve` bytes.
  @inline(__always)
  func ensureRoom() {
    precondition(count <= CSVByteWriter.flushSize, "flush before writing another row")
  }

  // MARK: - Bytes

  /// Appends one byte.
  @inline(__always)
  func byte(_ b: UInt8) {
    precondition(count < capacity)
    base[count] = b
    count &+= 1
  }

  /// Appends bytes.
  @inline(__always)
  func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// Appends bytes.
  @inline(__always)
  func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    precondition(count + bytes.count <= capacity)
    if let src = bytes.baseAddress {
      (base + count).update(from: src, count: bytes.count)
    }
    count &+= bytes.count
  }

  /// Appends the ASCII bytes of a static string.
  @inline(__always)
  func ascii(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// Appends the delimiter.
  @inline(__always)
  func comma() {
    byte(delimiter)
  }

  /// Ends a row.
  @inline(__always)
  func newline() {
    if crlf { byte(13) }
    byte(10)
  }

  /// Appends `bytes` as one field, quoted as RFC 4180 says when it holds the delimiter, a quote
  /// or a line break (quotes inside doubled).
  func field(_ bytes: UnsafeBufferPointer<UInt8>) {
    var needsQuotes = false
    for b in bytes where b == delimiter || b == 0x22 || b == 10 || b == 13 {
      needsQuotes = true
      break
    }
    if !needsQuotes {
      append(bytes)
      return
    }
    precondition(count + 2 * bytes.count + 2 <= capacity)
    byte(0x22)
    for b in bytes {
      if b == 0x22 { byte(0x22) }
      byte(b)
    }
    byte(0x22)
  }

  // MARK: - Numbers, money, dates

  /// Appends a non-negative integer in decimal.
  @inline(__always)
  func int(_ value: Int) {
    precondition(value >= 0)
    digits(UInt64(value), minWidth: 1)
  }

  /// Appends `value` in decimal, left-padded with zeros to `minWidth` digits.
  @inline(__always)
  func digits(_ value: UInt64, minWidth: Int) {
    var n = 1
    var t = value
    while t >= 10 {
      t /= 10
      n += 1
    }
    let len = max(n, minWidth)
    precondition(count + len <= capacity)
    var v = value
    var i = count + len
    while i > count {
      i -= 1
      base[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
      v /= 10
    }
    count &+= len
  }

  /// Appends an amount: `1234567.89`, or `$ 1.234.567,89` in the decimal-comma dialect.
  func money(_ cents: Cents) {
    if quotesMoney { byte(0x22) }
    defer { if quotesMoney { byte(0x22) } }
    if cents < 0 { byte(UInt8(ascii: "-")) }
    let m = cents.magnitude
    let units = m / 100
    let frac = m % 100
    if decimalComma {
      ascii("$ ")
      grouped(units)
      byte(UInt8(ascii: ","))
    } else {
      digits(units, minWidth: 1)
      byte(UInt8(ascii: "."))
    }
    digits(frac, minWidth: 2)
  }

  /// Appends `units` with `.` every three digits (`1.234.567`).
  private func grouped(_ units: UInt64) {
    if units < 1000 {
      digits(units, minWidth: 1)
      return
    }
    grouped(units / 1000)
    byte(UInt8(ascii: "."))
    digits(units % 1000, minWidth: 3)
  }

  /// Appends a date (`YYYY-MM-DD` or `DD/MM/YYYY`), or nothing for `Day.missing`.
  func date(_ raw: Int32) {
    if raw == Day.missing { return }
    let (y, m, d) = Day.civilFromDays(raw)
    precondition(y >= 1000 && y <= 9999, "generated date outside years 1000-9999")
    if dayFirstDates {
      digits(UInt64(d), minWidth: 2)
      byte(UInt8(ascii: "/"))
      digits(UInt64(m), minWidth: 2)
      byte(UInt8(ascii: "/"))
      digits(UInt64(y), minWidth: 4)
    } else {
      digits(UInt64(y), minWidth: 4)
      byte(UInt8(ascii: "-"))
      digits(UInt64(m), minWidth: 2)
      byte(UInt8(ascii: "-"))
      digits(UInt64(d), minWidth: 2)
    }
  }
}
