import CobroCore
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// Replays every transcript under `Tests/Transcripts/` (the project's end-to-end tests).
///
/// Record mode: run with `COBRO_UPDATE_TRANSCRIPTS=1` in the environment and each transcript
/// whose output differs is rewritten with the actual output instead of failing the test. Read
/// every rewritten block before committing it: a golden file is only as good as its review.
@Suite struct ProjectTranscriptsTests {
  /// The as-of date of every transcript that does not set its own.
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  /// The package's root folder, found from this file's path.
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// Transcript paths relative to the package root (as diagnostics print them), sorted.
  static func transcripts() -> [String] {
    let folder = root + "/Tests/Transcripts"
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
    var found: [String] = []
    while let item = walker.nextObject() as? String {
      if item.hasSuffix(".cobro") { found.append("Tests/Transcripts/" + item) }
    }
    return found.sorted()
  }

  /// A session like the executable's non-interactive ones: table format, no limit, no width,
  /// every command `Session.init` registers, and a fixed as-of date.
  static func session(_ out: BufferSink, _ err: BufferSink) -> Session {
    var settings = Settings(asOf: asOf)
    settings.format = .table
    settings.limit = nil
    settings.width = nil
    let session = Session(settings: settings, out: out, err: err)
    session.journalsAreScratchCopies = true
    return session
  }

  /// Replays one project transcript (`negotiate/plan.cobro`) in the session `transcriptPasses`
  /// uses, for a suite that wants its own transcript checked beside its unit tests.
  static func replay(_ relative: String) throws -> TranscriptRunner.Outcome {
    let name = "Tests/Transcripts/" + relative
    let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
    return TranscriptRunner(makeSession: session).run(path: name, text: text)
  }

  /// Deletes the files a transcript exported: those named `tmp-*` in its folder.
  func removeExports(besides path: String) {
    let folder = (path as NSString).deletingLastPathComponent
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names where name.hasPrefix("tmp-") {
      try? FileManager.default.removeItem(atPath: folder + "/" + name)
    }
  }

  @Test func thereAreTranscripts() {
    #expect(Self.transcripts().count >= 10)
  }

  @Test(arguments: transcripts())
  func transcriptPasses(_ path: String) throws {
    // Paths inside a transcript resolve against the transcript's folder as it is named, and
    // diagnostics print that name: the tests run from the package root.
    try #require(
      FileManager.default.fileExists(atPath: path),
      "run the tests from the package root (\(Self.root))"
    )
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let runner = TranscriptRunner(makeSession: Self.session)
    let first = runner.run(path: path, text: text)
    removeExports(besides: path)
    if ProcessInfo.processInfo.environment["COBRO_UPDATE_TRANSCRIPTS"] == "1" {
      let outcome = runner.settle(first)
      removeExports(besides: path)
      if !first.passed { try TextFile.write(outcome.updated, to: path) }
      #expect(outcome.passed, "\(outcome.diff)")
      return
    }
    #expect(first.passed, "\(first.diff)")
    let second = runner.run(path: path, text: text)
    removeExports(besides: path)
    #expect(second.updated == first.updated, "a second replay printed something else")
  }
}
