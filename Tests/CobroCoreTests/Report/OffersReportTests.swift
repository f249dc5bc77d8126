import Foundation
import Testing

@testable import CobroCore
@testable import CobroPlan
@testable import CobroPortfolio

/// The offers of `offers`, computed in the domain and rendered by the one renderer.
@Suite struct OffersReportTests {
  static func report(_ cents: Cents, _ behavior: Behavior) throws -> OffersReport {
    try OffersReport.compute(
      PlanBalance(cents),
      behavior: behavior,
      asOf: try #require(Day("2026-12-01")),
      settings: PlanSettings()
    )
  }

  /// The lump sum of 1,000,000.00 less 20% is 800,000.00, kept by a habitual debtor with
  /// probability 0.60: 480,000.00.
  @Test func lumpSumByHand() throws {
    let r = try Self.report(100_000_000, .habitual)
    #expect(r.offers.map(\.name) == ["lump", "3", "6", "12", "24"])
    #expect(r.keep == 60)
    #expect(r.offers[0].expectedValue == 48_000_000)
    #expect(r.offers[0].plan.summary.totalPaid == 80_000_000)
  }

  /// A plan's payments are its installments, the first one payment 1: three equal payments of
  /// 340,022.11 at 1% a month, kept by a punctual debtor (0.95, 0.9025, 0.857375).
  @Test func installmentsByHand() throws {
    let r = try Self.report(100_000_000, .punctual)
    let three = r.offers[1]
    let payments = three.plan.schedule.dropFirst().map(\.payment)
    #expect(payments.count == 3)
    let exact = payments.enumerated().reduce(Decimal(0)) { sum, p in
      sum + Decimal(p.element) * pow(Decimal(0.95), p.offset + 1)
    }
    var rounded = Decimal()
    var value = exact
    NSDecimalRound(&rounded, &value, 0, .plain)
    #expect(three.expectedValue == Cents(truncating: rounded as NSNumber))
  }

  /// Every format renders the same report: JSON with one object per offer, nulls where a
  /// setting is off (`npv`, `within_cap`) and the lump sum has no rate.
  @Test func rendersAsJSON() throws {
    let r = try Self.report(100_000_000, .habitual)
    let json = ResultRenderer(format: .json).render(r.table).text
    #expect(
      json.hasPrefix(
        """
        [{"offer":"lump","installment":"800000.00","total_paid":"800000.00","interest":"0.00",\
        "waived":"0.00","discount":"200000.00","npv":null,"ear":null,"within_cap":null,\
        "expected_value":"480000.00"},{"offer":"3",
        """
      )
    )
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
    )
    #expect(rows.map { $0["offer"] as? String } == ["lump", "3", "6", "12", "24"])
    let csv = ResultRenderer(format: .csv).render(r.table).text
    #expect(csv.split(separator: "\n").count == 6)
  }

  /// `--explain` states the class and its probability, then the model.
  @Test func explanation() throws {
    let r = try Self.report(100_000_000, .occasional)
    #expect(
      r.explanation.first == "behaviour occasional: keeps each next payment with probability 0.85"
    )
    #expect(r.explanation.dropFirst().joined(separator: "\n") == OffersReport.model)
  }
}
