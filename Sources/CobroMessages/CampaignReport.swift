import CobroContact
import CobroDiagnostics
import CobroPortfolio

/// A campaign: one row per account that passes a filter, with its message on one channel and
/// whether the contact rules allow sending it, grouped by debtor (`campaign`).
///
/// Per debtor only the first account that owes something can be allowed: its message names all
/// of the debtor's accounts that owe; the others get the one-a-day rule and no message. An
/// account that owes nothing is never allowed.
package struct CampaignReport {
  /// One account of the campaign.
  struct Row {
    /// The account's facts.
    var facts: AccountFacts
    /// The stage its message is written for (`nil`: it owes nothing).
    var stage: MessageStage?
    /// Its message (empty unless it leads its debtor and owes something).
    var message: String
    /// The rule that forbids sending, or empty when allowed.
    var rule: String
    /// Whether the message may be sent.
    var allowed: Bool { rule.isEmpty }
  }

  /// The channel of every message.
  var channel: MessageChannel
  /// The accounts, grouped by debtor in output order.
  var rows: [Row] = []
  /// How many debtors.
  package var debtors = 0
  /// The accounts of SMS that do not fit in one message, and the worst of them.
  var longSMS: [String] = []
  /// The longest SMS over its limit.
  var worstSMS: SMSLength?

  /// Computes the campaign of `rows` of `p`.
  ///
  /// Groups the rows by debtor and writes each leading account's message with `templates`,
  /// asking `rules` whether it may go at `at`; `stage` replaces each account's own stage. Ctrl-C
  /// stops it (`CobroError.interrupted`).
  package init(
    portfolio p: Portfolio,
    rows selected: [Int],
    channel: MessageChannel,
    stage: MessageStage?,
    asOf: Day,
    at: LocalTime,
    templates: TemplateSet,
    rules: ContactRules
  ) throws {
    self.channel = channel
    let plan = try CampaignPlan(portfolio: p, rows: selected, asOf: asOf)
    debtors = plan.debtors.count
    let calculator = MessageValues.planCalculator(asOf: asOf)
    var rows: [Row] = []
    rows.reserveCapacity(selected.count)
    do {
      for debtor in plan.debtors {
        for (k, row) in debtor.rows.enumerated() {
          try Interruption.checkpoint("campaign", done: rows.count, of: selected.count)
          guard let facts = plan.facts[row] else { continue }
          var text = ""
          var rule = ""
          let rowStage = facts.stage == nil ? nil : stage ?? facts.stage
          if facts.stage == nil {
            rule = MessageRule.nothingOwed
          } else if k > 0 {
            rule = MessageRule.oneADay
          } else if let rowStage {
            text = try templates.message(
              channel,
              rowStage,
              p,
              rows: debtor.owing,
              asOf: asOf,
              subject: facts.accountID,
              calculator: calculator
            )
            if channel == .sms, case let length = SMSLength(text), !length.fits {
              longSMS.append(facts.accountID)
              if worstSMS.map({ length.units - length.limit > $0.units - $0.limit }) ?? true {
                worstSMS = length
              }
            }
            rule =
              rules.forbiddingRule(
                account: facts.accountID,
                debtor: facts.debtorID,
                channel: channel.rawValue,
                authorizedChannels: facts.authorizedChannels,
                at: at
              ) ?? (facts.contact(channel) == nil ? MessageRule.noContact(channel) : "")
          }
          rows.append(Row(facts: facts, stage: rowStage, message: text, rule: rule))
        }
      }
    } catch {
      // A million rows take a while to free: `interrupted` comes first.
      Interruption.releaseAside((consume plan, consume rows))
      throw error
    }
    self.rows = rows
  }

  /// How many messages may be sent.
  package var allowed: Int { rows.count(where: \.allowed) }

  /// The warning for SMS that do not fit in one message, if any.
  package var smsWarning: Diagnostic? { worstSMS.map { Diagnostic.longSMS(longSMS, worst: $0) } }

  /// The rows as a result: account_id, debtor_id, debtor_name, channel, contact, stage, amount,
  /// message, allowed, rule.
  ///
  /// Ctrl-C cuts it short (`Interruption`): whoever prints or writes it checks for the
  /// interruption first.
  package var table: ResultTable {
    var t = ResultTable(
      columns: [
        .init("account_id", .text), .init("debtor_id", .text), .init("debtor_name", .text),
        .init("channel", .text), .init("contact", .text), .init("stage", .text),
        .init("amount", .money), .init("message", .text), .init("allowed", .text),
        .init("rule", .text),
      ],
      rows: []
    )
    t.rows.reserveCapacity(rows.count)
    for (k, r) in rows.enumerated() {
      if k % Interruption.stride == 0 && Interruption.requested { break }
      t.rows.append([
        .text(r.facts.accountID), .text(r.facts.debtorID), .text(r.facts.debtorName),
        .text(channel.rawValue), .text(r.facts.contact(channel) ?? ""),
        .text(r.stage?.rawValue ?? "paid"), .money(r.facts.balance), .text(r.message),
        .text(r.allowed ? "yes" : "no"), .text(r.rule),
      ])
    }
    return t
  }
}

