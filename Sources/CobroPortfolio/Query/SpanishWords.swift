/// The Spanish words of the command language: each stands for one English keyword, wherever
/// a command's grammar reads that keyword (``Token/isWord(_:)``, ``Token/keyword``), so that
/// `edades por segmento`, `agrupar por segmento` and `plan 1000000 cuotas 6 tasa 1.5%` read
/// as `aging by segment`, `group by segment` and `plan 1000000 installments 6 rate 1.5%`.
///
/// Command names have their Spanish words as aliases beside each command (`aliases:`), and
/// field names theirs in the schema; this table holds the other words of the grammar. The
/// README's table of Spanish words lists this one, and a test keeps the two the same.
///
/// A word here is a keyword only where the grammar expects one: `contactable no` still
/// compares with the value `no`, and a quoted word is never a keyword.
public enum SpanishWords {
  /// Each Spanish word (lowercase, accented and plain spellings both) and its English keyword,
  /// in the README's order.
  public static let keywords: KeyValuePairs<String, String> = [
    "por": "by",
    "y": "and",
    "o": "or",
    "no": "not",
    "en": "in",
    "columnas": "columns",
    "ordenar": "sort",
    "orden": "sort",
    "limite": "limit",
    "límite": "limit",
    "cuotas": "installments",
    "tasa": "rate",
    "inicial": "down",
    "descuento": "discount",
    "condonar": "waive",
    "inicio": "start",
    "primera": "first",
    "metodo": "method",
    "método": "method",
    "monto": "amount",
    "valor": "amount",
    "separador": "delimiter",
  ]

  /// The English keyword of each Spanish word.
  static let english: [String: String] = Dictionary(
    keywords.map { ($0.key, $0.value) },
    uniquingKeysWith: { first, _ in first }
  )

  /// The English keyword a lowercased word stands for, or the word itself.
  public static func keyword(_ lowercased: String) -> String {
    english[lowercased] ?? lowercased
  }

  /// The Spanish words of an English keyword, for completion.
  public static func spanish(of keyword: String) -> [String] {
    keywords.filter { $0.value == keyword }.map(\.key)
  }
}
