import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

/// Days overdue have one definition (`ComputedFields.daysOverdue(due:balance:asOf:)`); every
/// reader agrees with it and with the formulas each of them used before.
@Suite struct DaysOverdueTests {
  /// The per-row formula of `ComputedFields` and `FieldValues` before the single definition.
  static func perRow(_ due: Int32, _ balance: Int64, _ asOf: Int) -> Int {
    guard due != Day.missing, balance > 0 else { return 0 }
    return max(0, asOf - Int(due))
  }

  /// The branch-free formula of `group by`'s sums before the single definition.
  static func branchFree(_ due: Int32, _ balance: Int64, _ asOf: Int) -> Int {
    let late = due != Day.missing && balance > 0 ? asOf &- Int(due) : 0
    return late > 0 ? late : 0
  }

  /// The due-date age the aging buckets used before (`nil`: the row stayed `current`).
  static func bucketAge(_ due: Int32, _ balance: Int64, _ asOf: Int) -> Int? {
    guard balance > 0, due != Day.missing else { return nil }
    return asOf - Int(due)
  }

  @Test func agreesWithThePreviousFormulas() {
    let asOf = Int(Day.daysFromCivil(2026, 11, 30))
    let dues: [Int32] = [
      Day.missing, Int32(asOf), Int32(asOf - 1), Int32(asOf + 1), Int32(asOf - 45),
      Int32(asOf - 400), Int32(asOf + 4_000), Int32(Int16.min), Int32(Int16.max),
    ]
    let balances: [Int64] = [.min, -1, 0, 1, 150_000, .max]
    let scheme = BucketScheme.standard
    for due in dues {
      for balance in balances {
        let days = ComputedFields.daysOverdue(due: due, balance: balance, asOf: asOf)
        #expect(days == Self.perRow(due, balance, asOf), "\(due) \(balance)")
        #expect(days == Self.branchFree(due, balance, asOf), "\(due) \(balance)")
        let previous = Self.bucketAge(due, balance, asOf).map { scheme.index(days: $0) } ?? 0
        #expect(scheme.index(days: days) == previous, "\(due) \(balance)")
      }
    }
  }

  /// The query field, the scan view, the aging buckets and `group by`'s sum read one value per
  /// row, the oracle's, at the cut-off and at an earlier as-of date (payments added back).
  @Test(arguments: [UInt64(7), 19])
  func everyReaderAgrees(seed: UInt64) throws {
    let data = RandomPortfolio(seed: seed, count: 400)
    let p = try data.load()
    for asOf in [data.cutoff, data.cutoff.adding(days: -40)] {
      let context = QueryContext(asOf: asOf)
      let evaluator = Evaluator(portfolio: p, context: context)
      let checker = Checker(
        portfolio: p,
        context: context,
        source: SourceFile(name: "", text: "")
      )
      let field = try #require(checker.field(named: "overdue"))
      let values = try FieldValues(field, evaluator: evaluator)
      let view = p.computed(asOf: asOf)
      let buckets = try evaluator.derived.bucketCodes(context)
      for (r, a) in data.accounts.enumerated() {
        let expected = data.overdue(a, asOf: asOf)
        #expect(view.daysOverdue(row: r) == expected)
        #expect(p.daysOverdue(row: r, asOf: asOf) == expected)
        #expect(values.text(r) == String(expected))
        #expect(
          context.buckets.labels[Int(buckets[r])] == data.bucket(a, asOf: asOf),
          "row \(r)"
        )
      }
    }
  }
}
