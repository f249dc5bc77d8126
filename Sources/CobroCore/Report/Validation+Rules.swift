/// The catalogue of validation rules, in the order `validate` lists them.
extension ValidationRule {
  /// Every rule, in report order.
  public static let all: [ValidationRule] = [
    balanceAbovePrincipal, breakdownMismatch, nonpositiveBalanceActive, paidWithBalance,
    writtenOffWithoutBalance, longOverdueNotWrittenOff, dueBeforeIssue, lastPaymentInFuture,
    lastPaymentBeforeIssue, channelWithoutContact, channelNotAuthorized, malformedPhone,
    malformedEmail, debtorNameConflict, invalidCurrency, prescriptionNear, prescriptionPast,
    fileOverdueMismatch,
  ]

  /// Days overdue above which an active account should have been written off (the `361+`
  /// bucket).
  public static let writeOffThreshold = 360

  /// Days before the prescription date from which an account is "near" prescription.
  public static let prescriptionWarningDays = 180

  // MARK: - Balances

  /// The balance exceeds the original amount.
  static let balanceAbovePrincipal = ValidationRule(
    name: "balance_above_principal",
    summary: "the balance is above the principal (the original amount)",
    needs: [["principal"]],
    detailColumns: { moneyColumns($0) + [.init("principal", .money), .init("balance", .money)] },
    scan: { input in
      guard let principal = input.money("principal") else { return [] }
      let p = principal.buffer
      let b = input.computed.balances
      return collect(input.rowCount) { r in p[r] != Column.missingMoney && b[r] > p[r] }
    },
    explain: { input, r in
      let p = input.money("principal")?[r] ?? 0
      let b = input.computed.balances[r]
      return (
        currencyCells(input, r) + [.money(p), .money(b)],
        "the balance is \(amount(b, minus: p)) above the principal"
      )
    }
  )

  /// The components do not add up to the balance.
  static let breakdownMismatch = ValidationRule(
    name: "breakdown_mismatch",
    summary: "capital + interest + late_interest + fees differ from the balance",
    needs: [breakdownNames],
    detailColumns: { input in
      moneyColumns(input)
        + breakdownNames.filter { input.money($0) != nil }.map { .init($0, .money) }
        + [.init("balance", .money), .init("difference", .money)]
    },
    scan: { input in
      let parts = breakdownNames.compactMap { input.money($0)?.buffer }
      let b = input.computed.balances
      return collect(input.rowCount) { r in
        guard let sum = breakdownSum(parts, r) else { return false }
        return sum.overflow || sum.value != b[r]
      }
    },
    explain: { input, r in
      let present = breakdownNames.compactMap { input.money($0) }
      let b = input.computed.balances[r]
      let sum = breakdownSum(present.map(\.buffer), r)
      let cells: [Cell] = present.map { $0[r] == Column.missingMoney ? .empty : .money($0[r]) }
      guard let sum, !sum.overflow else {
        return (
          currencyCells(input, r) + cells + [.money(b), .empty], "the parts are too large to add"
        )
      }
      let (difference, overflow) = sum.value.subtractingReportingOverflow(b)
      return (
        currencyCells(input, r) + cells + [.money(b), overflow ? .empty : .money(difference)],
        "the parts add up to \(Money.plain(sum.value)), not to the balance \(Money.plain(b))"
      )
    }
  )

  /// An active account that owes nothing.
  static let nonpositiveBalanceActive = ValidationRule(
    name: "nonpositive_balance_active",
    summary: "an active account with a zero or negative balance",
    needs: [],
    detailColumns: { moneyColumns($0) + [.init("status", .text), .init("balance", .money)] },
    scan: { input in
      let status = input.status
      let b = input.computed.balances
      let active = StatusKind.active.rawValue
      return collect(input.rowCount) { r in b[r] <= 0 && status[r] == active }
    },
    explain: { input, r in
      let b = input.computed.balances[r]
      return (
        currencyCells(input, r) + [.text(input.statusText(r)), .money(b)],
        b == 0 ? "active with a zero balance" : "active with a negative balance"
      )
    }
  )

