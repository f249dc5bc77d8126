/// The type of each extra column (one the schema does not know), inferred from its values
/// under the load's dialect, so that a number or a date is never compared as text.
///
/// The loader reads an extra column as text; once the rows are in, each is typed here from all
/// of its non-empty values, in one pass over its bytes (files without extra columns pay
/// nothing):
///
/// - **date** when every value is a date in the load's order (`dates dmy`: `DD/MM/YYYY`,
///   `YYYY-MM-DD` also accepted; `dates iso`: `YYYY-MM-DD`);
/// - **integer** when every value is a whole number from -2,147,483,647 to 2,147,483,647
///   written without leading zeros, unless the name says money (`valor`, `saldo`, `monto`,
///   `amount`…, and none of `dias`, `numero`, `cuotas`…);
/// - **money** when every value is an amount in the load's decimal mark (`$ 1.234.567,89` with
///   `decimal ,`; `1,234,567.89` or `1234567.89` otherwise, at most two decimals) and some value
///   shows it is money (a decimal part, `$`, thousands separators) or the name says so;
/// - **category** when the rest repeat (at most 256 distinct values, at most half as many as
///   the non-empty cells): one byte a row;
/// - **text** otherwise: ids with leading zeros, phones and whole numbers past 2,147,483,647
///   stay text, and so do numbers in a column whose name says ids or codes (`cedula`, `nit`,
///   `codigo`, `telefono`, `id`…).
///
/// A column is typed only when all of its values fit: one `N/A` in a date column keeps it text,
/// and `Column.typeNote` names the first value that did not fit (`describe` shows it), so that
/// a comparison that needs the type can say why it is missing.
enum ColumnTyping {
  /// The extra columns of a loaded file typed, the others unchanged.
  ///
  /// `accountIDs` names the rows in notes (`'N/A' (account A7)`).
  static func typed(_ columns: [Column], rows: Int, options: LoadOptions) -> [Column] {
    guard columns.contains(where: { $0.field == nil }) else { return columns }
    var ids: TextColumn?
    if let c = columns.first(where: { $0.field?.name == "account_id" }), case .text(let t) = c.data
    {
      ids = t
    }
    return columns.map { c in
      guard c.field == nil, case .text(let t) = c.data else { return c }
      return typed(c, t, rows: rows, options: options, ids: ids)
    }
  }

  /// What the values of a text column allow, gathered in one pass.
  struct Evidence {
    /// Non-empty cells.
    var nonEmpty = 0
    /// Whether every non-empty value so far is a date, an integer, an amount.
    var date = true
    var integer = true
    var money = true
    /// Whether some amount shows a decimal part, `$` or thousands separators.
    var moneyMark = false
    /// The first row whose value is not a date, an integer, an amount (`-1`: none).
    var notDate = -1
    var notInteger = -1
    var notMoney = -1
    /// Distinct non-empty values, counted up to `categoryLimit + 1`.
    var distinct = 0
    /// Dates and amounts among the first `sampleRows` non-empty values.
    var dateHits = 0
    var moneyHits = 0
  }

  /// Non-empty values every type is tried on, to say which type a text column came closest to.
  static let sampleRows = 1024

  /// The most values a column typed as a category holds (one byte a row).
  static let categoryLimit = 256

  /// Gathers the evidence of a column, stopping once no type but text is left.
  static func evidence(_ t: TextColumn, rows: Int, options: LoadOptions) -> Evidence {
    var ev = Evidence()
    let view = t.view
    let p = UnsafePointer(t.bytes.base)
    var table = ByteKeyTable(capacity: 64)
    let style: Money.Style = options.decimalComma ? .decimalComma : .canonical
    let dmy = options.dates == .dmy
    var start = 0
    for r in 0..<rows {
      let s = start
      let e = view.end(r)
      start = e
      if s == e { continue }
      ev.nonEmpty += 1
      // A type already ruled out is still tried on the first rows, to say how close it came.
      let sampling = ev.nonEmpty <= sampleRows
      if ev.date || sampling {
        if (dmy ? Day.parseDMY(p, s, e) : nil) ?? Day.parseISO(p, s, e) == nil {
          if ev.date { ev.notDate = r }
          ev.date = false
        } else if sampling {
          ev.dateHits += 1
        }
      }
      if ev.integer, integer(p, s, e) == nil {
        ev.integer = false
        ev.notInteger = r
      }
      if ev.money || sampling {
        if Money.parse(p, s, e, style: style) == nil {
          if ev.money { ev.notMoney = r }
          ev.money = false
        } else {
          if sampling { ev.moneyHits += 1 }
          if ev.money && !ev.moneyMark { ev.moneyMark = !plainWhole(p, s, e) }
        }
      }
      if ev.distinct <= categoryLimit, table.find(p, s, e) == nil {
        table.insert(p, s, e, payload: 0)
        ev.distinct += 1
      }
      if !ev.date && !ev.integer && !ev.money && ev.distinct > categoryLimit && !sampling {
        break
      }
    }
    return ev
  }

