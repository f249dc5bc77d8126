/// A failure of the environment rather than of what the user wrote.
///
/// Each case maps to an exit status of `spec/cli.md`.
public enum CobroError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A file cannot be opened or read (exit 66).
  case cannotOpen(path: String, reason: String)
  /// The input is unusable as a whole: empty, binary, missing required columns (exit 65).
  case badInput(path: String, reason: String)
  /// A write failed (exit 70 at the command line, an error at the prompt).
  case cannotWrite(path: String, reason: String)
  /// The user interrupted the command with Ctrl-C (exit 130).
  case interrupted

  /// The message shown to the user.
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): "\(path): error: cannot open: \(reason)"
    case .badInput(let path, let reason): "\(path): error: \(reason)"
    case .cannotWrite(let path, let reason): "\(path): error: cannot write: \(reason)"
    case .interrupted: "interrupted"
    }
  }

  /// The exit status of `spec/cli.md` for this failure.
  public var exitStatus: Int32 {
    switch self {
    case .cannotOpen: ExitStatus.cannotOpenInput
    case .badInput: ExitStatus.dataError
    case .cannotWrite: ExitStatus.internalError
    case .interrupted: ExitStatus.interrupted
    }
  }
}

/// The exit statuses of the outside contract.
public enum ExitStatus {
  /// Success.
  public static let success: Int32 = 0
  /// `cobro test` found a difference.
  public static let testFailed: Int32 = 1
  /// Bad command-line arguments.
  public static let usage: Int32 = 64
  /// An error in a command, a script or the input data.
  public static let dataError: Int32 = 65
  /// An input file cannot be opened.
  public static let cannotOpenInput: Int32 = 66
  /// Internal error.
  public static let internalError: Int32 = 70
  /// Interrupted by Ctrl-C.
  public static let interrupted: Int32 = 130
}