  /// A paid account that still owes.
  static let paidWithBalance = ValidationRule(
    name: "paid_with_balance",
    summary: "status paid with a balance above zero",
    needs: [["status"]],
    detailColumns: { moneyColumns($0) + [.init("status", .text), .init("balance", .money)] },
    scan: { input in
      let status = input.status
      let b = input.computed.balances
      let paid = StatusKind.paid.rawValue
      return collect(input.rowCount) { r in b[r] > 0 && status[r] == paid }
    },
    explain: { input, r in
      let b = input.computed.balances[r]
      return (
        currencyCells(input, r) + [.text(input.statusText(r)), .money(b)],
        "marked paid but \(Money.plain(b)) is still owed"
      )
    }
  )

  /// A written-off account that owes nothing.
  static let writtenOffWithoutBalance = ValidationRule(
    name: "written_off_without_balance",
    summary: "status written_off with a zero or negative balance",
    needs: [["status"]],
    detailColumns: { moneyColumns($0) + [.init("status", .text), .init("balance", .money)] },
    scan: { input in
      let status = input.status
      let b = input.computed.balances
      let writtenOff = StatusKind.writtenOff.rawValue
      return collect(input.rowCount) { r in b[r] <= 0 && status[r] == writtenOff }
    },
    explain: { input, r in
      let b = input.computed.balances[r]
      return (
        currencyCells(input, r) + [.text(input.statusText(r)), .money(b)],
        b == 0 ? "written off with a zero balance" : "written off with a negative balance"
      )
    }
  )

  // MARK: - Dates

  /// An active account in the `361+` bucket.
  static let longOverdueNotWrittenOff = ValidationRule(
    name: "long_overdue_not_written_off",
    summary: "more than \(writeOffThreshold) days overdue and still active",
    needs: [],
    detailColumns: { _ in
      [.init("status", .text), .init("due_date", .date), .init("overdue", .integer)]
    },
    scan: { input in
      let status = input.status
      let due = input.computed.dueDates
      let active = StatusKind.active.rawValue
      // Overdue beyond the threshold needs a due date before this day; the exact test runs on
      // those rows only.
      let latestDue = Int(input.asOf.raw) - writeOffThreshold
      let computed = input.computed
      return collect(input.rowCount) { r in
        due[r] != Day.missing && Int(due[r]) < latestDue && status[r] == active
          && computed.daysOverdue(row: r) > writeOffThreshold
      }
    },
    explain: { input, r in
      let d = input.daysOverdue(r)
      return (
        [
          .text(input.statusText(r)), .date(Day(raw: input.computed.dueDates[r])),
          .integer(Int64(d)),
        ],
        "\(d) days overdue and still active"
      )
    }
  )

  /// The due date comes before the issue date.
  static let dueBeforeIssue = ValidationRule(
    name: "due_before_issue",
    summary: "the due date is before the issue date",
    needs: [["issue_date"]],
    detailColumns: { _ in [.init("issue_date", .date), .init("due_date", .date)] },
    scan: { input in
      guard let issued = input.date("issue_date") else { return [] }
      let i = issued.values
      let due = input.computed.dueDates
      return collect(input.rowCount) { r in
        i[r] != Day.missing && due[r] != Day.missing && due[r] < i[r]
      }
    },
    explain: { input, r in
      let i = input.date("issue_date")?[r] ?? 0
      let d = input.computed.dueDates[r]
      return (
        [.date(Day(raw: i)), .date(Day(raw: d))],
        "due \(days(Int(i) - Int(d))) before it was issued"
      )
    }
  )

  /// A last payment after the as-of date.
  ///
  /// When the file's cut-off is after the as-of date (looking back), the cut-off is the limit:
  /// the file may hold payments up to the day it was cut.
  static let lastPaymentInFuture = ValidationRule(
    name: "last_payment_in_future",
    summary: "the last payment date is after the as-of date",
    needs: [["last_payment_date"]],
    detailColumns: { _ in [.init("last_payment_date", .date)] },
    scan: { input in
      guard let paid = input.date("last_payment_date") else { return [] }
      let p = paid.values
      let limit = max(input.asOf, input.portfolio.cutoff).raw
      return collect(input.rowCount) { r in p[r] != Day.missing && p[r] > limit }
    },
    explain: { input, r in
      let p = input.date("last_payment_date")?[r] ?? 0
      let cutoff = input.portfolio.cutoff
      let limit = max(input.asOf, cutoff)
      let what = limit == input.asOf ? "the as-of date" : "the file's cut-off"
      return (
        [.date(Day(raw: p))],
        "\(days(Int(p) - Int(limit.raw))) after \(what) \(limit)"
      )
    }
  )

