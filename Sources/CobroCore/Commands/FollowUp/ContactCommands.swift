import CobroContact
import CobroShell

/// `holidays` and `set rules`: the calendar and the rules that decide when a debtor may be
/// contacted.
enum ContactCommands {
  /// The settings of contact rules (`set rules co|us`).
  static let settings: [SettingDefinition] = [
    SettingDefinition(
      name: "rules",
      takes: "co|us",
      summary: "contact rules: co (Ley 2300 de 2023, default) or us (Regulation F); 'help rules'",
      apply: { s, v in
        guard let set = ContactRuleSet(rawValue: v.lowercased()) else {
          return .failure(
            SettingError("unknown rule set '\(v)'", notes: ["rule sets: co, us"])
          )
        }
        s.contactRuleSet = set
        return .success(set.rawValue)
      },
      current: { $0.contactRuleSet.rawValue }
    )
  ]

  /// `help rules`: the contact rules in plain words.
  static let rulesHelp = """
    contact rules (set rules co|us), checked by 'contact' at the 'set at' time
    (the as-of date at 10:00 unless set), in the debtor's local time. The first rule broken
    is named; 'contact ... force' logs the contact anyway, with a warning.

    both sets:
      channel not authorised        the channel is not one the debtor authorised: the
                                    authorized_channels column (whatsapp|email), or else the
                                    preferred channel; an account with neither is not checked

    co — Colombia, Ley 2300 de 2023 (the default), Colombian time:
      sunday                        never on Sundays
      public holiday                never on public holidays ('holidays' lists them)
      outside hours (mon-fri 07:00-19:00)
                                    Monday to Friday from 07:00 to before 19:00
      outside hours (sat 08:00-15:00)
                                    Saturday from 08:00 to before 15:00
      one contact a day per debtor  the debtor was already reached today (result right_party,
                                    promise, refused or dispute), on any of their accounts
      one channel a week after a direct contact
                                    the debtor was reached through another channel today or
                                    in the six days before ("the same week", read as seven
                                    rolling days)

    us — United States, Regulation F, per debt (account):
      outside hours (08:00-21:00)   any channel, from 08:00 to before 21:00
      7 calls in 7 days             a call when 7 calls were logged today and the six days
                                    before (the 8th call is refused)
      7 days after a conversation   a call on the day of a conversation (a call with result
                                    right_party, promise, refused or dispute) or the six days
                                    after; the eighth day is allowed

    The journal's contacts count (cancelled ones do not), each at its recorded_at time.

    contacts the debtor starts or asks for (the law limits the contacts the creditor starts):
      inbound      'contact ... inbound': the debtor called or wrote. No rule refuses it (the
                   debtor chose the channel and the time); when it reached the debtor it is
                   that day's direct contact and counts against the next ones.
      requested    'contact ... requested' or 'message ... requested': a message the debtor
                   asked for during today's direct contact (the agreement's summary). It needs
                   that contact earlier the same day and an authorised channel, belongs to it
                   (the journal records which) and is not counted by the rules above.
    """
}
