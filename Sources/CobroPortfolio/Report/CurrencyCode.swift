/// ISO 4217 alphabetic currency codes, for `validate invalid_currency`.
///
/// The set is ISO 4217 list one (current currencies and funds, precious metals and special
/// drawing rights) as published in 2025, including codes still in their changeover period (`ANG`
/// next to `XCG`, `SLL` next to `SLE`, `BGN`, `CUC`). `XTS` (reserved for testing) and `XXX` (no
/// currency) are ISO codes but never the currency of a debt, so they are refused. Codes withdrawn
/// earlier (`HRK`, `ZWL`, `VEF`, `LTL`…) are refused too: a debt in them has been converted.
public enum CurrencyCode {
  /// Every accepted code.
  public static let active: Set<String> = [
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
    "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV",
    "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF",
    "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE",
    "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD",
    "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
    "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
    "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV",
    "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB",
    "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
    "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
    "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN",
    "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF",
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF",
    "XPD", "XPF", "XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
  ]

  /// Whether `code` is an accepted ISO 4217 code (exact, upper case).
  public static func isActive(_ code: String) -> Bool { active.contains(code) }

  /// The code people most likely meant by a word often found in Colombian files (`pesos`, `US$`),
  /// compared ignoring case and accents.
  public static func likelyCode(for word: String) -> String? {
    commonWords[CanonicalSchema.fold(word).uppercased()]
  }

  private static let commonWords: [String: String] = [
    "$": "COP", "COL": "COP", "COL$": "COP", "PESO": "COP", "PESOS": "COP", "CP": "COP",
    "PESOS COLOMBIANOS": "COP", "US$": "USD", "USD$": "USD", "U$S": "USD", "DOLAR": "USD",
    "DOLARES": "USD", "US": "USD", "EURO": "EUR", "EUROS": "EUR", "€": "EUR",
    "UVR": "COU",
  ]
}