/// What a message and a campaign row need of one account, read once.
package struct AccountFacts {
  /// The account id.
  var accountID: String
  /// The debtor id.
  package var debtorID: String
  /// The debtor's name.
  package var debtorName: String
  /// The preferred channel (`channel` column).
  package var channel: String
  /// The channels the debtor authorised: `authorized_channels`, or `channel` when it is empty
  /// (none: no authorisation recorded, not checked).
  var authorizedChannels: [String]
  /// The phone as written.
  var phone: String
  /// The address as written.
  var email: String
  /// The balance at the as-of date.
  package var balance: Cents
  /// The due date.
  var due: Day?
  /// The stage, or `nil` when the account owes nothing (a balance of zero or less, whatever its
  /// status).
  package var stage: MessageStage?

  /// Reads row `r` at `asOf`.
  package init(_ p: Portfolio, row r: Int, asOf: Day) {
    func cell(_ name: String) -> String { p.column(named: name)?.text(r) ?? "" }
    accountID = cell("account_id")
    debtorID = p.debtor(row: r)
    debtorName = cell("debtor_name")
    channel = cell("channel").lowercased()
    authorizedChannels = p.authorizedChannels(row: r)
    phone = cell("phone")
    email = cell("email")
    balance = p.balance(row: r, asOf: asOf)
    let d = p.dueDates[r]
    due = d == Day.missing ? nil : Day(raw: d)
    if balance <= 0 {
      stage = nil
    } else {
      stage = MessageStage.of(
        writtenOff: cell("status").lowercased() == "written_off",
        daysOverdue: p.daysOverdue(row: r, asOf: asOf),
        due: due,
        asOf: asOf
      )
    }
  }

  /// The contact for a channel: international digits, or the address.
  ///
  /// `nil` when there is none the channel can use. An address starting with `=`, `+`, `-` or `@` is not used, so that a
  /// contact cell never needs changing to open safely in a spreadsheet.
  package func contact(_ channel: MessageChannel) -> String? {
    switch channel {
    case .email:
      guard !email.isEmpty, EmailAddress.problem(email) == nil,
        let f = email.first, !"=+-@".contains(f)
      else { return nil }
      return email
    case .call:
      return PhoneNumber.internationalDigits(phone)
    case .whatsapp, .sms:
      guard PhoneNumber.classify(phone).receivesMessages else { return nil }
      return PhoneNumber.internationalDigits(phone)
    }
  }
}

/// The accounts of a campaign grouped by debtor, in output order.
struct CampaignPlan {
  /// One debtor of the campaign.
  struct Debtor {
    /// Its accounts in the campaign, by due date (missing last), then account id.
    var rows: [Int]
    /// Those that owe something, in the same order: the first leads the message.
    var owing: [Int]
  }
  /// The facts of every row of the portfolio that is in the campaign, by row.
  var facts: [Int: AccountFacts] = [:]
  /// The debtors, in the order of their first account.
  var debtors: [Debtor] = []

  /// Groups `rows` by debtor; Ctrl-C stops it (`CobroError.interrupted`).
  init(portfolio p: Portfolio, rows: [Int], asOf: Day) throws(CobroError) {
    var read: [Int: AccountFacts] = [:]
    var byDebtor: [String: [Int]] = [:]
    var order: [String] = []
    for (k, r) in rows.enumerated() {
      if Interruption.requested {
        // A million accounts take a while to free: `interrupted` comes first.
        Interruption.releaseAside((consume read, consume byDebtor, consume order))
        throw .interrupted
      }
      try Interruption.checkpoint("accounts", done: k, of: rows.count)
      let f = AccountFacts(p, row: r, asOf: asOf)
      read[r] = f
      if byDebtor[f.debtorID] == nil { order.append(f.debtorID) }
      byDebtor[f.debtorID, default: []].append(r)
    }
    var arranged: [Debtor] = []
    do {
      try Self.arrange(&arranged, facts: read, byDebtor: byDebtor, order: order)
    } catch {
      Interruption.releaseAside((consume read, consume byDebtor, consume order, consume arranged))
      throw error
    }
    facts = read
    debtors = arranged
  }

  /// Appends the debtors of `order` to `debtors`, each with its accounts sorted, and sorts the
  /// debtors by their first account; Ctrl-C stops it (`CobroError.interrupted`).
  private static func arrange(
    _ debtors: inout [Debtor],
    facts: [Int: AccountFacts],
    byDebtor: [String: [Int]],
    order: [String]
  ) throws(CobroError) {
    // Ctrl-C during a sort: once seen, every pair compares equal, so the sort ends at once.
    var comparisons = 0
    var stopped = false
    func before(_ a: Int, _ b: Int) -> Bool {
      comparisons &+= 1
      if comparisons & 1023 == 0 { stopped = Interruption.requested }
      if stopped { return false }
      guard let fa = facts[a], let fb = facts[b] else { return a < b }
      let owesA = fa.stage != nil
      let owesB = fb.stage != nil
      if owesA != owesB { return owesA }
      let da = fa.due?.raw ?? Int32.max
      let db = fb.due?.raw ?? Int32.max
      if da != db { return da < db }
      if fa.accountID != fb.accountID { return fa.accountID < fb.accountID }
      return a < b
    }
    for (k, id) in order.enumerated() {
      if k % Interruption.stride == 0 {
        try Interruption.checkpoint("debtors", done: k, of: order.count)
      }
      let sorted = (byDebtor[id] ?? []).sorted(by: before)
      debtors.append(Debtor(rows: sorted, owing: sorted.filter { facts[$0]?.stage != nil }))
    }
    debtors.sort { before($0.rows[0], $1.rows[0]) }
    try Interruption.check()
  }
}
