import Foundation
import Testing

@testable import CobroCore
@testable import CobroPortfolio

/// Relative paths for recordings, including files that do not exist yet.
@Suite struct PathsTests {
  /// A fresh folder with a file in it.
  static func folder() throws -> String {
    let path = NSTemporaryDirectory() + "cobro-paths-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(
      atPath: path + "/sub",
      withIntermediateDirectories: true
    )
    try Data().write(to: URL(fileURLWithPath: path + "/sub/there.db"))
    return Paths.absolute(path)
  }

  @Test func anExistingFileIsRelativeToTheFolder() throws {
    let folder = try Self.folder()
    #expect(Paths.relative(folder + "/sub/there.db", from: folder) == "sub/there.db")
    #expect(Paths.relative(folder + "/sub/there.db", from: folder + "/sub") == "there.db")
  }

  /// A journal not created yet (no entry written) must not become '../../cobro.db'.
  @Test func aFileNotThereYetIsRelativeToTheFolderToo() throws {
    let folder = try Self.folder()
    #expect(Paths.relative(folder + "/sub/new.db", from: folder) == "sub/new.db")
    #expect(Paths.relative(folder + "/new.db", from: folder + "/sub") == "../new.db")
    #expect(Paths.absolute(folder + "/sub/new.db") == folder + "/sub/new.db")
  }

  /// `cobro cartera.csv` names its journal `cobro.db`, relative to the working folder.
  @Test func aRelativeFileNotThereYet() {
    let name = "cobro-paths-\(UUID().uuidString.prefix(8)).db"
    #expect(Paths.absolute(name) == Paths.absolute(".") + "/" + name)
    #expect(Paths.relative(name, from: ".") == name)
  }

  @Test func aPathWhoseFolderIsMissingIsKept() {
    #expect(Paths.absolute("/no/such/folder/x.db") == "/no/such/folder/x.db")
  }
}
