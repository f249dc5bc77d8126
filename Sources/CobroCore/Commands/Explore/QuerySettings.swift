import CobroDiagnostics
import CobroPortfolio
import CobroShell

/// The settings of the query layer: the aging buckets and what ages are counted from.
enum QuerySettings {
  /// `buckets` and `aging_basis`, in the order a recording pins them.
  static let all: [SettingDefinition] = [
    SettingDefinition(
      name: "buckets",
      takes: "N,N,… (days) or default",
      summary: "the aging buckets: 30,60,90 gives current, 1-30, 31-60, 61-90, 91+",
      apply: { s, v in
        switch BucketScheme.parse(v) {
        case .success(let scheme):
          s.buckets = scheme
          return .success(scheme.text)
        case .failure(let e):
          return .failure(
            SettingError(
              Diagnostic.Message(e.message),
              notes: ["write increasing day counts: set buckets 30,60,90,120"]
            )
          )
        }
      },
      current: { $0.buckets.text }
    ),
    SettingDefinition(
      name: "aging_basis",
      takes: "due|issue",
      summary: "what bucket and aging count the age from: the due date or the issue date",
      apply: { s, v in
        guard let basis = AgingBasis(rawValue: v.lowercased()) else {
          return .failure(SettingError("unknown aging basis '\(v)'", notes: ["use due or issue"]))
        }
        s.agingBasis = basis
        return .success(basis.rawValue)
      },
      current: { $0.agingBasis.rawValue }
    ),
    SettingDefinition(
      name: "export",
      takes: "csv|excel-es",
      summary:
        "how 'export FILE.csv' writes: csv (',' and '.') or excel-es (';', decimal ',', BOM, CRLF)",
      apply: { s, v in
        guard CSVDialect.profile(named: v) != nil else {
          return .failure(
            SettingError(
              "unknown export profile '\(v)'",
              notes: [
                Diagnostic.Message(
                  "profiles: " + CSVDialect.profiles.map(\.name).joined(separator: ", ")
                )
              ]
            )
          )
        }
        let name = v.lowercased()
        s.exportProfile = name == "csv" ? nil : name
        return .success(name)
      },
      current: { $0.exportProfile ?? "csv" }
    ),
  ]
}

extension Settings {
  /// How `export FILE.csv` writes when the command gives no options (`set export`).
  public var exportDialect: CSVDialect {
    exportProfile.flatMap { CSVDialect.profile(named: $0) } ?? CSVDialect()
  }
}
