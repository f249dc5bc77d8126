import CobroCore
import CobroPortfolio
import Testing

/// Ids typed the way people write them find the one account or debtor they stand for.
@Suite struct PortfolioLookupTests {
  static let csv = """
    account_id,debtor_id,balance,due_date
    A01,1.020.052.966,10,2026-10-01
    CO-0000002,900123456,10,2026-10-01
    0007,0045678,10,2026-10-01
    7B,45678,10,2026-10-01
    X-9,800200300-1,10,2026-10-01
    X9,52111222,10,2026-10-01
    """

  @Test(
    "accounts",
    arguments: [
      ("A01", Portfolio.IDMatch.found("A01")),
      ("a01", .found("A01")),
      ("a-1", .found("A01")),
      ("A 0 1", .found("A01")),
      ("co 2", .found("CO-0000002")),
      ("CO0000002", .found("CO-0000002")),
      ("7", .found("0007")),
      ("07b", .found("7B")),
      ("X9", .found("X9")),
      ("x.9", .ambiguous(["X-9", "X9"])),
      ("A02", .none),
      ("", .none),
    ]
  )
  func account(typed: String, expected: Portfolio.IDMatch) throws {
    let p = try Fixture.load(text: Self.csv)
    #expect(p.matchAccount(typed) == expected)
  }

  @Test(
    "debtors",
    arguments: [
      ("1020052966", Portfolio.IDMatch.found("1.020.052.966")),
      ("1 020 052 966", .found("1.020.052.966")),
      ("900.123.456", .found("900123456")),
      // A check digit after '-' is set aside whatever it is; without '-', only a valid one.
      ("900.123.456-7", .found("900123456")),
      ("9001234568", .found("900123456")),
      ("9001234567", .none),
      ("800200300", .found("800200300-1")),
      ("800.200.300-1", .found("800200300-1")),
      ("45678", .found("45678")),
      ("0045678", .found("0045678")),
      ("045678", .ambiguous(["0045678", "45678"])),
      ("52.111.222", .found("52111222")),
      ("11111111", .none),
    ]
  )
  func debtor(typed: String, expected: Portfolio.IDMatch) throws {
    let p = try Fixture.load(text: Self.csv)
    #expect(p.matchDebtor(typed) == expected)
  }

  @Test func commandsFindTheStoredId() throws {
    let s = TestSession(try Fixture.load(text: Self.csv))
    let shown = s.run("show co-2")
    #expect(shown.ok)
    #expect(shown.out.contains("account_id,CO-0000002"))
    let debtor = s.run("debtor 900.123.456-7")
    #expect(debtor.ok)
    #expect(debtor.out.contains("900123456"))
    let ambiguous = s.run("debtor 045678")
    #expect(!ambiguous.ok)
    #expect(ambiguous.err.contains("error: '045678' matches several debtor ids: 0045678, 45678"))
    let missing = s.run("show A02")
    #expect(!missing.ok)
    #expect(missing.err.contains("error: no account 'A02'"))
  }
}
