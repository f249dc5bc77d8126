import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// Hashes that keep the partitions of the real ones but put every key in the same slot, so each
/// probe walks past the keys already in its partition.
private enum SameSlotHash: IDGroupingHash {
  static func bytes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    ByteKeyTable.hash(p, s, e)
  }

  static func mix(_ key: IDGrouping.Key) -> UInt64 {
    IDGroupingDefaultHash.mix(key) & 0xFFFF_0000_0000_0000 | 0x1234
  }
}

/// Hashes of the length only: every id of a length shares partition and slot, and long ids of a
/// length share their hash, so they are told apart by their bytes in the column.
private enum LengthHash: IDGroupingHash {
  static func bytes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    UInt64(e - s) &* 0x9E37_79B9_7F4A_7C15
  }

  static func mix(_ key: IDGrouping.Key) -> UInt64 {
    (key.high >> 56) &* 0x9E37_79B9_7F4A_7C15
  }
}

/// Grouping ids by equal cells, against a `Dictionary` on many shapes of id columns.
@Suite struct IDGroupingTests {
  /// The shapes of generated id columns.
  enum Shape: CaseIterable, Sendable {
    /// Runs of equal neighbours and repeats far apart.
    case mixed
    /// Each id's rows together.
    case adjacent
    /// Ids repeating, never next to each other.
    case scattered
    /// Every id once.
    case distinct
    /// One id on every row.
    case allEqual
    /// Many empty ids among short ones.
    case empties
    /// Long ids (up to 70 bytes) differing only near the end.
    case long
    /// Ids of every length from 0 to 20 bytes, so short keys of 7, 8, 15 and 16 bytes meet.
    case lengths
  }

  /// A deterministic id column of `n` rows.
  static func ids(_ shape: Shape, _ n: Int) -> [String] {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D &+ UInt64(n)
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(bound, 1)))
    }
    var values: [String] = []
    for i in 0..<n {
      let v: String
      switch shape {
      case .mixed:
        v = next(3) == 0 && i > 0 ? values[i - 1] : "D\(next(n / 3 + 1))"
      case .adjacent:
        v = i > 0 && next(4) != 0 ? values[i - 1] : "\(10_000_000 + i)-\(i % 10)"
      case .scattered:
        v = "\(i % (n / 5 + 1))"
      case .distinct:
        v = "CC\(i)"
      case .allEqual:
        v = "same"
      case .empties:
        v = next(3) == 0 ? "" : "e\(next(7))"
      case .long:
        let tail = next(n / 4 + 1)
        v = String(repeating: "x", count: 40 + tail % 29) + "-\(tail)"
      case .lengths:
        let k = next(n / 2 + 1)
        let digits = String(repeating: "7", count: k % 21)
        v = k % 3 == 0 ? digits : digits + "\(k % 5)"
      }
      values.append(v)
    }
    return values
  }

  /// The expected codes (first appearance order) and first rows.
  static func reference(_ values: [String]) -> (codes: [UInt32], firstRow: [Int32]) {
    var seen: [String: UInt32] = [:]
    var codes: [UInt32] = []
    var firstRow: [Int32] = []
    for (r, v) in values.enumerated() {
      if let c = seen[v] {
        codes.append(c)
      } else {
        let c = UInt32(firstRow.count)
        seen[v] = c
        firstRow.append(Int32(r))
        codes.append(c)
      }
    }
    return (codes, firstRow)
  }

  static func column(_ values: [String]) -> TextColumn {
    let column = TextColumn(rows: values.count, bytesPerRow: 8)
    for v in values { #expect(column.append(v)) }
    return column
  }

  /// Checks one grouping against the reference.
  static func check<H: IDGroupingHash>(
    _ values: [String],
    threads: Int?,
    bits: Int?,
    hash: H.Type,
    _ label: Comment
  ) {
    let g = IDGrouping.group(
      column(values),
      rows: values.count,
      threads: threads,
      partitionBits: bits,
      hash: hash
    )
    let expected = reference(values)
    #expect(g.firstRow == expected.firstRow, label)
    #expect(g.codes == expected.codes, label)
  }

  @Test(arguments: Shape.allCases)
  func agreesWithADictionaryOnEveryPath(shape: Shape) {
    for n in [0, 1, 2, 3, 17, 1_000] {
      let values = Self.ids(shape, n)
      for threads in [1, 2] {
        for bits in [0, 3] {
          let label: Comment = "\(shape) n=\(n) threads=\(threads) bits=\(bits)"
          Self.check(values, threads: threads, bits: bits, hash: IDGroupingDefaultHash.self, label)
          Self.check(values, threads: threads, bits: bits, hash: SameSlotHash.self, label)
          Self.check(values, threads: threads, bits: bits, hash: LengthHash.self, label)
        }
      }
    }
  }

  @Test(arguments: Shape.allCases)
  func agreesWithADictionaryWithTheDefaults(shape: Shape) {
    // 100,000 rows: two threads and 128 partitions.
    let values = Self.ids(shape, 100_000)
    let g = IDGrouping.group(Self.column(values), rows: values.count)
    let expected = Self.reference(values)
    #expect(g.firstRow == expected.firstRow)
    #expect(g.codes == expected.codes)
  }

  @Test func groupsOnlyTheFirstRowsAsked() {
    let values = ["a", "b", "a", "c", "b"]
    let g = IDGrouping.group(Self.column(values), rows: 3, threads: 2, partitionBits: 1)
    #expect(g.codes == [0, 1, 0])
    #expect(g.firstRow == [0, 1])
  }
}

@Suite struct IDGroupingInterruptionTests {
  @Test func ctrlCStopsTheGroupingWithInterrupted() {
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    let column = IDGroupingTests.column((0..<100_000).map { "D\($0 % 977)" })
    Interruption.$current.withValue(flag) {
      #expect(throws: CobroError.interrupted) {
        try IDGrouping.groupInterruptibly(column, rows: 100_000)
      }
    }
    let g = try? IDGrouping.groupInterruptibly(column, rows: 100_000)
    #expect(g?.firstRow.count == 977)
  }
}
