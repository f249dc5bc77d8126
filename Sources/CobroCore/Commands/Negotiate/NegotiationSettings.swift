/// The settings of payment plans: the NPV's discount rate and the usury cap.
enum NegotiationSettings {
  /// `discount_rate` and `usury`, in the order a recording pins them.
  static let all: [SettingDefinition] = [
    rateSetting(
      name: "discount_rate",
      argument: .discountRate,
      summary: "effective annual rate of a plan's npv (none: no npv)"
    ),
    rateSetting(
      name: "usury",
      argument: .usuryCap,
      summary: "the usury cap, an effective annual rate; plans above it are flagged (none: no cap)"
    ),
  ]

  /// A setting holding an effective annual rate (`24.36%` or `0.2436`), or `none`.
  ///
  /// The value is kept as the fraction with its minimal decimals (`0.2436`).
  private static func rateSetting(name: String, argument: PlanArgument, summary: String)
    -> SettingDefinition
  {
    SettingDefinition(
      name: name,
      takes: "RATE (24.36% or 0.2436, effective annual) or none",
      summary: summary,
      apply: { s, v in
        if v.lowercased() == "none" {
          s.extra[name] = nil
          return .success("none")
        }
        do throws(PlanError) {
          let rate = try Rate.parse(v, for: argument)
          s.extra[name] = rate.description
          return .success(rate.description)
        } catch {
          return .failure(SettingError(error.diagnostic.message, notes: error.diagnostic.notes))
        }
      },
      current: { $0.extra[name] ?? "none" }
    )
  }
}

extension Settings {
  /// The discount rate and usury cap in force, for plans.
  public var planSettings: PlanSettings {
    func rate(_ name: String, _ argument: PlanArgument) -> Rate? {
      extra[name].flatMap { try? Rate.parse($0, for: argument) }
    }
    return PlanSettings(
      discountRate: rate("discount_rate", .discountRate),
      usuryCap: rate("usury", .usuryCap)
    )
  }
}
