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
      if SMSLength.basic.contains(s) {
        septets += 1
      } else if SMSLength.extended.contains(s) {
        septets += 2
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
    guard !text.unicodeScalars.allSatisfy({ basic.contains($0) || extended.contains($0) }) else {
      return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      if c.unicodeScalars.allSatisfy({ basic.contains($0) || extended.contains($0) }) {
        out.append(c)
        continue
      }
      let folded = String(c).folding(options: .diacriticInsensitive, locale: nil)
      let gsm = folded.unicodeScalars.allSatisfy { basic.contains($0) || extended.contains($0) }
      out += gsm ? folded : String(c)
    }
    return out
  }

  /// The GSM 03.38 basic character set (one septet each; ESC excluded).
  static let basic: Set<Unicode.Scalar> = Set(
    ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
  )
  /// The GSM 03.38 extension table (an escape and a septet each).
  static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
