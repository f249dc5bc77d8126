import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Foundation
import Testing

@testable import CobroFuzzing

/// Replays every fuzz seed and every input a fuzzer ever found, without the fuzzer.
///
/// Each file of `Fuzz/Seeds/TARGET/` and `Fuzz/Regressions/TARGET/` goes through the target it
/// belongs to and must return normally. Inputs under `Fuzz/Known/` are for problems not fixed
/// yet and are left out.
@Suite struct FuzzRegressionTests {
  /// The `Fuzz` folder of the project.
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path + "/Fuzz"
  }()

  /// The files directly in a folder, sorted by name (none when it does not exist).
  static func inputs(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
  }

  @Test(arguments: FuzzTarget.allCases)
  func seedsAndRegressionsRunCleanly(_ target: FuzzTarget) throws {
    let seeds = Self.inputs(in: Self.root + "/Seeds/" + target.rawValue)
    #expect(!seeds.isEmpty, "no seeds for \(target.rawValue)")
    for path in seeds + Self.inputs(in: Self.root + "/Regressions/" + target.rawValue) {
      let bytes = try #require(FileManager.default.contents(atPath: path), "\(path)")
      target.run(Array(bytes))
    }
  }

  @Test func scriptsNeverReachTheFileSystem() {
    let session = FuzzTarget.makeSession(on: nil)
    let source = SourceFile(
      name: "<t>",
      text: "cargar x.csv\nSOURCE y\nbitacora j.db\nset templates d\nlist export a.csv\ncount"
    )
    let kept = Lexer(source: source).statements().filter {
      FuzzTarget.isContained($0, in: session)
    }
    #expect(kept.map(\.text) == ["count"])
  }
}
