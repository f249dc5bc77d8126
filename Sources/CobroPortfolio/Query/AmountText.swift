import CobroDiagnostics

/// Amounts typed the way tables show them, in either style: `5,000,000` and `1,234,567.89`
/// (en-US), `5.000.000` and `1.234.567,89` (es-CO), with an optional `$` (`$ 5M`, `$5.000.000`).
///
/// The rule, the same whatever `set money` shows:
/// - two or more separators of one kind group thousands (`5.000.000`, `5,000,000`);
/// - with both kinds, the last one is the decimal mark (`1.234,5`, `1,234.5`);
/// - one separator followed by exactly three digits after one to three digits (`5,000`,
///   `5.000`) could be either: it is refused as ambiguous, with the ways to write it;
/// - any other single separator is the decimal mark (`2,5M`, `0.500`, `1234.5`).
///
/// Groups after the first have exactly three digits, and the first one to three.
public enum AmountText {
  /// What an amount's text reads as.
  public enum Reading: Equatable, Sendable {
    /// The amount in canonical form (`5000000`, `1234567.89`, `-2.5M`).
    case canonical(String)
    /// One separator before exactly three digits: a thousands separator or a decimal mark.
    case ambiguous
    /// Not an amount in any style.
    case invalid
  }

  /// Reads `text`: canonical text passes unchanged.
  public static func read(_ text: String) -> Reading {
    var s = Substring(text)
    var sign = ""
    if s.first == "-" {
      sign = "-"
      s = s.dropFirst()
    }
    if s.first == "$" {
      s = s.dropFirst().drop { $0 == " " }
      if sign.isEmpty, s.first == "-" {
        sign = "-"
        s = s.dropFirst()
      }
    }
    var suffix = Substring()
    while let last = s.last, last.isLetter {
      suffix = String(last) + suffix
      s = s.dropLast()
    }
    let dots = s.filter { $0 == "." }.count
    let commas = s.filter { $0 == "," }.count
    guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") })
    else {
      return sign.isEmpty && suffix.isEmpty && s.isEmpty ? .invalid : .canonical(text)
    }
    let number: String
    switch (dots, commas) {
    case (0, 0):
      number = String(s)
    case (_, 0) where dots >= 2, (0, _) where commas >= 2:
      guard let whole = ungrouped(s, separator: dots >= 2 ? "." : ",") else { return .invalid }
      number = whole
    case (_, _) where dots > 0 && commas > 0:
      let lastDot = s.lastIndex(of: ".") ?? s.startIndex
      let lastComma = s.lastIndex(of: ",") ?? s.startIndex
      let decimalMark: Character = lastDot > lastComma ? "." : ","
      let group: Character = decimalMark == "." ? "," : "."
      guard s.filter({ $0 == decimalMark }).count == 1,
        let mark = s.lastIndex(of: decimalMark),
        let whole = ungrouped(s[..<mark], separator: group)
      else { return .invalid }
      number = whole + "." + s[s.index(after: mark)...]
    default:
      let separator: Character = dots == 1 ? "." : ","
      let parts = s.split(separator: separator, omittingEmptySubsequences: false)
      let (head, tail) = (parts[0], parts[1])
      if tail.count == 3 && (1...3).contains(head.count) && head.first != "0" {
        return .ambiguous
      }
      number = head + "." + tail
    }
    return .canonical(sign + number + suffix)
  }

  /// Digits grouped by `separator` (`1.234.567`) without it, or `nil` when a group is wrong.
  private static func ungrouped(_ s: Substring, separator: Character) -> String? {
    let groups = s.split(separator: separator, omittingEmptySubsequences: false)
    guard let first = groups.first, (1...3).contains(first.count),
      groups.dropFirst().allSatisfy({ $0.count == 3 }),
      groups.allSatisfy({ $0.allSatisfy(\.isNumber) })
    else { return nil }
    return groups.joined()
  }

  /// The notes for an amount that is not one: for an ambiguous amount (`5,000`), its two
  /// readings and how to write each; nothing otherwise.
  public static func ambiguityNotes(_ text: String) -> [Diagnostic.Message] {
    guard read(text) == .ambiguous else { return [] }
    let body = text.filter { $0.isNumber || $0 == "." || $0 == "," }
    let mark = body.first { $0 == "." || $0 == "," } ?? "."
    let parts = body.split(separator: mark, omittingEmptySubsequences: false)
    let thousands = parts.joined()
    var decimals = String(parts.last ?? "")
    while decimals.count > 1 && decimals.hasSuffix("0") { decimals.removeLast() }
    let small = String(parts.first ?? "") + "." + decimals
    return [
      Diagnostic.Message(
        "'\(text)' is ambiguous: one '\(mark)' before three digits may group thousands or "
          + "mark decimals; write \(thousands) or \(small)"
      ),
      "amounts typed as shown: 5.000.000, 5,000,000, 1.234,50, 1,234.50, $ 5M, 250k",
    ]
  }
}
