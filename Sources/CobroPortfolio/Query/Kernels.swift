#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The column-at-a-time loops of the evaluator: each writes one byte per row into a mask.
///
/// Loops are branch-free where the data allows (a range test is one unsigned compare), over
/// `UnsafeBufferPointer`s, with the combining mode chosen once outside the loop.
public enum Kernels {
  /// How a kernel's result is combined with the mask it writes into.
  public enum Mode: Sendable {
    /// Overwrite.
    case set
    /// Keep rows selected by both.
    case and
    /// Keep rows selected by either.
    case or
  }

  /// Writes `bit(i)` for every row by `mode`.
  @inline(__always)
  static func apply(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ mode: Mode,
    _ bit: (Int) -> UInt8
  ) {
    guard let o = out.baseAddress else { return }
    let n = out.count
    switch mode {
    case .set: for i in 0..<n { o[i] = bit(i) }
    case .and: for i in 0..<n { o[i] &= bit(i) }
    case .or: for i in 0..<n { o[i] |= bit(i) }
    }
  }

  /// Number of selected rows (the mask holds only 0 and 1).
  public static func count(_ m: UnsafeBufferPointer<UInt8>) -> Int {
    guard let p = m.baseAddress else { return 0 }
    var total = 0
    var i = 0
    let n = m.count
    // Sum blocks into a 32-bit counter, which the compiler vectorises.
    while i < n {
      let end = min(n, i + 4096)
      var block: UInt32 = 0
      for k in i..<end { block &+= UInt32(p[k]) }
      total += Int(block)
      i = end
    }
    return total
  }

  /// Every row gets `v`.
  static func constant(_ out: UnsafeMutableBufferPointer<UInt8>, _ v: UInt8, _ mode: Mode) {
    apply(out, mode) { _ in v }
  }

  /// Combines another mask into `out`.
  static func combine(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ other: UnsafeBufferPointer<UInt8>,
    _ mode: Mode
  ) {
    guard let p = other.baseAddress else { return }
    apply(out, mode) { p[$0] }
  }

  /// Flips every row.
  static func invert(_ out: UnsafeMutableBufferPointer<UInt8>) {
    guard let o = out.baseAddress else { return }
    for i in 0..<out.count { o[i] ^= 1 }
  }

  /// `lut[code]` for each row's code.
  @inline(__always)
  static func lookup<Code: FixedWidthInteger & UnsignedInteger>(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ codes: UnsafeBufferPointer<Code>,
    _ lut: UnsafeBufferPointer<UInt8>,
    _ mode: Mode
  ) {
    guard let c = codes.baseAddress, let l = lut.baseAddress else {
      constant(out, 0, mode)
      return
    }
    let limit = lut.count
    apply(out, mode) { i in
      let k = Int(c[i])
      return k < limit ? l[k] : 0
    }
  }

  /// Whether each value is in `lo...hi` (one unsigned compare per row).
  @inline(__always)
  static func inRange<T: FixedWidthInteger & SignedInteger>(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ values: UnsafeBufferPointer<T>,
    _ lo: Int64,
    _ hi: Int64,
    _ mode: Mode
  ) {
    guard let v = values.baseAddress, lo <= hi, hi >= Int64(T.min), lo <= Int64(T.max) else {
      constant(out, 0, mode)
      return
    }
    let low = T(clamping: lo)
    let span = T.Magnitude(truncatingIfNeeded: T(clamping: hi) &- low)
    apply(out, mode) { i in
      T.Magnitude(truncatingIfNeeded: v[i] &- low) <= span ? 1 : 0
    }
  }

  /// A balance above zero and a due date in `lo...hi`.
  static func dueWithBalance<T: FixedWidthInteger & SignedInteger>(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ due: UnsafeBufferPointer<T>,
    _ balance: UnsafeBufferPointer<Int64>,
    _ lo: Int64,
    _ hi: Int64,
    _ mode: Mode
  ) {
    guard let d = due.baseAddress, let b = balance.baseAddress, lo <= hi,
      hi >= Int64(T.min), lo <= Int64(T.max)
    else {
      constant(out, 0, mode)
      return
    }
    let low = T(clamping: lo)
    let span = T.Magnitude(truncatingIfNeeded: T(clamping: hi) &- low)
    apply(out, mode) { i in
      (T.Magnitude(truncatingIfNeeded: d[i] &- low) <= span ? 1 : 0) & (b[i] > 0 ? 1 : 0)
    }
  }

  // MARK: - Text

