import CobroDiagnostics
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads one worksheet as a stream and writes its rows as the CSV the portfolio loader reads, so
/// that a workbook goes through the same conversions, checks and rejects as a CSV file.
///
/// The sheet's XML is decompressed a megabyte at a time and each complete `row` element is
/// converted as it arrives; only the header and a few rows before it are held. Cells become CSV
/// fields in the load's dialect: shared and inline strings as text, numbers as their decimal
/// text (money rounded half up to cents from that text, never through `Double`), numbers with a
/// date format (and numbers in date columns) as dates of the workbook's date system, booleans
/// as `TRUE`/`FALSE`, errors as their text (`#N/A`). A formula contributes its cached value.
struct SheetReader {
  /// What the conversion found out, to locate diagnostics in the sheet.
  struct Layout {
    /// The sheet's name.
    var sheet: String
    /// The row number of the header.
    var headerRow = 0
    /// For each physical line of the CSV (1-based; line 1 is the header), its row in the sheet.
    var rowOfLine: [Int32] = [0]
    /// Formula cells, the first of them, and those without a cached value.
    var formulas = 0
    var firstFormula = ""
    var firstFormulaRow = 0
    var firstFormulaColumn = 0
    var uncachedFormulas = 0
  }

  /// The kind of a cell's value (its `t` attribute).
  enum Kind: UInt8 {
    case number, shared, text, boolean, error, isoDate, empty
  }

  /// One cell of the row being read: its value's bytes lie in the row's arena.
  struct Cell {
    var column: Int
    var kind: Kind
    var style: Int
    var start: Int
    var end: Int
  }

  /// A row as read: its number and cells (by column).
  struct Row {
    var number = 0
    var cells: [Cell] = []
    var arena: [UInt8] = []

    var isEmpty: Bool { cells.allSatisfy { $0.end == $0.start } }
  }

  let workbook: Workbook
  let sheet: Workbook.Sheet
  /// Decimal mark and date order of the fields written; the header row, when given.
  let options: LoadOptions
  let file: UnsafeMutablePointer<FILE>
  var layout: Layout
  /// Called with (bytes of XML done, total); `false` cancels.
  var progress: ((Int, Int) -> Bool)?

  /// The CSV not yet written to `file`.
  private var out: [UInt8] = []
  /// The type of each header column, from the canonical field its name matches.
  private var types: [FieldType?] = []
  private var columns = 0
  private var haveHeader = false
  /// Rows read while no header was found yet (the first may be the header of the fallback).
  private var early: [Row] = []
  private var row = Row()
  private var lastRowNumber = 0
  /// The sheet row of the record being written.
  private var writing = 0

  /// The index of the first column past the most a file may have (`InputLimits.columns`).
  static let beyondColumns = InputLimits.columns

  /// Rows searched for a header that names the required columns; without one, the first
  /// non-empty row is the header (and the load then says which columns are missing).
  static let headerSearchRows = 30

  init(
    workbook: Workbook,
    sheet: Workbook.Sheet,
    options: LoadOptions,
    file: UnsafeMutablePointer<FILE>
  ) {
    self.workbook = workbook
    self.sheet = sheet
    self.options = options
    self.file = file
    layout = Layout(sheet: sheet.name)
    out.reserveCapacity(1 << 21)
  }

  /// Reads the whole sheet into the CSV file.
  mutating func run() throws {
    var pending: [UInt8] = []
    pending.reserveCapacity(1 << 21)
    let total = workbook.size(of: sheet.part)
    var done = 0
    var state = ParseState()
    try workbook.stream(sheet.part) { chunk in
      pending.append(contentsOf: chunk)
      done += chunk.count
      let cut = Self.lastRowEnd(pending)
      if cut > 0 {
        try parse(&pending, upTo: cut, state: &state)
        pending.removeFirst(cut)
      }
      if let progress, !progress(done, max(total, 1)) { throw CobroError.interrupted }
    }
    try parse(&pending, upTo: pending.count, state: &state)
    if !haveHeader { try chooseHeader(force: true) }
    flush()
  }

