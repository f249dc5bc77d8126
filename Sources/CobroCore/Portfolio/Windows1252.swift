/// The Windows-1252 code page ("ANSI" in Colombian spreadsheets and ERP exports).
///
/// Bytes 0x00–0x7F are ASCII and 0xA0–0xFF equal Latin-1 (`ñ` is 0xF1, `Á` 0xC1); 0x80–0x9F hold
/// the extra characters below, and 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined.
public enum Windows1252 {
  /// The Unicode scalar of each byte 0x80–0x9F; 0 where the byte is undefined.
  public static let highControls: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  ]

  /// The byte that encodes `scalar`, or `nil` when Windows-1252 cannot represent it.
  public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
    let v = scalar.value
    if v < 0x80 || (v >= 0xA0 && v <= 0xFF) { return UInt8(v) }
    for (i, s) in highControls.enumerated() where s == v && s != 0 {
      return UInt8(0x80 + i)
    }
    return nil
  }

  /// The Unicode scalar that `byte` encodes, or `nil` for the five undefined bytes.
  public static func scalar(for byte: UInt8) -> Unicode.Scalar? {
    if byte < 0x80 || byte >= 0xA0 { return Unicode.Scalar(byte) }
    let v = highControls[Int(byte) - 0x80]
    return v == 0 ? nil : Unicode.Scalar(v)
  }

  /// Encodes `text`; `nil` when some character has no Windows-1252 byte.
  public static func encode(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(text.unicodeScalars.count)
    for s in text.unicodeScalars {
      guard let b = byte(for: s) else { return nil }
      out.append(b)
    }
    return out
  }

  /// Decodes bytes; `nil` when one of them is undefined.
  public static func decode(_ bytes: some Sequence<UInt8>) -> String? {
    var scalars = String.UnicodeScalarView()
    for b in bytes {
      guard let s = scalar(for: b) else { return nil }
      scalars.append(s)
    }
    return String(scalars)
  }
}
