import CobroPlan
import CobroShell

/// The settings of payment plans: the NPV's discount rate and the usury cap.
enum NegotiationSettings {
  /// `discount_rate` and `usury`, in the order a recording pins them.
  static let all: [SettingDefinition] = [
    rateSetting(
      name: "discount_rate",
      argument: .discountRate,
      \.discountRate,
      summary: "effective annual rate of a plan's npv (none: no npv)"
    ),
    rateSetting(
      name: "usury",
      argument: .usuryCap,
      \.usuryCap,
      summary: "the usury cap, an effective annual rate; plans above it are flagged (none: no cap)"
    ),
  ]

  /// A setting holding an effective annual rate (`24.36%` or `0.2436`), or `none`.
  ///
  /// The value is shown as the fraction with its minimal decimals (`0.2436`).
  private static func rateSetting(
    name: String,
    argument: PlanArgument,
    _ rate: any WritableKeyPath<PlanSettings, Rate?> & Sendable,
    summary: String
  ) -> SettingDefinition {
    SettingDefinition(
      name: name,
      takes: "RATE (24.36% or 0.2436, effective annual) or none",
      summary: summary,
      apply: { s, v in
        if v.lowercased() == "none" {
          s.planSettings[keyPath: rate] = nil
          return .success("none")
        }
        do throws(PlanError) {
          let parsed = try Rate.parse(v, for: argument)
          s.planSettings[keyPath: rate] = parsed
          return .success(parsed.description)
        } catch {
          return .failure(SettingError(error.diagnostic.message, notes: error.diagnostic.notes))
        }
      },
      current: { $0.planSettings[keyPath: rate]?.description ?? "none" }
    )
  }
}