  /// Whether each cell equals one of the values exactly; `out[0]` is row `first`.
  static func textEquals(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ t: TextColumn,
    from first: Int,
    _ values: [[UInt8]],
    _ mode: Mode
  ) {
    if values.count > 1 && mode == .and {
      // OR the values in a scratch mask, then AND it in.
      let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(out.count, 1))
      defer { p.deallocate() }
      let scratch = UnsafeMutableBufferPointer(start: p, count: out.count)
      textEquals(scratch, t, from: first, values, .set)
      combine(out, UnsafeBufferPointer(scratch), .and)
      return
    }
    let text = t.view
    let bytes = text.bytes
    for (k, value) in values.enumerated() {
      value.withUnsafeBufferPointer { v in
        let vp = v.baseAddress
        let vn = v.count
        apply(out, k == 0 ? mode : .or) { i in
          let (s, e) = text.bounds(first &+ i)
          guard e - s == vn else { return 0 }
          guard vn > 0, let vp else { return 1 }
          return memcmp(bytes + s, vp, vn) == 0 ? 1 : 0
        }
      }
    }
  }

  /// Whether each cell, folded (lowercase, accents removed), contains the folded needle;
  /// `out[0]` is row `first`.
  static func textContains(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ t: TextColumn,
    from first: Int,
    _ needle: [UInt8],
    _ mode: Mode
  ) {
    let text = t.view
    let bytes = text.bytes
    var folded = [UInt8](repeating: 0, count: 256)
    needle.withUnsafeBufferPointer { nb in
      // Every cell contains the empty needle (the checker never asks).
      guard let np = nb.baseAddress else { return constant(out, 1, mode) }
      let nn = nb.count
      let lead = np[0]
      apply(out, mode) { i in
        let (s, e) = text.bounds(first &+ i)
        if e - s < nn { return 0 }
        if folded.count < e - s { folded = [UInt8](repeating: 0, count: e - s) }
        return folded.withUnsafeMutableBufferPointer { f -> UInt8 in
          guard let fp = f.baseAddress else { return 0 }
          let len = Folding.fold(bytes + s, e - s, into: fp)
          if len < nn { return 0 }
          var k = 0
          while k + nn <= len {
            if fp[k] == lead && memcmp(fp + k, np, nn) == 0 { return 1 }
            k += 1
          }
          return 0
        }
      }
    }
  }

  /// Whether each cell compares with `value` byte by byte (UTF-8 order); `out[0]` is row
  /// `first`.
  static func textCompare(
    _ out: UnsafeMutableBufferPointer<UInt8>,
    _ t: TextColumn,
    from first: Int,
    _ op: Query.Comparison,
    _ value: [UInt8],
    _ mode: Mode
  ) {
    let text = t.view
    let bytes = text.bytes
    value.withUnsafeBufferPointer { v in
      apply(out, mode) { i in
        let (s, e) = text.bounds(first &+ i)
        let n = min(e - s, v.count)
        var c: Int32 = 0
        if n > 0, let vp = v.baseAddress { c = memcmp(bytes + s, vp, n) }
        let order = c != 0 ? Int(c) : (e - s) - v.count
        return op.holds(order, 0) ? 1 : 0
      }
    }
  }
}

/// Case and accent folding of UTF-8 bytes, matching `CanonicalSchema.fold`.
enum Folding {
  /// For the second byte `b` of a `0xC3 b` sequence (U+00C0–U+00FF): the folded ASCII byte, or
  /// 0 when the character folds to itself.
  static let latin1: [UInt8] = (0..<64).map { k in
    let scalar = Unicode.Scalar(UInt8(0xC0 + k))
    let f = CanonicalSchema.foldAccent(scalar)
    return f.value < 0x80 ? UInt8(f.value) : 0
  }

  /// Folds `n` bytes at `p` into `out` (at least `n` bytes long); returns the folded length.
  @inline(__always)
  static func fold(_ p: UnsafePointer<UInt8>, _ n: Int, into out: UnsafeMutablePointer<UInt8>)
    -> Int
  {
    var i = 0
    var o = 0
    while i < n {
      let b = p[i]
      if b &- 65 < 26 {
        out[o] = b | 0x20
        i += 1
        o += 1
      } else if b == 0xC3 && i + 1 < n && p[i + 1] &- 0x80 < 0x40 {
        let f = latin1[Int(p[i + 1] &- 0x80)]
        if f != 0 {
          out[o] = f
          o += 1
        } else {
          out[o] = b
          out[o + 1] = p[i + 1]
          o += 2
        }
        i += 2
      } else {
        out[o] = b
        i += 1
        o += 1
      }
    }
    return o
  }
}
