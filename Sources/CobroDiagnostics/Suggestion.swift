/// "Did you mean" suggestions by edit distance, as argument-parser suggests options.
public enum Suggestion {
  /// The candidate closest to `word` (ignoring case and accents), when close enough to be a typo.
  ///
  /// A word longer than `InputLimits.suggestedWordLength` characters gets no suggestion, and a
  /// candidate whose length differs by more than the typos allowed is not compared, so the cost
  /// stays small whatever was typed.
  public static func closest(to word: String, among candidates: [String]) -> String? {
    guard word.unicodeScalars.count <= InputLimits.suggestedWordLength else { return nil }
    let w = Array(TextFolding.fold(word).unicodeScalars)
    guard !w.isEmpty else { return nil }
    let allowed = w.count <= 3 ? 1 : (w.count <= 6 ? 2 : 3)
    var best: (String, Int)?
    for c in candidates {
      guard abs(c.unicodeScalars.count - w.count) <= allowed else { continue }
      let d = distance(w, Array(TextFolding.fold(c).unicodeScalars))
      if best == nil || d < (best?.1 ?? .max) { best = (c, d) }
    }
    guard let (candidate, d) = best else { return nil }
    return d <= allowed && d > 0 ? candidate : nil
  }

  /// Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs 1.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