  /// A column typed from its evidence.
  private static func typed(
    _ c: Column,
    _ t: TextColumn,
    rows: Int,
    options: LoadOptions,
    ids: TextColumn?
  ) -> Column {
    let ev = evidence(t, rows: rows, options: options)
    var out = c
    func where_(_ r: Int) -> String {
      let value = t.string(r)
      if let ids, r < ids.count { return "'\(value)' (account \(ids.string(r)))" }
      return "'\(value)' (row \(r + 1))"
    }
    let dateForm = options.dates == .dmy ? "DD/MM/YYYY" : "YYYY-MM-DD"
    if ev.nonEmpty == 0 {
      out.typeNote = "every cell is empty"
      return out
    }
    if ev.date {
      out.data = .date(dates(t, rows: rows, dmy: options.dates == .dmy))
      out.typeNote = "every value is a date (\(dateForm))"
      return out
    }
    let hint = moneyName(c.name)
    let id = idName(c.name)
    if ev.integer && !hint && !id {
      out.data = .integer(integers(t, rows: rows))
      out.typeNote = "every value is a whole number"
      return out
    }
    if ev.money && (ev.moneyMark || hint) && !id {
      out.data = .money(amounts(t, rows: rows, options: options))
      let mark = options.decimalComma ? "," : "."
      out.typeNote =
        hint && !ev.moneyMark
        ? "every value is a whole amount and the name says money"
        : "every value is an amount ('\(mark)' decimals)"
      return out
    }
    // Not a number or a date: say which type came closest and the value that stopped it.
    var note: String
    if ev.money && id {
      note = "the name says ids or codes: kept as written"
    } else if ev.money {
      note = "numbers with leading zeros or past 2,147,483,647 are kept as written (codes, ids)"
    } else if (ev.dateHits > 0 && ev.dateHits >= ev.moneyHits)
      || (options.dates == .iso && readsAs(t, ev.notDate, { Day.parseDMY($0, $1, $2) }))
    {
      note = "\(where_(ev.notDate)) is not a date (\(dateForm))"
      if options.dates == .iso, readsAs(t, ev.notDate, { Day.parseDMY($0, $1, $2) }) {
        note += "; load with 'dates dmy'"
      }
    } else if ev.moneyHits > 0 {
      let r = ev.notMoney
      let mark = options.decimalComma ? "," : "."
      note = "\(where_(r)) is not a number or an amount ('\(mark)' decimals)"
      if !options.decimalComma,
        readsAs(t, r, { Money.parse($0, $1, $2, style: .decimalComma) })
      {
        note += "; load with 'decimal ,'"
      }
    } else {
      note = ""
    }
    if ev.distinct <= categoryLimit && ev.distinct * 2 <= ev.nonEmpty {
      out.data = .category(categories(t, rows: rows))
      let repeated = "\(ev.distinct) distinct value\(ev.distinct == 1 ? "" : "s")"
      out.typeNote = note.isEmpty ? repeated : "\(repeated); \(note)"
    } else {
      out.typeNote = note.isEmpty ? "free text" : note
    }
    return out
  }

  // MARK: - Values

  /// Whether row `r` of a column reads with another parser (a hint at another dialect).
  private static func readsAs<T>(
    _ t: TextColumn,
    _ r: Int,
    _ parse: (UnsafePointer<UInt8>, Int, Int) -> T?
  ) -> Bool {
    let range = t.range(r)
    return parse(UnsafePointer(t.bytes.base), range.lowerBound, range.upperBound) != nil
  }

