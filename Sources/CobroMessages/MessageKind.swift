import CobroPortfolio

/// A channel a collection message goes out on (the values of the portfolio's `channel` column).
public enum MessageChannel: String, Hashable, Sendable, CaseIterable, Comparable {
  /// A WhatsApp message.
  case whatsapp
  /// A text message, at most 160 characters to fit one SMS.
  case sms
  /// An e-mail body, HTML: values are escaped.
  case email
  /// A script the collector reads on a call.
  case call

  /// The channel for a word in any spelling a portfolio's `channel` column accepts (`correo`,
  /// `llamada`, `mensaje`, `teléfono`…), ignoring case and accents: one vocabulary for the
  /// portfolio, the journal and the messages.
  public init?(word: String) {
    guard let canonical = Vocabulary.closed["channel"]?[CanonicalSchema.fold(word)] else {
      return nil
    }
    self.init(rawValue: canonical)
  }

  /// The order of `templates`: the order of the cases.
  public static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}

/// Where an account stands, which decides the words of its message.
///
/// The stage is read from the balance, the status, the due date and the days overdue at the
/// as-of date (`MessageStage.of`); `bureau-notice` is never chosen automatically: a command asks
/// for it with `stage bureau-notice`.
public enum MessageStage: String, Hashable, Sendable, CaseIterable, Comparable {
  /// Not due yet: a reminder N days before the due date.
  case preventive = "preventive"
  /// Due on the as-of date.
  case dueToday = "due-today"
  /// 1 to 30 days overdue.
  case early = "1-30"
  /// 31 to 90 days overdue.
  case middle = "31-90"
  /// More than 90 days overdue.
  case late = "91+"
  /// Written off (`status written_off`, "castigada").
  case writtenOff = "written-off"
  /// The notice Ley 1266 de 2008 requires at least 20 days before a negative credit-bureau report.
  case bureauNotice = "bureau-notice"

  /// The stage of an account with a balance: written off by status, otherwise by days overdue,
  /// or by the due date when it is not overdue.
  public static func of(writtenOff: Bool, daysOverdue: Int, due: Day?, asOf: Day) -> MessageStage {
    if writtenOff { return .writtenOff }
    switch daysOverdue {
    case 91...: return .late
    case 31...90: return .middle
    case 1...30: return .early
    default:
      if let due, due == asOf { return .dueToday }
      if let due, due < asOf { return .early }
      return .preventive
    }
  }

  /// The order of `templates`: the order of the cases.
  public static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}

/// What a template is for: a channel, a stage and optionally a segment.
public struct TemplateKey: Hashable, Sendable, Comparable {
  /// The channel.
  public var channel: MessageChannel
  /// The stage.
  public var stage: MessageStage
  /// The segment (`B`), or `nil` for every segment.
  public var segment: String?

  /// Creates a key.
  public init(_ channel: MessageChannel, _ stage: MessageStage, segment: String? = nil) {
    self.channel = channel
    self.stage = stage
    self.segment = segment
  }

  /// The file name a user template for this key has: `CHANNEL.STAGE[.SEGMENT].txt`.
  public var fileName: String {
    "\(channel.rawValue).\(stage.rawValue)" + (segment.map { ".\($0)" } ?? "") + ".txt"
  }

  /// Parses a file name `CHANNEL.STAGE[.SEGMENT].txt`; `nil` when it does not follow the scheme.
  public init?(fileName: String) {
    guard fileName.hasSuffix(".txt") else { return nil }
    let parts = fileName.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3,
      let channel = MessageChannel(rawValue: String(parts[0]).lowercased()),
      let stage = MessageStage(rawValue: String(parts[1]).lowercased())
    else { return nil }
    if parts.count == 3 && parts[2].isEmpty { return nil }
    self.init(channel, stage, segment: parts.count == 3 ? String(parts[2]) : nil)
  }

  /// Channel, stage, then generic before segments, then segment.
  public static func < (a: Self, b: Self) -> Bool {
    if a.channel != b.channel { return a.channel < b.channel }
    if a.stage != b.stage { return a.stage < b.stage }
    return (a.segment ?? "") < (b.segment ?? "")
  }
}