  /// Where the cell being read is, between tags.
  private struct ParseState {
    var inRow = false
    var inCell = false
    var inValue = false
    var inText = false
    var inPhonetic = false
    var textStart = 0
    var cell = Cell(column: 0, kind: .number, style: 0, start: 0, end: 0)
    var cellText: [UInt8] = []
    var hasValue = false
    var hasFormula = false
  }

  /// Just past the last `</row>` in `bytes` (0 when there is none): what can be parsed now.
  static func lastRowEnd(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBufferPointer { bp in
      var j = bp.count - 4
      while j >= 2 {
        if bp[j] == UInt8(ascii: "r") && bp[j + 1] == UInt8(ascii: "o")
          && bp[j + 2] == UInt8(ascii: "w") && bp[j + 3] == UInt8(ascii: ">")
        {
          var k = j - 1
          if bp[k] == UInt8(ascii: ":") {
            while k > 0 && bp[k] != UInt8(ascii: "/") && bp[k] != UInt8(ascii: "<") { k -= 1 }
          }
          if bp[k] == UInt8(ascii: "/") && k > 0 && bp[k - 1] == UInt8(ascii: "<") {
            return j + 4
          }
        }
        j -= 1
      }
      return 0
    }
  }

  private mutating func parse(
    _ bytes: inout [UInt8],
    upTo cut: Int,
    state s: inout ParseState
  ) throws {
    try bytes.withUnsafeBufferPointer { bp in
      guard let base = bp.baseAddress else { return }
      var tags = XMLTags(base, count: cut)
      while let tag = tags.next() {
        if s.inCell {
          if s.inValue || s.inText {
            guard tag.kind == .end, tags.is(tag, s.inValue ? "v" : "t") else { continue }
            XMLTags.decode(base, s.textStart, tag.start, into: &s.cellText)
            s.inValue = false
            s.inText = false
            continue
          }
          if tags.is(tag, "v") {
            if tag.kind == .start {
              s.inValue = true
              s.textStart = tag.end
            }
            s.hasValue = true
          } else if tags.is(tag, "t") {
            if tag.kind == .start && !s.inPhonetic {
              s.inText = true
              s.textStart = tag.end
            }
            s.hasValue = true
          } else if tags.is(tag, "rPh") {
            s.inPhonetic = tag.kind == .start
          } else if tags.is(tag, "f") {
            s.hasFormula = true
          } else if tags.is(tag, "c"), tag.kind == .end {
            finishCell(&s)
          }
          continue
        }
        if tags.is(tag, "c") && tag.kind != .end {
          startCell(tags, tag, &s)
          if tag.kind == .empty { finishCell(&s) }
        } else if tags.is(tag, "row") {
          if tag.kind != .end {
            // Rows are numbered within Int32 (Excel's last is 1,048,576).
            row.number = min(
              tags.attribute(tag, "r").flatMap { Int($0) } ?? lastRowNumber + 1,
              Int(Int32.max)
            )
            row.cells.removeAll(keepingCapacity: true)
            row.arena.removeAll(keepingCapacity: true)
            s.inRow = tag.kind == .start
          }
          if tag.kind != .start {
            lastRowNumber = row.number
            s.inRow = false
            try finishRow()
          }
        }
      }
    }
  }

