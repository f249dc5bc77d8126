/// The working state of one portfolio load: header mapping, column builders, rejects.
struct LoadState {
  /// How one file column is converted.
  enum Slot {
    case text(TextColumn, required: Bool)
    case category(CategoryColumn, ByteKeyTable, closed: [String: String]?)
    case money(ColumnBuffer<Int64>, required: Bool)
    case date(ColumnBuffer<Int32>, required: Bool)
    case integer(ColumnBuffer<Int64>)
  }

  /// A file column: its header, its query name, its canonical field and its builder.
  struct FileColumn {
    var header: String
    var name: String
    var field: CanonicalField?
    var slot: Slot
  }

  let bytes: InputBytes
  let start: Int
  let name: String
  let options: LoadOptions
  let progress: ((Int, Int) -> Bool)?
  var fileColumns: [FileColumn] = []
  var rows = 0
  var rejects: [RejectedRow] = []
  var warnings: [Diagnostic] = []
  var rowLines: ColumnBuffer<UInt32>
  private var headerEnd = 0
  private var headerLine = 1
  private var accountSlot = -1
  private var estimatedRows = 0

  /// The missing required columns, reported after a dialect check.
  struct MissingColumns: Error {
    var diagnostic: Diagnostic
  }

  init(
    bytes: InputBytes,
    start: Int,
    name: String,
    options: LoadOptions,
    progress: ((Int, Int) -> Bool)?
  ) throws {
    self.bytes = bytes
    self.start = start
    self.name = name
    self.options = options
    self.progress = progress
    rowLines = ColumnBuffer(capacity: 1)
    try readHeader()
  }

  // MARK: - Header

  private mutating func readHeader() throws {
    var scanner = CSVScanner(
      p: bytes.base, start: start, end: bytes.count, delimiter: options.delimiter)
    guard case .record = scanner.next() else {
      throw CobroError.badInput(path: name, reason: "empty file: no header row")
    }
    headerEnd = scanner.pos
    headerLine = scanner.line
    var newlines = 0
    var i = headerEnd
    let p = bytes.base
    while i < bytes.count {
      if p[i] == 10 { newlines += 1 }
      i += 1
    }
    estimatedRows = newlines + 1
    rowLines = ColumnBuffer(capacity: estimatedRows)
    let averageBytes = max(8, (bytes.count - headerEnd) / max(estimatedRows, 1))
    var seen: [String: Int] = [:]
    for k in 0..<scanner.count {
      if let bad = InputBytes.firstInvalidUTF8(p, scanner.starts[k], scanner.ends[k]) {
        throw MissingColumns(
          diagnostic: Diagnostic(
            .error, "header: invalid UTF-8",
            at: SourceRange(file: name, line: 1, column: scanner.columnOf(bad)),
            sourceLine: scanner.physicalLine(containing: bad),
            notes: ["if the file was saved by a spreadsheet, try 'encoding cp1252'"]))
      }
      let header = scanner.string(k).trimmingCharacters(in: " \t")
      var queryName: String
      var field = CanonicalSchema.field(forHeader: header)
      if header.isEmpty {
        queryName = "column_\(k + 1)"
      } else {
        queryName = LoadState.extraName(header)
      }
      if let f = field {
        queryName = f.name
      } else if CanonicalSchema.computedNames.contains(queryName) {
        let renamed = "file_" + queryName
        warnings.append(
          Diagnostic(
            .warning,
            "column '\(header)' is a computed field: kept as '\(renamed)'",
            at: SourceRange(file: name, line: 1, column: scanner.columnOf(scanner.starts[k]))))
        queryName = renamed
        field = nil
      }
      if let previous = seen[queryName] {
        throw Diagnostic(
          .error,
          "column '\(header)' appears twice (first as column \(previous + 1))",
          at: SourceRange(
            file: name, line: 1, column: scanner.columnOf(scanner.starts[k]),
            length: max(1, header.count)),
          sourceLine: scanner.physicalLine(containing: scanner.starts[k]))
      }
      seen[queryName] = k
      let slot = LoadState.makeSlot(
        field: field, rows: estimatedRows, averageBytes: averageBytes / 4)
      if queryName == "account_id" { accountSlot = k }
      fileColumns.append(FileColumn(header: header, name: queryName, field: field, slot: slot))
    }
    let missing = CanonicalSchema.fields.filter { f in
      f.required && !fileColumns.contains { $0.field?.name == f.name }
    }
    if !missing.isEmpty {
      let names = missing.map { "'\($0.name)'" }.joined(separator: ", ")
      let found = fileColumns.map(\.header).prefix(12).joined(separator: ", ")
      throw MissingColumns(
        diagnostic: Diagnostic(
          .error,
          "missing required column\(missing.count > 1 ? "s" : "") \(names)",
          at: SourceRange(file: name, line: 1, column: 1),
          sourceLine: scanner.physicalLine(containing: start),
          notes: [
            "the header has: \(found)\(fileColumns.count > 12 ? ", …" : "")",
            Diagnostic.Message(
              "required: account_id (obligacion), debtor_id (cliente_id), balance (saldo), "
                + "due_date (fecha_vencimiento)"),
          ]))
    }
  }

