import CobroCore
import CobroPortfolio
import Testing

/// Extra columns are typed from their values (`ColumnTyping`), and queries on them give the
/// answers an independent computation gives.
@Suite struct ColumnTypingTests {
  /// The Colombian spreadsheet dialect: `;`, `$ 1.234.567,89`, `DD/MM/YYYY`.
  static var colombian: LoadOptions {
    var o = LoadOptions()
    o.delimiter = UInt8(ascii: ";")
    o.decimalComma = true
    o.dates = .dmy
    return o
  }

  static func type(_ p: Portfolio, _ name: String) -> FieldType? { p.column(named: name)?.type }

  @Test(
    "each extra column gets the type its values allow",
    arguments: [
      // (values, dialect is Colombian, header, expected type)
      (["17/01/2024", "", "05/03/2021"], true, "fecha_x", FieldType.date),
      (["2024-01-17", "05/03/2021"], true, "fecha_x", .date),
      (["2024-01-17", "2021-03-05"], false, "fecha_x", .date),
      (["17/01/2024", "05/03/2021"], false, "fecha_x", .text),
      (["46", "-10", "0", "2147483647"], true, "dias_x", .integer),
      (["46", "2147483648"], true, "dias_x", .text),
      (["001", "002", "001", "002"], true, "oficina", .category),
      (["15.000.000", "800.000"], true, "valor_x", .money),
      (["15000000", "800000"], true, "valor_x", .money),
      (["15000000", "800000"], true, "numero_x", .integer),
      (["$ 1.250.000,50", "0,00"], true, "otro", .money),
      (["1,234,567.89", "12.5"], false, "otro", .money),
      (["1.234.567,89", "12,5"], false, "otro", .text),
      (["3001234567", "3109876543"], true, "celular", .text),
      (["79555111", "52111222"], true, "cedula_codeudor", .text),
      (["79555111", "52111222", "79555111", "52111222"], true, "cedula_codeudor", .category),
      (["N/A", "17/01/2024", "05/03/2021"], true, "fecha_x", .text),
      (["", ""], true, "vacia", .text),
    ]
  )
  func inferred(values: [String], colombian: Bool, header: String, expected: FieldType) throws {
    let sep = colombian ? ";" : ","
    var csv = ["account_id", "debtor_id", "balance", "due_date", header].joined(separator: sep)
    for (i, v) in values.enumerated() {
      let due = colombian ? "01/10/2026" : "2026-10-01"
      let quoted = v.contains(sep) ? "\"\(v)\"" : v
      csv += "\nA\(i)\(sep)D\(i)\(sep)10\(sep)\(due)\(sep)\(quoted)"
    }
    let p = try Fixture.load(text: csv, options: colombian ? Self.colombian : LoadOptions())
    #expect(p.rejects.isEmpty)
    #expect(Self.type(p, header) == expected, "\(values)")
  }

