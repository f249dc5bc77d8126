/// The accounts of debtors that appear under different names.
///
/// One `debtor_id`, names that differ after `NameFold` (case, accents, blanks and punctuation
/// ignored). Empty names are not compared.
///
/// Built for a million rows without a `String` per row: a sequential pass hashes every id and
/// name, a second pass probes an open-addressing table keyed by the 64-bit id hash (small loop
/// body, so the cache misses of independent rows overlap), and only the rows it flags are then
/// grouped by their exact id text and checked again, so a hash collision between two ids can
/// never report a conflict that is not there.
struct NameConflicts {
  /// The offending rows, in file order.
  let rows: [Int32]
  /// The distinct spellings of each offending debtor id (first of each folded name, file order).
  let spellings: [String: [String]]

  /// Finds the conflicts of a portfolio's `debtor_id` and `debtor_name` columns.
  init(ids idColumn: TextColumn, names nameColumn: TextColumn) {
    let ids = TextView(idColumn)
    let names = TextView(nameColumn)
    let count = idColumn.count
    let conflictBit: UInt64 = 1 << 63
    var idHashes = [UInt64](repeating: 0, count: count)
    var nameHashes = [UInt64](repeating: 0, count: count)  // 0: no name
    idHashes.withUnsafeMutableBufferPointer { idHashes in
      nameHashes.withUnsafeMutableBufferPointer { nameHashes in
        for r in 0..<count {
          let (ns, ne) = names.bounds(r)
          if ns == ne { continue }
          let n = NameFold.hash(names.bytes, ns, ne) & ~conflictBit
          nameHashes[r] = n == 0 ? 1 : n
          let (s, e) = ids.bounds(r)
          let h = ByteKeyTable.hash(ids.bytes, s, e)
          idHashes[r] = h == 0 ? 1 : h
        }
      }
    }
    var capacity = 16
    while capacity < count * 2 { capacity <<= 1 }
    let mask = capacity - 1
    // Interleaved (id hash, name hash | conflict bit); an id hash of 0 marks an empty slot.
    var table = [UInt64](repeating: 0, count: 2 * capacity)
    var candidates: [Int32] = []
    var anyConflict = false
    table.withUnsafeMutableBufferPointer { table in
      idHashes.withUnsafeBufferPointer { idHashes in
        nameHashes.withUnsafeBufferPointer { nameHashes in
          for r in 0..<count {
            let n = nameHashes[r]
            if n == 0 { continue }
            let k = idHashes[r]
            var i = Int(truncatingIfNeeded: k) & mask
            while true {
              let key = table[2 * i]
              if key == 0 {
                table[2 * i] = k
                table[2 * i + 1] = n
                break
              }
              if key == k {
                let v = table[2 * i + 1]
                if v & ~conflictBit != n {
                  table[2 * i + 1] = v | conflictBit
                  anyConflict = true
                }
                break
              }
              i = (i + 1) & mask
            }
          }
          if !anyConflict { return }
          // The conflicting id hashes, found by one sequential pass over the table, then a
          // sequential pass over the rows: a 2^20-bit filter (in cache) rules out nearly every
          // row before the exact set lookup.
          var conflicting = Set<UInt64>()
          var filter = [UInt64](repeating: 0, count: 1 << 14)
          for i in 0..<capacity where table[2 * i + 1] & conflictBit != 0 {
            let k = table[2 * i]
            conflicting.insert(k)
            filter[Int(truncatingIfNeeded: k >> 6) & 0x3FFF] |= 1 << (k & 63)
          }
          for r in 0..<count where nameHashes[r] != 0 {
            let k = idHashes[r]
            if filter[Int(truncatingIfNeeded: k >> 6) & 0x3FFF] & (1 << (k & 63)) != 0,
              conflicting.contains(k)
            {
              candidates.append(Int32(r))
            }
          }
        }
      }
    }
    // Exact check of the flagged rows: group by the id's text, keep groups with two folded names.
    var groups: [String: [UInt64]] = [:]
    var idOf: [String] = []
    idOf.reserveCapacity(candidates.count)
    for r in candidates {
      let id = idColumn.string(Int(r))
      idOf.append(id)
      let n = nameHashes[Int(r)]
      if !(groups[id]?.contains(n) ?? false) { groups[id, default: []].append(n) }
    }
    var rows: [Int32] = []
    var spellings: [String: [String]] = [:]
    var spelled: [String: [UInt64]] = [:]
    for (k, r) in candidates.enumerated() where (groups[idOf[k]]?.count ?? 0) > 1 {
      rows.append(r)
      let n = nameHashes[Int(r)]
      if !(spelled[idOf[k]]?.contains(n) ?? false) {
        spelled[idOf[k], default: []].append(n)
        spellings[idOf[k], default: []].append(nameColumn.string(Int(r)))
      }
    }
    self.rows = rows
    self.spellings = spellings
  }
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
    let prime: UInt64 = 0x100_0000_01b3
    var i = s
    while i < e {
      let b = p[i]
      if b < 0x80 {
        if b &- 65 < 26 {
          h = (h ^ UInt64(b | 0x20)) &* prime
        } else if b &- 97 < 26 || b &- 48 < 10 {
          h = (h ^ UInt64(b)) &* prime
        }
        i += 1
        continue
      }
      if i + 1 < e {
        let c = p[i + 1]
        if b == 0xC3 {
          let folded = latin1[Int(c & 0x3F)]
          if folded != 0 {
            h = (h ^ UInt64(folded)) &* prime
          } else {
            h = (h ^ UInt64(b)) &* prime
            h = (h ^ UInt64(c)) &* prime
          }
          i += 2
          continue
        }
        if b == 0xC2 || (b == 0xCC) || (b == 0xCD && c < 0xB0) {
          i += 2
          continue
        }
      }
      h = (h ^ UInt64(b)) &* prime
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