  /// A last payment before the account existed.
  static let lastPaymentBeforeIssue = ValidationRule(
    name: "last_payment_before_issue",
    summary: "the last payment date is before the issue date",
    needs: [["last_payment_date"], ["issue_date"]],
    detailColumns: { _ in [.init("issue_date", .date), .init("last_payment_date", .date)] },
    scan: { input in
      guard let paid = input.date("last_payment_date"), let issued = input.date("issue_date")
      else { return [] }
      let p = paid.values
      let i = issued.values
      return collect(input.rowCount) { r in
        p[r] != Day.missing && i[r] != Day.missing && p[r] < i[r]
      }
    },
    explain: { input, r in
      let p = input.date("last_payment_date")?[r] ?? 0
      let i = input.date("issue_date")?[r] ?? 0
      return (
        [.date(Day(raw: i)), .date(Day(raw: p))],
        "paid \(days(Int(i) - Int(p))) before it was issued"
      )
    }
  )

  // MARK: - Contact

  /// The preferred channel has nothing to reach the debtor with.
  ///
  /// WhatsApp and SMS need a number that receives messages (a mobile or a foreign number, not a
  /// landline), a call any well-formed number, e-mail a well-formed address. A channel whose
  /// contact column the file lacks is not checked.
  static let channelWithoutContact = ValidationRule(
    name: "channel_without_contact",
    summary: "whatsapp/sms without a mobile, call without a phone, email without a valid address",
    needs: [["channel"], ["phone", "email"]],
    detailColumns: { input in
      [.init("channel", .text)] + (input.text("phone") != nil ? [.init("phone", .text)] : [])
        + (input.text("email") != nil ? [.init("email", .text)] : [])
    },
    scan: { input in
      guard let channel = input.category("channel") else { return [] }
      let kinds = channelKinds(channel)
      let codes = channel.codes
      let phone = input.text("phone").map(TextView.init)
      let email = input.text("email").map(TextView.init)
      return collect(input.rowCount) { r in
        contactIssue(kinds[Int(codes[r])], phone: phone, email: email, r) != nil
      }
    },
    explain: { input, r in
      let channel = input.category("channel")
      let phone = input.text("phone")
      let email = input.text("email")
      let kind = channel.map { channelKinds($0)[Int($0.code(r))] } ?? .none
      var cells: [Cell] = [.text(channel?.string(r) ?? "")]
      if let phone { cells.append(.text(phone.string(r))) }
      if let email { cells.append(.text(email.string(r))) }
      let issue = contactIssue(
        kind,
        phone: phone.map(TextView.init),
        email: email.map(TextView.init),
        r
      )
      return (cells, issue?.description ?? "")
    }
  )

  /// The preferred channel is not one the debtor authorised (Ley 2300 de 2023).
  ///
  /// `authorized_channels` is a list separated by `|` (`,`, `;` and `/` are accepted too), in
  /// English or Spanish (`llamada`, `correo`); an empty cell means the preferred channel itself.
  static let channelNotAuthorized = ValidationRule(
    name: "channel_not_authorized",
    summary: "the preferred channel is not among authorized_channels",
    needs: [["channel"], ["authorized_channels"]],
    detailColumns: { _ in [.init("channel", .text), .init("authorized_channels", .text)] },
    scan: { input in
      guard let channel = input.category("channel"),
        let authorized = input.category("authorized_channels")
      else { return [] }
      let bits = channelKinds(channel).map { $0?.bit ?? 0 }
      let masks = authorized.values.map(authorizedMask)
      let c = channel.codes
      let a = authorized.codes
      return collect(input.rowCount) { r in
        let bit = bits[Int(c[r])]
        return bit != 0 && a[r] != 0 && masks[Int(a[r])] & bit == 0
      }
    },
    explain: { input, r in
      let channel = input.category("channel")?.string(r) ?? ""
      let authorized = input.category("authorized_channels")?.string(r) ?? ""
      let known = ChannelKind.allCases.filter { authorizedMask(authorized) & $0.bit != 0 }
      let reason =
        known.isEmpty
        ? "'\(authorized)' names no channel"
        : "\(channel) is not authorised (authorised: "
          + known.map(\.name).joined(separator: ", ") + ")"
      return ([.text(channel), .text(authorized)], reason)
    }
  )

