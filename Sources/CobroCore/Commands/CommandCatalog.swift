import CobroShell

extension CommandCatalog {
  /// The commands of cobro: the `help` groups in order, the settings of their layers, and the
  /// query layer's bare filter.
  public static let standard = CommandCatalog(
    commands: explore + negotiate + followUp + script,
    settings: CommandCatalog.settings,
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
      MessageCommands.templates, MessageCommands.message, MessageCommands.letter,
      MessageCommands.campaign,
    ]
  }

  /// Scripts, recording, settings, the session itself (`Commands/Script`).
  static var script: [CommandDefinition] {
    [
      BuiltinCommands.help, BuiltinCommands.set, BuiltinCommands.echo, BuiltinCommands.quit,
      BuiltinCommands.sourceCommand, ScriptCommands.record,
    ]
  }
}

extension SettingsCatalog {
  /// Every setting of the standard catalogue: the built-in ones followed by those the layers of
  /// the commands declare (``CommandCatalog/settings``), in the order a recording writes them.
  public static let all: [SettingDefinition] = builtIn + CommandCatalog.settings

  /// The definition of `name`, if any.
  public static func definition(_ name: String) -> SettingDefinition? {
    all.first { $0.name == name.lowercased() }
  }
}

extension Session {
  /// Creates a session with the standard catalogue, writing to the given sinks.
  public convenience init(
    settings: Settings,
    out: any TextSink,
    err: any TextSink,
    parameters: [String: String] = [:]
  ) {
    self.init(settings: settings, out: out, err: err, parameters: parameters, catalog: .standard)
  }
}
