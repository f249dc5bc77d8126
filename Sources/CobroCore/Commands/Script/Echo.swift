import CobroShell

/// `echo TEXT`.
extension BuiltinCommands {
  static let echo = CommandDefinition(
    name: "echo",
    group: .script,
    synopsis: "echo TEXT",
    summary: "print text on stdout (headings in scripts)",
    example: "echo \"Monthly report\""
  ) { session, inv in
    session.print(inv.args.map(\.text).joined(separator: " "))
  }
}
