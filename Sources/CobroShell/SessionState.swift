import CobroJournal
import CobroPortfolio

/// What commands keep in a session from one command to the next, one typed field each.
///
/// Each field belongs to the commands named beside it; the interpreter itself reads only
/// ``quit``.
public struct SessionState {
  /// Whether `quit` ran: the session stops after the command.
  public var quit = false
  /// How many `source` commands are running inside one another.
  package var sourceDepth = 0
  /// The recording in progress (`record`).
  package var recorder: Recorder?
  /// What a recording writes for the last `load`: the command pinned to the files' hashes.
  package var lastLoadPin: String?
  /// What a recording writes for the last `journal`: the command pinned to its newest entry.
  package var journalPin: String?
  /// The open journal and the path it was opened for.
  package var journal: JournalBox?
  /// The journal file chosen by `--journal`, `$COBRO_JOURNAL` or `journal` (see
  /// `Session.journalPath`).
  var journalPath: String?
  /// Whether journals are opened as in-memory copies (`cobro test`).
  var scratchJournals = false
  /// The PostgreSQL server whose scratch schemas stand in for journals in memory (`cobro test`
  /// with `COBRO_TEST_POSTGRES`), or `nil`.
  var scratchServer: PostgresURL?
  /// The newest entry a recording saw in its journal.
  var journalEntries: Int64?
  /// The rows of the payments file the last `load` rejected.
  package var paymentRejects: [RejectedRow] = []
  /// The computed columns of the portfolio in use, kept between queries.
  package var derived: DerivedColumns?
  /// The portfolio and as-of date the before-the-cut-off warning was last given for.
  package var asOfWarned: String?
  /// The cut-offs kept for metrics over time (`history`, `roll`, `collected`, `kpi`).
  package var history = CutoffHistory()
  /// The serial of the last cut-off added before the portfolio in use was loaded (recordings
  /// write the cut-offs up to it before the `load`, the others after).
  package var historySerialAtLoad = 0
  /// What a recording writes for the last `history` command: one pinned `history add` per file.
  package var historyPin: String?

  /// Creates the state of a new session.
  public init() {}
}
