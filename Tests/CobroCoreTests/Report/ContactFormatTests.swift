import CobroCore
import CobroPortfolio
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

  @Test func masksKeepOnlyTheLastDigits() {
    #expect(ContactMask.mask("573001234567") == "********4567")
    #expect(ContactMask.mask("3001234567") == "******4567")
    #expect(ContactMask.mask("+57 300 123 4567") == "+** *** *** 4567")
    #expect(ContactMask.mask("6012345") == "****345")
    #expect(ContactMask.mask("juan.perez@example.com") == "j***@example.com")
    #expect(ContactMask.mask("123456") == "***")
    #expect(ContactMask.mask("@x") == "***")
    #expect(ContactMask.mask("") == "")
  }

  @Test func contactColumnsAreKnownByTheirNames() {
    for name in [
      "phone", "Teléfono 2", "celular", "movil_alterno", "correo_alterno", "e-mail",
      "whatsapp", "contact", "direccion", "Dirección de cobro",
    ] {
      #expect(ContactMask.isContactColumn(name), "\(name)")
    }
    for name in ["account_id", "debtor_name", "balance", "segment", "hotel"] {
      #expect(!ContactMask.isContactColumn(name), "\(name)")
    }
    #expect(ContactMask.isStreetColumn("direccion_casa"))
    #expect(!ContactMask.isStreetColumn("email_address"))
  }

  /// Inside free text (a rejected row, a diagnostic) each contact is masked where it stands,
  /// and the text keeps its length.
  @Test(arguments: [
    (
      "A3,D3,Eva,12.5x,2026-10-01,3004445555,eva@example.net,1",
      "A3,D3,Eva,12.5x,2026-10-01,******5555,e**@example.net,1"
    ),
    (
      "llamar al +57 300 123 4567 o al (601) 234 5678 hoy",
      "llamar al +** *** *** 4567 o al (***) *** 5678 hoy"
    ),
    ("CO-0000001,1020304050,1.234.567,89", "CO-0000001,1020304050,1.234.567,89"),
    ("dos: 3001234567 3119876543", "dos: ******4567 ******6543"),
    ("sin @ni dominio, a@b", "sin @ni dominio, a@b"),
  ])
  func contactsInTextAreMaskedInPlace(_ text: String, _ masked: String) {
    #expect(ContactMask.maskingInText(text) == masked)
    #expect(masked.count == text.count)
  }

  @Test func tablesAreMaskedByColumnNameAndByContent() {
    var t = ResultTable(columns: [
      .init("account_id", .text), .init("celular", .text), .init("notas", .text),
      .init("direccion", .text),
    ])
    t.rows = [
      [
        .text("3001234567"), .text("300 123"), .text("escribir a ana@example.com"),
        .text("Calle 10 # 20-30"),
      ]
    ]
    let masked = t.maskingContacts()
    #expect(
      masked.rows[0] == [
        .text("3001234567"), .text("***"), .text("escribir a a**@example.com"), .text("***"),
      ]
    )
  }
}