  /// A phone cell cobro cannot dial.
  static let malformedPhone = ValidationRule(
    name: "malformed_phone",
    summary: "phone is not +57/57 and 10 digits (3… mobile, 60… landline) nor + and 8-15 digits",
    needs: [["phone"]],
    detailColumns: { _ in [.init("phone", .text)] },
    scan: { input in
      guard let phone = input.text("phone").map(TextView.init) else { return [] }
      return collect(input.rowCount) { r in
        if case .malformed = phoneKind(phone, r) { return true }
        return false
      }
    },
    explain: { input, r in
      guard let phone = input.text("phone"),
        case .malformed(let problem) = phoneKind(TextView(phone), r)
      else { return ([.empty], "") }
      return ([.text(phone.string(r))], problem.description)
    }
  )

  /// An e-mail cell that is not an address.
  static let malformedEmail = ValidationRule(
    name: "malformed_email",
    summary: "email is not one name@domain.tld address",
    needs: [["email"]],
    detailColumns: { _ in [.init("email", .text)] },
    scan: { input in
      guard let email = input.text("email").map(TextView.init) else { return [] }
      return collect(input.rowCount) { r in emailProblem(email, r) != nil }
    },
    explain: { input, r in
      guard let email = input.text("email"), let problem = emailProblem(TextView(email), r) else {
        return ([.empty], "")
      }
      return ([.text(email.string(r))], problem.description)
    }
  )

  // MARK: - Identity

  /// One debtor id under different names.
  ///
  /// Names are compared by `NameFold.hash` (ignoring case, accents, blanks and punctuation);
  /// empty names are not compared. Every account of such a debtor that has a name offends.
  static let debtorNameConflict = ValidationRule(
    name: "debtor_name_conflict",
    summary: "one debtor_id under different names (ignoring case, accents, spaces, punctuation)",
    needs: [["debtor_name"]],
    detailColumns: { _ in [.init("names", .integer)] },
    scan: { input in input.nameConflicts?.rows ?? [] },
    explain: { input, r in
      guard let conflicts = input.nameConflicts, let names = input.text("debtor_name"),
        let ids = input.text("debtor_id")
      else { return ([.empty], "") }
      let spellings = conflicts.spellings[ids.string(r)] ?? []
      let own = NameFold.hash(names.string(r))
      let others = spellings.filter { NameFold.hash($0) != own }
      return (
        [.integer(Int64(spellings.count))],
        "the same debtor_id is also '" + others.joined(separator: "', '") + "'"
      )
    }
  )

  /// A currency that is not an ISO 4217 code.
  static let invalidCurrency = ValidationRule(
    name: "invalid_currency",
    summary: "currency is not an active ISO 4217 code (empty means COP)",
    needs: [["currency"]],
    detailColumns: { _ in [.init("currency", .text)] },
    scan: { input in
      guard let currency = input.category("currency") else { return [] }
      let invalid = currency.values.map { !$0.isEmpty && !CurrencyCode.isActive($0) }
      let codes = currency.codes
      return collect(input.rowCount) { r in invalid[Int(codes[r])] }
    },
    explain: { input, r in
      let value = input.category("currency")?.string(r) ?? ""
      var reason = "'\(value)' is not an ISO 4217 code"
      if let likely = CurrencyCode.likelyCode(for: value) { reason += " (\(likely)?)" }
      return ([.text(value)], reason)
    }
  )

  // MARK: - Prescription

