/// Accent- and case-insensitive forms of words, for matching names, values and suggestions
/// (`Ñ` and `n`, `É` and `e` compare equal).
public enum TextFolding {
  /// Lowercases an ASCII or Latin-1 letter and removes its accent (`Ñ` → `n`).
  public static func foldAccent(_ s: Unicode.Scalar) -> Unicode.Scalar {
    switch s.value {
    case 0x41...0x5A: return Unicode.Scalar(s.value + 32) ?? s
    case 0xC0...0xC5, 0xE0...0xE5: return "a"
    case 0xC7, 0xE7: return "c"
    case 0xC8...0xCB, 0xE8...0xEB: return "e"
    case 0xCC...0xCF, 0xEC...0xEF: return "i"
    case 0xD1, 0xF1: return "n"
    case 0xD2...0xD6, 0xF2...0xF6: return "o"
    case 0xD9...0xDC, 0xF9...0xFC: return "u"
    case 0xDD, 0xFD, 0xFF: return "y"
    default: return s
    }
  }

  /// Folds a whole string for accent- and case-insensitive comparison.
  public static func fold(_ s: String) -> String {
    // Names looked up per row (`column(named: "phone")`) are already folded: no copy.
    if s.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars { out.append(foldAccent(u)) }
    return String(out)
  }
}
