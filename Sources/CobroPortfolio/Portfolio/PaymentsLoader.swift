import CobroDiagnostics

/// Reads a payments file (`account_id,date,amount`) and attaches it to a portfolio's rows.
///
/// Columns may come in any order, with the Spanish names `obligacion`, `fecha`/`fecha_pago`,
/// `valor`/`monto`/`pago`. A payment of an account that is not in the portfolio, or with a bad
/// date or amount, is rejected with a located message like a portfolio row.
public struct PaymentsLoader {
  /// Dialect options (the portfolio's, unless given).
  public var options: LoadOptions

  /// Creates a loader.
  public init(options: LoadOptions = LoadOptions()) {
    self.options = options
  }

  /// Loads the payments at `path` for `portfolio`; returns the history and the rejected rows.
  public func load(path: String, for portfolio: Portfolio) throws -> (PaymentHistory, [RejectedRow])
  {
    let raw = try InputBytes.mapping(path: path)
    return try load(bytes: raw, name: path, for: portfolio)
  }

  /// Loads payments from bytes in memory.
  public func load(bytes raw: InputBytes, name: String, for portfolio: Portfolio) throws -> (
    PaymentHistory, [RejectedRow]
  ) {
    let bytes = options.encoding == .cp1252 ? raw.transcodedFromCP1252() : raw
    let start = bytes.bomLength
    var scanner = try CSVScanner.header(
      of: bytes,
      from: start,
      delimiter: options.delimiter,
      file: name
    )
    var idCol = -1
    var dateCol = -1
    var amountCol = -1
    for k in 0..<scanner.count {
      switch CanonicalSchema.normalize(scanner.string(k)) {
      case "accountid", "obligacion", "account", "cuenta": idCol = k
      case "date", "fecha", "fechapago", "paymentdate": dateCol = k
      case "amount", "valor", "monto", "pago", "valorpagado": amountCol = k
      default: continue
      }
    }
    var missing: [String] = []
    if idCol < 0 { missing.append("'account_id'") }
    if dateCol < 0 { missing.append("'date'") }
    if amountCol < 0 { missing.append("'amount'") }
    if !missing.isEmpty {
      throw Diagnostic(
        .error,
        "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))",
        at: SourceRange(file: name, line: 1, column: 1),
        sourceLine: scanner.physicalLine(containing: start),
        notes: ["a payments file has the columns account_id, date, amount"]
      )
    }
    let fields = scanner.count
    guard case .text(let ids)? = portfolio.column(named: "account_id")?.data else {
      throw CobroError.badInput(path: name, reason: "the portfolio has no account ids")
    }
    // Index the portfolio's account ids by bytes.
    var index = RowKeyIndex(rows: portfolio.rowCount)
    for r in 0..<portfolio.rowCount {
      if r % Interruption.stride == 0 { try Interruption.check() }
      let range = ids.range(r)
      _ = index.insertOrFind(
        ids.bytes.base,
        range.lowerBound,
        range.upperBound,
        row: r,
        column: ids
      )
    }
    var rowsOf: [Int32] = []
    var dates: [Int32] = []
    var amounts: [Int64] = []
    var rejects: [RejectedRow] = []
    let p = bytes.base
    func reject(_ message: Diagnostic.Message, at: Int, length: Int) {
      let location = scanner.locate(at)
      rejects.append(
        RejectedRow(
          file: name,
          line: scanner.recordLine,
          text: scanner.recordText(),
          diagnostic: Diagnostic(
            .error,
            message,
            at: SourceRange(
              file: name,
              line: location.line,
              column: location.column,
              length: max(1, length)
            ),
            sourceLine: location.text
          )
        )
      )
    }
    var records = 0
    loop: while true {
      records += 1
      if records % Interruption.stride == 0 {
        try Interruption.checkpoint("payments", done: scanner.pos, of: bytes.count)
      }
      switch scanner.next() {
      case .end: break loop
      case .unterminatedQuote(let at):
        reject("unterminated quote: the field is never closed", at: at, length: 1)
        continue
      case .junkAfterQuote(let at):
        reject("unexpected character after a closing quote", at: at, length: 1)
        continue
      case .record: break
      }
      if scanner.count != fields {
        reject(
          "expected \(fields) fields, found \(scanner.count)",
          at: scanner.recordStart,
          length: 1
        )
        continue
      }
      var s = scanner.start(idCol)
      var e = scanner.end(idCol)
      CSVScanner.trim(p, &s, &e)
      guard let row = index.find(p, s, e, column: ids) else {
        let shown = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
        reject("account_id: unknown account '\(shown)'", at: s, length: e - s)
        continue
      }
      var ds = scanner.start(dateCol)
      var de = scanner.end(dateCol)
      CSVScanner.trim(p, &ds, &de)
      let date = options.dates == .iso ? Day.parseISO(p, ds, de) : Day.parseDMY(p, ds, de)
      guard let date else {
        let shown = String(
          decoding: UnsafeBufferPointer(start: p + ds, count: de - ds),
          as: UTF8.self
        )
        reject("date: '\(shown)' is not a date", at: ds, length: de - ds)
        continue
      }
      var ms = scanner.start(amountCol)
      var me = scanner.end(amountCol)
      CSVScanner.trim(p, &ms, &me)
      let amount =
        options.decimalComma
        ? Money.parse(p, ms, me, style: .decimalComma) : Money.parseCanonical(p, ms, me)
      guard let amount, amount >= 0 else {
        let shown = String(
          decoding: UnsafeBufferPointer(start: p + ms, count: me - ms),
          as: UTF8.self
        )
        reject("amount: '\(shown)' is not money", at: ms, length: me - ms)
        continue
      }
      rowsOf.append(Int32(row))
      dates.append(date)
      amounts.append(amount)
    }
    // Group by row, then by date (stable), with a counting sort on rows.
    var offsets = [Int32](repeating: 0, count: portfolio.rowCount + 1)
    for r in rowsOf { offsets[Int(r) + 1] += 1 }
    for i in 0..<portfolio.rowCount { offsets[i + 1] += offsets[i] }
    var fill = offsets
    var order = [Int](repeating: 0, count: rowsOf.count)
    for (i, r) in rowsOf.enumerated() {
      order[Int(fill[Int(r)])] = i
      fill[Int(r)] += 1
    }
    var sortedDates = [Int32](repeating: 0, count: rowsOf.count)
    var sortedAmounts = [Int64](repeating: 0, count: rowsOf.count)
    for r in 0..<portfolio.rowCount {
      let lo = Int(offsets[r])
      let hi = Int(offsets[r + 1])
      if hi - lo > 1 {
        let slice = order[lo..<hi].sorted { (dates[$0], $0) < (dates[$1], $1) }
        for (k, i) in slice.enumerated() { order[lo + k] = i }
      }
      for k in lo..<hi {
        sortedDates[k] = dates[order[k]]
        sortedAmounts[k] = amounts[order[k]]
      }
    }
    let history = PaymentHistory(
      start: offsets,
      dates: sortedDates,
      amounts: sortedAmounts,
      source: name
    )
    return (history, rejects)
  }
}