  /// Accounts whose prescription date is within the warning window.
  static let prescriptionNear = ValidationRule(
    name: "prescription_near",
    summary:
      "prescribes within \(prescriptionWarningDays) days: due date + 3 years for invoices, + 5 otherwise",
    needs: [],
    detailColumns: { prescriptionColumns($0, days: "days_left") },
    scan: { prescriptionScan($0, past: false) },
    explain: { input, r in
      let (cells, date, years) = prescriptionCells(input, r)
      let left = Int(date.raw) - Int(input.asOf.raw)
      return (
        cells + [.integer(Int64(left))],
        "prescribes on \(date), \(left == 0 ? "today" : "in " + days(left)) "
          + "(\(years) years from the due date)"
      )
    }
  )

  /// Accounts whose prescription date has passed.
  static let prescriptionPast = ValidationRule(
    name: "prescription_past",
    summary: "past prescription: due date + 3 years for invoices, + 5 otherwise",
    needs: [],
    detailColumns: { prescriptionColumns($0, days: "days_past") },
    scan: { prescriptionScan($0, past: true) },
    explain: { input, r in
      let (cells, date, years) = prescriptionCells(input, r)
      let past = Int(input.asOf.raw) - Int(date.raw)
      return (
        cells + [.integer(Int64(past))],
        "prescribed on \(date), \(days(past)) ago (\(years) years from the due date)"
      )
    }
  )

  // MARK: - File columns

  /// A days-overdue column kept from the file that disagrees with cobro's.
  static let fileOverdueMismatch = ValidationRule(
    name: "file_overdue_mismatch",
    summary: "the file's own days overdue (file_overdue, file_mora…) differ from the computed ones",
    needs: [fileOverdueNames],
    detailColumns: { input in
      fileOverdueColumns(input).map { .init($0.name, .text) } + [.init("overdue", .integer)]
    },
    scan: { input in
      let columns = fileOverdueColumns(input)
      let computed = input.computed
      return collect(input.rowCount) { r in
        fileOverdueIssue(computed, columns, r) != nil
      }
    },
    explain: { input, r in
      let columns = fileOverdueColumns(input)
      return (
        columns.map { .text($0.text(r)) } + [.integer(Int64(input.daysOverdue(r)))],
        fileOverdueIssue(input.computed, columns, r)?.description(
          { columns[$0].text(r) },
          asOf: input.asOf
        ) ?? ""
      )
    }
  )
}

// MARK: - Helpers

extension ValidationRule {
  /// The components of the balance, in `spec/portfolio-csv.md` order.
  static let breakdownNames = ["capital", "interest", "late_interest", "fees"]

  /// The names under which the loader keeps a file's own days-overdue column.
  static let fileOverdueNames = ["file_overdue", "file_mora", "file_dias_mora"]

  /// The file's own days-overdue columns present, in `fileOverdueNames` order.
  static func fileOverdueColumns(_ input: ValidationInput) -> [FileDaysColumn] {
    fileOverdueNames.compactMap { input.portfolio.column(named: $0).map(FileDaysColumn.init) }
  }

  /// The rows in `0..<count` for which `offends` holds, in order.
  @inline(__always)
  static func collect(_ count: Int, _ offends: (Int) -> Bool) -> [Int32] {
    var rows: [Int32] = []
    for r in 0..<count where offends(r) { rows.append(Int32(r)) }
    return rows
  }

  /// `["currency"]` when the money rules show the currency.
  static func moneyColumns(_ input: ValidationInput) -> [ResultTable.Column] {
    input.showsCurrency ? [.init("currency", .text)] : []
  }

  /// The currency cell of row `r` when the money rules show the currency.
  static func currencyCells(_ input: ValidationInput, _ r: Int) -> [Cell] {
    input.showsCurrency ? [.text(input.currency(r))] : []
  }

  /// `a - b` as plain money, or words when it does not fit.
  static func amount(_ a: Cents, minus b: Cents) -> String {
    let (d, overflow) = a.subtractingReportingOverflow(b)
    return overflow ? "far" : Money.plain(d)
  }

  /// `1 day`, `12 days`.
  static func days(_ n: Int) -> String { "\(n) day\(n == 1 ? "" : "s")" }

