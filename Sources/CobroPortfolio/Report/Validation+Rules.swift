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
