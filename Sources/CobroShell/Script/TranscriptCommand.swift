import CobroDiagnostics
import CobroPortfolio

/// `cobro test FILE… [--update]`: replays transcripts, prints a diff per mismatch and a closing
/// line `N passed, N failed`.
public enum TranscriptCommand {
  /// Runs the transcripts; returns the exit status (0 all passed, 1 a difference, 66 a file that
  /// cannot be read).
  public static func run(
    paths: [String],
    update: Bool,
    out: any TextSink,
    err: any TextSink,
    makeSession: @escaping (BufferSink, BufferSink) -> Session
  ) -> Int32 {
    var passed = 0
    var failed = 0
    var unreadable = false
    let runner = TranscriptRunner(makeSession: makeSession)
    for path in paths {
      let text: String
      do {
        text = try TextFile.read(path)
      } catch {
        err.write(error.description + "\n")
        unreadable = true
        failed += 1
        continue
      }
      let outcome = runner.run(path: path, text: text)
      if outcome.passed {
        passed += 1
        continue
      }
      if update {
        let settled = runner.settle(outcome)
        do {
          try TextFile.write(settled.updated, to: path)
          if settled.passed {
            err.write("updated \(path)\n")
            passed += 1
          } else {
            err.write("updated \(path), but its output changes from one replay to the next\n")
            failed += 1
          }
        } catch {
          err.write(error.description + "\n")
          failed += 1
        }
      } else {
        out.write(outcome.diff)
        failed += 1
      }
    }
    out.write("\(passed) passed, \(failed) failed\n")
    if unreadable { return ExitStatus.cannotOpenInput }
    return failed > 0 ? ExitStatus.testFailed : ExitStatus.success
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing whole text files.
public enum TextFile {
  /// Replaces the file at `path` with `text`.
  public static func write(_ text: String, to path: String) throws(CobroError) {
    guard let f = fopen(path, "w") else {
      throw .cannotWrite(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
    defer { fclose(f) }
    if fputs(text, f) < 0 {
      throw .cannotWrite(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
  }

  /// Reads a whole text file (UTF-8, invalid bytes replaced).
  public static func read(_ path: String) throws(CobroError) -> String {
    let bytes = try InputBytes.mapping(path: path)
    return String(
      decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count),
      as: UTF8.self
    )
  }
}
