import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// `.xlsx` portfolios: the fixtures of `Scripts/make_xlsx_fixtures.py`, checked against the
/// values that script wrote (and that openpyxl reads back from them).
@Suite struct WorkbookLoaderTests {
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  static func load(_ name: String, options: LoadOptions = LoadOptions()) throws -> Portfolio {
    try PortfolioLoader(options: options, asOf: asOf).load(path: Fixture.path("xlsx/" + name))
  }

  /// The column's cells as text, in row order.
  static func texts(_ p: Portfolio, _ name: String) -> [String] {
    guard let c = p.column(named: name) else { return ["no column \(name)"] }
    return (0..<p.rowCount).map { c.text($0) }
  }

  /// A diagnostic's first line and notes, with the fixture folder cut from the path.
  static func rendered(_ d: Diagnostic) -> String {
    DiagnosticRenderer().render(d).replacingOccurrences(of: Fixture.path("xlsx") + "/", with: "")
  }

  @Test func readsEveryCellKindBelowATitleRow() throws {
    let p = try Self.load("cartera.xlsx")
    #expect(p.rowCount == 6)
    #expect(
      Self.texts(p, "account_id") == ["CO-001", "CO-002", "CO-003", "CO-004", "CO-005", "CO-006"]
    )
    // Ids keep their leading zeros when stored as text; a numeric id is its digits.
    #expect(
      Self.texts(p, "debtor_id") == [
        "0001020052966", "900123456", "52123456", "52123456", "79000111", "0001020052966",
      ]
    )
    // Rich-text runs joined, phonetic guides dropped, entities decoded, inline strings.
    #expect(
      Self.texts(p, "debtor_name") == [
        "José Peña", "María & Cía <S.A.S.>", "Luis Gómez", "Luis Gómez", "Ana Ruiz", "José Peña",
      ]
    )
    // Half up from the decimal text: 2.675 and 1234567.885 are doubles just below the tie.
    #expect(
      Self.texts(p, "balance") == ["1234567.89", "2.68", "1500.00", "267.50", "0.13", "-0.01"]
    )
    #expect(
      Self.texts(p, "due_date") == [
        "2026-09-30", "2026-10-03", "2026-11-30", "2025-12-31", "2026-02-28", "2027-01-15",
      ]
    )
    #expect(Self.texts(p, "status") == ["active", "active", "active", "active", "paid", "active"])
    #expect(Self.texts(p, "phone") == ["3001234567", "3109876543", "", "", "", ""])
    #expect(Self.texts(p, "payments_on_time") == ["3", "0", "12", "", "4", ""])
    #expect(Self.texts(p, "al_dia") == ["TRUE", "FALSE", "", "", "", ""])
    #expect(
      Self.texts(p, "observacion") == [
        "dice \"no\", llamar\nen la tarde", "#N/A", "7.5", "", "", "",
      ]
    )
    // Custom date formats (dd/mm/yyyy, [$-409]d-mmm-yy) make dates; '0.00" días"' does not.
    #expect(Self.texts(p, "fecha_desembolso") == ["2024-01-17", "2023-06-05", "", "", "", ""])
  }

  @Test func theTotalsRowIsRejectedAtItsCell() throws {
    let p = try Self.load("cartera.xlsx")
    #expect(p.rejects.count == 1)
    let r = try #require(p.rejects.first)
    #expect(r.line == 10)
    #expect(
      Self.rendered(r.diagnostic)
        == "cartera.xlsx:10:2: error: debtor_id: required value is empty\n"
        + "note: sheet 'Cartera', cell B10\n"
    )
  }

  @Test func formulasAreSaidOnceWithTheirFirstCell() throws {
    let p = try Self.load("cartera.xlsx")
    let w = p.warnings.map(Self.rendered)
    #expect(
      w == [
        "cartera.xlsx:7:5: warning: sheet 'Cartera' has 3 formula cells (the first at E7): "
          + "the values saved with the workbook are used\n"
      ]
    )
  }

  @Test func the1904DateSystemGivesTheSameDates() throws {
    let a = try Self.load("cartera.xlsx")
    let b = try Self.load("cartera1904.xlsx")
    for name in ["due_date", "fecha_desembolso", "balance", "debtor_name"] {
      #expect(Self.texts(a, name) == Self.texts(b, name))
    }
  }

  @Test func numericCellsFollowTheLoadsDialect() throws {
    var o = LoadOptions()
    o.decimalComma = true
    o.dates = .dmy
    let a = try Self.load("cartera.xlsx")
    let b = try Self.load("cartera.xlsx", options: o)
    for name in ["balance", "due_date", "payments_on_time"] {
      #expect(Self.texts(a, name) == Self.texts(b, name))
    }
    // 'Fecha Desembolso' is the issue date: a date cell stays that date in any dialect.
    #expect(Self.texts(b, "fecha_desembolso") == ["2024-01-17", "2023-06-05", "", "", "", ""])
    // Extra columns hold what a CSV in that dialect would: the types are read from it.
    #expect(Self.texts(b, "observacion")[2] == "7,5")
  }

  @Test func aSheetAndAHeaderRowCanBeNamed() throws {
    var o = LoadOptions()
    o.sheet = "CARTERA"
    o.headerRow = 3
    let p = try Self.load("cartera.xlsx", options: o)
    #expect(p.rowCount == 6)
    #expect(p.options.words == "sheet CARTERA header 3")
    o.headerRow = 1
    do {
      _ = try Self.load("cartera.xlsx", options: o)
      Issue.record("expected missing columns")
    } catch let d as Diagnostic {
      #expect(
        d.message.text
          == "missing required columns 'account_id', 'debtor_id', 'balance', 'due_date'"
      )
      #expect(d.range?.start == SourceLocation(line: 1, column: 1))
      #expect(d.notes.first?.text == "sheet 'Cartera', row 1")
    }
    o.headerRow = 2
    #expect(
      throws: CobroError.badInput(
        path: Fixture.path("xlsx/cartera.xlsx"),
        reason: "sheet 'Cartera': row 2, the header, is empty"
      )
    ) { _ = try Self.load("cartera.xlsx", options: o) }
  }

  @Test func anUnknownSheetListsTheSheets() throws {
    var o = LoadOptions()
    o.sheet = "Pagos"
    #expect(
      throws: CobroError.badInput(
        path: Fixture.path("xlsx/cartera.xlsx"),
        reason: "no sheet 'Pagos' in the workbook (it has: 'Cartera', 'Resumen')"
      )
    ) { _ = try Self.load("cartera.xlsx", options: o) }
    o.sheet = "resumen"
    do {
      _ = try Self.load("cartera.xlsx", options: o)
      Issue.record("expected missing columns")
    } catch let d as Diagnostic {
      #expect(d.message.text.hasPrefix("missing required columns"))
      #expect(d.notes.first?.text == "sheet 'Resumen', row 1")
    }
  }

  @Test func badCellsAreRejectedAtTheirCells() throws {
    let p = try Self.load("rechazos.xlsx")
    #expect(Self.texts(p, "account_id") == ["R-1"])
    let lines = p.rejects.map {
      Self.rendered($0.diagnostic).split(separator: "\n").map(String.init)
    }
    #expect(
      lines == [
        [
          "rechazos.xlsx:3:5: error: balance: '12.5x' is not money",
          "note: sheet 'Hoja 1', cell E3",
        ],
        [
          "rechazos.xlsx:4:6: error: due_date: '60' is not a date (YYYY-MM-DD)",
          "note: sheet 'Hoja 1', cell F4",
        ],
        [
          "rechazos.xlsx:5:1: error: account_id: duplicate 'R-1' (first in row 2)",
          "note: sheet 'Hoja 1', cell A5",
        ],
        ["rechazos.xlsx:6:8: error: expected 7 fields, found 9", "note: sheet 'Hoja 1', cell H6"],
        [
          "rechazos.xlsx:7:7: error: status: 'archivada' is not one of active, written_off, paid",
          "note: sheet 'Hoja 1', cell G7",
        ],
      ]
    )
    #expect(p.rejects.map(\.line) == [3, 4, 5, 6, 7])
  }

  @Test(arguments: [
    (
      "encrypted.xlsx",
      "encrypted workbook: it is protected with a password; save a copy without one"
    ),
    ("truncated.xlsx", "damaged workbook: the zip container cannot be read"),
    ("not_a_workbook.xlsx", "not an Excel workbook: a zip without '_rels/.rels'"),
  ])
  func unusableWorkbooksAreRefused(file: String, reason: String) throws {
    #expect(throws: CobroError.badInput(path: Fixture.path("xlsx/" + file), reason: reason)) {
      _ = try Self.load(file)
    }
  }

  @Test func sheetOptionsAreRefusedForACSV() throws {
    var o = LoadOptions()
    o.sheet = "Cartera"
    let path = Fixture.path("aliases.csv")
    #expect(
      throws: CobroError.badInput(path: path, reason: "'sheet' applies to .xlsx workbooks only")
    ) { _ = try PortfolioLoader(options: o, asOf: Self.asOf).load(path: path) }
  }

  @Test func aFailedLoadKeepsThePortfolioInMemory() throws {
    let t = TestSession()
    let path = Fixture.path("xlsx/cartera.xlsx")
    #expect(t.run("load \"\(path)\"").ok)
    let bad = t.run("load \"\(Fixture.path("xlsx/encrypted.xlsx"))\"")
    #expect(!bad.ok)
    #expect(bad.err.contains("encrypted workbook"))
    let count = t.run("count")
    #expect(count.out == "count\n6\n")
  }

  @Test(arguments: [
    ("1234567.885", "1234567.89"), ("2.675", "2.68"), ("0.125", "0.13"), ("-0.125", "-0.13"),
    ("-0.004", "0.00"), ("0.005", "0.01"), ("1.5E3", "1500.00"), ("1E-3", "0.00"),
    ("9.995", "10.00"), ("99999999999.999", "100000000000.00"), ("7", "7.00"), ("0", "0.00"),
    ("1.2345678901234567E+15", "1234567890123456.70"),
  ])
  func moneyIsRoundedHalfUpFromTheDecimalText(text: String, cents: String) throws {
    let d = try #require(DecimalText(Array(text.utf8)))
    #expect(String(decoding: d.roundedToCents(), as: UTF8.self) == cents)
  }

  @Test func serialsFollowExcelsCalendar() {
    func day(_ s: String, _ date1904: Bool = false) -> String {
      DecimalText(Array(s.utf8))?.day(date1904: date1904)?.description ?? "nil"
    }
    #expect(day("1") == "1900-01-01")
    #expect(day("59") == "1900-02-28")
    #expect(day("60") == "nil")  // 1900-02-29, which Excel counts and which does not exist
    #expect(day("61") == "1900-03-01")
    #expect(day("46356.99") == "2026-11-30")
    #expect(day("0", true) == "1904-01-01")
    #expect(day("44894", true) == "2026-11-30")
    #expect(day("-1") == "nil")
  }
}
