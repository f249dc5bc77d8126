import CobroDiagnostics
import CobroShell

/// `source FILE`.
extension BuiltinCommands {
  static let sourceCommand = CommandDefinition(
    name: "source",
    group: .script,
    synopsis: "source FILE",
    summary: "run the commands of another script (relative to the including script)",
    example: "source common.cobro"
  ) { session, inv in
    var cursor = inv.cursor
    let fileToken = try cursor.expectValue("a script file")
    try cursor.expectEnd()
    let path = session.resolve(fileToken.text, from: inv.source)
    let depth = session.state.sourceDepth
    guard depth < InputLimits.sourceDepth else {
      throw inv.error(
        "'source' nested more than \(InputLimits.sourceDepth) deep (a script sources itself?)",
        at: fileToken
      )
    }
    let text: String
    do {
      text = try TextFile.read(path)
    } catch let e as CobroError {
      guard case .cannotOpen(_, let reason) = e else { throw e }
      throw UnopenableFile(inv.error("cannot open '\(fileToken.text)': \(reason)", at: fileToken))
    }
    session.state.sourceDepth = depth + 1
    defer { session.state.sourceDepth = depth }
    let outcome = session.run(SourceFile(name: path, text: text))
    if outcome.errors > 0 {
      let error = inv.error("'\(fileToken.text)' stopped at an error", at: fileToken)
      if outcome.errors == outcome.unopenable { throw UnopenableFile(error) }
      throw error
    }
  }
}
