import CobroCore
import CobroShell
import Foundation
import Testing

@Suite struct LineReaderTests {
  /// Reads every line of `bytes` from a file, as a redirected stdin gives them.
  static func lines(of bytes: [UInt8]) throws -> [LineInput] {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-lines-\(UUID().uuidString)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let fd = open(path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    let reader = StandardInputLineReader(descriptor: fd)
    var result: [LineInput] = []
    while true {
      let input = reader.readLine(prompt: "ignored> ")
      result.append(input)
      if input == .endOfInput { return result }
    }
  }

  @Test func linesOfAFile() throws {
    #expect(
      try Self.lines(of: Array("echo a\r\n\necho ñ\nlast".utf8))
        == [.line("echo a"), .line(""), .line("echo ñ"), .line("last"), .endOfInput]
    )
    #expect(try Self.lines(of: []) == [.endOfInput])
    #expect(try Self.lines(of: [0x61, 0xFF, 0x0A]) == [.line("a\u{FFFD}"), .endOfInput])
  }

  @Test func longInputCrossesReads() throws {
    let text = (0..<20_000).map { "echo line \($0)" }.joined(separator: "\n") + "\n"
    let lines = try Self.lines(of: Array(text.utf8))
    #expect(lines.count == 20_001)
    #expect(lines[19_999] == .line("echo line 19999"))
  }

  @Test func scriptedReaderRecordsPromptsAndHistory() {
    let reader = ScriptedLineReader(inputs: [.line("a"), .interrupted])
    #expect(reader.readLine(prompt: "p> ") == .line("a"))
    #expect(reader.readLine(prompt: "q> ") == .interrupted)
    #expect(reader.readLine(prompt: "r> ") == .endOfInput)
    reader.addToHistory("a")
    #expect(reader.prompts == ["p> ", "q> ", "r> "])
    #expect(reader.history == ["a"])
  }
}
