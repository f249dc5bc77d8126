import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The header of a portfolio file: each column mapped to its canonical field or kept as an
/// extra column under a query name, and the builder that will hold its values.
extension LoadState {

  mutating func readHeader(estimatedRows known: Int?) throws {
    let scanner = try CSVScanner.header(
      of: bytes,
      from: start,
      delimiter: options.delimiter,
      file: name
    )
    headerEnd = scanner.pos
    headerLine = scanner.line
    var newlines = 0
    let p = bytes.base
    if let known {
      newlines = known
    } else {
      var cursor = UnsafeRawPointer(p + headerEnd)
      var left = bytes.count - headerEnd
      while left > 0, let hit = memchr(cursor, 10, left) {
        newlines += 1
        let consumed = UnsafeRawPointer(hit) - cursor + 1
        cursor += consumed
        left -= consumed
      }
    }
    estimatedRows = newlines + 1
    let averageBytes = max(8, (bytes.count - headerEnd) / max(estimatedRows, 1))
    var seen: [String: Int] = [:]
    var mappedKeys: Set<String> = []
    // A header that names a column only through a loose alias (`Cuenta`, `Crédito`) gives way
    // to one that names it by its canonical name, spec alias or the column map (`Obligación`),
    // or to an earlier loose one, and is kept as an extra column instead.
    var strongly: Set<String> = []
    for k in 0..<scanner.count {
      let header = scanner.string(k).trimmingCharacters(in: " \t")
      if let mapped = options.columnMap?.entry(forHeader: header) {
        if let f = mapped.field { strongly.insert(f.name) }
      } else if !CanonicalSchema.isLooseAlias(header),
        let f = CanonicalSchema.field(forHeader: header)
      {
        strongly.insert(f.name)
      }
    }
    for k in 0..<scanner.count {
      if let bad = InputBytes.firstInvalidUTF8(p, scanner.start(k), scanner.end(k)) {
        throw MissingColumns(
          diagnostic: Diagnostic(
            .error,
            "header: invalid UTF-8",
            at: SourceRange(file: name, line: 1, column: scanner.columnOf(bad)),
            sourceLine: scanner.physicalLine(containing: bad),
            notes: ["if the file was saved by a spreadsheet, try 'encoding cp1252'"]
          )
        )
      }
      let header = scanner.string(k).trimmingCharacters(in: " \t")
      var queryName: String
      let mapped = header.isEmpty ? nil : options.columnMap?.entry(forHeader: header)
      if let mapped { mappedKeys.insert(mapped.key) }
      var field = mapped.map(\.field) ?? CanonicalSchema.field(forHeader: header)
      if mapped == nil, let f = field, CanonicalSchema.isLooseAlias(header),
        strongly.contains(f.name) || seen[f.name] != nil
      {
        field = nil
      }
      if header.isEmpty {
        queryName = "column_\(k + 1)"
      } else {
        queryName = mapped?.name ?? LoadState.extraName(header)
      }
      if let f = field {
        queryName = f.name
      } else if mapped == nil && CanonicalSchema.computedNames.contains(queryName) {
        let renamed = "file_" + queryName
        warnings.append(
          Diagnostic(
            .warning,
            "column '\(header)' is a computed field: kept as '\(renamed)'",
            at: SourceRange(file: name, line: 1, column: scanner.columnOf(scanner.start(k)))
          )
        )
        queryName = renamed
        field = nil
      }
      if let previous = seen[queryName] {
        throw Diagnostic(
          .error,
          "column '\(header)' appears twice (first as column \(previous + 1))",
          at: SourceRange(
            file: name,
            line: 1,
            column: scanner.columnOf(scanner.start(k)),
            length: max(1, header.count)
          ),
          sourceLine: scanner.physicalLine(containing: scanner.start(k))
        )
      }
      seen[queryName] = k
      var slot = LoadState.makeSlot(
        field: field,
        rows: estimatedRows,
        averageBytes: averageBytes / 4
      )
      if field == nil, let type = mapped?.type {
        slot = LoadState.makeSlot(type: type, rows: estimatedRows, averageBytes: averageBytes / 4)
      } else if field == nil,
        CanonicalSchema.cutoffHeaders.contains(CanonicalSchema.normalize(header))
      {
        slot = .date(Int32Column(rows: estimatedRows, base: Int32Column.dayBase), required: false)
      }
      if queryName == "account_id" { accountSlot = k }
      fileColumns.append(
        FileColumn(
          header: header,
          name: queryName,
          field: field,
          slot: slot,
          dates: mapped?.dates ?? options.dates,
          decimalComma: mapped?.decimalComma ?? options.decimalComma
        )
      )
    }
    if let map = options.columnMap {
      for entry in map.entries where !mappedKeys.contains(entry.key) {
        warnings.append(
          Diagnostic(
            .warning,
            "column map: \(name) has no column '\(entry.header)'",
            at: entry.range,
            sourceLine: entry.sourceLine
          )
        )
      }
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
                + "due_date (fecha_vencimiento)"
            ),
          ]
        )
      )
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

  /// The builder of an extra column whose type a column map declares.
  static func makeSlot(type: FieldType, rows: Int, averageBytes: Int) -> Slot {
    switch type {
    case .text:
      return .text(TextColumn(rows: rows, bytesPerRow: max(averageBytes, 4)), required: false)
    case .category: return .category(CategoryColumn(rows: rows), closed: nil)
    case .money: return .money(ColumnBuffer(capacity: rows), required: false)
    case .date:
      return .date(Int32Column(rows: rows, base: Int32Column.dayBase), required: false)
    case .integer: return .integer(Int32Column(rows: rows, base: 0))
    }
  }

  static func makeSlot(field: CanonicalField?, rows: Int, averageBytes: Int) -> Slot {
    guard let field else {
      return .text(TextColumn(rows: rows, bytesPerRow: max(averageBytes, 4)), required: false)
    }
    switch field.type {
    case .text:
      // Sized from the first block of rows (`presizeText`).
      return .text(TextColumn(rows: rows, bytesPerRow: 1), required: field.required)
    case .category:
      return .category(CategoryColumn(rows: rows), closed: Vocabulary.closed[field.name])
    case .money:
      return .money(ColumnBuffer(capacity: rows), required: field.required)
    case .date:
      return .date(Int32Column(rows: rows, base: Int32Column.dayBase), required: field.required)
    case .integer:
      return .integer(Int32Column(rows: rows, base: 0))
    }
  }
}
