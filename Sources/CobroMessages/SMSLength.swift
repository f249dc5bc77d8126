import Foundation

/// How much of one SMS a text takes, by the encoding a phone network would send it in.
///
/// An SMS holds 160 characters of the GSM 03.38 alphabet (7-bit; `é`, `ñ`, `ü`, `¿` and `¡`
/// are in it, the characters of its extension table — `€ [ ] { } \ ^ ~ |` — take two), or 70
/// UTF-16 code units when any other character is present (`á`, `í`, `ó`, `ú` and `Á` force
/// this UCS-2 encoding: Spanish text with those accents fits in 70, not 160).
public struct SMSLength: Sendable, Equatable {
  /// The encoding the text needs.
  public enum Encoding: String, Sendable { case gsm7 = "GSM", ucs2 = "UCS-2" }

  /// The encoding the text needs.
  public var encoding: Encoding
  /// What the text takes: GSM septets, or UTF-16 code units for UCS-2.
  public var units: Int
  /// What one SMS holds in that encoding (160 or 70).
  public var limit: Int { encoding == .gsm7 ? 160 : 70 }
  /// Whether the text fits in one SMS.
  public var fits: Bool { units <= limit }
  /// The characters outside the GSM alphabet, in order of first appearance (at most 5).
  public var foreign: [Character]

  /// Measures `text`.
  public init(_ text: String) {
    var septets = 0
    var foreign: [Character] = []
    for s in text.unicodeScalars {
      let w = SMSLength.septets(s)
      if w > 0 {
        septets += w
      } else if foreign.count < 5 && !foreign.contains(Character(s)) {
        foreign.append(Character(s))
      }
    }
    self.foreign = foreign
    if foreign.isEmpty {
      encoding = .gsm7
      units = septets
    } else {
      encoding = .ucs2
      units = text.utf16.count
    }
  }

  /// The text with the accents the GSM alphabet lacks dropped, as SMS providers do.
  ///
  /// `á` becomes `a` and `Í` becomes `I`, while `é`, `ñ` and `ü` are GSM and stay, so that
  /// Spanish text keeps the 160-character limit. Characters without a GSM base letter are
  /// kept (and the text goes as UCS-2).
  public static func gsmFolded(_ text: String) -> String {
    guard !text.unicodeScalars.allSatisfy({ septets($0) > 0 }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      if c.unicodeScalars.allSatisfy({ septets($0) > 0 }) {
        out.append(c)
        continue
      }
      if c.unicodeScalars.count == 1, let u = c.unicodeScalars.first, u.value < 256,
        let f = latin1Folds[Int(u.value)]
      {
        out.unicodeScalars.append(f)
        continue
      }
      let folded = String(c).folding(options: .diacriticInsensitive, locale: nil)
      let gsm = folded.unicodeScalars.allSatisfy { septets($0) > 0 }
      out += gsm ? folded : String(c)
    }
    return out
  }

  /// The septets a character takes in GSM 03.38: 1 in the basic set, 2 in the extension
  /// table, 0 when it is not in the alphabet.
  ///
  /// A table over the first 1,024 scalars (the alphabet's Latin-1 and Greek letters; `€` aside),
  /// since a campaign measures every character of every SMS and set lookups hash each one.
  static func septets(_ s: Unicode.Scalar) -> Int {
    if s.value < 1024 { return Int(table[Int(s.value)]) }
    return s == "€" ? 2 : 0
  }

  private static let table: [UInt8] = {
    var t = [UInt8](repeating: 0, count: 1024)
    for s in basic where s.value < 1024 { t[Int(s.value)] = 1 }
    for s in extended where s.value < 1024 { t[Int(s.value)] = 2 }
    return t
  }()

  /// The GSM letter of each Latin-1 character outside the alphabet, where it has one
  /// (`á` → `a`), computed once with the same folding as any other character.
  private static let latin1Folds: [Unicode.Scalar?] = (0..<256).map { v in
    guard let u = Unicode.Scalar(UInt32(v)), septets(u) == 0 else { return nil }
    let f = String(Character(u)).folding(options: .diacriticInsensitive, locale: nil)
    guard f.unicodeScalars.count == 1, let g = f.unicodeScalars.first, septets(g) > 0 else {
      return nil
    }
    return g
  }

  /// The GSM 03.38 basic character set (one septet each; ESC excluded).
  static let basic: Set<Unicode.Scalar> = Set(
    ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
  )
  /// The GSM 03.38 extension table (an escape and a septet each).
  static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
