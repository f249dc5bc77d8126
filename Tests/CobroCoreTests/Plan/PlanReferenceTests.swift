import Foundation
import Testing

@testable import CobroCore
@testable import CobroPlan

/// Cross-checks random plans, cent by cent and digit by digit, against an independent Python
/// implementation (`plan_reference.py`: exact fractions, 80-digit decimals, stdlib only).
@Suite struct PlanReferenceTests {
  /// The seed of the cross-check cases.
  static let seed: UInt64 = 0xC0B2_0000_0000_0001
  /// How many random plans are compared.
  static let caseCount = 300

  /// The `python3` executable on the `PATH`, if any.
  static func python() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = dir + "/python3"
      if FileManager.default.isExecutableFile(atPath: String(candidate)) {
        return String(candidate)
      }
    }
    return nil
  }

  /// What cobro prints for a case: the plan's csv, or `error` when the plan is refused.
  static func cobroOutput(_ c: RandomPlanCase) throws -> String {
    let (balance, request, settings) = try c.parsed()
    do {
      return try PaymentPlan.compute(balance, request, settings: settings).csv()
    } catch {
      return "error\n"
    }
  }

  @Test func randomPlansMatchTheReference() throws {
    guard let python = Self.python() else {
      print("skipped: python3 is not on the PATH")
      return
    }
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("plan_reference.py")
    var g = SplitMix64(seed: Self.seed)
    let cases = (0..<Self.caseCount).map { _ in RandomPlanCase(using: &g) }
    let input = FileManager.default.temporaryDirectory
      .appendingPathComponent(
        "cobro-plan-reference-\(ProcessInfo.processInfo.processIdentifier).tsv"
      )
    try (cases.map(\.referenceLine).joined(separator: "\n") + "\n")
      .write(to: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: input) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script.path]
    process.standardInput = try FileHandle(forReadingFrom: input)
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "plan_reference.py failed")

    let expected = String(decoding: data, as: UTF8.self).components(separatedBy: "===\n")
    try #require(expected.count == cases.count + 1)
    var mismatches = 0
    for (i, c) in cases.enumerated() {
      let actual = try Self.cobroOutput(c)
      if actual != expected[i] {
        mismatches += 1
        if mismatches <= 5 {
          let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
          let e = expected[i].split(separator: "\n", omittingEmptySubsequences: false)
          let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
          Issue.record(
            """
            case \(i) (seed \(Self.seed)): \(c)
            first difference at line \(line + 1):
              cobro:     \(line < a.count ? String(a[line]) : "<end>")
              reference: \(line < e.count ? String(e[line]) : "<end>")
            """
          )
        }
      }
    }
    #expect(mismatches == 0, "\(mismatches) of \(cases.count) plans differ")
  }
}
