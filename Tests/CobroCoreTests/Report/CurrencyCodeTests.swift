import CobroCore
import CobroPortfolio
import Testing

/// The ISO 4217 codes `validate invalid_currency` accepts.
@Suite struct CurrencyCodeTests {
  @Test(arguments: ["COP", "USD", "EUR", "COU", "CLF", "VES", "ZWG", "XCG", "XAU"])
  func activeCodes(code: String) {
    #expect(CurrencyCode.isActive(code))
  }

  @Test(arguments: ["cop", "XXX", "XTS", "HRK", "ZWL", "VEF", "PESOS", "US$", ""])
  func refusedCodes(code: String) {
    #expect(!CurrencyCode.isActive(code))
  }

  @Test func everyCodeIsThreeUppercaseLetters() {
    for code in CurrencyCode.active {
      #expect(code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }, "\(code)")
    }
  }

  @Test func commonWordsSuggestACode() {
    #expect(CurrencyCode.likelyCode(for: "Pesos") == "COP")
    #expect(CurrencyCode.likelyCode(for: "dólares") == "USD")
    #expect(CurrencyCode.likelyCode(for: "XYZ") == nil)
  }
}
