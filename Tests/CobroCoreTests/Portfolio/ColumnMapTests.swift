import CobroCore
import CobroPortfolio
import CobroShell
import Foundation
import Testing

@Suite struct ColumnMapTests {
  /// The map's error for `text`, as `file:line:col: message`.
  static func error(_ text: String) -> String {
    do {
      _ = try ColumnMap.parse(text, name: "b.map")
      return "no error"
    } catch {
      let r = error.range
      return "\(r?.file ?? ""):\(r?.start.line ?? 0):\(r?.start.column ?? 0): \(error.message.text)"
    }
  }

  @Test func parsesHeadersTargetsTypesAndFormats() throws {
    let map = try ColumnMap.parse(
      """
      # the bank's export
      Cédula/NIT -> debtor_id
      Fecha Desembolso  -> disbursed date dmy   # per column
      Días Mora -> file_overdue integer

      "Valor -> Total" -> total money decimal ,
      Segmento Comercial -> segmento
      """,
      name: "b.map"
    )
    #expect(
      map.entries.map(\.name) == ["debtor_id", "disbursed", "file_overdue", "total", "segment"]
    )
    #expect(map.entries[0].field?.name == "debtor_id")
    #expect(map.entries[1].type == .date && map.entries[1].dates == .dmy)
    #expect(map.entries[2].type == .integer)
    #expect(map.entries[3].header == "Valor -> Total" && map.entries[3].decimalComma == true)
    #expect(map.entry(forHeader: "CEDULA / nit")?.name == "debtor_id")
    #expect(map.entry(forHeader: "Fecha de Desembolso")?.name == "disbursed")
  }

  @Test func errorsAreLocated() {
    #expect(Self.error("Saldo Total\n") == "b.map:1:12: expected '->' after the header")
    #expect(Self.error("# c\n -> balance\n") == "b.map:2:2: expected a column header before '->'")
    #expect(Self.error("Saldo ->\n") == "b.map:1:9: expected a column name after '->'")
    #expect(
      Self.error("A -> x fecha iso\nB -> y money dmy")
        == "b.map:2:14: 'dmy' is a date format, and 'y' is not a date"
    )
    #expect(
      Self.error("Cédula/NIT -> debtor_id money")
        == "b.map:1:25: 'debtor_id' is a text column; the map cannot make it money"
    )
    #expect(
      Self.error("A -> x decimal ,")
        == "b.map:1:8: 'decimal' is a money format, and 'x' is not money"
    )
    #expect(Self.error("A -> x money decimal") == "b.map:1:21: expected ',' or '.' after 'decimal'")
    #expect(Self.error("A -> x numbers") == "b.map:1:8: unexpected 'numbers'")
    #expect(Self.error("A -> 9x") == "b.map:1:6: '9x' cannot name a column")
    #expect(Self.error("A -> overdue integer") == "b.map:1:6: 'overdue' is a computed field")
    #expect(
      Self.error("A -> x\nA -> y") == "b.map:2:1: column 'A' is mapped twice (first on line 1)"
    )
    #expect(
      Self.error("A -> x\nB -> x")
        == "b.map:2:1: 'x' is the target of two columns (first on line 1)"
    )
    #expect(Self.error("\"A -> x") == "b.map:1:1: unterminated quote")
  }

  /// A map types an extra column and gives it its own format, different from the file's.
  @Test func theLoaderHonoursTheMapsTypesAndFormats() throws {
    let csv = """
      Obligacion,Cliente,Plata,Vence,Desembolso,Dias Mora,Valor Inicial
      A1,D1,10.00,2026-10-01,17/01/2024,95,"1.500.000,50"
      A2,D2,20.00,2026-11-01,03/02/2021,3,"200,00"
      """
    var options = LoadOptions()
    options.columnMap = try ColumnMap.parse(
      """
      Cliente -> debtor_id
      Plata -> balance
      Vence -> due_date
      Desembolso -> disbursed date dmy
      Dias Mora -> file_overdue integer
      Valor Inicial -> principal money decimal ,
      """,
      name: "m.map"
    )
    let p = try Fixture.load(text: csv, options: options)
    #expect(p.rejects.isEmpty, "\(p.rejects.map(\.diagnostic.message.text))")
    guard case .date(let disbursed)? = p.column(named: "disbursed")?.data,
      case .integer(let overdue)? = p.column(named: "file_overdue")?.data,
      case .money(let principal)? = p.column(named: "principal")?.data
    else {
      Issue.record("the mapped columns are not typed")
      return
    }
    #expect(disbursed[0] == Day("2024-01-17")?.raw)
    #expect(overdue[0] == 95 && overdue[1] == 3)
    #expect(principal[0] == 150_000_050 && principal[1] == 20_000)
    let s = TestSession(p)
    #expect(s.run("count file_overdue > 90").out == "count\n1\n")
    #expect(s.run("count disbursed < 2022-01-01").out.hasSuffix("count\n1\n"))
    #expect(s.run("sum principal").out.hasSuffix("sum_principal\n1500200.50\n"))
  }

  @Test func aBadCellOfAMappedColumnIsRejectedWithItsPlace() throws {
    var options = LoadOptions()
    options.columnMap = try ColumnMap.parse("Dias Mora -> file_overdue integer", name: "m.map")
    let p = try Fixture.load(
      text: "account_id,debtor_id,balance,due_date,Dias Mora\nA1,D1,1,2026-10-01,9x\n",
      options: options
    )
    #expect(
      p.rejects.first?.diagnostic.message.text == "file_overdue: '9x' is not a whole number >= 0"
    )
    #expect(p.rejects.first?.diagnostic.range?.start.column == 20)
  }

  @Test func aMapBesideThePortfolioIsUsedOnItsOwn() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    try TextFile.write(
      "Obligacion,Cliente,Saldo,Vence\nA1,D1,10.00,2026-10-01\n",
      to: dir + "/cartera.csv"
    )
    let s = TestSession()
    let missing = s.run("load \"\(dir)/cartera.csv\"")
    #expect(!missing.ok)
    #expect(missing.err.contains("missing required columns 'debtor_id', 'due_date'"))
    try TextFile.write(
      "Cliente -> debtor_id\nVence -> due_date\nGhost -> x\n",
      to: dir + "/cartera.map"
    )
    let found = s.run("load \"\(dir)/cartera.csv\"\ncount")
    #expect(found.ok, "\(found.err)")
    #expect(found.out == "count\n1\n")
    #expect(found.err.contains("using the column map \(dir)/cartera.map"))
    #expect(
      found.err.contains(
        "\(dir)/cartera.map:3:1: warning: column map: \(dir)/cartera.csv has no column 'Ghost'"
      )
    )
    // A bad map fails the load and keeps the portfolio in memory.
    try TextFile.write("Cliente => debtor_id\n", to: dir + "/otro.map")
    let bad = s.run("load \"\(dir)/cartera.csv\" map \"\(dir)/otro.map\"\ncount")
    #expect(!bad.ok)
    #expect(bad.err.contains("\(dir)/otro.map:1:21: error: expected '->' after the header"))
    #expect(s.session.portfolio?.rowCount == 1)
  }

  @Test func aMapSavedAsWindows1252OrWithABOMIsRead() throws {
    let dir = try TranscriptRunnerTests.temporaryFolder()
    let ansi = Data(
      "Fecha Desembolso -> disbursed date dmy\nD\u{ED}as Mora -> mora_banco integer\n"
        .unicodeScalars.map { UInt8($0.value) }
    )
    try ansi.write(to: URL(fileURLWithPath: dir + "/ansi.map"))
    let map = try ColumnMap.load(path: dir + "/ansi.map", name: "ansi.map")
    #expect(map.entries.map(\.header) == ["Fecha Desembolso", "Días Mora"])
    try Data([0xEF, 0xBB, 0xBF] + Array("Cédula -> debtor_id\n".utf8))
      .write(to: URL(fileURLWithPath: dir + "/bom.map"))
    #expect(
      try ColumnMap.load(path: dir + "/bom.map", name: "bom.map").entries.first?.header == "Cédula"
    )
  }

  @Test func aLooseAliasGivesWayAndStaysAnExtraColumn() throws {
    let p = try Fixture.load(
      text: """
        Cuenta,Obligación,Crédito,Cédula,Saldo,Fecha Vencimiento,Cliente ID
        C-9,A1,K-1,55,10.00,2026-10-01,D1
        """
    )
    #expect(p.rejects.isEmpty)
    #expect(p.column(named: "account_id")?.header == "Obligación")
    #expect(p.column(named: "debtor_id")?.header == "Cliente ID")
    #expect(p.column(named: "cuenta")?.text(0) == "C-9")
    #expect(p.column(named: "credito")?.text(0) == "K-1")
    #expect(p.column(named: "cedula")?.text(0) == "55")
    // Two loose aliases and no strong one: the first is the column, the next an extra.
    let q = try Fixture.load(
      text: "Cuenta,Crédito,NIT,Saldo,Vencimiento\nC-9,K-1,5,1.00,2026-10-01\n"
    )
    #expect(q.column(named: "account_id")?.header == "Cuenta")
    #expect(q.column(named: "credito")?.text(0) == "K-1")
  }

  @Test func builtInAliasesOfRealExports() {
    let cases: [(String, String)] = [
      ("Cédula/NIT", "debtor_id"), ("Nro. Obligación", "account_id"),
      ("N° Obligación", "account_id"), ("Fecha Último Pago", "last_payment_date"),
      ("Valor Desembolsado", "principal"), ("FECHA DE DESEMBOLSO", "issue_date"),
      ("Razón Social", "debtor_name"), ("Saldo Capital", "capital"),
      ("Intereses de Mora", "late_interest"), ("Correo Electrónico", "email"),
      ("Teléfono Celular", "phone"), ("Número de Identificación", "debtor_id"),
    ]
    for (header, name) in cases {
      #expect(CanonicalSchema.field(forHeader: header)?.name == name, "\(header)")
    }
    #expect(CanonicalSchema.field(forHeader: "Días Mora") == nil)
  }
}

/// The README's table of header aliases says what the loader does.
@Suite struct HeaderAliasTableTests {
  @Test func everyHeaderOfTheREADMETableNamesItsColumnAndNoAliasIsMissing() throws {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    let readme = try String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = readme.range(of: "| column | also read from |") else {
      Issue.record("the README has no table of header aliases")
      return
    }
    var listed: [String: Set<String>] = [:]
    for line in readme[start.upperBound...].split(separator: "\n").dropFirst() {
      guard line.hasPrefix("| ") else { break }
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      let column = cells[0]
      for header in cells[1].components(separatedBy: ", ") {
        #expect(
          CanonicalSchema.field(forHeader: header)?.name == column,
          "'\(header)' does not read as \(column)"
        )
        listed[column, default: []].insert(CanonicalSchema.normalize(header))
      }
    }
    for (column, headers) in CanonicalSchema.headerAliases {
      for header in headers {
        #expect(
          listed[column]?.contains(CanonicalSchema.normalize(header)) == true,
          "the README does not list '\(header)' for \(column)"
        )
      }
    }
    #expect(Set(listed.keys) == Set(CanonicalSchema.fields.map(\.name)))
  }
}
