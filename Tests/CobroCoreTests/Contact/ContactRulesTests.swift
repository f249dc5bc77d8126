import CobroContact
import CobroCore
import CobroJournal
import CobroPortfolio
import Testing

/// The contact rules at each of their boundaries.
@Suite struct ContactRulesTests {
  typealias Rule = ContactRules.Rule

  /// A time from `YYYY-MM-DD HH:MM`.
  static func t(_ text: String) -> LocalTime {
    guard let time = LocalTime(parsing: text) else {
      Issue.record("bad time \(text)")
      return LocalTime(day: Day(raw: 0), minute: 0)
    }
    return time
  }

  /// A log item of debtor D1 (account A1 unless given).
  static func item(
    _ at: String,
    _ channel: String,
    _ result: ContactResult,
    account: String = "A1",
    debtor: String = "D1"
  ) -> ContactLogItem {
    ContactLogItem(account: account, debtor: debtor, channel: channel, result: result, at: t(at))
  }

  /// The rule forbidding a contact of A1/D1.
  static func rule(
    _ set: ContactRuleSet,
    _ log: [ContactLogItem] = [],
    via channel: String = "call",
    authorized: [String] = [],
    account: String = "A1",
    at: String
  ) -> String? {
    ContactRules(set: set, log: log).forbiddingRule(
      account: account,
      debtor: "D1",
      channel: channel,
      authorizedChannels: authorized,
      at: t(at)
    )
  }

  @Test func localTimeParsesAndOrders() {
    #expect(LocalTime(parsing: "2026-11-30 07:05")?.minute == 425)
    #expect(LocalTime(parsing: "2026-11-30 07:05")?.description == "2026-11-30 07:05")
    for bad in ["2026-11-30", "2026-11-30 7:05", "2026-11-30 24:00", "2026-11-30 10:60", "x y"] {
      #expect(LocalTime(parsing: bad) == nil, "\(bad)")
    }
    #expect(Self.t("2026-11-30 23:59") < Self.t("2026-12-01 00:00"))
    #expect(Self.t("2026-11-30 10:00") < Self.t("2026-11-30 10:01"))
  }

  // MARK: - Colombia: hours and days

  /// Monday 2026-11-30: from 07:00 to before 19:00.
  @Test func weekdayHours() {
    #expect(Self.rule(.co, at: "2026-11-30 06:59") == Rule.weekdayHours)
    #expect(Self.rule(.co, at: "2026-11-30 07:00") == nil)
    #expect(Self.rule(.co, at: "2026-11-30 18:59") == nil)
    #expect(Self.rule(.co, at: "2026-11-30 19:00") == Rule.weekdayHours)
    #expect(Self.rule(.co, at: "2026-12-04 00:00") == Rule.weekdayHours)
  }

  /// Saturday 2026-12-05: from 08:00 to before 15:00.
  @Test func saturdayHours() {
    #expect(Self.rule(.co, at: "2026-12-05 07:59") == Rule.saturdayHours)
    #expect(Self.rule(.co, at: "2026-12-05 08:00") == nil)
    #expect(Self.rule(.co, at: "2026-12-05 14:59") == nil)
    #expect(Self.rule(.co, at: "2026-12-05 15:00") == Rule.saturdayHours)
  }

  @Test func sundaysAndHolidays() {
    #expect(Self.rule(.co, at: "2026-12-06 10:00") == Rule.sunday)
    // Independencia de Cartagena (November 11, a Wednesday) is moved to Monday the 16th.
    #expect(Self.rule(.co, at: "2026-11-16 10:00") == Rule.publicHoliday)
    #expect(Self.rule(.co, at: "2026-11-11 10:00") == nil)
    #expect(Self.rule(.co, at: "2026-04-02 10:00") == Rule.publicHoliday)  // Holy Thursday
    #expect(Self.rule(.co, at: "2026-04-03 10:00") == Rule.publicHoliday)  // Good Friday
    #expect(Self.rule(.co, at: "2026-12-08 10:00") == Rule.publicHoliday)
    // A holiday on a Sunday is named a Sunday; the US rules know no holidays.
    #expect(Self.rule(.co, at: "2024-12-08 10:00") == Rule.sunday)
    #expect(Self.rule(.us, at: "2026-12-25 10:00") == nil)
  }

  // MARK: - Colombia: frequency

  @Test func oneContactADayOnceTheDebtorWasReached() {
    let reached = [Self.item("2026-11-30 09:00", "call", .rightParty)]
    #expect(Self.rule(.co, reached, at: "2026-11-30 09:00") == Rule.oneADay)
    #expect(Self.rule(.co, reached, at: "2026-11-30 18:00") == Rule.oneADay)
    #expect(Self.rule(.co, reached, at: "2026-12-01 08:00") == nil)
    // Before the direct contact, or attempts that did not reach the debtor, do not count.
    #expect(Self.rule(.co, reached, at: "2026-11-30 08:59") == nil)
    let attempts = [
      Self.item("2026-11-30 08:00", "call", .noAnswer),
      Self.item("2026-11-30 08:30", "call", .voicemail),
      Self.item("2026-11-30 08:45", "call", .thirdParty),
    ]
    #expect(Self.rule(.co, attempts, at: "2026-11-30 09:00") == nil)
    // Per debtor: reached about another account, on another channel.
    let other = [Self.item("2026-11-30 09:00", "whatsapp", .promise, account: "A2")]
    #expect(Self.rule(.co, other, at: "2026-11-30 10:00") == Rule.oneADay)
    let otherDebtor = [Self.item("2026-11-30 09:00", "call", .promise, debtor: "D2")]
    #expect(Self.rule(.co, otherDebtor, at: "2026-11-30 10:00") == nil)
  }

