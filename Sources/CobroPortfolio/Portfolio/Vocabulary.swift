/// The closed vocabularies and the Spanish and English spellings accepted for each value.
public enum Vocabulary {
  /// The canonical values of each closed column, in display order.
  public static let canonicalValues: [String: [String]] = [
    "status": CanonicalSchema.statuses,
    "channel": CanonicalSchema.channels,
    "debtor_type": CanonicalSchema.debtorTypes,
  ]

  /// Folded spelling → canonical value, per closed column.
  package static let closed: [String: [String: String]] = [
    "status": [
      "active": "active", "activa": "active", "activo": "active", "vigente": "active",
      "written_off": "written_off", "writtenoff": "written_off", "written off": "written_off",
      "castigada": "written_off", "castigado": "written_off", "castigo": "written_off",
      "paid": "paid", "pagada": "paid", "pagado": "paid", "cancelada": "paid",
    ],
    "channel": [
      "whatsapp": "whatsapp", "email": "email", "correo": "email", "e-mail": "email",
      "call": "call", "llamada": "call", "telefono": "call", "phone": "call",
      "sms": "sms", "mensaje": "sms",
    ],
    "debtor_type": [
      "person": "person", "persona": "person", "natural": "person",
      "persona natural": "person",
      "company": "company", "empresa": "company", "juridica": "company",
      "persona juridica": "company",
    ],
  ]
}
