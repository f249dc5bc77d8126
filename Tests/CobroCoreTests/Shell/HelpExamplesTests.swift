import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation
import Testing

/// Every command's help example runs on the demo portfolio, whatever today's date is: the demo
/// opens as of today, so the examples are run as of several dates around and after its cut-off.
///
/// Each runs as a script in a folder of its own that holds the files the examples name
/// (`cartera.csv`, `pagos.csv`, `common.cobro`), so that what they write stays there.
@Suite struct HelpExamplesTests {
  /// As-of dates: the cut-off, a week and a month after it, and a year and a half after.
  static let dates: [Day] = [0, 7, 31, 550].map { DemoPortfolio.cutoff.adding(days: $0) }

  @Test(arguments: dates)
  func everyExampleRunsOnTheDemo(asOf: Day) throws {
    let portfolio = try DemoPortfolio.make()
    let commands = TestSession().session.commandList
    #expect(commands.count > 30)
    for command in commands where !command.example.isEmpty {
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("cobro-examples-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: folder) }
      // A fresh session each time: one example's promise is not another's.
      let t = TestSession(portfolio, asOf: asOf, format: .table)
      let files = t.run("export \"\(folder)/cartera.csv\" list")
      #expect(files.ok, "\(files.err)")
      try "account_id,date,amount\nCO-0000001,2026-11-02,150000.00\n"
        .write(toFile: folder + "/pagos.csv", atomically: true, encoding: .utf8)
      try "count\n".write(toFile: folder + "/common.cobro", atomically: true, encoding: .utf8)
      let r = t.run(command.example, file: folder + "/example.cobro")
      #expect(r.ok, "\(asOf) \(command.name): \(command.example)\n\(r.err)")
    }
  }
}