  /// The query name of an extra column: folded, lowercase, words joined by `_`.
  static func extraName(_ header: String) -> String {
    var out = ""
    var pendingUnderscore = false
    for u in header.unicodeScalars {
      let f = CanonicalSchema.foldAccent(u)
      let isWord =
        (f >= "a" && f <= "z") || (f >= "0" && f <= "9") || f.value > 0x7F
      if isWord {
        if pendingUnderscore && !out.isEmpty { out.append("_") }
        pendingUnderscore = false
        out.unicodeScalars.append(f)
      } else {
        pendingUnderscore = true
      }
    }
    return out.isEmpty ? "column" : out
  }

  private static func makeSlot(field: CanonicalField?, rows: Int, averageBytes: Int) -> Slot {
    guard let field else {
      return .text(TextColumn(rows: rows, bytesPerRow: max(averageBytes, 4)), required: false)
    }
    switch field.type {
    case .text:
      let per: Int
      switch field.name {
      case "debtor_name", "email": per = 24
      case "phone": per = 14
      default: per = 12
      }
      return .text(TextColumn(rows: rows, bytesPerRow: per), required: field.required)
    case .category:
      return .category(
        CategoryColumn(rows: rows), ByteKeyTable(), closed: Vocabulary.closed[field.name])
    case .money:
      return .money(ColumnBuffer(capacity: rows), required: field.required)
    case .date:
      return .date(ColumnBuffer(capacity: rows), required: field.required)
    case .integer:
      return .integer(ColumnBuffer(capacity: rows))
    }
  }

  // MARK: - Rows

  /// Loads every record; with `sampleCheck`, stops with `DialectSuspicion` when most of the first
  /// 200 records are rejected.
  mutating func run(sampleCheck: Bool) throws {
    reset()
    var scanner = CSVScanner(
      p: bytes.base, start: headerEnd, end: bytes.count, delimiter: options.delimiter,
      line: headerLine)
    let expected = fileColumns.count
    var records = 0
    var nextProgress = headerEnd + (1 << 22)
    var moneyTmp = [Int64](repeating: 0, count: expected)
    var dateTmp = [Int32](repeating: 0, count: expected)
    var codeTmp = [UInt16](repeating: 0, count: expected)
    while true {
      let step = scanner.next()
      switch step {
      case .end:
        return
      case .unterminatedQuote(let at):
        reject(
          scanner, message: "unterminated quote: the field is never closed", at: at, length: 1)
        records += 1
        continue
      case .junkAfterQuote(let at):
        reject(
          scanner, message: "unexpected character after a closing quote", at: at, length: 1)
        records += 1
        continue
      case .record:
        break
      }
      records += 1
      if scanner.pos >= nextProgress, let progress {
        nextProgress = scanner.pos + (1 << 22)
        if !progress(scanner.pos, bytes.count) { throw CobroError.interrupted }
      }
      if sampleCheck && records == 200 && rejects.count * 2 >= records {
        throw DialectSuspicion()
      }
      if scanner.count != expected {
        let at: Int
        if scanner.count > expected {
          at = scanner.starts[expected] - (scanner.quoted[expected] ? 1 : 0)
        } else {
          at = scanner.ends[scanner.count - 1] + (scanner.quoted[scanner.count - 1] ? 1 : 0)
        }
        reject(
          scanner,
          message: "expected \(expected) fields, found \(scanner.count)",
          at: at, length: 1)
        continue
      }
      if let problem = convert(
        &scanner, moneyTmp: &moneyTmp, dateTmp: &dateTmp, codeTmp: &codeTmp)
      {
        reject(scanner, message: problem.message, at: problem.offset, length: problem.length)
        continue
      }
      commit(scanner, moneyTmp: moneyTmp, dateTmp: dateTmp, codeTmp: codeTmp)
    }
  }

