import Dispatch
import Synchronization

/// Ctrl-C as the engine sees it: the executable's SIGINT handler raises a flag, and every long
/// loop polls it between chunks of work and stops with ``CobroError/interrupted`` (or its
/// domain's `interrupted` error, which the session reports the same way).
///
/// Like SQLite's progress handler, the checkpoint that polls for an interruption also reports
/// how far the loop has come, so that a long command shows progress on a terminal:
/// ``checkpoint(_:done:of:)`` is the one call a loop makes every ``stride`` rows or so. A loop
/// on a second thread polls ``requested`` only; progress is reported from the thread that runs
/// the command.
///
/// A command that stops leaves the session as it was: commands build their result aside and
/// commit it (a portfolio, a journal entry, an export file) only once it is complete.
public enum Interruption {
  /// A Ctrl-C flag.
  public final class Flag: Sendable {
    /// The monotonic time in nanoseconds of the first Ctrl-C not yet cleared, or 0 when there
    /// is none (a raise stores at least 1).
    private let pendingSince = Atomic<Int64>(0)

    /// Creates a flag that is not raised.
    public init() {}

    /// Whether Ctrl-C was pressed since the last ``clear()``.
    public var isRaised: Bool { pendingSince.load(ordering: .relaxed) != 0 }

    /// Forgets a pending Ctrl-C.
    public func clear() { pendingSince.store(0, ordering: .relaxed) }

    /// Marks a Ctrl-C received at `nanoseconds` (monotonic, above 0) and returns the time of
    /// the first one still pending, `nanoseconds` itself when there was none.
    ///
    /// Async-signal-safe: one atomic compare-and-exchange, no allocation, no lock.
    public func raise(at nanoseconds: Int64) -> Int64 {
      let stamp = max(nanoseconds, 1)
      let (exchanged, original) = pendingSince.compareExchange(
        expected: 0,
        desired: stamp,
        ordering: .relaxed
      )
      return exchanged ? stamp : original
    }
  }

  /// The process's flag, which the SIGINT handler raises.
  public static let process = Flag()

  /// The flag commands poll: the process's, unless the task binds its own (tests do, so that
  /// an interruption in one test stops nothing in another).
  @TaskLocal public static var current: Flag = process

  /// Where progress goes while a command runs on a terminal.
  ///
  /// It is given the work's label, the units done and the whole; `nil` when progress is not
  /// shown. The session binds it around a command.
  @TaskLocal public static var reporter: (@Sendable (String, Int, Int) -> Void)?

  /// How many rows a loop handles between two checkpoints: well under a millisecond of work.
  public static let stride = 4096

  /// Whether Ctrl-C was pressed since the last ``clear()``.
  public static var requested: Bool { current.isRaised }

  /// Forgets a pending Ctrl-C (a new command starts).
  public static func clear() { current.clear() }

  /// Marks a Ctrl-C (tests, and a line reader that saw one).
  public static func request() { _ = current.raise(at: 1) }

  /// Throws ``CobroError/interrupted`` when Ctrl-C was pressed.
  public static func check() throws(CobroError) {
    if requested { throw .interrupted }
  }

  /// Frees `value` on another thread, so that a command stopped by Ctrl-C reports
  /// `interrupted` at once instead of after releasing millions of rows one by one.
  ///
  /// Give it the last reference (`consume`): a copy kept elsewhere is freed there. Nothing
  /// waits for the release; a process that exits meanwhile never finishes it.
  public static func releaseAside(_ value: consuming some Any) {
    let box = Unchecked(value)
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
  }

  /// A value handed to one other thread that alone uses it from then on.
  private final class Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: consuming T) { self.value = value }
  }

  /// Reports `done` of `total` units of the work named `label` and throws
  /// ``CobroError/interrupted`` when Ctrl-C was pressed; called every ``stride`` rows or so by
  /// the thread that runs the command.
  public static func checkpoint(_ label: String, done: Int, of total: Int) throws(CobroError) {
    if requested { throw .interrupted }
    reporter?(label, done, total)
  }
}
