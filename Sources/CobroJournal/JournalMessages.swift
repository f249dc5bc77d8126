import CobroDiagnostics

/// The warnings of the follow-up journal, in one place.
extension Diagnostic {
  /// Promises or agreements judged without a payments file: every one counts as unpaid.
  package static func noPaymentsLoaded(_ what: String) -> Diagnostic {
    Diagnostic(.warning, "no payments loaded: every \(what) counts as unpaid")
  }

  /// The journal could not be read for the journal fields of a query.
  package static func journalFieldsEmpty(_ error: JournalError) -> Diagnostic {
    Diagnostic(.warning, "\(error.description): journal fields read as empty")
  }
}
