import CobroCore
import Testing

/// Phone numbers and e-mail addresses as `validate` reads them.
@Suite struct ContactFormatTests {
  @Test(arguments: [
    ("3001234567", PhoneNumber.Kind.mobile),
    ("300 123 4567", .mobile),
    ("300-123-4567", .mobile),
    ("(300) 123.45.67", .mobile),
    ("+57 300 123 4567", .mobile),
    ("573001234567", .mobile),
    ("0057 3001234567", .mobile),
    ("601 234 5678", .landline),
    ("+57 604 444 1234", .landline),
    ("+1 305 555 0100", .international),
    ("+34 912 345 678", .international),
    ("0034912345678", .international),
    ("", .empty),
  ])
  func wellFormedPhones(text: String, kind: PhoneNumber.Kind) {
    #expect(PhoneNumber.classify(text) == kind)
  }

  @Test(arguments: [
    ("234 5678", PhoneNumber.Problem.oldLandline),
    ("30012345", .nationalLength(8)),
    ("03001234567", .nationalLength(11)),
    ("4001234567", .nationalPrefix(4, 0)),
    ("6101234567", .nationalPrefix(6, 1)),
    ("+57 300 123 456", .afterCountryCode(9)),
    ("+1 555", .internationalLength(4)),
    ("+1234567890123456", .internationalLength(16)),
    ("300 123 4567 ext 2", .character("e")),
    ("3001234567 / 3109876543", .character("/")),
    ("300+1234567", .misplacedPlus),
    ("N/A", .character("N")),
    ("300ñ", .character("ñ")),
    ("--", .noDigits),
  ])
  func malformedPhones(text: String, problem: PhoneNumber.Problem) {
    #expect(PhoneNumber.classify(text) == .malformed(problem))
  }

  @Test func landlinesCannotReceiveMessages() {
    #expect(!PhoneNumber.Kind.landline.receivesMessages)
    #expect(PhoneNumber.Kind.landline.isDialable)
    #expect(PhoneNumber.Kind.mobile.receivesMessages)
  }

  @Test(arguments: [
    "ana@example.com", "ana.perez+cobro@mail.example.co", "o'neil@empresa.com.co",
    "x@a-b.io", "A_B@EXAMPLE.COM",
  ])
  func wellFormedAddresses(text: String) {
    #expect(EmailAddress.problem(text) == nil)
  }

  @Test(arguments: [
    ("ana.example.com", EmailAddress.Problem.noAt),
    ("ana@@example.com", .severalAt),
    ("ana@exa@mple.com", .severalAt),
    ("ana perez@example.com", .space),
    ("@example.com", .emptyLocalPart),
    ("ana@", .emptyDomain),
    ("ana@gmail", .domainWithoutDot),
    ("ana@gmail.", .badLabel),
    ("ana@.com", .badLabel),
    ("ana@-x.com", .badLabel),
    ("ana@gmail.c", .topLevelDomain),
    ("ana@gmail.c0m", .topLevelDomain),
    ("ana@gmail,com", .character(",")),
    (".ana@example.com", .dots),
    ("ana..perez@example.com", .dots),
    ("peña@example.com", .character("ñ")),
    ("ana(x)@example.com", .character("(")),
  ])
  func malformedAddresses(text: String, problem: EmailAddress.Problem) {
    #expect(EmailAddress.problem(text) == problem)
  }

  @Test func longLocalPartsAreRefused() {
    let local = String(repeating: "a", count: 65)
    #expect(EmailAddress.problem(local + "@example.com") == .localPartTooLong)
    #expect(EmailAddress.problem(String(local.dropFirst()) + "@example.com") == nil)
  }
}

@Suite struct ContactForDialersTests {
  @Test(arguments: [
    ("300 123 4567", "573001234567"),
    ("+57 300 123 4567", "573001234567"),
    ("573001234567", "573001234567"),
    ("0057 (300) 123-4567", "573001234567"),
    ("601 555 1234", "576015551234"),
    ("+1 415 555 0100", "14155550100"),
    ("001 415 555 0100", "14155550100"),
  ])
  func phonesBecomeInternationalDigits(_ text: String, _ digits: String) {
    #expect(PhoneNumber.internationalDigits(text) == digits)
  }

  @Test(arguments: ["", "555 1234", "call me", "300-123"])
  func numbersThatCannotBeDialledHaveNone(_ text: String) {
    #expect(PhoneNumber.internationalDigits(text) == nil)
  }

  @Test func masksKeepTheEnds() {
    #expect(ContactMask.mask("573001234567") == "57300****567")
    #expect(ContactMask.mask("+57 300 123 4567") == "+57 300 *** *567")
    #expect(ContactMask.mask("juan.perez@example.com") == "j***@example.com")
    #expect(ContactMask.mask("12345") == "***")
    #expect(ContactMask.mask("@x") == "***")
    #expect(ContactMask.mask("") == "")
  }
}
