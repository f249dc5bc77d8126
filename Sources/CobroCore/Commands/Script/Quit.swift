import CobroShell

/// `quit`.
extension BuiltinCommands {
  static let quit = CommandDefinition(
    name: "quit",
    aliases: ["exit", "salir"],
    group: .script,
    synopsis: "quit",
    summary: "leave cobro (Ctrl-D too); history is saved",
    completion: { _ in .nothing }
  ) { session, inv in
    try inv.cursor.expectEnd()
    session.state.quit = true
  }
}
