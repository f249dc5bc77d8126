/// A dense number per debtor: rows with the same `debtor_id` get the same number, in order of
/// first appearance.
///
/// Built with one hash-table pass over the id column's bytes (no `String` per row), so reports can
/// count distinct debtors and group per debtor with plain arrays.
struct DebtorNumbering {
  /// The debtor number of each row.
  let numbers: [Int32]
  /// The first row of each debtor number.
  let firstRows: [Int32]

  /// Numbers the rows of a `debtor_id` column.
  init(ids: TextColumn) {
    let rows = ids.count
    var index = RowKeyIndex(rows: rows)
    var numbers = [Int32](repeating: 0, count: rows)
    var firstRows: [Int32] = []
    let base = ids.bytes.base
    for r in 0..<rows {
      let range = ids.range(r)
      if let first = index.insertOrFind(
        base, range.lowerBound, range.upperBound, row: r, column: ids)
      {
        numbers[r] = numbers[first]
      } else {
        numbers[r] = Int32(firstRows.count)
        firstRows.append(Int32(r))
      }
    }
    self.numbers = numbers
    self.firstRows = firstRows
  }

  /// Number of distinct debtors.
  var count: Int { firstRows.count }
}

/// A hash of a name that ignores case, accents, blanks and punctuation, so that `José Pérez`,
/// `JOSE PEREZ` and `Jose  Perez.` hash alike while `Pérez, José` does not.
///
/// Works on UTF-8 bytes: ASCII letters are lowercased; Latin-1 letters (`Á`, `ñ`, `Ü`) fold to
/// their base letter as `CanonicalSchema.foldAccent` does; combining accents (U+0300–U+036F, the
/// decomposed form) and Latin-1 symbols (U+00A0–U+00BF, such as the no-break space) are skipped;
/// ASCII blanks and punctuation are skipped; anything else is hashed as it is. The hash is 64-bit
/// FNV-1a: two different folded names collide with probability about 2⁻⁶⁴.
enum NameFold {
  /// The folded hash of `p[s..<e]`.
  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
    var h = emptyHash
    @inline(__always) func mix(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    var i = s
    while i < e {
      let b = p[i]
      if b < 0x80 {
        if b &- 65 < 26 {
          mix(b | 0x20)
        } else if b &- 97 < 26 || b &- 48 < 10 {
          mix(b)
        }
        i += 1
        continue
      }
      if i + 1 < e {
        let c = p[i + 1]
        if b == 0xC3 {
          let folded = latin1[Int(c & 0x3F)]
          if folded != 0 {
            mix(folded)
          } else {
            mix(b)
            mix(c)
          }
          i += 2
          continue
        }
        if b == 0xC2 || (b == 0xCC) || (b == 0xCD && c < 0xB0) {
          i += 2
          continue
        }
      }
      mix(b)
      i += 1
    }
    return h
  }

  /// The folded hash of a string (tests).
  static func hash(_ text: String) -> UInt64 {
    var s = text
    return s.withUTF8 { bp in
      guard let b = bp.baseAddress else { return emptyHash }
      return hash(b, 0, bp.count)
    }
  }

  /// The hash of an empty name (the FNV-1a offset basis).
  static let emptyHash: UInt64 = 0xcbf2_9ce4_8422_2325

  /// U+00C0 + i folded to an ASCII letter, or 0 when it has no ASCII base letter.
  private static let latin1: [UInt8] = (0..<64).map { i in
    guard let u = Unicode.Scalar(0xC0 + i) else { return 0 }
    let f = CanonicalSchema.foldAccent(u)
    if f.value < 0x80, f.properties.isAlphabetic { return UInt8(f.value) | 0x20 }
    return 0
  }
}
