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
        for (k, position) in debtor.positions.enumerated() {
          try Interruption.checkpoint("campaign", done: rows.count, of: selected.count)
          let facts = plan.facts[position]
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
    self.init(Columns(p, asOf: asOf), row: r)
  }

  /// The columns the facts are read from, resolved once for many rows.
  struct Columns {
    let accountID: Column?
    let debtorID: Column?
    let debtorName: Column?
    let channel: Column?
    let authorizedChannels: Column?
    let phone: Column?
    let email: Column?
    let status: Column?
    let dueDates: Int32Column
    let computed: ComputedFields

    init(_ p: Portfolio, asOf: Day) {
      accountID = p.column(named: "account_id")
      debtorID = p.column(named: "debtor_id")
      debtorName = p.column(named: "debtor_name")
      channel = p.column(named: "channel")
      authorizedChannels = p.column(named: "authorized_channels")
      phone = p.column(named: "phone")
      email = p.column(named: "email")
      status = p.column(named: "status")
      dueDates = p.dueDates
      computed = p.computed(asOf: asOf)
    }
  }

  /// Reads row `r` from columns resolved once (what `Portfolio.debtor(row:)`,
  /// `authorizedChannels(row:)`, `balance(row:asOf:)` and `daysOverdue(row:asOf:)` answer).
  init(_ c: Columns, row r: Int) {
    accountID = c.accountID?.text(r) ?? ""
    if let d = c.debtorID {
      let id = d.text(r)
      debtorID = id.isEmpty ? accountID : id
    } else {
      debtorID = accountID
    }
    debtorName = c.debtorName?.text(r) ?? ""
    let preferred = c.channel?.text(r) ?? ""
    channel = preferred.lowercased()
    var authorized: [String] = []
    if let list = c.authorizedChannels {
      authorized = ContactRules.channels(inList: list.text(r))
    }
    if authorized.isEmpty, c.channel != nil {
      authorized = ContactRules.channels(inList: preferred)
    }
    authorizedChannels = authorized
    phone = c.phone?.text(r) ?? ""
    email = c.email?.text(r) ?? ""
    balance = c.computed.balance(row: r)
    let d = c.dueDates[r]
    due = d == Day.missing ? nil : Day(raw: d)
    if balance <= 0 {
      stage = nil
    } else {
      stage = MessageStage.of(
        writtenOff: (c.status?.text(r) ?? "").lowercased() == "written_off",
        daysOverdue: c.computed.daysOverdue(row: r),
        due: due,
        asOf: c.computed.asOf
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
    /// Its accounts in the campaign (positions in `facts`), by due date (missing last), then
    /// account id.
    var positions: [Int]
    /// The rows of those that owe something, in the same order: the first leads the message.
    var owing: [Int]
  }
  /// The facts of the campaign's rows, in the order the rows were given.
  var facts: [AccountFacts] = []
  /// The debtors, in the order of their first account.
  var debtors: [Debtor] = []

  /// Groups `rows` by debtor; Ctrl-C stops it (`CobroError.interrupted`).
  init(portfolio p: Portfolio, rows: [Int], asOf: Day) throws(CobroError) {
    var read: [AccountFacts] = []
    read.reserveCapacity(rows.count)
    // Each debtor's number (in order of first appearance) and the positions of its accounts.
    var number: [String: Int] = [:]
    var byDebtor: [[Int]] = []
    let columns = AccountFacts.Columns(p, asOf: asOf)
    for (k, r) in rows.enumerated() {
      if k % Interruption.stride == 0 {
        if Interruption.requested {
          // A million accounts take a while to free: `interrupted` comes first.
          Interruption.releaseAside((consume read, consume number, consume byDebtor))
          throw .interrupted
        }
        try Interruption.checkpoint("accounts", done: k, of: rows.count)
      }
      let f = AccountFacts(columns, row: r)
      read.append(f)
      if let d = number[f.debtorID] {
        byDebtor[d].append(k)
      } else {
        number[f.debtorID] = byDebtor.count
        byDebtor.append([k])
      }
    }
    number = [:]
    var arranged: [Debtor] = []
    do {
      try Self.arrange(&arranged, facts: read, rows: rows, byDebtor: byDebtor)
    } catch {
      Interruption.releaseAside((consume read, consume byDebtor, consume arranged))
      throw error
    }
    facts = read
    debtors = arranged
  }

  /// Appends the debtors of `byDebtor` (the positions of each one's accounts in `facts` and
  /// `rows`) to `debtors`, each with its accounts sorted, and sorts the debtors by their first
  /// account; Ctrl-C stops it (`CobroError.interrupted`).
  private static func arrange(
    _ debtors: inout [Debtor],
    facts: [AccountFacts],
    rows: [Int],
    byDebtor: [[Int]]
  ) throws(CobroError) {
    // Ctrl-C during a sort: once seen, every pair compares equal, so the sort ends at once.
    var comparisons = 0
    var stopped = false
    func before(_ a: Int, _ b: Int) -> Bool {
      comparisons &+= 1
      if comparisons & 1023 == 0 { stopped = Interruption.requested }
      if stopped { return false }
      let fa = facts[a]
      let fb = facts[b]
      let owesA = fa.stage != nil
      let owesB = fb.stage != nil
      if owesA != owesB { return owesA }
      let da = fa.due?.raw ?? Int32.max
      let db = fb.due?.raw ?? Int32.max
      if da != db { return da < db }
      if fa.accountID != fb.accountID { return fa.accountID < fb.accountID }
      return rows[a] < rows[b]
    }
    for (k, positions) in byDebtor.enumerated() {
      if k % Interruption.stride == 0 {
        try Interruption.checkpoint("debtors", done: k, of: byDebtor.count)
      }
      let sorted = positions.sorted(by: before)
      debtors.append(
        Debtor(positions: sorted, owing: sorted.filter { facts[$0].stage != nil }.map { rows[$0] })
      )
    }
    // The debtors move once, by an order of their indices (moving a debtor moves its arrays).
    let order = debtors.indices.sorted {
      before(debtors[$0].positions[0], debtors[$1].positions[0])
    }
    debtors = order.map { debtors[$0] }
    try Interruption.check()
  }
}
