import CobroCore
import CobroDiagnostics
import CobroMessages
import Foundation
import Testing

@Suite struct TemplateSetTests {
  /// A new folder holding the given files.
  static func folder(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-templates-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }
    return dir
  }

  @Test func theUsersTemplateBeatsTheBuiltInAndTheSegmentBeatsTheGeneric() throws {
    let dir = try Self.folder([
      "whatsapp.91+.txt": "generic {{account}}\n",
      "whatsapp.91+.B.txt": "segment {{account}}\n",
      "notes.md": "ignored",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let set = try TemplateSet.load(directory: dir)
    #expect(set.template(.whatsapp, .late, segment: "A").source == .file(dir + "/whatsapp.91+.txt"))
    #expect(set.template(.whatsapp, .late, segment: nil).text == "generic {{account}}")
    #expect(set.template(.whatsapp, .late, segment: "b").text == "segment {{account}}")
    #expect(set.template(.sms, .late, segment: "B").source == .builtIn)
    let listed = set.inForce.map { $0.key }
    #expect(listed.count == 4 * 7 + 1)
    #expect(listed == listed.sorted())
  }

  @Test func aMisnamedTemplateIsAnError() throws {
    let dir = try Self.folder(["whatsap.91+.txt": "x"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect {
      try TemplateSet.load(directory: dir)
    } throws: { error in
      (error as? Diagnostic)?.message.text == "'whatsap.91+.txt' is not a template name"
    }
  }

  @Test func aBrokenTemplateIsLocatedInItsFile() throws {
    let dir = try Self.folder(["sms.1-30.txt": "Saldo {{balance}}\nRef {{cuenta}}"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect {
      try TemplateSet.load(directory: dir)
    } throws: { error in
      let d = error as? Diagnostic
      return d?.range?.file == dir + "/sms.1-30.txt" && d?.range?.start.line == 2
        && d?.range?.start.column == 5
    }
  }

  /// A huge template would take minutes to parse; it is refused before it is read.
  @Test func aTemplateLargerThan64KiBIsAnError() throws {
    let big = String(repeating: "{{account}}", count: TemplateSet.maxTemplateBytes / 11 + 1)
    let dir = try Self.folder(["sms.1-30.txt": big])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect {
      try TemplateSet.load(directory: dir)
    } throws: { error in
      (error as? Diagnostic)?.message.text
        == "'\(dir)/sms.1-30.txt' is larger than a message template may be"
    }
  }

  /// A FIFO named like a template would block every command that reads the folder.
  @Test func aTemplateThatIsNotARegularFileIsAnError() throws {
    let dir = try Self.folder([:])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try #require(mkfifo(dir + "/sms.1-30.txt", 0o600) == 0)
    #expect {
      try TemplateSet.load(directory: dir)
    } throws: { error in
      (error as? Diagnostic)?.message.text
        == "cannot read '\(dir)/sms.1-30.txt': not a regular file"
    }
  }

  @Test func aMissingFolderIsAnError() {
    #expect(throws: Diagnostic.self) {
      try TemplateSet.load(directory: "/nonexistent/cobro-templates")
    }
  }
}