  /// Reached by call on Monday 2026-11-30: other channels wait seven days, the same one does not.
  @Test func twoChannelsInOneWeek() {
    let reached = [Self.item("2026-11-30 09:00", "call", .rightParty)]
    #expect(
      Self.rule(.co, reached, via: "whatsapp", at: "2026-12-01 10:00") == Rule.oneChannelAWeek
    )
    #expect(Self.rule(.co, reached, via: "email", at: "2026-12-05 10:00") == Rule.oneChannelAWeek)
    #expect(Self.rule(.co, reached, via: "sms", at: "2026-12-05 10:00") == Rule.oneChannelAWeek)
    #expect(Self.rule(.co, reached, via: "call", at: "2026-12-01 10:00") == nil)
    #expect(Self.rule(.co, reached, via: "llamada", at: "2026-12-01 10:00") == nil)
    // Day 7 (Sunday) is closed anyway; day 8, the next Monday, is free.
    #expect(Self.rule(.co, reached, via: "whatsapp", at: "2026-12-07 07:00") == nil)
    // Rolling seven days: reached on Saturday, still blocked the next Monday.
    let saturday = [Self.item("2026-12-05 09:00", "email", .dispute)]
    #expect(Self.rule(.co, saturday, via: "sms", at: "2026-12-07 10:00") == Rule.oneChannelAWeek)
    #expect(Self.rule(.co, saturday, via: "sms", at: "2026-12-12 10:00") == nil)
    // A refused or disputing debtor was reached too; an unanswered attempt was not.
    let unanswered = [Self.item("2026-11-30 09:00", "call", .noAnswer)]
    #expect(Self.rule(.co, unanswered, via: "whatsapp", at: "2026-11-30 10:00") == nil)
  }

  // MARK: - Authorised channels

  @Test func channelNotAuthorised() {
    let authorized = ["whatsapp", "email"]
    for set in ContactRuleSet.allCases {
      #expect(
        Self.rule(set, via: "call", authorized: authorized, at: "2026-11-30 10:00")
          == Rule.channelNotAuthorised
      )
      #expect(
        Self.rule(set, via: "whatsapp", authorized: authorized, at: "2026-11-30 10:00") == nil
      )
      #expect(Self.rule(set, via: "correo", authorized: authorized, at: "2026-11-30 10:00") == nil)
      // No authorisation recorded: not checked.
      #expect(Self.rule(set, via: "sms", authorized: [], at: "2026-11-30 10:00") == nil)
    }
    // Checked first: a Sunday call on an unauthorised channel names the channel.
    #expect(
      Self.rule(.co, via: "sms", authorized: ["call"], at: "2026-12-06 10:00")
        == Rule.channelNotAuthorised
    )
    #expect(
      ContactRules.channels(inList: "WhatsApp| correo ;llamada/whatsapp") == [
        "whatsapp", "email", "call",
      ]
    )
  }

  // MARK: - Regulation F

  @Test func usHours() {
    #expect(Self.rule(.us, via: "email", at: "2026-12-06 07:59") == Rule.usHours)
    #expect(Self.rule(.us, via: "email", at: "2026-12-06 08:00") == nil)
    #expect(Self.rule(.us, at: "2026-12-06 20:59") == nil)
    #expect(Self.rule(.us, at: "2026-12-06 21:00") == Rule.usHours)
  }

  /// Seven unanswered calls from Monday to Sunday: the eighth call waits for the next Monday.
  @Test func sevenCallsInSevenDays() {
    let calls = (0..<7).map { i in
      Self.item(Day("2026-11-30")!.adding(days: i).description + " 10:00", "call", .noAnswer)
    }
    #expect(Self.rule(.us, Array(calls.prefix(6)), at: "2026-12-06 11:00") == nil)  // the 7th
    #expect(Self.rule(.us, calls, at: "2026-12-06 11:00") == Rule.sevenCalls)  // the 8th
    #expect(Self.rule(.us, calls, at: "2026-12-07 09:00") == nil)  // Monday's call left the window
    // Per debt, and only calls.
    #expect(Self.rule(.us, calls, account: "A2", at: "2026-12-06 11:00") == nil)
    #expect(Self.rule(.us, calls, via: "sms", at: "2026-12-06 11:00") == nil)
    // Calls logged after the time checked do not count.
    #expect(Self.rule(.us, calls, at: "2026-12-06 09:00") == nil)
  }

  /// A conversation on Monday 2026-11-30 (day 1): no call through day 7, a call on day 8.
  @Test func sevenDaysAfterAConversation() {
    let talk = [Self.item("2026-11-30 10:00", "call", .rightParty)]
    #expect(Self.rule(.us, talk, at: "2026-11-30 15:00") == Rule.afterConversation)
    #expect(Self.rule(.us, talk, at: "2026-12-06 20:00") == Rule.afterConversation)  // day 7
    #expect(Self.rule(.us, talk, at: "2026-12-07 08:00") == nil)  // day 8
    #expect(Self.rule(.us, talk, via: "email", at: "2026-12-01 10:00") == nil)
    #expect(Self.rule(.us, talk, account: "A2", at: "2026-12-01 10:00") == nil)
    // Not a conversation: a message left, a third party, or a WhatsApp reply.
    for result in [ContactResult.voicemail, .thirdParty, .noAnswer] {
      let attempt = [Self.item("2026-11-30 10:00", "call", result)]
      #expect(Self.rule(.us, attempt, at: "2026-12-01 10:00") == nil)
    }
    let chat = [Self.item("2026-11-30 10:00", "whatsapp", .promise)]
    #expect(Self.rule(.us, chat, at: "2026-12-01 10:00") == nil)
  }
}
