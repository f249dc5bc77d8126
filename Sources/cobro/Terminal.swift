import CobroCore
import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#endif

/// What the executable asks of the operating system: which streams are terminals, the
/// terminal's width, the environment, the clock (once), Ctrl-C, and the history's folder.
enum Terminal {
  /// Whether `descriptor` is a terminal.
  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  /// The width in columns of the terminal on `descriptor`, if it is one (`TIOCGWINSZ`).
  static func columns(of descriptor: Int32) -> Int? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }

  /// The height in rows of the terminal on `descriptor`, if it is one.
  static func rows(of descriptor: Int32) -> Int? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
    return Int(size.ws_row)
  }

  /// The streams, the width, the variables cobro reads and the time, read once at start-up.
  static func launchEnvironment() -> LaunchEnvironment {
    var environment = LaunchEnvironment()
    environment.stdinIsTerminal = isTerminal(STDIN_FILENO)
    environment.stdoutIsTerminal = isTerminal(STDOUT_FILENO)
    environment.stderrIsTerminal = isTerminal(STDERR_FILENO)
    if environment.stdoutIsTerminal { environment.terminalColumns = columns(of: STDOUT_FILENO) }
    for name in [
      "NO_COLOR", "TERM", "HOME", "XDG_STATE_HOME", "COBRO_JOURNAL", "LOGNAME", "USER", "LC_ALL",
      "LC_MONETARY", "LANG", "PAGER",
    ] {
      if let value = getenv(name) { environment.variables[name] = String(cString: value) }
    }
    environment.loginName = loginName()
    environment.now = Int64(time(nil))
    return environment
  }

  /// The monotonic clock in nanoseconds, for `set timer on`.
  @Sendable static func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }

  /// The login name of the session (`getlogin_r`), or `nil` without a controlling terminal.
  static func loginName() -> String? {
    var buffer = [CChar](repeating: 0, count: 256)
    guard getlogin_r(&buffer, buffer.count) == 0 else { return nil }
    let name = String(
      decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
      as: UTF8.self
    )
    return name.isEmpty ? nil : name
  }

  /// Installs the SIGINT handler: Ctrl-C asks the running command to stop (`Interruption`).
  ///
  /// More Ctrl-C while it stops change nothing, so that the session and its portfolio stay.
  /// Only a Ctrl-C more than ``escapeDelay`` after a first one the command has not answered
  /// ends cobro with status 130, the way out of a command that cannot stop.
  ///
  /// It is installed with `sigaction` and without `SA_RESTART`, so that a blocking read (the
  /// prompt, a pipe, a FIFO being loaded) returns `EINTR` at once.
  ///
  /// The signals Ctrl-C and libedit rely on are unblocked first: a parent may have started cobro
  /// with them blocked (threads of a test runner, some process supervisors), and a blocked
  /// SIGINT would make Ctrl-C do nothing.
  static func installInterruptHandler() {
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH] {
      sigaddset(&unblock, signal)
    }
    sigprocmask(SIG_UNBLOCK, &unblock, nil)
    // The flag is created here, not lazily inside the handler.
    Interruption.process.clear()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = interruptHandler
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }

  /// How long a command may take to answer a Ctrl-C before another Ctrl-C ends cobro, in
  /// nanoseconds: commands answer within a fraction of a second.
  static let escapeDelay: Int64 = 3_000_000_000

  /// Creates the folders above `path` (mode 0700, as the history is private), like `mkdir -p`.
  static func makeFolders(containing path: String) {
    var folder = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/").dropLast() {
      folder += "/" + part
      _ = mkdir(folder, 0o700)
    }
  }
}

/// The SIGINT handler: only async-signal-safe work (the monotonic clock, an atomic
/// compare-and-exchange, `write` and `_exit`).
private let interruptHandler: @convention(c) (Int32) -> Void = { _ in
  let savedErrno = errno
  defer { errno = savedErrno }
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  let nanoseconds = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
  let first = Interruption.process.raise(at: nanoseconds)
  guard nanoseconds - first > Terminal.escapeDelay else { return }
  let message: StaticString = "\ninterrupted: the command did not stop, cobro ends\n"
  _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
  _exit(130)  // ExitStatus.interrupted, without touching Swift state
}