  private func startCell(_ tags: XMLTags, _ tag: XMLTags.Tag, _ s: inout ParseState) {
    s.inCell = tag.kind == .start
    s.hasValue = false
    s.hasFormula = false
    s.inPhonetic = false
    s.cellText.removeAll(keepingCapacity: true)
    var column = (row.cells.last?.column ?? -1) + 1
    if let r = tags.attributeRange(tag, "r") {
      var c = 0
      var i = r.lowerBound
      while i < r.upperBound, case let b = tags.p[i] | 0x20, b >= 0x61 && b <= 0x7A {
        c = min(c * 26 + Int(b - 0x60), Self.beyondColumns + 1)
        i += 1
      }
      if c > 0 { column = c - 1 }
    }
    // A cell past the most columns a file may have (a damaged reference such as `r="QQQQQQ1"`)
    // counts as the first column past them: its row is rejected as too wide, or its header
    // refused, without writing millions of empty fields first.
    column = min(column, Self.beyondColumns)
    var style = 0
    if let r = tags.attributeRange(tag, "s") {
      for i in r where tags.p[i] >= 48 && tags.p[i] <= 57 {
        style = min(style * 10 + Int(tags.p[i] - 48), Int(Int32.max))
      }
    }
    var kind = Kind.number
    if let r = tags.attributeRange(tag, "t"), r.count > 0 {
      switch (tags.p[r.lowerBound], r.count) {
      case (UInt8(ascii: "s"), 1): kind = .shared
      case (UInt8(ascii: "s"), _), (UInt8(ascii: "i"), _): kind = .text  // str, inlineStr
      case (UInt8(ascii: "b"), _): kind = .boolean
      case (UInt8(ascii: "e"), _): kind = .error
      case (UInt8(ascii: "d"), _): kind = .isoDate
      default: kind = .text
      }
    }
    s.cell = Cell(column: column, kind: kind, style: style, start: 0, end: 0)
  }

  private mutating func finishCell(_ s: inout ParseState) {
    s.inCell = false
    if s.hasFormula {
      layout.formulas += 1
      if layout.formulas == 1 {
        layout.firstFormula = Self.columnName(s.cell.column) + String(row.number)
        layout.firstFormulaRow = row.number
        layout.firstFormulaColumn = s.cell.column + 1
      }
      if !s.hasValue { layout.uncachedFormulas += 1 }
    }
    var cell = s.cell
    if cell.kind == .text { XMLTags.unescapeOOXML(&s.cellText, from: 0) }
    cell.start = row.arena.count
    if cell.kind == .shared {
      var index = 0
      var valid = !s.cellText.isEmpty
      for b in s.cellText {
        guard b >= 48 && b <= 57, index < 1 << 40 else {
          valid = false
          break
        }
        index = index * 10 + Int(b - 48)
      }
      if valid && index < workbook.strings.count {
        let r = workbook.strings.range(index)
        row.arena.append(contentsOf: workbook.strings.bytes[r])
        cell.kind = .text
      } else {
        row.arena.append(contentsOf: Array("#REF!".utf8))
        cell.kind = .error
      }
    } else {
      row.arena.append(contentsOf: s.cellText)
    }
    cell.end = row.arena.count
    if cell.end == cell.start { cell.kind = .empty }
    row.cells.append(cell)
  }

  // MARK: - Rows

  private mutating func finishRow() throws {
    if haveHeader {
      if !row.isEmpty { writeData(row) }
      if out.count >= 1 << 20 { flush() }
      return
    }
    if let wanted = options.headerRow {
      if row.number < wanted { return }
      if row.number > wanted || row.isEmpty {
        throw CobroError.badInput(
          path: workbook.name,
          reason: "sheet '\(sheet.name)': row \(wanted), the header, is empty"
        )
      }
      early = [row]
      try chooseHeader(force: true)
      return
    }
    if row.isEmpty { return }
    early.append(row)
    try chooseHeader(force: early.count >= Self.headerSearchRows)
  }

  /// Picks the header among the rows read so far: the last one read if it names every
  /// required column, else (when `force`) the first one.
  private mutating func chooseHeader(force: Bool) throws {
    guard let last = early.last else {
      if force {
        throw CobroError.badInput(
          path: workbook.name,
          reason: options.headerRow.map { "sheet '\(sheet.name)': row \($0), the header, is empty" }
            ?? "sheet '\(sheet.name)' is empty: no header row"
        )
      }
      return
    }
    let names = headerNames(last)
    let fields = Set(names.compactMap { CanonicalSchema.field(forHeader: $0)?.name })
    let complete = CanonicalSchema.fields.allSatisfy { !$0.required || fields.contains($0.name) }
    guard complete || force else { return }
    let chosen = complete ? early.count - 1 : 0
    writeHeader(early[chosen])
    for r in early[(chosen + 1)...] { writeData(r) }
    early = []
  }

