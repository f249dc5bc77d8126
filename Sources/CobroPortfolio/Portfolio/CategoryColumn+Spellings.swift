/// The values of a category column that are one value spelled several ways.
///
/// Filters compare category values ignoring case and accents (`segment B` matches `b`, `city
/// bogota` matches `Bogotá` and `BOGOTA`), so reports group them the same way: one group per
/// folded value (`CanonicalSchema.fold`), labelled with its most frequent spelling in the whole
/// column, the smallest spelling (by Unicode scalars) among equally frequent ones.
public struct SpellingGroups: Sendable {
  /// The label of each group, in order of first code.
  public let labels: [String]
  /// The group of each code.
  public let groupOf: [UInt32]

  /// Groups the codes of `column`, whose values as reports show them are `values` (one per
  /// code: `Checker.effectiveValues`).
  public init(_ column: CategoryColumn, values: [String]) {
    let counts = column.histogram()
    var groupOfKey: [String: Int] = [:]
    var groupOf = [UInt32](repeating: 0, count: values.count)
    // Rows per spelling in each group.
    var spellings: [[String: Int]] = []
    for (code, v) in values.enumerated() {
      let key = CanonicalSchema.fold(v)
      let g: Int
      if let known = groupOfKey[key] {
        g = known
      } else {
        g = spellings.count
        groupOfKey[key] = g
        spellings.append([:])
      }
      groupOf[code] = UInt32(g)
      spellings[g][v, default: 0] += code < counts.count ? counts[code] : 0
    }
    labels = spellings.map { bySpelling in
      var best: (String, Int)?
      for (s, n) in bySpelling {
        guard let b = best else {
          best = (s, n)
          continue
        }
        if n > b.1 || (n == b.1 && s.unicodeScalars.lexicographicallyPrecedes(b.0.unicodeScalars)) {
          best = (s, n)
        }
      }
      return best?.0 ?? ""
    }
    self.groupOf = groupOf
  }
}
