import CobroCore
import CobroPortfolio
import Testing

/// `describe` on a small portfolio with two currencies.
@Suite struct PortfolioDescriptionTests {
  static let asOf = Day(raw: Day.daysFromCivil(2026, 11, 30))

  static func fixture() throws -> Portfolio {
    try Fixture.load("validate/describe.csv", asOf: asOf)
  }

  static func csv(_ tables: [ResultTable]) -> String {
    let renderer = ResultRenderer(format: .csv)
    return tables.map { renderer.render($0).text }.joined(separator: "\n")
  }

  @Test func fiveTablesNeverAddingCurrencies() throws {
    let tables = try PortfolioDescription(portfolio: Self.fixture(), asOf: Self.asOf).tables()
    #expect(
      Self.csv(tables) == """
        item,value
        source,\(try Self.fixture().source)
        accounts,5
        debtors,3
        currencies,"COP, USD"
        asof,2026-11-30
        cutoff,2026-11-30
        issued_after_asof,0
        due_from,2025-06-01
        due_to,2026-12-01
        issued_from,2025-05-01
        issued_to,2026-04-01
        payments,0
        payments_from,
        payments_to,
        rejected_rows,0
        rejected_payments,0

        currency,accounts,debtors,balance,avg_balance
        COP,3,2,1500.50,500.17
        USD,2,1,300.01,150.01

        status,currency,count,balance,share
        active,COP,1,1000.00,66.64
        written_off,COP,1,500.50,33.36
        paid,COP,1,0.00,0.00
        active,USD,2,300.01,100.00
        total,COP,3,1500.50,100.00
        total,USD,2,300.01,100.00

        segment,currency,count,balance,share
        A,COP,2,1000.00,66.64
        B,COP,1,500.50,33.36
        A,USD,1,200.00,66.66
        B,USD,1,100.01,33.34
        total,COP,3,1500.50,100.00
        total,USD,2,300.01,100.00

        column,type,canonical,alias,header,non_empty
        account_id,text,account_id,obligacion,account_id,5
        debtor_id,text,debtor_id,cliente_id,debtor_id,5
        debtor_name,text,debtor_name,nombre,debtor_name,5
        segment,category,segment,segmento,segment,5
        status,category,status,estado,status,5
        balance,money,balance,saldo,balance,5
        currency,category,currency,moneda,currency,4
        issue_date,date,issue_date,fecha_emision,issue_date,5
        due_date,date,due_date,fecha_vencimiento,due_date,5

        """
    )
    #expect(tables[2].totalRows == 2)
  }

  @Test func anEarlierAsOfDateLeavesOutLaterAccounts() throws {
    let p = try Self.fixture()
    let tables = try PortfolioDescription(
      portfolio: p,
      asOf: Day(raw: Day.daysFromCivil(2026, 3, 15))
    ).tables()
    let items = Dictionary(uniqueKeysWithValues: tables[0].rows.map { ($0[0].plain, $0[1]) })
    #expect(items["accounts"] == .integer(4))
    #expect(items["issued_after_asof"] == .integer(1))
    #expect(tables[1].rows.map { $0[0].plain + ":" + $0[1].plain } == ["COP:3", "USD:1"])
  }

  @Test func absentColumnsGetTheirDefaults() throws {
    let p = try Fixture.load(
      text: """
        Obligación,Cliente ID,Saldo,Fecha de Vencimiento,Región
        A1,D1,10.00,2026-10-01,Norte
        A2,D1,-5.00,2026-10-01,
        """,
      name: "es.csv"
    )
    let tables = try PortfolioDescription(portfolio: p, asOf: Self.asOf).tables()
    #expect(
      Self.csv([tables[1], tables[2], tables[3], tables[4]]) == """
        currency,accounts,debtors,balance,avg_balance
        COP,2,1,5.00,2.50

        status,currency,count,balance,share
        active,COP,2,5.00,100.00
        total,COP,2,5.00,100.00

        segment,currency,count,balance,share
        ,COP,2,5.00,100.00
        total,COP,2,5.00,100.00

        column,type,canonical,alias,header,non_empty,type_from
        account_id,text,account_id,obligacion,Obligación,2,
        debtor_id,text,debtor_id,cliente_id,Cliente ID,2,
        balance,money,balance,saldo,Saldo,2,
        due_date,date,due_date,fecha_vencimiento,Fecha de Vencimiento,2,
        region,text,,,Región,1,free text

        """
    )
  }
}
