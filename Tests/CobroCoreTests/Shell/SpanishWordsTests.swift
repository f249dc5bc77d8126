import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// The Spanish words of the command language read as their English keywords.
@Suite struct SpanishWordsTests {
  func demo() throws -> TestSession {
    TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff)
  }

  @Test(arguments: [
    ("edades por segmento", "aging by segment"),
    ("agrupar por segmento", "group by segment"),
    ("plan 1000000 cuotas 6 tasa 1.5%", "plan 1000000 installments 6 rate 1.5%"),
    (
      "plan 1000000 cuotas 6 tasa 1.5% inicial 10% descuento 5%",
      "plan 1000000 installments 6 rate 1.5% down 10% discount 5%"
    ),
    (
      "listar segmento A columnas account_id, balance ordenar balance desc limite 3",
      "list segment A columns account_id, balance sort balance desc limit 3"
    ),
    ("contar segmento A o segmento B", "count segment A or segment B"),
    ("contar segmento A y no status active", "count segment A and not status active"),
    ("contar segmento en (A, B)", "count segment in (A, B)"),
    ("top 3 por balance", "top 3 by balance"),
  ])
  func spanishReadsAsEnglish(spanish: String, english: String) throws {
    let t = try demo()
    let expected = t.fresh(english)
    #expect(expected.ok, "\(english): \(expected.err)")
    let r = t.fresh(spanish)
    #expect(r.ok, "\(spanish): \(r.err)")
    #expect(r.out == expected.out, "\(spanish)")
  }

  @Test func aWordThatIsAValueStaysAValue() throws {
    let t = try demo()
    // `no` compares as a value after a field, and a quoted word is never a keyword.
    #expect(t.fresh("count city no").err.contains("no account has city 'no'"))
    #expect(t.fresh("count city en").err.contains("no account has city 'en'"))
    #expect(t.fresh("count name ~ \"por\"").ok)
  }

  @Test func theReadmeListsEveryWord() throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md"),
      encoding: .utf8
    )
    for (spanish, english) in SpanishWords.keywords {
      #expect(readme.contains("| `\(spanish)` | `\(english)` |"), "\(spanish) → \(english)")
    }
  }
}

extension TestSession {
  /// Runs a command; its stdout without the empty line that separates it from earlier results.
  fileprivate func fresh(_ text: String) -> (out: String, err: String, ok: Bool) {
    let r = run(text)
    return (String(r.out.drop { $0 == "\n" }), r.err, r.ok)
  }
}
