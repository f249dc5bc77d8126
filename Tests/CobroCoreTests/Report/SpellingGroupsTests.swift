import CobroCore
import Testing

/// `group by` groups category values as filters match them, and `recode` merges others.
@Suite struct SpellingGroupsTests {
  static let csv = """
    account_id,debtor_id,balance,due_date,segment,city
    A1,D1,100.00,2026-10-01,A,Bogotá D.C.
    A2,D2,200.00,2026-10-01,B,Bogota D.C.
    A3,D3,300.00,2026-10-01,b,BOGOTA
    A4,D4,400.00,2026-10-01,C,Bogotá
    A5,D5,500.00,2026-10-01,B,Medellín
    A6,D6,600.00,2026-10-01,A,medellin
    A7,D7,700.00,2026-10-01,C,Cali
    A8,D8,800.00,2026-10-01,B,Cali
    A9,D9,900.00,2026-10-01,b,bogota
    """

  /// The `group, count, balance` columns of `group by FIELD` in csv.
  static func groups(_ s: TestSession, _ field: String) -> [String] {
    s.result("group by \(field)").split(separator: "\n").dropFirst().map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).prefix(3)
        .joined(separator: ",")
    }
  }

  @Test func groupsFoldCaseAndAccentsUnderTheMostFrequentSpelling() throws {
    let s = TestSession(try Fixture.load(text: Self.csv))
    // Sums by hand from the rows above.
    #expect(
      Self.groups(s, "segment") == [
        "B,5,2700.00", "C,2,1100.00", "A,2,700.00", "total,9,4500.00",
      ]
    )
    #expect(s.result("count segment b") == "count\n5\n")
    // Bogotá D.C. and Bogota D.C. tie at one account each: the smaller spelling is shown;
    // bogota has 2 spellings of 3 accounts, BOGOTA and Bogotá and bogota one each.
    #expect(
      Self.groups(s, "city") == [
        "BOGOTA,3,1600.00", "Cali,2,1500.00", "Medellín,2,1100.00", "Bogota D.C.,2,300.00",
        "total,9,4500.00",
      ]
    )
    #expect(s.result("count city bogota") == "count\n3\n")
  }

  @Test func recodeMergesValuesAndIsListedByDescribe() throws {
    let s = TestSession(try Fixture.load(text: Self.csv))
    let r = s.run("recode city \"Bogota D.C.\", BOGOTA as Bogotá")
    #expect(r.ok)
    #expect(r.err == "city: 'Bogota D.C.', 'BOGOTA' as 'Bogotá' (4 accounts changed)\n")
    #expect(
      Self.groups(s, "city") == [
        "Bogotá,5,1900.00", "Cali,2,1500.00", "Medellín,2,1100.00", "total,9,4500.00",
      ]
    )
    #expect(s.result("count city = bogota") == "count\n5\n")
    #expect(
      s.result("describe").contains(
        "field,values,as,accounts\ncity,\"Bogota D.C., BOGOTA\",Bogotá,4\n"
      )
    )
    let unknown = s.run("recode city Barranquilla as Bogotá")
    #expect(!unknown.ok)
    #expect(unknown.err.contains("error: no account has city 'Barranquilla'"))
    let text = s.run("recode account_id A1 as A2")
    #expect(text.err.contains("error: recode applies to category columns; account_id is text"))
  }
}
