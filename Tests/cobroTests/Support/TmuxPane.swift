import Foundation
import Testing

/// cobro running in a tmux pane of its own server, driven with send-keys and read with
/// capture-pane, as a person at a terminal would use it.
final class TmuxPane {
  /// Whether tmux can run here (the prompt tests skip, saying so, where it cannot).
  static let available: Bool = {
    guard let tmux = tmuxPath, CobroProcess.binary != nil,
      let child = try? Spawned(tmux, ["-V"], environment: [:])
    else { return false }
    return child.wait(seconds: 10) == 0
  }()

  /// The tmux executable on PATH.
  static let tmuxPath: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { $0 + "/tmux" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// The temporary HOME of the pane (and the tmux sockets).
  let home: String
  private let socket: String

  /// Where the pane's shell writes cobro's exit status (tmux's own `pane_dead_status` is
  /// sometimes never filled in).
  private let statusPath: String

  /// Starts cobro with `arguments` in a `columns`×`rows` pane (120×40 unless told) with a clean
  /// environment: the temporary
  /// `home`, `XDG_STATE_HOME` under it, `TERM=screen` and `extra`; stdout goes to the pane or to
  /// `stdoutPath`.
  ///
  /// A small shell runs cobro and writes its exit status to a file; it ignores SIGINT, as an
  /// interactive shell would, so that Ctrl-C during a command reaches only cobro.
  init(
    home: String? = nil,
    arguments: [String] = [],
    environment extra: [String: String] = [:],
    stdoutPath: String? = nil,
    columns: Int = 120,
    rows: Int = 40
  ) throws {
    let binary = try #require(CobroProcess.binary)
    self.home = try home ?? CobroProcess.temporaryFolder()
    socket = "cobro-\(UUID().uuidString.prefix(8))"
    let config = self.home + "/tmux.conf"
    try "set -g remain-on-exit on\nset -g history-limit 2000\n"
      .write(toFile: config, atomically: true, encoding: .utf8)
    var env = CobroProcess.environment(home: self.home, ["TERM": "screen"])
    for (k, v) in extra { env[k] = v }
    let assignments = env.keys.sorted().map { "\($0)=\(env[$0] ?? "")" }
    statusPath = self.home + "/exit-status-" + socket
    let redirect = stdoutPath.map { " > '\($0)'" } ?? ""
    let script = "trap '' INT QUIT; \"$0\" \"$@\"\(redirect); echo $? > '\(statusPath)'"
    let command =
      ["/usr/bin/env", "-i"] + assignments + ["/bin/sh", "-c", script, binary] + arguments
    try tmux(
      ["-f", config, "new-session", "-d", "-s", "cobro", "-x", "\(columns)", "-y", "\(rows)"]
        + command,
      output: false
    )
  }

  deinit { _ = try? tmux(["kill-server"], output: false) }

  /// Sends keys as tmux names them (`Tab`, `Enter`, `C-c`, `Up`).
  func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", "cobro"] + keys)
  }

  /// Types text literally.
  func type(_ text: String) throws {
    try tmux(["send-keys", "-t", "cobro", "-l", text])
  }

  /// The visible screen, without trailing empty lines; `escapes` keeps colour sequences.
  func screen(escapes: Bool = false) throws -> String {
    try tmux(["capture-pane", "-p", "-t", "cobro"] + (escapes ? ["-e"] : []))
  }

  /// The screen's lines, without trailing spaces.
  func lines() throws -> [String] {
    try screen().split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0).replacingOccurrences(of: " +$", with: "", options: .regularExpression)
    }
  }

  /// Waits until `condition` holds on the screen's lines (at most `seconds`) and returns them.
  @discardableResult
  func waitFor(
    _ what: String,
    seconds: Double = 20,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: ([String]) -> Bool
  ) throws -> [String] {
    let deadline = Date().addingTimeInterval(seconds)
    var last: [String] = []
    while Date() < deadline {
      last = try lines()
      if condition(last) { return last }
      Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record(
      "timed out waiting for \(what); the screen was:\n\(last.joined(separator: "\n"))",
      sourceLocation: sourceLocation
    )
    throw TimedOut()
  }

  /// Waits until a line of the screen equals `line`.
  @discardableResult
  func waitForLine(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> [String]
  {
    try waitFor("a line '\(line)'", sourceLocation: sourceLocation) { $0.contains(line) }
  }

  /// Waits until the last non-empty line of the screen is `line` (a prompt, usually).
  @discardableResult
  func waitForLastLine(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> [String]
  {
    try waitFor("a last line '\(line)'", sourceLocation: sourceLocation) {
      $0.last { !$0.isEmpty } == line
    }
  }

  /// Waits until the last line is `prompt` and libedit reads keys: it draws the prompt just
  /// before it puts the terminal in raw mode, and a key sent in that instant would meet the
  /// cooked terminal (Ctrl-D would be lost, Ctrl-C would be a signal).
  func waitForPrompt(_ prompt: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try waitForLastLine(prompt, sourceLocation: sourceLocation)
    let tty = try tmux(["display", "-p", "-t", "cobro", "#{pane_tty}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try waitFor("the terminal in raw mode", sourceLocation: sourceLocation) { _ in
      (try? Self.terminalModes(tty).contains(" -icanon")) == true
    }
  }

  /// Waits until the terminal is back in cooked mode after Enter: the line was handed to cobro
  /// and a command runs, so that Ctrl-C is a signal rather than a key for the line editor.
  func waitForCommandToRun(sourceLocation: SourceLocation = #_sourceLocation) throws {
    let tty = try tmux(["display", "-p", "-t", "cobro", "#{pane_tty}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try waitFor("the terminal in cooked mode", sourceLocation: sourceLocation) { _ in
      (try? Self.terminalModes(tty).contains(" icanon")) == true
    }
  }

  /// `stty -a` of a terminal.
  private static func terminalModes(_ tty: String) throws -> String {
    let path = NSTemporaryDirectory() + "cobro-stty-\(UUID().uuidString.prefix(8))"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer {
      close(fd)
      unlink(path)
    }
    _ = try Spawned("/bin/stty", ["-F", tty, "-a"], environment: [:], stdout: fd).wait(seconds: 10)
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }

  /// Waits until cobro has exited and returns its exit status.
  func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int32? {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: statusPath, encoding: .utf8),
        let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return status
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let screen = (try? lines().joined(separator: "\n")) ?? ""
    Issue.record("cobro did not exit; the screen was:\n\(screen)", sourceLocation: sourceLocation)
    throw TimedOut()
  }

  /// A wait that ran out of time (already recorded as an issue).
  struct TimedOut: Error {}

  /// Runs a tmux command on this pane's server and returns what it printed (when `output`).
  @discardableResult
  private func tmux(_ arguments: [String], output: Bool = true) throws -> String {
    let environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "LANG": "C.UTF-8", "TMUX_TMPDIR": home, "HOME": home,
    ]
    let tmux = try #require(Self.tmuxPath)
    guard output else {
      // The server this may start keeps the descriptors it inherits: give it no pipe.
      _ = try Spawned(tmux, ["-L", socket] + arguments, environment: environment).wait(seconds: 20)
      return ""
    }
    let path = home + "/tmux-output-\(UUID().uuidString.prefix(8))"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer {
      close(fd)
      unlink(path)
    }
    _ = try Spawned(tmux, ["-L", socket] + arguments, environment: environment, stdout: fd)
      .wait(seconds: 20)
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }
}
