/// The wording of the diagnostics any command may give, in one place.
extension Diagnostic {
  /// A file a command names that cannot be opened.
  package static func cannotOpen(_ path: String, reason: String) -> Diagnostic {
    Diagnostic(.error, "cannot open '\(path)': \(reason)")
  }

  /// Work stopped by Ctrl-C.
  package static var interrupted: Diagnostic { Diagnostic(.error, "interrupted") }
}
