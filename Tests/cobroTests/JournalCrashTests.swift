import Foundation
import Testing

/// The journal under `kill -9` and under several processes at once: every entry cobro
/// acknowledged is kept, and cobro never refuses the journal afterwards.
@Suite struct JournalCrashTests {
  /// The as-of date and collector of every run, so entries are comparable.
  static let day = ["--asof", "2026-11-30", "--collector", "ana"]

  /// `count` promise commands, one a line.
  static func promises(_ count: Int) -> String {
    String(repeating: "promise CO-001 100 on 2026-12-05\n", count: count)
  }

  /// The entry ids cobro acknowledged on stderr (`entry N: …`).
  static func acknowledged(_ err: String) -> [Int64] {
    err.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("entry "), let colon = line.firstIndex(of: ":") else { return nil }
      return Int64(line[line.index(line.startIndex, offsetBy: 6)..<colon])
    }
  }

  /// The ids in the journal, read by a new cobro, which must open it without complaint.
  static func ids(
    in db: String,
    csv: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Set<Int64> {
    let r = try CobroProcess.run(
      [csv, "--journal", db, "--format", "csv", "-c", "journal"] + day,
      sourceLocation: sourceLocation
    )
    #expect(r.status == 0, "cobro refused '\(db)': \(r.err)", sourceLocation: sourceLocation)
    return Set(
      r.out.split(separator: "\n").dropFirst().compactMap { Int64($0.prefix { $0 != "," }) }
    )
  }

  /// A small generator with a printed seed, so a failing round can be replayed.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// Kills cobro at random instants of its run, and loses no acknowledged entry.
  ///
  /// The kills fall during start-up, while cobro creates a new journal, and while it writes to
  /// an existing one (three kills a journal). After each, a new cobro must open the journal and
  /// find every acknowledged entry, and the journal must take writes again.
  ///
  /// The instants are spread over the time an undisturbed run takes to write everything; the
  /// killed runs keep their input open, so none ends before its kill. `COBRO_KILL_SEED` replays
  /// the instants of a failed run (its seed is in the failure).
  @Test func killsAtRandomInstantsLoseNoAcknowledgedEntry() throws {
    let (folder, csv) = try CobroProcess.folderWithPortfolio()
    let seed =
      UInt64(ProcessInfo.processInfo.environment["COBRO_KILL_SEED"] ?? "")
      ?? UInt64.random(in: 1...UInt64.max)
    var random = SplitMix(state: seed)
    let writes = 6
    // One run undisturbed gives the span the kill instants are spread over.
    let started = Date()
    let calm = try CobroProcess.run(
      [csv, "--journal", folder + "/calm.db"] + Self.day,
      stdin: Self.promises(writes)
    )
    try #require(calm.status == 0, "\(calm.err)")
    #expect(Self.acknowledged(calm.err) == (1...Int64(writes)).map { $0 })
    let span = Date().timeIntervalSince(started)

    var kills = 0
    for journal in 0..<16 {
      let db = folder + "/j\(journal).db"
      var kept: Set<Int64> = []
      for _ in 0..<3 {
        let running = try CobroProcess.start([csv, "--journal", db] + Self.day)
        running.write(Self.promises(writes))
        usleep(UInt32(Double.random(in: 0...span, using: &random) * 1_000_000))
        running.child.signal(SIGKILL)
        running.closeInput()
        let r = running.finish()
        if r.status == 128 + SIGKILL { kills += 1 }
        kept.formUnion(Self.acknowledged(r.err))
        let found = try Self.ids(in: db, csv: csv)
        let lost = kept.subtracting(found)
        #expect(lost.isEmpty, "seed \(seed): journal \(journal) lost entries \(lost.sorted())")
      }
      let after = try CobroProcess.run(
        [csv, "--journal", db, "-c", "promise CO-002 5 on 2026-12-05"] + Self.day
      )
      #expect(after.status == 0, "seed \(seed): journal \(journal): \(after.err)")
    }
    #expect(kills == 48, "seed \(seed): only \(kills) of 48 runs were killed")
  }

  /// Two to ten processes start at once on a journal that does not exist yet: each creates it
  /// or waits for the one that does, every write succeeds, and the ids are 1 to N with none
  /// lost or given twice.
  @Test(arguments: [2, 5, 10])
  func processesCreatingOneJournalAtOnceKeepEveryWrite(processes: Int) throws {
    let (folder, csv) = try CobroProcess.folderWithPortfolio()
    let db = folder + "/cobro.db"
    let writes = 4
    let running = try (0..<processes).map { _ in
      try CobroProcess.start([csv, "--journal", db] + Self.day)
    }
    for r in running {
      r.write(Self.promises(writes))
      r.closeInput()
    }
    var acknowledged: [Int64] = []
    for r in running {
      let result = r.finish()
      #expect(result.status == 0, "\(result.err)")
      acknowledged += Self.acknowledged(result.err)
    }
    let total = Int64(processes * writes)
    #expect(acknowledged.sorted() == Array(1...total))
    #expect(try Self.ids(in: db, csv: csv) == Set(1...total))
  }
}
