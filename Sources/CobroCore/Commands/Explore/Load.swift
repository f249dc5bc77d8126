import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// `load FILE [options]`.
extension BuiltinCommands {
  static let load = CommandDefinition(
    name: "load",
    aliases: ["cargar"],
    group: .explore,
    synopsis:
      "load FILE [payments FILE] [delimiter C] [decimal ,|.] [dates iso|dmy] "
      + "[encoding utf8|cp1252] [cutoff DATE] [map MAPFILE] [sheet NAME] [header ROW] [strict]",
    summary:
      "load a portfolio CSV or .xlsx workbook (and its payments), replacing the one in memory",
    details: """
      Rows that cannot be read are rejected with a located message and kept for 'rejects';
      the valid rows load. With 'strict' any rejected row fails the load and nothing changes.
      Spreadsheet exports from Colombia: 'delimiter ; decimal , dates dmy encoding cp1252'.
      Headers are matched by name and by many aliases ('help aliases'); 'map MAPFILE' (or a
      NAME.map beside the file, used on its own) maps the others, one line per column:
        Cédula/NIT -> debtor_id
        Fecha Desembolso -> disbursed date dmy
        Días Mora -> file_overdue integer
      Balances are those of the cut-off: 'cutoff DATE', else a 'fecha_corte' column, else the
      latest payment date, else the as-of date. An as-of date before it rebuilds balances from
      the payments between the two; payments after it are never added back.
      An .xlsx workbook is read from its first sheet, or 'sheet NAME'; the header is the first
      row that names the required columns (title rows above it are skipped), or 'header ROW'.
      Numbers with a date format are dates (1900 and 1904 systems), money cells are rounded
      half up to cents from their decimal text, a totals row is rejected like any bad row, and
      formulas give the values saved with the workbook (said once). Problems name the sheet
      and the cell (B17).
      """,
    example: "load cartera.csv payments pagos.csv",
    completion: { args in
      guard let last = args.last?.text.lowercased() else { return .paths }
      switch last {
      case "delimiter": return .words([",", ";", "|", "tab"])
      case "decimal": return .words([",", "."])
      case "dates": return .words(["dmy", "iso"])
      case "encoding": return .words(["cp1252", "utf8"])
      case "cutoff", "sheet", "header", "sha256": return .nothing
      default:
        return .unused(
          [
            "payments", "delimiter", "decimal", "dates", "encoding", "cutoff", "map", "sheet",
            "header", "strict",
          ],
          in: args.dropFirst()
        )
      }
    }
  ) { session, inv in
    var cursor = inv.cursor
    let fileToken = try cursor.expectValue("a file name")
    var request = LoadRequest(
      path: session.resolve(fileToken.text, from: inv.source),
      asOf: session.settings.asOf
    )
    try request.parseOptions(&cursor, invocation: inv)
    if let payments = request.paymentsPath {
      request.paymentsPath = session.resolve(payments, from: inv.source)
    }
    if let map = request.mapPath {
      request.mapPath = session.resolve(map, from: inv.source)
    }
    if fileToken.kind == .word && fileToken.text == DemoPortfolio.name {
      try cursor.expectEnd()
      try session.loadDemo()
      return
    }
    try session.load(request, pathToken: fileToken, invocation: inv)
  }
}

/// A `load` request: files and dialect options.
public struct LoadRequest: Sendable {
  /// The portfolio file.
  public var path: String
  /// The payments file, if any.
  public var paymentsPath: String?
  /// The column map given with `map FILE` (or `--map`); `nil` looks for `NAME.map` beside the
  /// portfolio.
  public var mapPath: String?
  /// Dialect, strictness and cut-off.
  public var options = LoadOptions()
  /// The as-of date in force (the default cut-off).
  public var asOf: Day
  /// Expected SHA-256 of the portfolio and payments (recordings pin them).
  public var expectedSHA: String?
  /// Expected SHA-256 of the payments file.
  public var expectedPaymentsSHA: String?

  /// Creates a request with canonical options.
  public init(path: String, asOf: Day) {
    self.path = path
    self.asOf = asOf
  }

  /// Reads `payments FILE`, `delimiter C`, `decimal ,`, `dates dmy`, `encoding cp1252`,
  /// `cutoff DATE`, `map FILE`, `strict`, `sha256 HEX` in any order.
  mutating func parseOptions(_ cursor: inout ArgumentCursor, invocation inv: CommandInvocation)
    throws(Diagnostic)
  {
    while let t = cursor.next() {
      switch t.text.lowercased() {
      case "payments", "pagos":
        paymentsPath = try cursor.expectValue("the payments file").text
        if cursor.accept("sha256") { expectedPaymentsSHA = try cursor.expectValue("a hash").text }
      case "sha256":
        expectedSHA = try cursor.expectValue("a hash").text
      case "delimiter":
        let v = try cursor.expectValue("a delimiter such as ';'")
        options.delimiter = try Arguments.delimiter(inv, v)
      case "decimal":
        guard let v = cursor.next(), v.kind == .comma || v.text == "," || v.text == "." else {
          throw inv.error("expected ',' or '.' after 'decimal'", at: cursor.peek)
        }
        options.decimalComma = v.kind == .comma || v.text == ","
      case "dates":
        let v = try cursor.expectValue("iso or dmy")
        guard let o = LoadOptions.DateOrder(rawValue: v.text.lowercased()) else {
          throw inv.error("unknown date order '\(v.text)'", at: v, notes: ["use iso or dmy"])
        }
        options.dates = o
      case "encoding":
        let v = try cursor.expectValue("utf8 or cp1252")
        switch v.text.lowercased() {
        case "utf8", "utf-8": options.encoding = .utf8
        case "cp1252", "windows-1252", "latin1", "latin-1": options.encoding = .cp1252
        default:
          throw inv.error("unknown encoding '\(v.text)'", at: v, notes: ["use utf8 or cp1252"])
        }
      case "cutoff":
        options.cutoff = try Arguments.date(inv, cursor.expectValue("a date"))
      case "strict":
        options.strict = true
      case "map", "mapa":
        mapPath = try cursor.expectValue("the column map file").text
      case "sheet", "hoja":
        options.sheet = try cursor.expectValue("a sheet name").text
      case "header", "encabezado":
        let v = try cursor.expectValue("a row number")
        guard let row = Int(v.text), row >= 1, row <= 1_048_576 else {
          throw inv.error(
            "'\(v.text)' is not a row number",
            at: v,
            notes: ["the header row is a sheet row, 1 to 1048576"]
          )
        }
        options.headerRow = row
      default:
        var notes: [Diagnostic.Message] = []
        let words = [
          "payments", "delimiter", "decimal", "dates", "encoding", "cutoff", "map", "strict",
          "sheet", "header",
        ]
        if let s = Suggestion.closest(to: t.text, among: words) {
          notes.append(QueryMessages.didYouMean(s))
        }
        throw inv.error("unexpected '\(t.text)' in load", at: t, notes: notes)
      }
    }
  }
}
