import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// The loader's fast converters agree with the general parsers they stand in for.
@Suite struct LoadConvertersTests {
  /// Runs `body` on `text` placed after 24 bytes of other cells, as in a file.
  static func inFile<T>(_ text: String, _ body: (UnsafePointer<UInt8>, Int, Int) -> T?) -> T? {
    let prefix = Array("id,name,0123456789.99,xx,".utf8)
    let bytes = prefix + Array(text.utf8)
    return bytes.withUnsafeBufferPointer { bp in
      bp.baseAddress.flatMap { body($0, prefix.count, bytes.count) }
    }
  }

  @Test(arguments: [
    "0.00", "1.00", "12.34", "61446175.35", "151600000.00", "99999999.99", "100000000.00",
    "1234567890123456.78", "0000000000000001.01", "00012.30",
  ])
  func exportShapedAmountsAreExact(text: String) throws {
    let fast = Self.inFile(text) { LoadState.exportCents($0, $1, $2) }
    let general = Self.inFile(text) { Money.parseCanonical($0, $1, $2) }
    #expect(fast != nil)
    #expect(fast == general)
  }

  @Test(arguments: [
    "", "1", "1.5", ".50", "-12.50", "1.5a", "1a.50", "12.3x", "1 2.00", "12345678901234567.00",
    "1,000.00", "+1.00", "1.005", "١.٠٠",
  ])
  func otherShapesAreLeftToTheGeneralParser(text: String) throws {
    #expect(Self.inFile(text) { LoadState.exportCents($0, $1, $2) } == nil)
  }

  /// Seeded random digit strings of every length, with bytes before them that are digits too
  /// (the word read before a short amount must not leak into it).
  @Test func randomAmountsMatchTheGeneralParser() throws {
    var rng = Xoshiro256(seed: 7)
    for _ in 0..<20_000 {
      let digits = 1 + Int(rng.next() % 16)
      let whole = (0..<digits).map { _ in String(rng.next() % 10) }.joined()
      let text = "\(whole).\(rng.next() % 10)\(rng.next() % 10)"
      let bytes = Array("98765432109876543210,".utf8) + Array(text.utf8)
      let (fast, general) = bytes.withUnsafeBufferPointer { bp -> (Int64?, Int64?) in
        guard let p = bp.baseAddress else { return (nil, nil) }
        return (LoadState.exportCents(p, 21, bp.count), Money.parseCanonical(p, 21, bp.count))
      }
      #expect(fast == general, "\(text)")
      if fast != general { return }
    }
  }

  /// The ASCII-skipping UTF-8 check reports the same offset as a check of every character.
  @Test func invalidUTF8IsFoundWhereTheCharacterByCharacterCheckFindsIt() throws {
    /// The check before the ASCII skip: each character with its continuation bytes.
    func reference(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
      var i = s
      while i < e {
        var j = i + 1
        while j < e && p[j] & 0xC0 == 0x80 { j += 1 }
        if !InputBytes.isValidUTF8(p, i, j) { return i }
        i = j
      }
      return nil
    }
    var rng = Xoshiro256(seed: 11)
    let pieces: [[UInt8]] = [
      Array("a".utf8), Array("abcdefgh".utf8), Array("ñ".utf8), Array("€".utf8), Array("😀".utf8),
      [0x80], [0xC3], [0xE2, 0x82], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80],
    ]
    var invalid = 0
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(rng.next() % 12) {
        // Mostly valid text, so that the ASCII skip and the bad bytes meet in every way.
        let r = Int(rng.next() % 40)
        bytes += pieces[r < 29 ? r % 5 : 5 + r % 6]
      }
      let (fast, slow) = bytes.withUnsafeBufferPointer { bp -> (Int?, Int?) in
        guard let p = bp.baseAddress else { return (nil, nil) }
        return (InputBytes.firstInvalidUTF8(p, 0, bp.count), reference(p, 0, bp.count))
      }
      #expect(fast == slow, "\(bytes)")
      if fast != slow { return }
      if slow != nil { invalid += 1 }
    }
    #expect(invalid > 1_000)
  }
}
