import CobroDiagnostics
import Foundation
import Testing

@testable import CobroCore
@testable import CobroMessages

/// The agreement letter and the paz y salvo: templates, values, HTML, the company's own files.
@Suite struct LetterTemplateTests {
  static let values = LetterValues(
    name: "Ana <Torres> & Cía",
    debtorID: "100",
    date: "5 de diciembre de 2026",
    accounts: [.init(id: "M-01", balance: "$0.00")],
    agreement: 7,
    total: "$1,000.00",
    forgiven: nil,
    installments: [
      .init(n: 0, date: "5 de diciembre de 2026", amount: "$400.00"),
      .init(n: 1, date: "5 de enero de 2027", amount: "$600.00"),
    ]
  )

  @Test func theBuiltInAgreementLetterListsEveryInstallment() throws {
    let t = try LetterTemplate.load(.acuerdo, directory: nil)
    let text = try t.render(Self.values)
    #expect(text.contains("acuerdo de pago número 7"))
    #expect(text.contains("en 1 cuotas:\n\nCuota inicial: $400.00 el 5 de diciembre de 2026\n"))
    #expect(text.contains("Cuota 1: $600.00 el 5 de enero de 2027\n"))
    #expect(text.contains("sigue sin pagar 30 días después"))
    #expect(!text.contains("condonación"))
  }

  @Test func htmlEscapesTheTextAndMakesParagraphs() {
    let page = LetterTemplate.html(
      "Señora Ana <Torres> & Cía\n\nPAZ Y SALVO\n",
      title: "Paz y salvo"
    )
    #expect(page.contains("<p>Señora Ana &lt;Torres&gt; &amp; Cía</p>\n<p>PAZ Y SALVO</p>\n"))
    #expect(page.hasPrefix("<!DOCTYPE html>"))
  }

  @Test func aCompanysOwnTemplateWinsAndIsNotAMessageTemplateError() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cobro-letters-\(getpid())"
    ).path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "{{name}} ({{debtor_id}}): {{#accounts}}{{account_id}}{{/accounts}}\n".write(
      toFile: dir + "/letter.paz-y-salvo.txt",
      atomically: true,
      encoding: .utf8
    )
    let t = try LetterTemplate.load(.pazYSalvo, directory: dir)
    #expect(try t.render(Self.values) == "Ana <Torres> & Cía (100): M-01\n")
    // The messages' template set skips the letters.
    #expect(try TemplateSet.load(directory: dir).directory == dir)
    try "{{#accounts}}x\n".write(
      toFile: dir + "/letter.acuerdo.txt",
      atomically: true,
      encoding: .utf8
    )
    #expect(throws: Diagnostic.self) {
      try LetterTemplate.load(.acuerdo, directory: dir).render(Self.values)
    }
  }

  @Test func kindsAreReadAsTyped() {
    #expect(LetterKind(word: "paz-y-salvo") == .pazYSalvo)
    #expect(LetterKind(word: "PAZ_Y_SALVO") == .pazYSalvo)
    #expect(LetterKind(word: "acuerdo") == .acuerdo)
    #expect(LetterKind(word: "carta") == nil)
  }
}
