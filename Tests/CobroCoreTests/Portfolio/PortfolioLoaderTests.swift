import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Testing

@Suite struct PortfolioLoaderTests {
  /// One bad file per reason: the first rejected row's diagnostic and how many rows still load.
  @Test(arguments: [
    ("bad/money.csv", "bad/money.csv:3:14: error: balance: '12.5x' is not money", 2),
    (
      "bad/impossible_date.csv",
      "bad/impossible_date.csv:2:20: error: due_date: '2026-02-30' is not a date (YYYY-MM-DD)", 1
    ),
    ("bad/too_few_fields.csv", "bad/too_few_fields.csv:3:30: error: expected 7 fields, found 6", 2),
    (
      "bad/too_many_fields.csv", "bad/too_many_fields.csv:2:38: error: expected 7 fields, found 8",
      1
    ),
    (
      "bad/empty_required.csv",
      "bad/empty_required.csv:2:13: error: balance: required value is empty", 1
    ),
    (
      "bad/duplicate_id.csv",
      "bad/duplicate_id.csv:4:1: error: account_id: duplicate 'A1' (first on line 2)", 2
    ),
    ("bad/invalid_utf8.csv", "bad/invalid_utf8.csv:3:9: error: debtor_name: invalid UTF-8", 1),
    (
      "bad/unterminated_quote.csv",
      "bad/unterminated_quote.csv:3:7: error: unterminated quote: the field is never closed", 2
    ),
    (
      "bad/bad_status.csv",
      "bad/bad_status.csv:2:29: error: status: 'castigadisima' is not one of active, written_off, paid",
      1
    ),
    ("bad/multiline_crlf.csv", "bad/multiline_crlf.csv:4:14: error: balance: '-x' is not money", 1),
  ])
  func rejectsOneRowPerReason(file: String, expected: String, validRows: Int) throws {
    let p = try Fixture.load(file)
    #expect(p.rowCount == validRows)
    let first = try #require(p.rejects.first)
    let rendered = DiagnosticRenderer().render(first.diagnostic)
    #expect(rendered.split(separator: "\n").first.map(String.init) == expected)
    // The caret line sits under the reported column.
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count >= 3)
  }

  /// Payment counts are held in 4 bytes: up to 2,147,483,647, larger values rejected by name.
  @Test func paymentCountsUpToTheirLimitLoadAndLargerOnesAreRejected() throws {
    let csv = """
      account_id,debtor_id,balance,due_date,payments_late
      A1,D1,10.00,2026-10-01,2147483647
      A2,D2,10.00,2026-10-01,2147483648
      A3,D3,10.00,2026-10-01,99999999999999999999
      A4,D4,10.00,2026-10-01,3x
      A5,D5,10.00,2026-10-01,
      A6,D6,10.00,2026-10-01,0
      """
    let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let p = try PortfolioLoader(options: LoadOptions(), asOf: asOf)
      .load(bytes: InputBytes.copying(Array(csv.utf8)), name: "counts.csv")
    #expect(p.rowCount == 3)
    #expect(
      LoadStateSplitTests.rejectLines(p) == [
        "counts.csv:3:24: error: payments_late: '2147483648' is too large (at most 2147483647)",
        "counts.csv:4:24: error: payments_late: '99999999999999999999' is too large (at most 2147483647)",
        "counts.csv:5:24: error: payments_late: '3x' is not a whole number >= 0",
      ]
    )
    let session = TestSession(p, asOf: asOf)
    let answers = session.run(
      """
      list payments_late >= 0 columns account_id, payments_late
      count payments_late = ""
      count payments_late > 3000000000
      sum payments_late
      top 1 by payments_late
      """
    )
    #expect(answers.ok, "\(answers.err)")
    #expect(
      answers.out.hasPrefix(
        "account_id,payments_late\nA1,2147483647\nA6,0\n\ncount\n1\n\ncount\n0\n\n"
          + "sum_payments_late\n2147483647\n\naccount_id,"
      )
    )
    #expect(answers.out.contains("\nA1,"))
  }

  @Test(arguments: [
    ("bad/empty.csv", "bad/empty.csv: error: empty file: no header row"),
    ("bad/binary.zip", "bad/binary.zip: error: binary file: not a CSV portfolio"),
  ])
  func refusesUnusableFiles(file: String, expected: String) throws {
    do {
      _ = try Fixture.load(file)
      Issue.record("expected an error")
    } catch let e as CobroError {
      #expect(e.description == expected)
      #expect(e.exitStatus == 65)
    }
  }

  @Test func missingRequiredColumnsAreNamed() throws {
    do {
      _ = try Fixture.load("bad/missing_columns.csv")
      Issue.record("expected an error")
    } catch let d as Diagnostic {
      #expect(d.message.text == "missing required columns 'balance', 'due_date'")
      #expect(d.range?.start == SourceLocation(line: 1, column: 1))
    }
  }

  @Test func missingFileAndDirectoryCannotBeOpened() {
    #expect(
      throws: CobroError.cannotOpen(path: "/nonexistent/x.csv", reason: "no such file or directory")
    ) {
      _ = try PortfolioLoader(asOf: Day(raw: 0)).load(path: "/nonexistent/x.csv")
    }
    #expect(throws: CobroError.cannotOpen(path: "/", reason: "is a directory")) {
      _ = try PortfolioLoader(asOf: Day(raw: 0)).load(path: "/")
    }
  }

  @Test func spreadsheetExportGetsOneHintWithoutOptions() throws {
    do {
      _ = try Fixture.load("spreadsheet_co.csv")
      Issue.record("expected a hint")
    } catch let d as Diagnostic {
      #expect(d.message.text.hasPrefix("the file looks like a spreadsheet export with"))
      #expect(
        d.notes.first?.text
          == "load it with: load spreadsheet_co.csv delimiter ; decimal , dates dmy encoding cp1252"
      )
    }
  }

  @Test func spreadsheetExportLoadsWithOptions() throws {
    var o = LoadOptions()
    o.delimiter = UInt8(ascii: ";")
    o.decimalComma = true
    o.dates = .dmy
    o.encoding = .cp1252
    let p = try Fixture.load("spreadsheet_co.csv", options: o)
    #expect(p.rejects.isEmpty)
    #expect(p.rowCount == 30)
    #expect(p.column(named: "balance")?.text(0) == "1234567.89")
    #expect(p.column(named: "due_date")?.text(0) == "2026-09-30")
    #expect(p.column(named: "nombre")?.text(0) == "Distribuidora Peña S.A.S.")
    #expect(p.column(named: "status")?.text(1) == "active")
  }

  @Test func headersMatchAliasesAndExtrasAreKept() throws {
    let p = try Fixture.load("aliases.csv")
    #expect(p.rowCount == 2)
    #expect(p.column(named: "account")?.text(1) == "A2")
    #expect(p.column(named: "saldo")?.text(0) == "10.00")
    #expect(p.column(named: "zona_comercial")?.text(0) == "Norte")
    #expect(p.column(named: "file_mora")?.text(1) == "7")
    #expect(
      p.warnings.first?.message.text == "column 'mora' is a computed field: kept as 'file_mora'"
    )
  }

  @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaks() throws {
    let text =
      "account_id,debtor_id,debtor_name,balance,due_date\r\n"
      + "A1,D1,\"Gómez, Ana\",1.5,2026-01-31\r\n"
      + "A2,D2,\"Distribuidora \"\"El Sol\"\"\",0.07,2024-02-29\r\n"
      + "\"A3\",D3,\"Two\nlines\",-3,2026-12-01"
    let p = try Fixture.load(text: text)
    #expect(p.rejects.isEmpty)
    #expect(p.rowCount == 3)
    let name = try #require(p.column(named: "name"))
    #expect(name.text(0) == "Gómez, Ana")
    #expect(name.text(1) == "Distribuidora \"El Sol\"")
    #expect(name.text(2) == "Two\nlines")
    #expect(p.column(named: "balance")?.text(0) == "1.50")
    #expect(p.column(named: "balance")?.text(2) == "-3.00")
    #expect(p.row(ofAccount: "A3") == 2)
  }

  @Test func strictModeIsTheCallersChoiceButRejectsAreKept() throws {
    let p = try Fixture.load("bad/money.csv")
    #expect(p.rejects.count == 1)
    #expect(p.rejects[0].line == 3)
    #expect(p.rejects[0].text == "A2,D2,Luis,B,12.5x,2026-10-01,active")
  }
}