  @Test func theNoteSaysWhichValueKeptAColumnText() throws {
    let csv = """
      account_id;debtor_id;balance;due_date;fecha_castigo;tasa
      A1;D1;10;01/10/2026;N/A;1,5
      A2;D2;10;01/10/2026;17/01/2024;abc
      A3;D3;10;01/10/2026;05/03/2021;2,5
      """
    let p = try Fixture.load(text: csv, options: Self.colombian)
    #expect(
      p.column(named: "fecha_castigo")?.typeNote
        == "'N/A' (account A1) is not a date (DD/MM/YYYY)"
    )
    #expect(
      p.column(named: "tasa")?.typeNote
        == "'abc' (account A2) is not a number or an amount (',' decimals)"
    )
    let iso = try Fixture.load(
      text: "account_id,debtor_id,balance,due_date,f\nA1,D1,1,2026-10-01,17/01/2024\n"
        + "A2,D2,1,2026-10-01,18/01/2024\nA3,D3,1,2026-10-01,19/01/2024"
    )
    #expect(
      iso.column(named: "f")?.typeNote
        == "'17/01/2024' (account A1) is not a date (YYYY-MM-DD); load with 'dates dmy'"
    )
  }

  /// One generated account's extra values, kept as numbers for the independent computation.
  struct Row {
    var disbursed: (day: Int, month: Int, year: Int)
    var amountCents: Int64
    var days: Int
  }

  /// A random portfolio in the Colombian dialect with a date, a money and an integer extra
  /// column: `count`, `sum`, `min` and `max` on them match sums and counts of the generated
  /// numbers, which never go through cobro's parsers.
  @Test(arguments: [1 as UInt64, 2, 3, 42])
  func queriesOnExtraColumnsMatchAnIndependentComputation(seed: UInt64) throws {
    var g = SplitMix64(seed: seed)
    var rows: [Row] = []
    var csv = "account_id;debtor_id;balance;due_date;Fecha Reestructuracion;Valor Avaluo;Dias Mora"
    for i in 0..<300 {
      let row = Row(
        disbursed: (
          Int.random(in: 1...28, using: &g), Int.random(in: 1...12, using: &g),
          Int.random(in: 2015...2026, using: &g)
        ),
        amountCents: Int64.random(in: 0...50_000_000_000, using: &g),
        days: Int.random(in: -30...400, using: &g)
      )
      rows.append(row)
      let d = row.disbursed
      csv += "\nA\(i);D\(i);1;01/10/2026;\(pad(d.day))/\(pad(d.month))/\(d.year);"
      csv += "$ \(grouped(row.amountCents / 100)),\(pad(Int(row.amountCents % 100)));\(row.days)"
    }
    let p = try Fixture.load(text: csv, options: Self.colombian)
    #expect(p.rejects.isEmpty)
    #expect(Self.type(p, "fecha_reestructuracion") == .date)
    #expect(Self.type(p, "valor_avaluo") == .money)
    #expect(Self.type(p, "file_dias_mora") == .integer)
    let s = TestSession(p)

    func ordinal(_ d: (day: Int, month: Int, year: Int)) -> Int {
      d.year * 10_000 + d.month * 100 + d.day
    }
    let before2022 = rows.filter { ordinal($0.disbursed) < 2022_01_01 }.count
    #expect(s.result("count fecha_reestructuracion < 2022-01-01") == "count\n\(before2022)\n")
    #expect(s.result("count fecha_reestructuracion < 01/01/2022") == "count\n\(before2022)\n")
    let over90 = rows.filter { $0.days > 90 }.count
    #expect(s.result("count file_dias_mora > 90") == "count\n\(over90)\n")
    let over100M = rows.filter { $0.amountCents > 100_000_000_00 }.count
    #expect(s.result("count valor_avaluo > 100M") == "count\n\(over100M)\n")
    let total = rows.reduce(Int64(0)) { $0 + $1.amountCents }
    #expect(s.result("sum valor_avaluo") == "sum_valor_avaluo\n\(plain(total))\n")
    let most = rows.map(\.amountCents).max() ?? 0
    #expect(s.result("max valor_avaluo") == "max_valor_avaluo\n\(plain(most))\n")
    let daysTotal = rows.reduce(0) { $0 + $1.days }
    #expect(s.result("sum file_dias_mora") == "sum_file_dias_mora\n\(daysTotal)\n")
    let earliest = rows.map(\.disbursed).min { ordinal($0) < ordinal($1) }
    if let e = earliest {
      #expect(
        s.result("min fecha_reestructuracion")
          == "min_fecha_reestructuracion\n\(e.year)-\(pad(e.month))-\(pad(e.day))\n"
      )
    }
    // The largest amount first, as its account id says.
    let top = rows.indices.max { rows[$0].amountCents < rows[$1].amountCents } ?? 0
    let listed = s.result("top 1 by valor_avaluo")
    #expect(listed.split(separator: "\n").dropFirst().first?.hasPrefix("A\(top),") == true)
  }

  @Test func aNumberOrDateComparedToTextIsAnError() throws {
    let csv = """
      account_id;debtor_id;balance;due_date;fecha_castigo;oficina
      A1;D1;10;01/10/2026;N/A;001
      A2;D2;10;01/10/2026;17/01/2024;002
      A3;D3;10;01/10/2026;05/03/2021;001
      A4;D4;10;01/10/2026;05/03/2021;002
      """
    let s = TestSession(try Fixture.load(text: csv, options: Self.colombian))
    let date = s.run("count fecha_castigo < 2022-01-01")
    #expect(!date.ok)
    #expect(
      date.err.contains(
        "error: fecha_castigo is text, not numbers or dates: '2022-01-01' is a date and would be "
          + "compared as text"
      )
    )
    #expect(date.err.contains("fecha_castigo was read as text: 'N/A' (account A1) is not a date"))
    let number = s.run("count oficina >= 2")
    #expect(!number.ok)
    #expect(number.err.contains("oficina is category, not numbers or dates: '2' is a number"))
    // Equality stays: codes are compared as written.
    #expect(s.result("count oficina = 001") == "count\n2\n")
    // Words still order text.
    #expect(s.result("count fecha_castigo > M") == "count\n1\n")
  }

  private func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

  private func plain(_ cents: Int64) -> String {
    let f = cents % 100
    return "\(cents / 100).\(f < 10 ? "0" : "")\(f)"
  }

  /// `1.234.567`: whole units with `.` thousands separators.
  private func grouped(_ units: Int64) -> String {
    let digits = Array(String(units))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
      out.append(ch)
    }
    return out
  }
}
