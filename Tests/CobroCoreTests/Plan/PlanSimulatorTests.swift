import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPlan

/// The expected recovery of a settlement offer over aging buckets.
@Suite struct PlanSimulatorTests {
  /// `0-30=0.5`, `31-90=0.3`, `91+=0.1`.
  static func buckets() throws -> [AcceptanceBucket] {
    try ["0-30=0.5", "31-90=0.3", "91+=0.1"].enumerated().map { i, text throws(PlanError) in
      try AcceptanceBucket.parse(text, index: i)
    }
  }

  static let accounts = [
    RecoveryAccount(id: "a", balance: 100_001, daysOverdue: 0),
    RecoveryAccount(id: "b", balance: 50_000, daysOverdue: 30),
    RecoveryAccount(id: "c", balance: 33_333, daysOverdue: 31),
    RecoveryAccount(id: "d", balance: 1, daysOverdue: 400),
    RecoveryAccount(id: "e", balance: 5, daysOverdue: 91),
  ]

  @Test func perBucketAndTotals() throws {
    let discount = try Percentage.parse("10%", for: .discount)
    let r = try PlanSimulator.expectedRecovery(
      accounts: Self.accounts,
      discount: discount,
      buckets: Self.buckets()
    )
    // Offers: a 100001 − 10000 = 90001; b 45000; c 33333 − 3333 = 30000; d 1 − 0 = 1; e 5 − 1 = 4.
    #expect(r.buckets.map(\.accounts) == [2, 1, 2])
    #expect(r.buckets.map(\.balance) == [150_001, 33_333, 6])
    #expect(r.buckets.map(\.offer) == [135_001, 30_000, 5])
    // round(135001 × 0.5) = 67500.5 -> 67501; 9000; round(0.5) -> 1.
    #expect(r.buckets.map(\.expectedCash) == [67_501, 9_000, 1])
    #expect(r.totalBalance == 183_340)
    #expect(r.totalOffer == 165_006)
    #expect(r.totalDiscount == 18_334)
    // Σ offer × p = 67500.5 + 9000 + 0.5 = 76501 exactly: one rounding at the end.
    #expect(r.expectedCash == 76_501)
  }

  @Test func totalRoundsOnceAndMayDifferFromTheBuckets() throws {
    let buckets = try ["0-10=0.5", "11+=0.5"].enumerated().map { i, t throws(PlanError) in
      try AcceptanceBucket.parse(t, index: i)
    }
    let accounts = [
      RecoveryAccount(id: "x", balance: 1, daysOverdue: 1),
      RecoveryAccount(id: "y", balance: 1, daysOverdue: 20),
    ]
    let r = try PlanSimulator.expectedRecovery(
      accounts: accounts,
      discount: .zero,
      buckets: buckets
    )
    #expect(r.buckets.map(\.expectedCash) == [1, 1])  // 0.5 -> 1 each
    #expect(r.expectedCash == 1)  // 0.5 + 0.5 = 1
  }

  @Test func accountInNoBucketIsNamed() throws {
    let buckets = try ["1-30=0.5", "61+=0.1"].enumerated().map { i, t throws(PlanError) in
      try AcceptanceBucket.parse(t, index: i)
    }
    let accounts = [RecoveryAccount(id: "A-17", balance: 100, daysOverdue: 45)]
    #expect(throws: PlanError(.accounts, .accountInNoBucket("A-17", daysOverdue: 45))) {
      try PlanSimulator.expectedRecovery(accounts: accounts, discount: .zero, buckets: buckets)
    }
    let current = [RecoveryAccount(id: "B-1", balance: 100, daysOverdue: 0)]
    #expect(throws: PlanError(.accounts, .accountInNoBucket("B-1", daysOverdue: 0))) {
      try PlanSimulator.expectedRecovery(accounts: current, discount: .zero, buckets: buckets)
    }
  }

  @Test(arguments: [
    (["0-30=0.5", "20-60=0.3"], 1, "buckets '0-30' and '20-60' overlap"),
    (["31+=0.1", "0-31=0.5"], 1, "buckets '31+' and '0-31' overlap"),
    (["0+=0.1", "500-600=0.5"], 1, "buckets '0+' and '500-600' overlap"),
  ])
  func overlappingBuckets(texts: [String], index: Int, message: String) throws {
    let buckets = try texts.enumerated().map { i, t throws(PlanError) in
      try AcceptanceBucket.parse(t, index: i)
    }
    #expect(throws: PlanError(.bucket(index: index), Diagnostic.Message(message))) {
      try PlanSimulator.expectedRecovery(accounts: [], discount: .zero, buckets: buckets)
    }
  }

  @Test(arguments: [
    ("0-30", "'0-30' is not a bucket (LO-HI=P or LO+=P)"),
    ("a-30=0.5", "'a-30=0.5' is not a bucket (LO-HI=P or LO+=P)"),
    ("0-30=x", "'0-30=x' is not a bucket (LO-HI=P or LO+=P)"),
    ("60-30=0.5", "bucket '60-30' ends before it starts"),
    ("0-30=1.5", "probability '1.5' is not between 0 and 1"),
  ])
  func badBuckets(text: String, message: String) {
    #expect(throws: PlanError(.bucket(index: 3), Diagnostic.Message(message))) {
      try AcceptanceBucket.parse(text, index: 3)
    }
  }

  @Test func bucketLabels() throws {
    #expect(try Self.buckets().map(\.label) == ["0-30", "31-90", "91+"])
  }
}
