import CobroDiagnostics

/// The wording of the diagnostics of loading a portfolio, in one place.
extension Diagnostic {
  /// `decimal` followed by neither separator.
  package static var expectedDecimalSeparator: Diagnostic {
    Diagnostic(.error, "expected ',' or '.' after 'decimal'")
  }

  /// A `dates` order that is neither `iso` nor `dmy`.
  package static func unknownDateOrder(_ text: String) -> Diagnostic {
    Diagnostic(.error, "unknown date order '\(text)'", notes: ["use iso or dmy"])
  }

  /// An `encoding` that is neither `utf8` nor `cp1252`.
  package static func unknownEncoding(_ text: String) -> Diagnostic {
    Diagnostic(.error, "unknown encoding '\(text)'", notes: ["use utf8 or cp1252"])
  }

  /// A `header` row outside a sheet's rows.
  package static func notAHeaderRow(_ text: String) -> Diagnostic {
    Diagnostic(
      .error,
      "'\(text)' is not a row number",
      notes: ["the header row is a sheet row, 1 to 1048576"]
    )
  }

  /// A word `load` does not take.
  package static func unexpectedInLoad(_ text: String, notes: [Message]) -> Diagnostic {
    Diagnostic(.error, "unexpected '\(text)' in load", notes: notes)
  }

  /// `load … strict` that rejected rows.
  package static func strictLoadRejected(_ count: Int) -> Diagnostic {
    Diagnostic(.error, "strict load: \(count) row\(count == 1 ? "" : "s") rejected, nothing loaded")
  }

  /// A column map that cannot be opened.
  package static func cannotOpenColumnMap(_ path: String, reason: String) -> Diagnostic {
    Diagnostic(.error, "cannot open the column map '\(path)': \(reason)")
  }

  /// A file whose SHA-256 is not the one a recording pinned.
  package static func changedSinceRecorded(_ path: String) -> Diagnostic {
    Diagnostic(
      .warning,
      "'\(path)' changed since it was recorded (sha256 differs)",
      notes: ["the output may differ from the recording"]
    )
  }
}
