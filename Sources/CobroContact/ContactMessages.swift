import CobroDiagnostics

/// The warnings of the contact rules, in one place.
extension Diagnostic {
  /// A contact the rules forbid, logged anyway because of `force`.
  package static func contactForcedPastRule(rules: String, at: LocalTime, rule: String)
    -> Diagnostic
  {
    Diagnostic(
      .warning,
      Diagnostic.Message(
        "the \(rules) contact rules forbid this contact at \(at) (\(rule)); "
          + "logged because of 'force'"
      )
    )
  }
}
