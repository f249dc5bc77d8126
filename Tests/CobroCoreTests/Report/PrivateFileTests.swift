import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

#if canImport(Glibc)
  import Glibc
#endif

/// Files of personal data are written aside and put in place whole, and leave no temporary
/// file behind, even one a killed process left.
@Suite struct PrivateFileTests {
  /// A fresh folder.
  static func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-private-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// The names in a folder, sorted.
  static func names(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  static func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  static func mode(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
  }

  @Test(arguments: [true, false])
  func aFileIsWrittenWholeAndNoTemporaryStays(nameless: Bool) throws {
    let folder = try Self.folder()
    let path = folder + "/out.csv"
    for (replacing, text) in [(false, "one\n"), (true, "two\n")] {
      let temporary = try PrivateFile.Temporary(beside: path, nameless: nameless)
      #expect((temporary.name == nil) == (nameless && PrivateFile.Temporary.namelessFiles))
      #expect(write(temporary.fd, text, text.utf8.count) == text.utf8.count)
      try temporary.publish(at: path, replacing: replacing)
      #expect(close(temporary.fd) == 0)
      #expect(Self.contents(path) == text)
      #expect(Self.mode(path) == 0o600)
      #expect(Self.names(folder) == ["out.csv"])
    }
    // Not replacing: an existing name is refused and the temporary file goes.
    let temporary = try PrivateFile.Temporary(beside: path, nameless: nameless)
    #expect(throws: PrivateFile.Failure.exists) {
      try temporary.publish(at: path, replacing: false)
    }
    temporary.discard()
    #expect(Self.contents(path) == "two\n")
    #expect(Self.names(folder) == ["out.csv"])
  }

  @Test func anInterruptedWriteLeavesTheOldFileAndNothingElse() throws {
    let folder = try Self.folder()
    let path = folder + "/out.csv"
    try PrivateFile.write(Array("old\n".utf8), to: path, replace: false)
    let flag = Interruption.Flag()
    _ = flag.raise(at: 1)
    Interruption.$current.withValue(flag) {
      #expect(throws: PrivateFile.Failure.interrupted) {
        try PrivateFile.write(Array("new\n".utf8), to: path, replace: true)
      }
      #expect(throws: PrivateFile.Failure.interrupted) {
        try PrivateFile.write(Array("new\n".utf8), to: folder + "/other.csv", replace: false)
      }
    }
    #expect(Self.contents(path) == "old\n")
    #expect(Self.names(folder) == ["out.csv"])
  }

  /// A temporary file a killed process left (ours by name, unlocked, older than this process)
  /// is removed by the next write to its folder; one a live process holds, a recent one and
  /// other names are kept.
  @Test func theNextWriteRemovesWhatAKilledProcessLeft() throws {
    let folder = try Self.folder()
    func make(_ name: String, age: Double) -> String {
      let path = folder + "/" + name
      _ = FileManager.default.createFile(atPath: path, contents: Data("partial".utf8))
      let when = Date().addingTimeInterval(-age)
      try? FileManager.default.setAttributes([.modificationDate: when], ofItemAtPath: path)
      return path
    }
    let hour = 3600.0
    _ = make(".cobro-Ab3xY9", age: hour)
    let held = make(".cobro-HELD01", age: hour)
    _ = make(".cobro-recent", age: -60)
    _ = make(".cobro-toolong1", age: hour)
    _ = make("cobro-Ab3xY9", age: hour)
    let lock = open(held, O_RDONLY)
    defer { close(lock) }
    #expect(flock(lock, LOCK_EX) == 0)
    try PrivateFile.write(Array("new\n".utf8), to: folder + "/out.csv", replace: false)
    #expect(
      Self.names(folder) == [
        ".cobro-HELD01", ".cobro-recent", ".cobro-toolong1", "cobro-Ab3xY9", "out.csv",
      ]
    )
  }

  @Test func temporaryNames() {
    #expect(PrivateFile.Temporary.isTemporaryName(".cobro-Ab3xY9"))
    #expect(!PrivateFile.Temporary.isTemporaryName(".cobro-Ab3xY"))
    #expect(!PrivateFile.Temporary.isTemporaryName(".cobro-Ab3xY9z"))
    #expect(!PrivateFile.Temporary.isTemporaryName(".cobro-Ab3-Y9"))
    #expect(!PrivateFile.Temporary.isTemporaryName(".cobro-Ab3xYé"))
  }
}
