import CobroDiagnostics

/// Several portfolio files of one bank, each a cut at its own date ("corte"), kept in memory
/// beside the portfolio in use.
///
/// The cut-offs are ordered by date, one file per date. Roll rates and trends compare them by
/// account id (``AccountLink``); the portfolio in use (`load`) is not among them unless it was
/// also added, and stays the one every other command reads.
public final class CutoffHistory: @unchecked Sendable {
  /// The cut-offs, oldest first; no two share a date.
  public private(set) var cutoffs: [HistoryCutoff] = []
  /// The links between pairs of cut-offs already computed, by their dates.
  private var links: [LinkKey: AccountLink] = [:]
  /// The account-id index of each cut-off already built, by its date.
  private var indexes: [Int32: AccountIndex] = [:]
  /// The serial the next cut-off added gets (counts every addition, so recordings keep their
  /// order with `load`).
  public private(set) var nextSerial = 1

  /// A pair of cut-offs' dates.
  private struct LinkKey: Hashable {
    var from: Int32
    var to: Int32
  }

  /// Creates an empty history.
  public init() {}

  /// Whether there is no cut-off.
  public var isEmpty: Bool { cutoffs.isEmpty }

  /// The cut-off of a date, if there is one.
  public func cutoff(at date: Day) -> HistoryCutoff? { cutoffs.first { $0.date == date } }

  /// Adds a loaded cut-off in date order; fails when a cut-off of that date is there already.
  ///
  /// Category dictionaries equal to those of a cut-off already there are shared with it.
  @discardableResult
  public func add(_ portfolio: Portfolio, origin: CutoffSource) throws(HistoryError)
    -> HistoryCutoff
  {
    let date = portfolio.cutoff
    if let existing = cutoff(at: date) {
      throw HistoryError(
        "the cut-off \(date) is already in the history (from '\(existing.portfolio.source)')",
        notes: ["'history drop \(date)' removes it first"]
      )
    }
    let shared = PortfolioFootprint.shareDictionaries(of: portfolio, with: cutoffs.map(\.portfolio))
    let entry = HistoryCutoff(
      portfolio: portfolio,
      origin: origin,
      serial: nextSerial,
      sharedBytes: shared
    )
    nextSerial += 1
    let at = cutoffs.firstIndex { $0.date > date } ?? cutoffs.count
    cutoffs.insert(entry, at: at)
    return entry
  }

  /// Removes the cut-off of a date; returns it, or `nil` when there is none.
  @discardableResult
  public func drop(_ date: Day) -> HistoryCutoff? {
    guard let i = cutoffs.firstIndex(where: { $0.date == date }) else { return nil }
    let gone = cutoffs.remove(at: i)
    links = links.filter { $0.key.from != date.raw && $0.key.to != date.raw }
    indexes[date.raw] = nil
    return gone
  }

  /// Removes every cut-off.
  public func removeAll() {
    cutoffs = []
    links = [:]
    indexes = [:]
  }

  /// The cut-off just before `cutoff`, if any.
  public func previous(_ cutoff: HistoryCutoff) -> HistoryCutoff? {
    guard let i = cutoffs.firstIndex(where: { $0 === cutoff }), i > 0 else { return nil }
    return cutoffs[i - 1]
  }

  /// The account-id index of a cut-off (built once).
  public func index(of cutoff: HistoryCutoff) throws(CobroError) -> AccountIndex {
    if let known = indexes[cutoff.date.raw] { return known }
    let built = try AccountIndex(cutoff.portfolio)
    indexes[cutoff.date.raw] = built
    return built
  }

  /// The link between two cut-offs (built once): which row of `to` each row of `from` is.
  public func link(from: HistoryCutoff, to: HistoryCutoff) throws(CobroError) -> AccountLink {
    let key = LinkKey(from: from.date.raw, to: to.date.raw)
    if let known = links[key] { return known }
    let built = try AccountLink(from: from.portfolio, to: index(of: to))
    links[key] = built
    return built
  }

  /// Whether some cut-off holds an account id (payments of accounts that left are kept for
  /// them).
  public func holds(account id: String) -> Bool {
    for c in cutoffs {
      guard let index = try? index(of: c) else { continue }
      if index.row(of: id) != nil { return true }
    }
    return false
  }
}

/// One cut-off of a ``CutoffHistory``: a loaded portfolio file at its date.
public final class HistoryCutoff: @unchecked Sendable {
  /// The accounts, balances at ``date``.
  public let portfolio: Portfolio
  /// Where the date came from.
  public let origin: CutoffSource
  /// The order in which it was added (1 for the first of the session).
  public let serial: Int
  /// Bytes its columns would take but share with an earlier cut-off's (category dictionaries).
  public let sharedBytes: Int
  /// The computed columns (buckets at the cut-off), kept between commands.
  public let derived: DerivedColumns

  /// Creates a cut-off.
  init(portfolio: Portfolio, origin: CutoffSource, serial: Int, sharedBytes: Int) {
    self.portfolio = portfolio
    self.origin = origin
    self.serial = serial
    self.sharedBytes = sharedBytes
    derived = DerivedColumns(portfolio: portfolio)
  }

  /// The cut-off date.
  public var date: Day { portfolio.cutoff }

  /// Bytes its columns hold in memory, less those shared with an earlier cut-off.
  public var bytes: Int { PortfolioFootprint.bytes(of: portfolio) - sharedBytes }
}

/// Where a cut-off's date came from, in the order `history` tries them.
public enum CutoffSource: String, Hashable, Sendable {
  /// The `cutoff DATE` option.
  case option
  /// A `fecha_corte`-like column of the file.
  case column
  /// A date in the file's name (`cartera_2026-10-31.csv`, `corte_202610.csv`).
  case fileName = "file name"
}

/// Why a history command cannot be done.
public struct HistoryError: Error, Sendable, Equatable {
  /// The message, lowercase without a final period.
  public var message: String
  /// Notes that say what to do.
  public var notes: [String]

  /// Creates an error.
  public init(_ message: String, notes: [String] = []) {
    self.message = message
    self.notes = notes
  }
}
