import CobroJournal
import CobroPortfolio

/// The rule set that decides when a debtor may be contacted (`set rules co|us`).
public enum ContactRuleSet: String, Sendable, CaseIterable {
  /// Colombia, Ley 2300 de 2023 (the default).
  case co
  /// United States, Regulation F (12 CFR 1006).
  case us
}

/// A wall-clock time in the debtor's local time (Colombian time, UTC−5 all year, for `co`).
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The date.
  public var day: Day
  /// Minutes after midnight, 0 to 1439.
  public var minute: Int

  /// Creates a time; `minute` is clamped to 0…1439.
  public init(day: Day, minute: Int) {
    self.day = day
    self.minute = min(max(minute, 0), 1439)
  }

  /// Parses `YYYY-MM-DD HH:MM` (24-hour, two-digit hour and minute, as the journal stamps it);
  /// `nil` when malformed or impossible.
  public init?(parsing text: String) {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 2, let day = Day(String(parts[0])) else { return nil }
    let hm = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard hm.count == 2, hm[0].count == 2, hm[1].count == 2,
      hm[0].allSatisfy(\.isASCII), hm[1].allSatisfy(\.isASCII),
      let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m)
    else { return nil }
    self.init(day: day, minute: h * 60 + m)
  }

  /// `YYYY-MM-DD HH:MM`.
  public var description: String {
    let h = minute / 60
    let m = minute % 60
    return day.description + " " + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "")
      + String(m)
  }

  /// Orders times chronologically.
  public static func < (a: LocalTime, b: LocalTime) -> Bool {
    a.day != b.day ? a.day < b.day : a.minute < b.minute
  }
}

/// One logged contact attempt (from the journal, cancelled entries excluded).
public struct ContactLogItem: Sendable {
  /// The account the contact was about.
  public var account: String
  /// The debtor of the account (the law counts contacts per person).
  public var debtor: String
  /// The canonical channel (`whatsapp`, `email`, `call`, `sms`).
  public var channel: String
  /// What came of it.
  public var result: ContactResult
  /// When it was made (the entry's stamp).
  public var at: LocalTime
  /// The journal entry, when it comes from the journal.
  public var entry: Int64?

  /// Creates a log item.
  public init(
    account: String,
    debtor: String,
    channel: String,
    result: ContactResult,
    at: LocalTime,
    entry: Int64? = nil
  ) {
    self.account = account
    self.debtor = debtor
    self.channel = channel
    self.result = result
    self.at = at
    self.entry = entry
  }
}

extension ContactResult {
  /// Whether the debtor was reached: a direct contact under Ley 2300, a conversation under
  /// Regulation F (`right_party`, `refused`, `dispute`, `promise`; not `third_party`,
  /// `no_answer` or `voicemail`).
  public var reachedDebtor: Bool {
    switch self {
    case .rightParty, .refused, .dispute, .promise: true
    case .thirdParty, .noAnswer, .voicemail: false
    }
  }
}

/// The contact rules in force, with the contact log they count against.
///
/// `forbiddingRule` checks, in this order, and names the first rule broken:
///
/// Both sets: `channel not authorised` when the channel is not among the account's authorised
/// channels (an empty list records no authorisation and is not checked).
///
/// `co` (Ley 2300 de 2023), in Colombian time, windows half-open:
/// - `sunday`; `public holiday` (``ColombianHolidays``);
/// - `outside hours (mon-fri 07:00-19:00)`: Monday to Friday from 07:00 to before 19:00;
/// - `outside hours (sat 08:00-15:00)`: Saturday from 08:00 to before 15:00;
/// - `one contact a day per debtor`: the debtor was already reached (a direct contact, see
///   ``ContactResult/reachedDebtor``) earlier the same day, on any of their accounts;
/// - `one channel a week after a direct contact`: the debtor was reached through another
///   channel on the same day or the six days before. "The same week" of the law is read as
///   these rolling seven days, which contain the rest of any calendar week too (the safe
///   reading).
///
/// `us` (Regulation F), per debt (account):
/// - `outside hours (08:00-21:00)`: from 08:00 to before 21:00, any channel;
/// - `7 calls in 7 days`: a call when seven calls about the debt were already logged on the
///   same day and the six days before (the eighth is refused);
/// - `7 days after a conversation`: a call on the day of a telephone conversation about the
///   debt or the six days after (the day of the conversation is day 1; day 8 is allowed).
///
/// Only log items at or before the time checked count.
public struct ContactRules: Sendable {
  /// The rule set.
  public let set: ContactRuleSet
  /// Log items by debtor, oldest first.
  private let byDebtor: [String: [ContactLogItem]]
  /// Log items by account, oldest first.
  private let byAccount: [String: [ContactLogItem]]

  /// The rules of `set` counting against `log`.
  public init(set: ContactRuleSet, log: [ContactLogItem]) {
    self.set = set
    let sorted = log.enumerated().sorted { a, b in
      a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
    }.map {
      var item = $0.element
      item.channel = ContactRules.canonicalChannel(item.channel)
      return item
    }
    byDebtor = Dictionary(grouping: sorted, by: \.debtor)
    byAccount = Dictionary(grouping: sorted, by: \.account)
  }

