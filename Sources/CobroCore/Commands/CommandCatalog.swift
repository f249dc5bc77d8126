/// Every command of the language and what a line that starts with none of them does.
///
/// The session knows no command by name: it is handed a catalogue (``standard`` unless a caller
/// gives another) and registers what it holds. The order is that of `help` within each group.
public struct CommandCatalog: Sendable {
  /// The commands, in `help` order within each group.
  public var commands: [CommandDefinition]
  /// What a line that does not start with a command word does.
  public var bareFilter: (@Sendable (Session, CommandInvocation) throws -> Void)?

  /// Creates a catalogue.
  public init(
    commands: [CommandDefinition],
    bareFilter: (@Sendable (Session, CommandInvocation) throws -> Void)? = nil
  ) {
    self.commands = commands
    self.bareFilter = bareFilter
  }

  /// The commands of cobro: the `help` groups in order, and the query layer's bare filter.
  public static let standard = CommandCatalog(
    commands: explore + negotiate + followUp + history + script,
    bareFilter: { session, inv in try QueryCommands.bareFilter(session, inv) }
  )

  /// The settings the layers of the commands declare, in the order `set` lists them.
  ///
  /// They follow the built-in ones of the shell (``SettingsCatalog``). Kept apart from
  /// ``standard``, whose help texts list the settings.
  public static let settings: [SettingDefinition] =
    QuerySettings.all + JournalCommands.settings + ContactCommands.settings
    + NegotiationSettings.all + MessageCommands.settings

  /// Load, validate and explore a portfolio (`Commands/Explore`).
  static var explore: [CommandDefinition] {
    [
      BuiltinCommands.load, BuiltinCommands.rejects,
      ValidateCommands.validate, ValidateCommands.describe,
      QueryCommands.count, QueryCommands.aggregate(.sum), QueryCommands.aggregate(.avg),
      QueryCommands.aggregate(.min), QueryCommands.aggregate(.max), QueryCommands.list,
      QueryCommands.top, QueryCommands.group, QueryCommands.aging, QueryCommands.show,
      QueryCommands.debtor, QueryCommands.concentration, QueryCommands.chart,
      QueryCommands.export, QueryCommands.letCommand, QueryCommands.sets,
      RecodeCommand.definition,
    ]
  }

  /// Plans, offers and what-if simulations (`Commands/Negotiate`).
  static var negotiate: [CommandDefinition] {
    [PlanCommands.plan, PlanCommands.offers, PlanCommands.simulate]
  }

  /// Promises, agreements, contacts, messages (`Commands/FollowUp`).
  static var followUp: [CommandDefinition] {
    [
      JournalCommands.promise, JournalCommands.contact, JournalCommands.cancel,
      JournalCommands.promises, JournalCommands.journal,
      AgreementCommands.agree, AgreementCommands.agreements,
      ContactCommands.holidays,
      MessageCommands.templates, MessageCommands.message, MessageCommands.campaign,
    ]
  }

  /// Cut-offs, roll rates, collections and KPIs over time (`Commands/History`).
  static var history: [CommandDefinition] {
    [HistoryCommands.history, HistoryCommands.roll, HistoryCommands.collected, HistoryCommands.kpi]
  }

  /// Scripts, recording, settings, the session itself (`Commands/Script`).
  static var script: [CommandDefinition] {
    [
      BuiltinCommands.help, BuiltinCommands.set, BuiltinCommands.echo, BuiltinCommands.quit,
      BuiltinCommands.sourceCommand, ScriptCommands.record,
    ]
  }
}
