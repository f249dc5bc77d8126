import Foundation

/// Starting processes with `posix_spawn` and waiting with `waitpid`.
///
/// Foundation's `Process` inherits the test runner's blocked signals into the child (so Ctrl-C
/// would do nothing in cobro) and, on this platform, can miss the exit of a child that starts a
/// daemon (tmux), leaving `waitUntilExit` hanging. Children here start with no blocked signal
/// and default handlers, as from a shell.
struct Spawned {
  /// The child's process id.
  let pid: pid_t

  /// Starts `path` with `arguments` and exactly `environment`; the child's standard streams are
  /// the given descriptors (`nil`: /dev/null).
  init(
    _ path: String,
    _ arguments: [String],
    environment: [String: String],
    stdin: Int32? = nil,
    stdout: Int32? = nil,
    stderr: Int32? = nil
  ) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (fd, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
      if let fd {
        posix_spawn_file_actions_adddup2(&actions, fd, target)
      } else {
        posix_spawn_file_actions_addopen(
          &actions,
          target,
          "/dev/null",
          target == 0 ? O_RDONLY : O_WRONLY,
          0
        )
      }
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE, SIGTSTP, SIGWINCH] {
      sigaddset(&defaults, s)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard status == 0 else {
      throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: path])
    }
    self.pid = pid
  }

  /// Waits for the child to end, at most `seconds` (then kills it and returns `nil`); the exit
  /// status, or 128 + the signal that ended it.
  func wait(seconds: Double = 60) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    var status: Int32 = 0
    while Date() < deadline {
      let r = waitpid(pid, &status, WNOHANG)
      if r == pid { return Self.decode(status) }
      if r < 0 && errno != EINTR { return nil }
      Thread.sleep(forTimeInterval: 0.01)
    }
    kill(pid, SIGKILL)
    _ = waitpid(pid, &status, 0)
    return nil
  }

  /// Sends a signal.
  func signal(_ s: Int32) { kill(pid, s) }

  private static func decode(_ status: Int32) -> Int32 {
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }
}
