import Foundation
import Testing

/// Runs the built `cobro` binary and captures what it prints.
enum CobroProcess {
  /// What a run of cobro gave.
  struct Result {
    /// The exit status.
    var status: Int32
    /// Everything written on stdout.
    var out: String
    /// Everything written on stderr.
    var err: String
  }

  /// The built binary: `COBRO_BINARY`, else next to the test bundle, else in the package's
  /// `.build/debug`.
  static let binary: String? = {
    let fm = FileManager.default
    if let given = ProcessInfo.processInfo.environment["COBRO_BINARY"],
      fm.isExecutableFile(atPath: given)
    {
      return given
    }
    let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
      bundleFolder.appendingPathComponent("cobro").path,
      bundleFolder.deletingLastPathComponent().appendingPathComponent("cobro").path,
      packageRoot.appendingPathComponent(".build/debug/cobro").path,
    ]
    return candidates.first { fm.isExecutableFile(atPath: $0) }
  }()

  /// The package's root folder (this file is Tests/cobroTests/Support/CobroProcess.swift).
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A fresh temporary folder.
  static func temporaryFolder() throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("cobro-e2e-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
  }

  /// A fresh temporary folder holding a copy of the transcripts' `cartera.csv`: the folder and
  /// the copy's path.
  static func folderWithPortfolio() throws -> (folder: String, csv: String) {
    let folder = try temporaryFolder()
    let csv = folder + "/cartera.csv"
    try FileManager.default.copyItem(
      atPath: packageRoot.path + "/Tests/Transcripts/fixtures/cartera.csv",
      toPath: csv
    )
    return (folder, csv)
  }

  /// A minimal environment: a temporary HOME and nothing from the caller that changes output.
  static func environment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
    var env = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": home,
      "XDG_STATE_HOME": home + "/state",
      "LANG": "C.UTF-8",
    ]
    for (k, v) in extra { env[k] = v }
    return env
  }

  /// Runs cobro with `arguments`, feeding `stdin` (or nothing), in a temporary HOME (paths in
  /// the arguments are absolute: the working folder is the test runner's).
  static func run(
    _ arguments: [String],
    stdin: String? = nil,
    environment extra: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Result {
    let running = try start(arguments, environment: extra)
    running.write(stdin ?? "")
    running.closeInput()
    return running.finish(sourceLocation: sourceLocation)
  }

  /// A cobro process started with a pipe on stdin and files for stdout and stderr.
  final class Running {
    let child: Spawned
    let outPath: String
    let errPath: String
    private var input: Int32

    init(child: Spawned, outPath: String, errPath: String, input: Int32) {
      self.child = child
      self.outPath = outPath
      self.errPath = errPath
      self.input = input
    }

    deinit { closeInput() }

    /// Writes text to cobro's stdin.
    func write(_ text: String) {
      let bytes = Array(text.utf8)
      var done = 0
      while done < bytes.count {
        let n = bytes.withUnsafeBytes {
          Glibc.write(input, $0.baseAddress?.advanced(by: done), bytes.count - done)
        }
        if n <= 0 { break }
        done += n
      }
    }

    /// Closes cobro's stdin (end of input).
    func closeInput() {
      if input >= 0 { close(input) }
      input = -1
    }

    /// Sends SIGINT, as Ctrl-C does.
    func interrupt() { child.signal(SIGINT) }

    /// Waits for the end (killing cobro after 60 s, which fails the test) and collects the
    /// output.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) -> Result {
      let status = child.wait()
      if status == nil {
        Issue.record("cobro did not exit; killed", sourceLocation: sourceLocation)
      }
      let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
      let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      return Result(status: status ?? -1, out: out, err: err)
    }
  }

  /// Starts cobro with a pipe on stdin and files for stdout and stderr.
  static func start(
    _ arguments: [String],
    environment extra: [String: String] = [:]
  ) throws -> Running {
    let binary = try #require(binary, "the cobro binary is not built: run 'swift build' first")
    let home = try temporaryFolder()
    let outPath = home + "/stdout"
    let errPath = home + "/stderr"
    let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let err = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer {
      close(out)
      close(err)
    }
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { close(pipe[0]) }
    _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
    let child = try Spawned(
      binary,
      arguments,
      environment: environment(home: home, extra),
      stdin: pipe[0],
      stdout: out,
      stderr: err
    )
    return Running(child: child, outPath: outPath, errPath: errPath, input: pipe[1])
  }
}