  private func headerNames(_ r: Row) -> [String] {
    var names = [String](repeating: "", count: (r.cells.map(\.column).max() ?? -1) + 1)
    for c in r.cells where c.end > c.start {
      names[c.column] = String(decoding: r.arena[c.start..<c.end], as: UTF8.self)
    }
    return names
  }

  private mutating func writeHeader(_ r: Row) {
    haveHeader = true
    writing = r.number
    layout.headerRow = r.number
    let names = headerNames(r)
    columns = names.count
    types = names.map { CanonicalSchema.field(forHeader: $0)?.type }
    for (k, name) in names.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      appendText(Array(name.utf8))
    }
    endRecord(r.number)
  }

  /// Writes a data row: as many fields as the header has, or more when the row has values
  /// further right (the load then rejects it, pointing at the first such cell).
  private mutating func writeData(_ r: Row) {
    var last = columns - 1
    for c in r.cells where c.end > c.start && c.column > last { last = c.column }
    writing = r.number
    var k = 0  // the next field to write
    for c in r.cells where c.column >= k && c.column <= last {
      while k < c.column {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        k += 1
      }
      if k > 0 { out.append(UInt8(ascii: ",")) }
      appendValue(c, r.arena, type: k < types.count ? types[k] : nil)
      k += 1
    }
    while k <= last {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      k += 1
    }
    endRecord(r.number)
  }

  private mutating func endRecord(_ number: Int) {
    out.append(10)
    layout.rowOfLine.append(Int32(clamping: number))
  }

  /// Appends a cell as a CSV field, converted for the column's type.
  private mutating func appendValue(_ c: Cell, _ arena: [UInt8], type: FieldType?) {
    let bytes = arena[c.start..<c.end]
    switch c.kind {
    case .empty: return
    case .text, .error, .shared: appendText(bytes)
    case .boolean: appendText(Array((bytes.first == UInt8(ascii: "1") ? "TRUE" : "FALSE").utf8))
    case .isoDate:
      if bytes.count >= 10, let day = Day(String(decoding: bytes.prefix(10), as: UTF8.self)) {
        appendDate(day)
      } else {
        appendText(bytes)
      }
    case .number:
      let isDate = c.style < workbook.dateStyles.count && workbook.dateStyles[c.style]
      // Fast paths, without an allocation, for what nearly every cell holds: a whole serial,
      // an amount with at most two decimals, a number without an exponent.
      let shape = Self.shape(bytes)
      if isDate || type == .date {
        if shape.plain && shape.decimals == 0 && !shape.negative && bytes.count <= 7 {
          var serial = 0
          for b in bytes { serial = serial * 10 + Int(b - 48) }
          if let day = DecimalText.day(serial: serial, date1904: workbook.date1904) {
            return appendDate(day)
          }
        }
      } else if shape.plain && (type != .money || shape.decimals <= 2) {
        return appendNumber(bytes)
      }
      guard let number = DecimalText(bytes) else { return appendText(bytes) }
      if isDate || type == .date {
        if let day = number.day(date1904: workbook.date1904) {
          appendDate(day)
        } else {
          appendText(bytes)
        }
      } else if type == .money {
        appendNumber(number.roundedToCents())
      } else {
        appendNumber(number.plain)
      }
    }
  }

  /// Whether a number's text is plain (`-`, digits, at most one `.` and no exponent), and how
  /// many decimals it has.
  @inline(__always)
  static func shape(_ bytes: ArraySlice<UInt8>) -> (plain: Bool, decimals: Int, negative: Bool) {
    var decimals = -1
    var digits = 0
    var negative = false
    for (k, b) in zip(bytes.indices, bytes) {
      if b >= 48 && b <= 57 {
        digits += 1
        if decimals >= 0 { decimals += 1 }
      } else if b == UInt8(ascii: "."), decimals < 0 {
        decimals = 0
      } else if b == UInt8(ascii: "-"), k == bytes.startIndex {
        negative = true
      } else {
        return (false, 0, negative)
      }
    }
    return (digits > 0 && decimals != 0, max(decimals, 0), negative)
  }

  private mutating func appendDate(_ day: Day) {
    let (y, m, d) = day.civil
    func two(_ v: Int) {
      out.append(UInt8(48 + v / 10))
      out.append(UInt8(48 + v % 10))
    }
    if options.dates == .dmy {
      two(d)
      out.append(UInt8(ascii: "/"))
      two(m)
      out.append(UInt8(ascii: "/"))
      two(y / 100)
      two(y % 100)
    } else {
      two(y / 100)
      two(y % 100)
      out.append(UInt8(ascii: "-"))
      two(m)
      out.append(UInt8(ascii: "-"))
      two(d)
    }
  }

  /// Appends a number's plain text with the load's decimal mark.
  private mutating func appendNumber<C: Collection>(_ text: C) where C.Element == UInt8 {
    guard options.decimalComma, text.contains(UInt8(ascii: ".")) else {
      out.append(contentsOf: text)
      return
    }
    out.append(UInt8(ascii: "\""))
    for b in text { out.append(b == UInt8(ascii: ".") ? UInt8(ascii: ",") : b) }
    out.append(UInt8(ascii: "\""))
  }

  /// Appends text, quoted when it holds a comma, a quote or a line break (each line break then
  /// adds a physical line of the same row).
  private mutating func appendText<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    var quote = false
    for b in bytes where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 {
      quote = true
      break
    }
    guard quote else {
      out.append(contentsOf: bytes)
      return
    }
    out.append(UInt8(ascii: "\""))
    for b in bytes {
      if b == UInt8(ascii: "\"") { out.append(b) }
      if b == 10 { layout.rowOfLine.append(Int32(clamping: writing)) }
      out.append(b)
    }
    out.append(UInt8(ascii: "\""))
  }

  private mutating func flush() {
    guard !out.isEmpty else { return }
    out.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    out.removeAll(keepingCapacity: true)
  }

  /// The letters of a 0-based column index (`0` → `A`, `27` → `AB`).
  static func columnName(_ index: Int) -> String {
    var n = index + 1
    var letters: [Character] = []
    while n > 0 {
      let r = (n - 1) % 26
      letters.append(Character(Unicode.Scalar(UInt8(65 + r))))
      n = (n - 1) / 26
    }
    return String(letters.reversed())
  }
}