  /// The sum of the breakdown cells of row `r`, or `nil` when the row gives no breakdown.
  ///
  /// A row gives no breakdown when every one of its cells is empty. Missing columns and empty
  /// cells count as zero.
  @inline(__always)
  static func breakdownSum(_ parts: [UnsafeBufferPointer<Int64>], _ r: Int)
    -> (value: Int64, overflow: Bool)?
  {
    var any = false
    var sum: Int64 = 0
    var overflow = false
    for part in parts {
      let v = part[r]
      if v == Column.missingMoney { continue }
      any = true
      let (s, o) = sum.addingReportingOverflow(v)
      sum = s
      overflow = overflow || o
    }
    return any ? (sum, overflow) : nil
  }

  /// The channels, with the contact each one needs.
  enum ChannelKind: CaseIterable {
    case whatsapp, email, call, sms

    /// The canonical name.
    var name: String {
      switch self {
      case .whatsapp: "whatsapp"
      case .email: "email"
      case .call: "call"
      case .sms: "sms"
      }
    }

    /// A bit per channel, for authorised-channel masks.
    var bit: UInt8 {
      switch self {
      case .whatsapp: 1
      case .email: 2
      case .call: 4
      case .sms: 8
      }
    }

    /// The channel a canonical or Spanish spelling names.
    init?(_ word: String) {
      switch Vocabulary.closed["channel"]?[CanonicalSchema.fold(word)] {
      case "whatsapp": self = .whatsapp
      case "email": self = .email
      case "call": self = .call
      case "sms": self = .sms
      default: return nil
      }
    }
  }

  /// The channel of each code of a channel column (`nil` for the empty code).
  static func channelKinds(_ column: CategoryColumn) -> [ChannelKind?] {
    column.values.map { ChannelKind($0) }
  }

  /// The channels an `authorized_channels` cell names, as a bit mask.
  static func authorizedMask(_ value: String) -> UInt8 {
    var mask: UInt8 = 0
    for word in value.split(whereSeparator: { "|,;/".contains($0) }) {
      let trimmed = String(word).trimmingCharacters(in: " \t")
      if let kind = ChannelKind(trimmed) { mask |= kind.bit }
    }
    return mask
  }

  /// The class of row `r`'s phone.
  @inline(__always)
  static func phoneKind(_ phone: TextView, _ r: Int) -> PhoneNumber.Kind {
    let (s, e) = phone.bounds(r)
    return PhoneNumber.classify(phone.bytes, s, e)
  }

  /// The problem of row `r`'s e-mail (`nil` when empty or well formed).
  @inline(__always)
  static func emailProblem(_ email: TextView, _ r: Int) -> EmailAddress.Problem? {
    let (s, e) = email.bounds(r)
    return EmailAddress.problem(email.bytes, s, e)
  }

  /// Why an account cannot be reached on its preferred channel.
  enum ContactIssue {
    /// A phone channel and no phone.
    case noPhone(ChannelKind)
    /// WhatsApp or SMS to a landline.
    case landline(ChannelKind)
    /// A phone channel and a malformed phone.
    case badPhone(ChannelKind, PhoneNumber.Problem)
    /// E-mail and no address.
    case noAddress
    /// E-mail and a malformed address.
    case badAddress(EmailAddress.Problem)

    /// The reason as `validate` prints it.
    var description: String {
      switch self {
      case .noPhone(let k): "no phone for \(k.name)"
      case .landline(let k): "no mobile for \(k.name): the phone is a landline"
      case .badPhone(let k, let p): "the phone for \(k.name) is malformed (\(p.description))"
      case .noAddress: "no address for email"
      case .badAddress(let p): "the address for email is malformed (\(p.description))"
      }
    }
  }

  /// Why row `r` cannot be reached on its preferred channel, or `nil` when it can (or when the
  /// file lacks the contact column the channel needs).
  @inline(__always)
  static func contactIssue(
    _ kind: ChannelKind?,
    phone: TextView?,
    email: TextView?,
    _ r: Int
  ) -> ContactIssue? {
    switch kind {
    case .none:
      return nil
    case .email?:
      guard let email else { return nil }
      if email.isEmpty(r) { return .noAddress }
      return emailProblem(email, r).map { .badAddress($0) }
    case .some(let k):
      guard let phone else { return nil }
      switch phoneKind(phone, r) {
      case .empty: return .noPhone(k)
      case .malformed(let problem): return .badPhone(k, problem)
      case .landline where k != .call: return .landline(k)
      default: return nil
      }
    }
  }

