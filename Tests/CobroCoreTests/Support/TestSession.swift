import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// A session writing to buffers, for tests that run commands as a user would type them.
final class TestSession {
  /// The session.
  let session: Session
  /// Its stdout.
  let out = BufferSink()
  /// Its stderr.
  let err = BufferSink()

  /// Creates a session at an as-of date, with `format` in force.
  init(asOf: Day = Day(raw: Day.daysFromCivil(2026, 11, 30)), format: OutputFormat = .csv) {
    var settings = Settings(asOf: asOf)
    settings.format = format
    session = Session(settings: settings, out: out, err: err)
  }

  /// Creates a session on a portfolio.
  convenience init(
    _ portfolio: Portfolio,
    asOf: Day = Day(raw: Day.daysFromCivil(2026, 11, 30)),
    format: OutputFormat = .csv
  ) {
    self.init(asOf: asOf, format: format)
    session.portfolio = portfolio
  }

  /// The stdout of a command that succeeds, without the empty line that separates it from
  /// earlier results.
  func result(_ text: String) -> String {
    String(run(text).out.drop { $0 == "\n" })
  }

  /// Runs text as a script (`<input>` when `file` is not given); returns stdout, stderr and
  /// whether every command succeeded.
  @discardableResult
  func run(_ text: String, file: String = "<input>") -> (out: String, err: String, ok: Bool) {
    let outcome = session.run(SourceFile(name: file, text: text))
    return (out.take(), err.take(), outcome.errors == 0)
  }
}

/// A small readable portfolio for exact-output tests.
enum SmallPortfolio {
  static let csv = """
    account_id,debtor_id,debtor_name,segment,product,balance,currency,issue_date,due_date,payments_on_time,payments_late,status,city
    A1,D1,Ana María Pérez,A,loan,1000000.00,COP,2025-01-10,2026-11-05,10,0,active,Bogotá
    A2,D1,Ana María Pérez,B,card,250000.50,COP,2025-06-01,2026-08-01,2,3,active,Bogotá
    A3,D2,"Peña, Luis",B,invoice,5000000.00,,2026-01-15,2026-02-14,1,1,written_off,Cali
    A4,D3,=cmd,C,invoice,0.00,COP,2026-09-01,2026-10-01,0,0,paid,Cali
    A5,D4,Sofía Gómez,B,loan,7500000.00,COP,2026-11-10,2026-12-10,,,active,Medellín
    A6,D5,Carlos Díaz,A,loan,120.00,USD,2024-01-01,2025-06-30,4,0,active,Medellín
    """

  static let paymentsCSV = """
    account_id,date,amount
    A1,2026-09-03,100000.00
    A1,2026-10-04,100000.00
    A2,2026-07-01,50000.00
    A2,2026-09-15,20000.00
    A3,2026-03-01,1000000.00
    """

  /// Loads it, with payments when asked, cut at 2026-11-30.
  static func load(payments: Bool = false) throws -> Portfolio {
    let cutoff = Day(raw: Day.daysFromCivil(2026, 11, 30))
    let p = try PortfolioLoader(options: LoadOptions(), asOf: cutoff).load(
      bytes: InputBytes.copying(Array(csv.utf8)),
      name: "small.csv"
    )
    if payments {
      let (history, _) = try PaymentsLoader().load(
        bytes: InputBytes.copying(Array(paymentsCSV.utf8)),
        name: "payments.csv",
        for: p
      )
      p.payments = history
    }
    return p
  }
}