  private mutating func reset() {
    rows = 0
    rejects = []
    rowLines.count = 0
    for c in fileColumns {
      switch c.slot {
      case .text(let t, _):
        t.bytes.count = 0
        t.ends.count = 0
      case .category(let cat, _, _): cat.codes.count = 0
      case .money(let m, _): m.count = 0
      case .date(let d, _): d.count = 0
      case .integer(let n): n.count = 0
      }
    }
  }

  /// A reason to reject the current record.
  struct Problem {
    var message: Diagnostic.Message
    var offset: Int
    var length: Int
  }

  /// Trims spaces around an unquoted cell.
  @inline(__always)
  private static func trim(_ p: UnsafePointer<UInt8>, _ s: inout Int, _ e: inout Int) {
    while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
    while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
  }

  /// Converts every cell of the record into the temporaries; returns the first problem.
  private mutating func convert(
    _ scanner: inout CSVScanner,
    moneyTmp: inout [Int64],
    dateTmp: inout [Int32],
    codeTmp: inout [UInt16]
  ) -> Problem? {
    let p = bytes.base
    for k in 0..<fileColumns.count {
      var s = scanner.starts[k]
      var e = scanner.ends[k]
      if !scanner.quoted[k] { LoadState.trim(p, &s, &e) }
      switch fileColumns[k].slot {
      case .money(_, let required):
        if s == e {
          if required { return emptyRequired(k, scanner) }
          moneyTmp[k] = Column.missingMoney
          continue
        }
        let v: Cents?
        if options.decimalComma {
          v = Money.parse(p, s, e, style: .decimalComma)
        } else {
          v = Money.parseCanonical(p, s, e)
        }
        guard let v else {
          return Problem(
            message: "\(fileColumns[k].name): '\(text(s, e))' is not money",
            offset: s, length: e - s)
        }
        moneyTmp[k] = v
      case .date(_, let required):
        if s == e {
          if required { return emptyRequired(k, scanner) }
          dateTmp[k] = Day.missing
          continue
        }
        let v = options.dates == .iso ? Day.parseISO(p, s, e) : Day.parseDMY(p, s, e)
        guard let v else {
          let expected = options.dates == .iso ? "YYYY-MM-DD" : "DD/MM/YYYY"
          return Problem(
            message: "\(fileColumns[k].name): '\(text(s, e))' is not a date (\(expected))",
            offset: s, length: e - s)
        }
        dateTmp[k] = v
      case .integer:
        if s == e {
          moneyTmp[k] = Column.missingInteger
          continue
        }
        var v: Int64 = 0
        var i = s
        while i < e, p[i] &- 48 <= 9, i - s < 15 {
          v = v * 10 + Int64(p[i] &- 48)
          i += 1
        }
        if i != e {
          return Problem(
            message: "\(fileColumns[k].name): '\(text(s, e))' is not a whole number >= 0",
            offset: s, length: e - s)
        }
        moneyTmp[k] = v
      case .text(_, let required):
        if s == e && required { return emptyRequired(k, scanner) }
        if let bad = firstHighInvalid(p, s, e) {
          return Problem(
            message: "\(fileColumns[k].name): invalid UTF-8", offset: bad, length: 1)
        }
      case .category(let column, var table, let closed):
        if s == e {
          codeTmp[k] = 0
          continue
        }
        if let code = table.find(p, s, e) {
          if code == UInt32.max {
            return closedProblem(k, s, e, closed)
          }
          codeTmp[k] = UInt16(code)
          continue
        }
        if let bad = firstHighInvalid(p, s, e) {
          return Problem(
            message: "\(fileColumns[k].name): invalid UTF-8", offset: bad, length: 1)
        }
        var value = scanner.quoted[k] && scanner.escaped[k] ? unescaped(s, e) : text(s, e)
        if let closed {
          guard let canonical = closed[CanonicalSchema.fold(value)] else {
            table.insert(p, s, e, payload: UInt32.max)
            fileColumns[k].slot = .category(column, table, closed: closed)
            return closedProblem(k, s, e, closed)
          }
          value = canonical
        } else if fileColumns[k].name == "currency" {
          value = value.uppercased()
        }
        guard let code = column.intern(value) else {
          return Problem(
            message: "\(fileColumns[k].name): more than 65,535 distinct values",
            offset: s, length: e - s)
        }
        table.insert(p, s, e, payload: UInt32(code))
        fileColumns[k].slot = .category(column, table, closed: closed)
        codeTmp[k] = code
      }
    }
    if accountSlot >= 0, case .text(let ids, _) = fileColumns[accountSlot].slot {
      var s = scanner.starts[accountSlot]
      var e = scanner.ends[accountSlot]
      if !scanner.quoted[accountSlot] { LoadState.trim(p, &s, &e) }
      if !scanner.escaped[accountSlot] {
        if let first = accountIndex.insertOrFind(p, s, e, row: rows, column: ids) {
          return Problem(
            message:
              "account_id: duplicate '\(text(s, e))' (first on line \(rowLines[first]))",
            offset: s, length: e - s)
        }
      } else {
        var u = Array(unescaped(s, e).utf8)
        let dup = u.withUnsafeMutableBufferPointer { bp -> Int? in
          guard let b = bp.baseAddress else { return nil }
          return accountIndex.insertOrFind(b, 0, bp.count, row: rows, column: ids)
        }
        if let first = dup {
          return Problem(
            message:
              "account_id: duplicate '\(unescaped(s, e))' (first on line \(rowLines[first]))",
            offset: s, length: e - s)
        }
      }
    }
    return nil
  }

