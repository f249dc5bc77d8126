import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Testing

/// Help and charts fit the width in force, breaking lines at blanks, never inside a word.
@Suite struct HelpWidthTests {
  @Test func helpFitsEightyColumnsWithoutBreakingAWord() throws {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff, format: .table)
    let names = t.session.commandList.map(\.name)
    let wide = names.map { t.run("help \($0)").out } + [t.run("help").out]
    _ = t.run("set width 80")
    for (i, topic) in (names.map { "help \($0)" } + ["help", "help fields", "help limits"])
      .enumerated()
    {
      let text = t.run(topic).out
      for line in text.split(separator: "\n") {
        #expect(line.count <= 80 || !line.dropFirst().contains(" "), "\(topic): \(line)")
      }
      // The same words in the same order: only blanks and line breaks changed.
      if i < wide.count {
        #expect(
          text.split(whereSeparator: \.isWhitespace)
            == wide[i].split(whereSeparator: \.isWhitespace),
          "\(topic)"
        )
      }
    }
  }

  @Test func chartsShortenTheirBarsToFit() throws {
    let t = TestSession(try DemoPortfolio.make(), asOf: DemoPortfolio.cutoff, format: .table)
    _ = t.run("aging")
    let wide = t.run("chart").out
    _ = t.run("set width 60; aging")
    let narrow = t.run("chart").out
    let lines = narrow.split(separator: "\n")
    #expect(lines.count == wide.split(separator: "\n").count)
    for line in lines { #expect(line.count <= 60, "\(line)") }
    #expect(narrow.contains("65.28%") || narrow.contains("%"))
    #expect(wide.split(separator: "\n").contains { $0.count > 60 })
  }
}
