import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// The column storage: growth, views and joins keep every value.
@Suite struct ColumnBufferTests {
  /// A buffer of `n` values made from their index.
  static func filled<T: BitwiseCopyable>(_ n: Int, _ value: (Int) -> T) -> ColumnBuffer<T> {
    let b = ColumnBuffer<T>(capacity: n)
    for i in 0..<n { b.append(value(i)) }
    return b
  }

  /// Appending and releasing copies every value, in pieces of a few megabytes, and leaves the
  /// source empty.
  @Test func appendReleasingKeepsEveryValue() {
    for (first, second) in [(0, 0), (10, 0), (0, 10), (3, 9_999_991), (4_097, 5_000_003)] {
      let a = Self.filled(first) { UInt8(truncatingIfNeeded: $0 &* 7) }
      let b = Self.filled(second) { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
      a.appendReleasing(b)
      #expect(a.count == first + second)
      #expect(b.count == 0)
      var wrong = 0
      for i in 0..<first where a[i] != UInt8(truncatingIfNeeded: i &* 7) { wrong += 1 }
      for i in 0..<second where a[first + i] != UInt8(truncatingIfNeeded: i &* 13 &+ 1) {
        wrong += 1
      }
      #expect(wrong == 0, "\(first) + \(second)")
    }
  }

  @Test func appendReleasingWideValues() {
    let a = Self.filled(1_000) { UInt32($0) }
    let b = Self.filled(3_000_001) { UInt32($0) &* 3 }
    a.appendReleasing(b)
    #expect(a.count == 3_001_001)
    #expect(a[999] == 999)
    #expect(a[1_000] == 0)
    #expect(a[1_000 + 1_048_576] == 3 * 1_048_576)
    #expect(a[3_001_000] == 9_000_000)
    #expect(b.count == 0)
    b.append(5)
    #expect(b.array == [5])
  }
}