  private lazy var accountIndex = RowKeyIndex(rows: estimatedRows)

  private func closedProblem(_ k: Int, _ s: Int, _ e: Int, _ closed: [String: String]?) -> Problem
  {
    let allowed = Vocabulary.canonicalValues[fileColumns[k].name] ?? []
    return Problem(
      message:
        "\(fileColumns[k].name): '\(text(s, e))' is not one of \(allowed.joined(separator: ", "))",
      offset: s, length: e - s)
  }

  private func emptyRequired(_ k: Int, _ scanner: CSVScanner) -> Problem {
    let at = scanner.starts[k] - (scanner.quoted[k] ? 1 : 0)
    return Problem(
      message: "\(fileColumns[k].name): required value is empty", offset: at, length: 1)
  }

  @inline(__always)
  private func firstHighInvalid(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
    var i = s
    while i < e {
      if p[i] >= 0x80 { return InputBytes.firstInvalidUTF8(p, i, e) }
      i += 1
    }
    return nil
  }

  private func text(_ s: Int, _ e: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: bytes.base + s, count: e - s), as: UTF8.self)
  }

  private func unescaped(_ s: Int, _ e: Int) -> String {
    text(s, e).replacingOccurrences(of: "\"\"", with: "\"")
  }

  /// Appends the converted record to every column.
  private mutating func commit(
    _ scanner: CSVScanner,
    moneyTmp: [Int64],
    dateTmp: [Int32],
    codeTmp: [UInt16]
  ) {
    let p = bytes.base
    for k in 0..<fileColumns.count {
      switch fileColumns[k].slot {
      case .money(let m, _): m.append(moneyTmp[k])
      case .integer(let n): n.append(moneyTmp[k])
      case .date(let d, _): d.append(dateTmp[k])
      case .category(let c, _, _): c.codes.append(codeTmp[k])
      case .text(let t, _):
        var s = scanner.starts[k]
        var e = scanner.ends[k]
        if !scanner.quoted[k] { LoadState.trim(p, &s, &e) }
        if scanner.escaped[k] {
          // Copy, keeping one quote of each doubled pair.
          var i = s
          while i < e {
            t.bytes.append(p[i])
            i += p[i] == 34 && i + 1 < e && p[i + 1] == 34 ? 2 : 1
          }
        } else if e > s {
          t.bytes.append(from: p + s, count: e - s)
        }
        t.ends.append(UInt32(truncatingIfNeeded: t.bytes.count))
      }
    }
    rowLines.append(UInt32(truncatingIfNeeded: scanner.recordLine))
    rows += 1
  }

  private mutating func reject(_ scanner: CSVScanner, message: Diagnostic.Message, at: Int, length: Int)
  {
    let line = scanner.lineOf(at)
    let column = scanner.columnOf(at)
    var chars = 0
    var i = at
    while i < at + length && i < bytes.count {
      if bytes.base[i] & 0xC0 != 0x80 { chars += 1 }
      i += 1
    }
    let diagnostic = Diagnostic(
      .error, message,
      at: SourceRange(file: name, line: line, column: column, length: max(chars, 1)),
      sourceLine: scanner.physicalLine(containing: at))
    rejects.append(
      RejectedRow(
        file: name, line: scanner.recordLine, text: scanner.recordText(), diagnostic: diagnostic))
  }

  /// The finished columns, in file order.
  func columns() -> [Column] {
    fileColumns.map { c in
      let data: ColumnData
      switch c.slot {
      case .text(let t, _): data = .text(t)
      case .category(let cat, _, _): data = .category(cat)
      case .money(let m, _): data = .money(m)
      case .date(let d, _): data = .date(d)
      case .integer(let n): data = .integer(n)
      }
      return Column(name: c.name, header: c.header, field: c.field, data: data)
    }
  }
}

