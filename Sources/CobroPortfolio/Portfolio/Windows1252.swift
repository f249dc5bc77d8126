/// Encoding text to Windows-1252, the code page of Colombian spreadsheet exports.
///
/// Bytes 0x00–0x7F are ASCII and 0xA0–0xFF equal Latin-1 (`ñ` is 0xF1, `Á` 0xC1); 0x80–0x9F
/// hold the characters of `InputBytes.cp1252High`, which the loader decodes with.
enum Windows1252 {
  /// The byte that encodes `scalar`, or `nil` when Windows-1252 cannot represent it.
  static func byte(for scalar: Unicode.Scalar) -> UInt8? {
    let v = scalar.value
    if v < 0x80 || (v >= 0xA0 && v <= 0xFF) { return UInt8(v) }
    // Only real characters: the table maps the five undefined bytes to C1 controls (< 0x100).
    guard v >= 0x100, let i = InputBytes.cp1252High.firstIndex(of: v) else { return nil }
    return UInt8(0x80 + i)
  }

  /// Encodes `text`; `nil` when some character has no Windows-1252 byte.
  static func encode(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(text.unicodeScalars.count)
    for s in text.unicodeScalars {
      guard let b = byte(for: s) else { return nil }
      out.append(b)
    }
    return out
  }
}