/// A number as a cell's `v` holds it (`-1234.5`, `1.2E-3`), kept as decimal digits so that it
/// is never rounded through binary floating point.
struct DecimalText {
  /// The significant digits, without leading or trailing zeros (empty for zero).
  var digits: [UInt8]
  /// How many of `digits` come before the decimal point (may be negative or past the end).
  var point: Int
  var negative: Bool

  /// Parses `[-]D*[.D*][(e|E)[+-]D+]`, or fails.
  init?<C: Collection>(_ text: C) where C.Element == UInt8 {
    var digits: [UInt8] = []
    var point: Int?
    var negative = false
    var exponent = 0
    var seenDigit = false
    var i = text.startIndex
    if i < text.endIndex, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
      negative = text[i] == UInt8(ascii: "-")
      i = text.index(after: i)
    }
    while i < text.endIndex {
      let b = text[i]
      if b >= 48 && b <= 57 {
        digits.append(b - 48)
        seenDigit = true
      } else if b == UInt8(ascii: "."), point == nil {
        point = digits.count
      } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
        guard let e = Int(String(decoding: text[text.index(after: i)...], as: UTF8.self)),
          abs(e) < 400
        else { return nil }
        exponent = e
        break
      } else {
        return nil
      }
      i = text.index(after: i)
    }
    guard seenDigit else { return nil }
    var p = (point ?? digits.count) + exponent
    // Strip leading zeros (moving the point) and trailing ones.
    var lead = 0
    while lead < digits.count && digits[lead] == 0 { lead += 1 }
    digits.removeFirst(lead)
    p -= lead
    while let last = digits.last, last == 0 { digits.removeLast() }
    if digits.isEmpty {
      p = 0
      negative = false
    }
    self.digits = digits
    self.point = p
    self.negative = negative
  }

  /// The plain decimal text, without an exponent (`1.5E3` → `1500`, `-2.50` → `-2.5`).
  var plain: [UInt8] {
    guard !digits.isEmpty else { return [UInt8(ascii: "0")] }
    var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
    let ascii = digits.map { $0 + 48 }
    if point <= 0 {
      out += Array("0.".utf8) + [UInt8](repeating: 48, count: -point) + ascii
    } else if point >= digits.count {
      out += ascii + [UInt8](repeating: 48, count: point - digits.count)
    } else {
      out += ascii[..<point] + [UInt8(ascii: ".")] + ascii[point...]
    }
    return out
  }

  /// The amount rounded half up (ties away from zero) to two decimals, as `D.DD` text.
  func roundedToCents() -> [UInt8] {
    // The digits of the amount in cents: those up to two places after the point.
    let keep = point + 2
    var cents: [UInt8] = []
    if keep > 0 {
      for k in 0..<keep { cents.append(k < digits.count ? digits[k] : 0) }
    }
    let next = keep >= 0 && keep < digits.count ? digits[keep] : 0
    if next >= 5 {
      var k = cents.count - 1
      while k >= 0 && cents[k] == 9 {
        cents[k] = 0
        k -= 1
      }
      if k >= 0 { cents[k] += 1 } else { cents.insert(1, at: 0) }
    }
    while cents.count < 3 { cents.insert(0, at: 0) }
    let isZero = cents.allSatisfy { $0 == 0 }
    var out: [UInt8] = negative && !isZero ? [UInt8(ascii: "-")] : []
    var integer = Array(cents[..<(cents.count - 2)])
    while integer.count > 1 && integer[0] == 0 { integer.removeFirst() }
    out += integer.map { $0 + 48 }
    out.append(UInt8(ascii: "."))
    out += cents[(cents.count - 2)...].map { $0 + 48 }
    return out
  }

  /// The date of this serial in the workbook's date system (its whole part: a time of day is
  /// dropped), or `nil` for a serial no date has.
  ///
  /// In the 1900 system serial 1 is 1900-01-01 and serial 60 is the 1900-02-29 that Lotus 1-2-3
  /// counted and Excel keeps, which does not exist; from 61 on serials are days after
  /// 1899-12-30. In the 1904 system serial 0 is 1904-01-01.
  func day(date1904: Bool) -> Day? {
    guard !negative, point <= 7 else { return nil }
    var serial = 0
    for k in 0..<max(point, 0) { serial = serial * 10 + Int(k < digits.count ? digits[k] : 0) }
    return Self.day(serial: serial, date1904: date1904)
  }

  /// The date of a whole serial (see `day(date1904:)`).
  static func day(serial: Int, date1904: Bool) -> Day? {
    guard serial >= 0, serial <= 2_958_465 else { return nil }  // 9999-12-31
    if date1904 {
      return Day(year: 1904, month: 1, day: 1)?.adding(days: serial)
    }
    switch serial {
    case 0, 60: return nil
    case 1..<60: return Day(year: 1899, month: 12, day: 31)?.adding(days: serial)
    default: return Day(year: 1899, month: 12, day: 30)?.adding(days: serial)
    }
  }
}
