/// How `table` and `markdown` show money and percentages (`set money`); csv and json always
/// print the plain `1234567.89`.
public enum MoneyStyle: String, Hashable, Sendable, CaseIterable {
  /// `1,234,567.89`: the default.
  case enUS = "en-US"
  /// `$ 1.234.567,89`: Colombian, the default when the locale is Spanish (`LANG=es_CO.UTF-8`).
  case esCO = "es-CO"

  /// The style a locale's variables ask for: `LC_ALL`, else `LC_MONETARY`, else `LANG`; a
  /// Spanish locale (`es`, `es_*`) gives ``esCO``, any other ``enUS``.
  public static func forLocale(_ variables: [String: String]) -> MoneyStyle {
    let locale =
      ["LC_ALL", "LC_MONETARY", "LANG"].lazy.compactMap { variables[$0] }
      .first { !$0.isEmpty } ?? ""
    return locale == "es" || locale.hasPrefix("es_") || locale.hasPrefix("es.") ? .esCO : .enUS
  }

  /// An amount with thousands separators: `1,234,567.89` or `$ 1.234.567,89`.
  public func money(_ c: Cents) -> String {
    switch self {
    case .enUS: Money.grouped(c)
    case .esCO: (c < 0 ? "-$ " : "$ ") + Self.swappingMarks(Money.grouped(abs(c)))
    }
  }

  /// A percentage in hundredths (`1234` is `12.34`, or `12,34`).
  public func percent(_ p: Int64) -> String {
    switch self {
    case .enUS: Money.grouped(p)
    case .esCO: Self.swappingMarks(Money.grouped(p))
    }
  }

  /// `1,234.5` as `1.234,5`.
  private static func swappingMarks(_ text: String) -> String {
    String(text.map { $0 == "," ? "." : $0 == "." ? "," : $0 })
  }

  /// The cell as `table` shows it in this style.
  public func display(_ cell: Cell) -> String {
    switch cell {
    case .money(let c): money(c)
    case .percent(let p): percent(p)
    default: cell.display
    }
  }
}
