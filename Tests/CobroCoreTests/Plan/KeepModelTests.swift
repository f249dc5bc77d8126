import Testing

@testable import CobroCore

/// The chance of keeping each next payment, shared by `offers` and `simulate plan`.
@Suite struct KeepModelTests {
  @Test(arguments: [
    (Behavior.punctual, UInt64(95)), (.occasional, 85), (.habitual, 60), (.unknown, 75),
  ])
  func probabilityByClass(behavior: Behavior, hundredths: UInt64) {
    #expect(KeepModel.hundredths(behavior) == hundredths)
    #expect(PlanCommands.keepProbability(behavior) == hundredths)
  }

  /// The texts of help and `--explain` state the probabilities the model uses.
  @Test(arguments: Behavior.allCases)
  func textsStateTheModel(behavior: Behavior) {
    let k = KeepModel.hundredths(behavior)
    let stated = "\(behavior.name) 0.\(k)"
    #expect(KeepModel.summary.contains(stated))
    #expect(PlanCommands.offersModel.replacingOccurrences(of: "\n", with: " ").contains(stated))
  }
}
