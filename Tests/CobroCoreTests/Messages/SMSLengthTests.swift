import CobroCore
import CobroMessages
import Testing

/// One SMS: 160 GSM characters, or 70 UTF-16 units once a character outside GSM remains.
@Suite struct SMSLengthTests {
  @Test func gsmTextCountsSeptetsAndTheExtensionTableTwice() {
    let plain = SMSLength("Señor Peña: ¿pagó? Débito €10 [ref]")
    // 'ó' is not GSM: the whole text goes as UCS-2.
    #expect(plain.encoding == .ucs2)
    #expect(plain.foreign == ["ó"])
    let gsm = SMSLength("Señor Peña: ¿pago? Débito €10 [ref]")
    #expect(gsm.encoding == .gsm7)
    // 35 characters, three of them from the extension table (€ [ ]).
    #expect(gsm.units == 38)
    #expect(gsm.limit == 160)
  }

  @Test func theLimitsAre160And70Inclusive() {
    #expect(SMSLength(String(repeating: "a", count: 160)).fits)
    #expect(!SMSLength(String(repeating: "a", count: 161)).fits)
    let braces = SMSLength(String(repeating: "a", count: 157) + "{}")
    #expect(braces.units == 161 && !braces.fits)
    #expect(SMSLength("á" + String(repeating: "a", count: 69)).fits)
    #expect(!SMSLength("á" + String(repeating: "a", count: 70)).fits)
  }

  @Test func foldingDropsOnlyTheAccentsGSMLacks() {
    #expect(
      SMSLength.gsmFolded("María Gómez, cuota vencida hace 45 días")
        == "Maria Gomez, cuota vencida hace 45 dias"
    )
    #expect(
      SMSLength.gsmFolded("Peña, Débito, pingüino, ¿Ñandú?") == "Peña, Débito, pingüino, ¿Ñandu?"
    )
    #expect(SMSLength.gsmFolded("ok 🙂") == "ok 🙂")
    #expect(SMSLength(SMSLength.gsmFolded("Ángela Núñez")).encoding == .gsm7)
  }
}