  /// The name of the first rule that forbids this contact, or nil when it is allowed.
  ///
  /// `channel` and `authorizedChannels` are channel words (canonical or Spanish); `at` is the
  /// debtor's local time.
  public func forbiddingRule(
    account: String,
    debtor: String,
    channel: String,
    authorizedChannels: [String],
    at: LocalTime
  ) -> String? {
    let channel = ContactRules.canonicalChannel(channel)
    if !authorizedChannels.isEmpty
      && !authorizedChannels.contains(where: { ContactRules.canonicalChannel($0) == channel })
    {
      return Rule.channelNotAuthorised
    }
    switch set {
    case .co:
      return colombianRule(debtor: debtor, channel: channel, at: at)
    case .us:
      return regulationFRule(account: account, channel: channel, at: at)
    }
  }

  /// The rule names, for tests and help.
  public enum Rule {
    /// The channel is not among the authorised ones.
    public static let channelNotAuthorised = "channel not authorised"
    /// Sunday (Colombia).
    public static let sunday = "sunday"
    /// A Colombian public holiday.
    public static let publicHoliday = "public holiday"
    /// Outside Monday-to-Friday hours (Colombia).
    public static let weekdayHours = "outside hours (mon-fri 07:00-19:00)"
    /// Outside Saturday hours (Colombia).
    public static let saturdayHours = "outside hours (sat 08:00-15:00)"
    /// The debtor was already reached today (Colombia).
    public static let oneADay = "one contact a day per debtor"
    /// Another channel within a week of a direct contact (Colombia).
    public static let oneChannelAWeek = "one channel a week after a direct contact"
    /// Outside 08:00 to 21:00 (Regulation F).
    public static let usHours = "outside hours (08:00-21:00)"
    /// Seven calls already in seven days (Regulation F).
    public static let sevenCalls = "7 calls in 7 days"
    /// Within seven days of a telephone conversation (Regulation F).
    public static let afterConversation = "7 days after a conversation"
  }

  // MARK: - Colombia

  /// Ley 2300 de 2023.
  private func colombianRule(debtor: String, channel: String, at: LocalTime) -> String? {
    let weekday = at.day.weekday
    if weekday == 6 { return Rule.sunday }
    if ColombianHolidays.isHoliday(at.day) { return Rule.publicHoliday }
    if weekday == 5 {
      if !(8 * 60..<15 * 60).contains(at.minute) { return Rule.saturdayHours }
    } else if !(7 * 60..<19 * 60).contains(at.minute) {
      return Rule.weekdayHours
    }
    let reached = (byDebtor[debtor] ?? []).filter {
      $0.at <= at && $0.result.reachedDebtor && ContactRules.daysBetween($0.at.day, at.day) < 7
    }
    if reached.contains(where: { $0.at.day == at.day }) { return Rule.oneADay }
    if reached.contains(where: { $0.channel != channel }) { return Rule.oneChannelAWeek }
    return nil
  }

  // MARK: - Regulation F

  /// 12 CFR 1006.14(b) and 1006.6(b)(1)(i).
  private func regulationFRule(account: String, channel: String, at: LocalTime) -> String? {
    if !(8 * 60..<21 * 60).contains(at.minute) { return Rule.usHours }
    guard channel == "call" else { return nil }
    let calls = (byAccount[account] ?? []).filter {
      $0.channel == "call" && $0.at <= at && ContactRules.daysBetween($0.at.day, at.day) < 7
    }
    if calls.count >= 7 { return Rule.sevenCalls }
    if calls.contains(where: { $0.result.reachedDebtor }) { return Rule.afterConversation }
    return nil
  }

  // MARK: - Helpers

  /// The log items of a debtor, oldest first.
  func log(debtor: String) -> [ContactLogItem] { byDebtor[debtor] ?? [] }

  /// Whole days from `a` to `b` (0 on the same day).
  private static func daysBetween(_ a: Day, _ b: Day) -> Int {
    Int(b.raw) - Int(a.raw)
  }

  /// The canonical name of a channel word (`llamada` → `call`), or the word lowercased.
  public static func canonicalChannel(_ word: String) -> String {
    let folded = CanonicalSchema.fold(word.trimmingCharacters(in: " \t"))
    return Vocabulary.closed["channel"]?[folded] ?? folded
  }

  /// The words of an `authorized_channels` cell: separated by `|` (`,`, `;` and `/` are
  /// accepted too), each made canonical, duplicates dropped.
  public static func channels(inList cell: String) -> [String] {
    var out: [String] = []
    for word in cell.split(whereSeparator: { "|,;/".contains($0) }) {
      let c = canonicalChannel(String(word))
      if !c.isEmpty && !out.contains(c) { out.append(c) }
    }
    return out
  }
}
