import CobroJournal
import Foundation
import Testing

/// The engines the journal's tests run on: SQLite always, PostgreSQL when a server is given
/// (`COBRO_TEST_PG_URL`, which `Scripts/test.sh` sets after starting a throwaway server).
enum JournalEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case sqlite
  case postgres

  /// The server of the PostgreSQL tests, or `nil` when none was started.
  static let serverURL: String? = {
    let url = ProcessInfo.processInfo.environment["COBRO_TEST_PG_URL"]
    if url?.isEmpty ?? true {
      FileHandle.standardError.write(
        Data(
          """
          !!! WARNING: COBRO_TEST_PG_URL is not set: the journal's tests run on SQLite only.
          !!! Scripts/test.sh (or Scripts/postgres.sh COMMAND) starts a server for them.

          """.utf8
        )
      )
      return nil
    }
    return url
  }()

  /// The engines to test: PostgreSQL only with a server.
  static var available: [JournalEngine] { serverURL == nil ? [.sqlite] : allCases }

  var testDescription: String { rawValue }

  /// Where a new, empty journal of this engine is: a file in a new folder, or a schema of its
  /// own on the server.
  func freshLocation() throws -> String {
    switch self {
    case .sqlite:
      let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("cobro-journal-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      return url.appendingPathComponent("cobro.db").path
    case .postgres:
      let server = try #require(JournalEngine.serverURL)
      let tag = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
      return server + "?schema=t_\(tag.prefix(20))"
    }
  }

  /// A new, empty journal: in memory for SQLite, in a schema of its own on the server.
  func fresh() throws -> Journal {
    switch self {
    case .sqlite: try Journal()
    case .postgres: try Journal(location: try freshLocation())
    }
  }
}