  /// A whole number from -`Int32.max` to `Int32.max`, without a leading zero or a sign on zero.
  @inline(__always)
  static func integer(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int32? {
    var i = s
    let negative = p[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    let digits = e - i
    guard digits >= 1, digits <= 10 else { return nil }
    if p[i] == UInt8(ascii: "0") && (digits > 1 || negative) { return nil }
    var v: Int64 = 0
    while i < e {
      let d = p[i] &- 48
      guard d <= 9 else { return nil }
      v = v * 10 + Int64(d)
      i += 1
    }
    guard v <= Int64(Int32.max) else { return nil }
    return Int32(negative ? -v : v)
  }

  /// Whether the bytes are digits only (an amount that does not show it is money).
  private static func plainWhole(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    var i = s
    if p[i] == UInt8(ascii: "-") { i += 1 }
    while i < e {
      if p[i] &- 48 > 9 { return false }
      i += 1
    }
    return true
  }

  /// Words of a column name that say it holds money.
  private static let moneyWords: Set<String> = [
    "valor", "saldo", "monto", "capital", "interes", "intereses", "honorarios", "abono", "deuda",
    "cupo", "comision", "comisiones", "gastos", "seguro", "costas", "importe", "pago", "pagado",
    "desembolso", "desembolsado", "amount", "value", "balance", "principal", "payment", "fee",
    "fees", "price", "precio", "total", "debt", "limit",
  ]

  /// Words of a column name that say it counts something (`dias_mora`, `numero_cuotas`).
  private static let countWords: Set<String> = [
    "dias", "dia", "days", "numero", "nro", "num", "no", "cantidad", "count", "plazo", "meses",
    "cuotas", "months", "installments", "edad", "age", "score", "puntaje", "estrato",
  ]

  /// Words of a column name that say it holds ids, codes or phone numbers, kept as written.
  private static let idWords: Set<String> = [
    "id", "cedula", "nit", "documento", "identificacion", "telefono", "celular", "movil",
    "codigo", "cod", "obligacion", "cuenta", "pagare", "referencia", "ref", "phone", "mobile",
    "code", "account", "zip", "postal",
  ]

  /// Whether a column's query name says it holds ids or codes (`cedula_codeudor`).
  static func idName(_ name: String) -> Bool {
    name.split(separator: "_").contains { idWords.contains(String($0)) }
  }

  /// Whether a column's query name says it holds money (and not a count).
  static func moneyName(_ name: String) -> Bool {
    let words = name.split(separator: "_").map(String.init)
    return words.contains { moneyWords.contains($0) } && !words.contains { countWords.contains($0) }
  }

  // MARK: - Conversion

  private static func dates(_ t: TextColumn, rows: Int, dmy: Bool) -> Int32Column {
    int32s(t, rows: rows, base: Int32Column.dayBase, missing: Day.missing) { p, s, e in
      (dmy ? Day.parseDMY(p, s, e) : nil) ?? Day.parseISO(p, s, e)
    }
  }

  private static func integers(_ t: TextColumn, rows: Int) -> Int32Column {
    int32s(t, rows: rows, base: 0, missing: Column.missingInteger, parse: integer)
  }

  /// Each row's text read by `parse`; an empty cell, or one `parse` cannot read, is `missing`.
  private static func int32s(
    _ t: TextColumn,
    rows: Int,
    base: Int32,
    missing: Int32,
    parse: (UnsafePointer<UInt8>, Int, Int) -> Int32?
  ) -> Int32Column {
    let out = Int32Column(rows: rows, base: base)
    let p = UnsafePointer(t.bytes.base)
    let view = t.view
    out.append(count: rows) { dst in
      var start = 0
      for r in 0..<rows {
        let e = view.end(r)
        dst[r] = start == e ? missing : (parse(p, start, e) ?? missing)
        start = e
      }
    }
    return out
  }

  private static func amounts(_ t: TextColumn, rows: Int, options: LoadOptions) -> ColumnBuffer<
    Int64
  > {
    let out = ColumnBuffer<Int64>(capacity: rows)
    let p = UnsafePointer(t.bytes.base)
    let view = t.view
    let style: Money.Style = options.decimalComma ? .decimalComma : .canonical
    var start = 0
    for r in 0..<rows {
      let e = view.end(r)
      out.append(
        start == e
          ? Column.missingMoney : (Money.parse(p, start, e, style: style) ?? Column.missingMoney)
      )
      start = e
    }
    return out
  }

  private static func categories(_ t: TextColumn, rows: Int) -> CategoryColumn {
    let out = CategoryColumn(rows: rows)
    let p = UnsafePointer(t.bytes.base)
    let view = t.view
    var table = ByteKeyTable(capacity: 64)
    var start = 0
    for r in 0..<rows {
      let e = view.end(r)
      var code: UInt16 = 0
      if start != e {
        if let found = table.find(p, start, e) {
          code = UInt16(found)
        } else {
          let value = String(
            decoding: UnsafeBufferPointer(start: p + start, count: e - start),
            as: UTF8.self
          )
          code = out.intern(value) ?? 0
          table.insert(p, start, e, payload: UInt32(code))
        }
      }
      out.append(code)
      start = e
    }
    return out
  }
}
