import CobroDiagnostics

/// The wording of the diagnostics of scripts: `source` and `record`, in one place.
extension Diagnostic {
  /// `record stop` while nothing is recorded.
  package static var notRecording: Diagnostic { Diagnostic(.error, "not recording") }

  /// `record FILE` while a recording is under way.
  package static func alreadyRecording(to path: String) -> Diagnostic {
    Diagnostic(.error, "already recording to '\(path)'", notes: ["'record stop' ends it"])
  }

  /// A recording that cannot start, in the words of its error.
  package static func cannotRecord(_ error: CobroError) -> Diagnostic {
    Diagnostic(.error, "\(error.description)")
  }

  /// `source` nested deeper than ``InputLimits/sourceDepth``.
  package static var sourceTooDeep: Diagnostic {
    Diagnostic(
      .error,
      "'source' nested more than \(InputLimits.sourceDepth) deep (a script sources itself?)"
    )
  }

  /// A sourced script that stopped at an error of its own.
  package static func sourceStopped(_ file: String) -> Diagnostic {
    Diagnostic(.error, "'\(file)' stopped at an error")
  }
}
