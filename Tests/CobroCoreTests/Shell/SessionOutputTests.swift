import CobroCore
import CobroShell
import Testing

/// A long result is written in pieces of whole lines, and Ctrl-C stops it between two pieces.
@Suite struct SessionOutputTests {
  /// 20,000 lines of 20 characters: about 400 KiB, several pieces.
  static let text =
    (0..<20_000).map { String(repeating: "x", count: 14) + String(100_000 + $0) }
    .joined(separator: "\n") + "\n"

  @Test func everythingIsWrittenWhenNothingStopsIt() {
    let sink = BufferSink()
    #expect(Session.write(Self.text, to: sink, stoppingWhen: { false }))
    #expect(sink.text == Self.text)
  }

  @Test func aStopCutsBetweenWholeLines() {
    let sink = BufferSink()
    var asked = 0
    let done = Session.write(
      Self.text,
      to: sink,
      stoppingWhen: {
        asked += 1
        return asked > 2
      }
    )
    #expect(!done)
    let written = sink.text
    #expect(!written.isEmpty && written.count < Self.text.count)
    #expect(written.hasSuffix("\n"))
    #expect(Self.text.hasPrefix(written))
  }

  @Test func aShortTextIsWrittenAtOnceWithoutAsking() {
    let sink = BufferSink()
    #expect(
      Session.write(
        "one\ntwo\n",
        to: sink,
        stoppingWhen: {
          Issue.record("asked"); return true
        }
      )
    )
    #expect(sink.text == "one\ntwo\n")
  }
}
