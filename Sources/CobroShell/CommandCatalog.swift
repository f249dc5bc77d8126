/// Every command of the language, the settings its layers declare, and what a line that starts
/// with no command does.
///
/// The session knows no command by name: it is handed a catalogue (the commands layer's
/// `CommandCatalog.standard` unless a caller gives another) and registers what it holds. The
/// order is that of `help` within each group.
public struct CommandCatalog: Sendable {
  /// The commands, in `help` order within each group.
  public var commands: [CommandDefinition]
  /// The settings the layers of the commands declare, in the order `set` lists them; they
  /// follow the built-in ones of the shell (``SettingsCatalog``).
  public var settings: [SettingDefinition]
  /// What a line that does not start with a command word does.
  public var bareFilter: (@Sendable (Session, CommandInvocation) throws -> Void)?

  /// Creates a catalogue.
  public init(
    commands: [CommandDefinition],
    settings: [SettingDefinition] = [],
    bareFilter: (@Sendable (Session, CommandInvocation) throws -> Void)? = nil
  ) {
    self.commands = commands
    self.settings = settings
    self.bareFilter = bareFilter
  }
}
