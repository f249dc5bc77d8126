import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// The 64-byte path of the scanner (`CSVScanner.unquotedRecord`) must split records exactly as
/// the general byte loop does, on clean and malformed input alike.
@Suite struct CSVScannerTests {
  /// Everything the scanner reports for one input: each step, its fields and where it ended.
  static func trace(_ bytes: [UInt8], delimiter: UInt8, wholeBlocks: Bool) -> [String] {
    bytes.withUnsafeBufferPointer { bp in
      guard let base = bp.baseAddress else { return [] }
      var scanner = CSVScanner(p: base, start: 0, end: bp.count, delimiter: delimiter)
      scanner.wholeBlocks = wholeBlocks
      var out: [String] = []
      while true {
        let step = scanner.next()
        var line = "\(step) pos \(scanner.pos) line \(scanner.line) start \(scanner.recordStart)"
        if case .record = step {
          line += " fields"
          for k in 0..<scanner.count {
            line += " \(scanner.start(k))..<\(scanner.end(k)):\(scanner.spans.flags[k])"
          }
        }
        out.append(line)
        if case .end = step { break }
      }
      return out
    }
  }

  @Test func aRecordLongerThanABlockIsSplitAtEveryDelimiter() throws {
    let row = (0..<30).map { "field\($0)" }.joined(separator: ",")
    let text = Array("\(row)\n\(row)\r\n\(row)".utf8)
    let fast = Self.trace(text, delimiter: 44, wholeBlocks: true)
    #expect(fast == Self.trace(text, delimiter: 44, wholeBlocks: false))
    #expect(fast.count == 4)
    #expect(fast[0].hasPrefix("record pos \(row.utf8.count + 1) line 2"))
  }

  @Test func aQuotedFieldAfterTheFirstBlockHandsOverToTheGeneralLoop() throws {
    let head = String(repeating: "a,", count: 40)
    let text = Array("\(head)\"b,\"\"c\"\"\"\nd,\"e\nf\",g\n".utf8)
    let fast = Self.trace(text, delimiter: 44, wholeBlocks: true)
    #expect(fast == Self.trace(text, delimiter: 44, wholeBlocks: false))
    #expect(fast.first?.contains(":3") == true)
  }

  @Test func trailingDelimiterAtTheEndOfTheInputAddsAnEmptyField() throws {
    let text = Array((String(repeating: "x", count: 70) + ",").utf8)
    let fast = Self.trace(text, delimiter: 44, wholeBlocks: true)
    #expect(fast == Self.trace(text, delimiter: 44, wholeBlocks: false))
    #expect(fast[0].hasSuffix("0..<70:0 71..<71:0"))
  }

  /// Random bytes over the scanner's alphabet (separators, quotes, spaces, letters), from a
  /// seeded generator: both paths must agree on every step.
  @Test(arguments: [UInt8(44), UInt8(59)])
  func randomInputsSplitTheSameWay(delimiter: UInt8) throws {
    var rng = Xoshiro256(seed: 20_261_129)
    let alphabet: [UInt8] = [delimiter, 10, 13, 34, 32, 97, 98, 99, 100, 101, 0xC3, 0xB1]
    for _ in 0..<3_000 {
      let length = Int(rng.next() % 400)
      // Mostly letters, so that records are long enough to reach the 64-byte path.
      let bytes = (0..<length).map { _ -> UInt8 in
        let r = Int(rng.next() % 100)
        return r < 60 ? 97 + UInt8(r % 26) : alphabet[r % alphabet.count]
      }
      let fast = Self.trace(bytes, delimiter: delimiter, wholeBlocks: true)
      let general = Self.trace(bytes, delimiter: delimiter, wholeBlocks: false)
      #expect(fast == general, "input \(bytes)")
      if fast != general { return }
    }
  }
}
