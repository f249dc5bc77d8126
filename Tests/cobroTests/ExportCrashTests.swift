import Foundation
import Testing

/// `export … replace` under `kill -9`: the file is the old one or the complete new one, and no
/// temporary file is left beside it.
@Suite struct ExportCrashTests {
  /// The names in a folder that are cobro's temporary files.
  static func temporaries(in folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasPrefix(".cobro-") }.sorted()
  }

  /// Kills cobro at random instants while it exports a generated portfolio again and again,
  /// each time over the file before; `COBRO_KILL_SEED` replays the instants of a failed run.
  @Test func killsDuringReplacingExportsLeaveNoTemporaryFile() throws {
    let folder = try CobroProcess.temporaryFolder()
    let csv = folder + "/cartera.csv"
    let generated = try CobroProcess.run(["generate", "--accounts", "10000", "--seed", "3"])
    try #require(generated.status == 0, "\(generated.err)")
    try generated.out.write(toFile: csv, atomically: false, encoding: .utf8)
    let out = folder + "/exports/lista.csv"
    try FileManager.default.createDirectory(
      atPath: folder + "/exports",
      withIntermediateDirectories: true
    )
    let exports = 4
    let commands = String(repeating: "export \(out) replace list\n", count: exports)
    // One calm run gives the exported text and the span the kills are spread over.
    let started = Date()
    let calm = try CobroProcess.run([csv], stdin: commands)
    try #require(calm.status == 0, "\(calm.err)")
    let span = Date().timeIntervalSince(started)
    let expected = try String(contentsOfFile: out, encoding: .utf8)
    try FileManager.default.removeItem(atPath: out)

    let seed =
      UInt64(ProcessInfo.processInfo.environment["COBRO_KILL_SEED"] ?? "")
      ?? UInt64.random(in: 1...UInt64.max)
    var random = JournalCrashTests.SplitMix(state: seed)
    for round in 0..<12 {
      let running = try CobroProcess.start([csv])
      running.write(commands)
      usleep(UInt32(Double.random(in: 0...span, using: &random) * 1_000_000))
      running.child.signal(SIGKILL)
      running.closeInput()
      _ = running.finish()
      #expect(
        Self.temporaries(in: folder + "/exports").isEmpty,
        "seed \(seed), round \(round): left \(Self.temporaries(in: folder + "/exports"))"
      )
      if let written = try? String(contentsOfFile: out, encoding: .utf8) {
        #expect(written == expected, "seed \(seed), round \(round): a partial export")
      }
    }
  }
}