  /// Product spellings that are títulos valores, compared after `CanonicalSchema.normalize`.
  ///
  /// Their actions prescribe in 3 years (Código de Comercio, article 789).
  static let titleProducts: Set<String> = [
    "invoice", "invoices", "factura", "facturas", "facturaelectronica", "facturaventa",
    "pagare", "pagares", "promissorynote", "letracambio", "letra", "billofexchange",
    "titulovalor", "titulosvalores",
  ]

  /// The prescription term in years of each product code.
  ///
  /// 3 for títulos valores, 5 otherwise (the executive action of Código Civil, article 2536).
  static func prescriptionYears(_ product: CategoryColumn?) -> [Int] {
    guard let product else { return [] }
    return product.values.map { titleProducts.contains(CanonicalSchema.normalize($0)) ? 3 : 5 }
  }

  /// The latest due date whose prescription date (due date + `years`, clamped to the month's end
  /// as `Day.adding(months:)` does) is before `limit`.
  ///
  /// `adding(months:)` never decreases, so the due dates that qualify are all those up to the
  /// returned one; a binary search finds it.
  static func latestDue(prescribingBefore limit: Int32, years: Int) -> Int32 {
    var lo = Int(limit) - 366 * years - 2  // qualifies
    var hi = Int(limit) - 365 * years + 2  // does not
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if Day(raw: Int32(mid)).adding(months: 12 * years).raw < limit { lo = mid } else { hi = mid }
    }
    return Int32(lo)
  }

  /// Rows past (or near) prescription: a due date, a balance above zero at the as-of date and
  /// a status other than paid.
  ///
  /// The prescription date is the due date plus the term; an account is past when the as-of date
  /// is after it and near when it falls within the next `prescriptionWarningDays` days (the day
  /// itself included). Interruptions (a payment, an acknowledgement, a lawsuit) are not known to
  /// cobro: the flag asks for a check, it is not a legal finding.
  static func prescriptionScan(_ input: ValidationInput, past: Bool) -> [Int32] {
    let asOf = input.asOf.raw
    let window = Int32(prescriptionWarningDays)
    // due <= pastMax[y]: prescribed; pastMax[y] < due <= nearMax[y]: near.
    let pastMax3 = latestDue(prescribingBefore: asOf, years: 3)
    let nearMax3 = latestDue(prescribingBefore: asOf &+ window &+ 1, years: 3)
    let pastMax5 = latestDue(prescribingBefore: asOf, years: 5)
    let nearMax5 = latestDue(prescribingBefore: asOf &+ window &+ 1, years: 5)
    let product = input.category("product")
    let years = prescriptionYears(product)
    let codes = product?.codes
    let due = input.computed.dueDates
    let status = input.status
    let paid = StatusKind.paid.rawValue
    let computed = input.computed
    return collect(input.rowCount) { r in
      let d = due[r]
      guard d != Day.missing else { return false }
      let three = codes.map { years[Int($0[r])] == 3 } ?? false
      let lo = three ? pastMax3 : pastMax5
      let hi = three ? nearMax3 : nearMax5
      let inWindow = past ? d <= lo : (d > lo && d <= hi)
      return inWindow && status[r] != paid && computed.balance(row: r) > 0
    }
  }

  /// The detail columns of the prescription rules.
  static func prescriptionColumns(_ input: ValidationInput, days: String) -> [ResultTable.Column] {
    (input.category("product") != nil ? [.init("product", .text)] : [])
      + [
        .init("due_date", .date), .init("term_years", .integer),
        .init("prescription_date", .date), .init(days, .integer),
      ]
  }

  /// The common detail cells of the prescription rules, the prescription date and the term.
  static func prescriptionCells(_ input: ValidationInput, _ r: Int) -> ([Cell], Day, Int) {
    let product = input.category("product")
    let years = product.map { prescriptionYears($0)[Int($0.code(r))] } ?? 5
    let due = Day(raw: input.computed.dueDates[r])
    let date = due.adding(months: 12 * years)
    var cells: [Cell] = product.map { [.text($0.string(r))] } ?? []
    cells += [.date(due), .integer(Int64(years)), .date(date)]
    return (cells, date, years)
  }

  /// What a file days-overdue cell holds.
  enum FileDays {
    case empty
    case invalid
    case value(Int)
  }

  /// Reads a days-overdue cell.
  ///
  /// An optional `-`, digits, and optionally `.` with zeros (as spreadsheets write whole
  /// numbers); surrounding blanks are ignored. A negative value (days to the due date, as some
  /// systems write it) reads as 0.
  @inline(__always)
  static func fileDays(_ column: TextView, _ r: Int) -> FileDays {
    let (s, e) = column.bounds(r)
    return fileDays(column.bytes, s, e)
  }

  /// Reads a days-overdue cell from bytes `s ..< e`.
  @inline(__always)
  static func fileDays(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> FileDays {
    var s = start
    var e = end
    while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
    while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
    if s == e { return .empty }
    let negative = p[s] == UInt8(ascii: "-")
    if negative { s += 1 }
    var v = 0
    var digits = 0
    while s < e, p[s] &- 48 <= 9 {
      if digits >= 9 { return .invalid }
      v = v * 10 + Int(p[s] &- 48)
      digits += 1
      s += 1
    }
    if digits == 0 { return .invalid }
    if s < e && p[s] == UInt8(ascii: ".") {
      s += 1
      while s < e && p[s] == UInt8(ascii: "0") { s += 1 }
    }
    if s != e { return .invalid }
    return .value(negative ? 0 : v)
  }

  /// How a file's days overdue disagree with the computed ones.
  enum FileOverdueIssue {
    /// Column `column` (an index into the columns present) is not a number.
    case notANumber(column: Int)
    /// The file says `file`, cobro computes `computed`.
    case differs(file: Int, computed: Int)

    /// The reason as `validate` prints it; `text(column)` gives a cell's text.
    func description(_ text: (Int) -> String, asOf: Day) -> String {
      switch self {
      case .notANumber(let c): "'\(text(c))' is not a number of days"
      case .differs(let f, let d): "the file says \(f), computed \(d) as of \(asOf)"
      }
    }
  }

  /// Why row `r`'s file days overdue disagree with the computed ones, or `nil`.
  @inline(__always)
  static func fileOverdueIssue(
    _ computed: ComputedFields,
    _ columns: [FileDaysColumn],
    _ r: Int
  ) -> FileOverdueIssue? {
    var overdue: Int?
    for (k, c) in columns.enumerated() {
      switch c.days(r) {
      case .empty:
        continue
      case .invalid:
        return .notANumber(column: k)
      case .value(let v):
        let d = overdue ?? computed.daysOverdue(row: r)
        overdue = d
        if v != d { return .differs(file: v, computed: d) }
      }
    }
    return nil
  }
}