/// The closed vocabularies and the Spanish and English spellings accepted for each value.
public enum Vocabulary {
  /// The canonical values of each closed column, in display order.
  public static let canonicalValues: [String: [String]] = [
    "status": CanonicalSchema.statuses,
    "channel": CanonicalSchema.channels,
    "debtor_type": CanonicalSchema.debtorTypes,
  ]

  /// Folded spelling → canonical value, per closed column.
  static let closed: [String: [String: String]] = [
    "status": [
      "active": "active", "activa": "active", "activo": "active", "vigente": "active",
      "written_off": "written_off", "writtenoff": "written_off", "written off": "written_off",
      "castigada": "written_off", "castigado": "written_off", "castigo": "written_off",
      "paid": "paid", "pagada": "paid", "pagado": "paid", "cancelada": "paid",
    ],
    "channel": [
      "whatsapp": "whatsapp", "email": "email", "correo": "email", "e-mail": "email",
      "call": "call", "llamada": "call", "telefono": "call", "phone": "call",
      "sms": "sms", "mensaje": "sms",
    ],
    "debtor_type": [
      "person": "person", "persona": "person", "natural": "person",
      "persona natural": "person",
      "company": "company", "empresa": "company", "juridica": "company",
      "persona juridica": "company",
    ],
  ]
}

extension String {
  /// The string without the given leading and trailing characters.
  func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var s = Substring(self)
    while let f = s.first, chars.contains(f) { s.removeFirst() }
    while let l = s.last, chars.contains(l) { s.removeLast() }
    return String(s)
  }
}
