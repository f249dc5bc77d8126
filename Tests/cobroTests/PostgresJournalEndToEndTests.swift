import Foundation
import Testing

/// The throwaway server of `Scripts/test.sh`, or `nil`.
private let postgresTestServer = ProcessInfo.processInfo.environment["COBRO_TEST_PG_URL"]

/// The built binary on a PostgreSQL journal: collectors contacting one debtor at once, a
/// recording pinned to a server and replayed by `cobro test`, a server that is down.
///
/// They need the throwaway server of `Scripts/test.sh` (`COBRO_TEST_PG_URL`, `PGPASSWORD`).
@Suite(.enabled(if: postgresTestServer != nil))
struct PostgresJournalEndToEndTests {
  static let server = postgresTestServer
  static var password: [String: String] {
    ["PGPASSWORD": ProcessInfo.processInfo.environment["PGPASSWORD"] ?? ""]
  }

  /// A journal of its own on the server.
  static func freshURL() -> String {
    let tag = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    return (server ?? "") + "?schema=e2e_\(tag)"
  }

  @Test func collectorsContactingOneDebtorAtOnceGetOneAllowed() throws {
    let url = Self.freshURL()
    let arguments = [
      "--asof", "2026-11-30", "--at", "2026-11-30 10:00", "--journal", url, "-c",
      "contact CO-0000001 via call result right_party",
    ]
    // The schema first, so that every process starts at the same point.
    let first = try CobroProcess.run(
      ["--journal", url, "-c", "journal"],
      environment: Self.password
    )
    #expect(first.status == 0, "\(first.err)")
    let processes = 10
    let running = try (0..<processes).map { w in
      try CobroProcess.start(
        arguments + ["--collector", "c\(w)"],
        environment: Self.password
      )
    }
    let results = running.map { r in
      r.closeInput()
      return r.finish()
    }
    let allowed = results.filter { $0.status == 0 }
    #expect(allowed.count == 1, "\(results.map(\.err))")
    #expect(allowed.first?.err.contains("entry 1: CO-0000001 contacted via call") == true)
    for refused in results where refused.status != 0 {
      #expect(refused.err.contains("contact forbidden by rule 'one contact a day per debtor'"))
    }
    let journal = try CobroProcess.run(
      ["--journal", url, "--format", "csv", "-c", "journal"],
      environment: Self.password
    )
    #expect(journal.out.split(separator: "\n").count == 2, "\(journal.out)")
  }

  @Test func aRecordingPinsTheURLWithoutPasswordAndReplaysOnAScratchSchema() throws {
    let folder = try CobroProcess.temporaryFolder()
    let url = Self.freshURL()
    let secret = Self.password["PGPASSWORD"] ?? ""
    let withPassword = url.replacingOccurrences(of: "://cobro@", with: "://cobro:\(secret)@")
    let session = try CobroProcess.run([
      "--asof", "2026-11-30", "--at", "2026-11-30 10:00", "--journal", withPassword, "-c",
      "contact CO-0000001 via call result no_answer; record \(folder)/r.cobro; "
        + "contact CO-0000002 via sms result voicemail; journal; record stop",
    ])
    #expect(session.status == 0, "\(session.err)")
    #expect(!session.err.contains(secret))
    let recording = try String(contentsOfFile: folder + "/r.cobro", encoding: .utf8)
    #expect(!recording.contains(secret))
    #expect(recording.contains("\njournal \"\(url)\" entries 1\n"), "\(recording)")
    // The replay writes to a scratch schema, never to the journal itself.
    let replay = try CobroProcess.run(["test", folder + "/r.cobro"], environment: Self.password)
    #expect(replay.out == "1 passed, 0 failed\n", "\(replay.out)\(replay.err)")
    let after = try CobroProcess.run(
      ["--journal", url, "--format", "csv", "-c", "journal"],
      environment: Self.password
    )
    #expect(after.out.split(separator: "\n").count == 3, "\(after.out)")
  }

  @Test func aServerThatIsDownIsAClearError() throws {
    let result = try CobroProcess.run([
      "--journal", "postgresql://ana:s3cret@127.0.0.1:1/cartera", "-c", "journal",
    ])
    #expect(result.status != 0)
    #expect(result.err.contains("cannot reach journal 'postgresql://ana@127.0.0.1:1/cartera'"))
    #expect(!result.err.contains("s3cret"))
  }

  @Test func journalCopyMovesAFileJournalToTheServerAndBack() throws {
    let folder = try CobroProcess.temporaryFolder()
    let url = Self.freshURL()
    let made = try CobroProcess.run([
      "--asof", "2026-11-30", "--at", "2026-11-30 10:00", "--journal", folder + "/a.db", "-c",
      "contact CO-0000001 via call result no_answer; promise CO-0000002 150000 on 2026-12-05",
    ])
    #expect(made.status == 0, "\(made.err)")
    let up = try CobroProcess.run(
      ["-c", "journal copy \(folder)/a.db \"\(url)\""],
      environment: Self.password
    )
    #expect(up.status == 0, "\(up.err)")
    #expect(up.err.contains("journal copy: 2 entries (0 agreements) from \(folder)/a.db to \(url)"))
    let again = try CobroProcess.run(
      ["-c", "journal copy \(folder)/a.db \"\(url)\""],
      environment: Self.password
    )
    #expect(again.status != 0)
    #expect(again.err.contains("already has 2 entries; nothing was copied"))
    let down = try CobroProcess.run(
      ["-c", "journal copy \"\(url)\" \(folder)/b.db"],
      environment: Self.password
    )
    #expect(down.status == 0, "\(down.err)")
    let digest = { (r: CobroProcess.Result) in r.err.split(separator: " ").last.map(String.init) }
    #expect(digest(up) == digest(down))
  }
}