/// A days-overdue column kept from the file, read whatever type its values gave it
/// (`ColumnTyping`): whole numbers, amounts with no cents, or text and categories that hold
/// numbers or not.
struct FileDaysColumn {
  /// The column's query name (`file_dias_mora`).
  let name: String
  /// The column.
  private let column: Column
  /// What each code of a category column reads as.
  private let codes: [ValidationRule.FileDays]

  init(_ column: Column) {
    name = column.name
    self.column = column
    if case .category(let cat) = column.data {
      codes = cat.values.map { value in
        var v = value
        return v.withUTF8 { bp in
          guard let base = bp.baseAddress else { return .empty }
          return ValidationRule.fileDays(base, 0, bp.count)
        }
      }
    } else {
      codes = []
    }
  }

  /// What row `r` holds.
  @inline(__always)
  func days(_ r: Int) -> ValidationRule.FileDays {
    switch column.data {
    case .text(let t): return ValidationRule.fileDays(t.view, r)
    case .category(let cat): return codes[cat.code(r)]
    case .integer(let n):
      let v = n[r]
      return v == Column.missingInteger ? .empty : .value(max(Int(v), 0))
    case .money(let m):
      let v = m[r]
      if v == Column.missingMoney { return .empty }
      return v % 100 == 0 ? .value(max(Int(v / 100), 0)) : .invalid
    case .date(let d): return d[r] == Day.missing ? .empty : .invalid
    }
  }

  /// Row `r` as the file's text would show it.
  func text(_ r: Int) -> String { column.text(r) }
}
