import CobroDiagnostics

/// How much memory a loaded portfolio's columns hold, and sharing it between cut-offs.
///
/// The count is of the columns' storage as allocated (capacity, not just what is used): text
/// bytes and row ends, category codes and dictionaries, money, dates and whole numbers. The
/// portfolio's small bookkeeping (names, rejects, the payments) is not counted.
public enum PortfolioFootprint {
  /// Bytes the columns of a portfolio hold.
  public static func bytes(of portfolio: Portfolio) -> Int {
    portfolio.columns.reduce(0) { $0 + bytes(of: $1.data) }
  }

  /// Bytes one column holds.
  static func bytes(of data: ColumnData) -> Int {
    switch data {
    case .text(let t):
      return t.bytes.capacity + t.lows.capacity * 2 + t.marks.capacity * 8
    case .category(let c):
      let codes = c.wide.map { $0.capacity * 2 } ?? c.narrow.capacity
      return codes + dictionaryBytes(c.values)
    case .money(let m):
      return m.capacity * 8
    case .date(let d), .integer(let d):
      return d.wide.map { $0.capacity * 4 } ?? d.narrow.capacity * 2
    }
  }

  /// Bytes a dictionary holds: 16 a value, plus the text of values too long to be stored inline
  /// (more than 15 bytes of UTF-8).
  static func dictionaryBytes(_ values: [String]) -> Int {
    values.reduce(0) { total, v in
      let n = v.utf8.count
      return total + 16 + (n > 15 ? n + 32 : 0)
    }
  }

  /// Makes each category column of `portfolio` share the dictionary of the same column of an
  /// earlier cut-off that holds the same values; returns the bytes saved.
  static func shareDictionaries(of portfolio: Portfolio, with earlier: [Portfolio]) -> Int {
    var saved = 0
    for column in portfolio.columns {
      guard case .category(let mine) = column.data else { continue }
      for other in earlier.reversed() {
        guard let theirs = other.column(named: column.name),
          case .category(let dictionary) = theirs.data, dictionary !== mine
        else { continue }
        if mine.adoptDictionary(of: dictionary) {
          saved += dictionaryBytes(mine.values)
          break
        }
      }
    }
    return saved
  }
}
