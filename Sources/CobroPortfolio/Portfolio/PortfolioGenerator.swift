/// A deterministic synthetic portfolio: accounts of Colombian persons and companies, and
/// optionally their payment history, written as CSV (`cobro generate`, demos, tests, benchmarks).
///
/// The same arguments give the same bytes on every machine: the generator draws from its own
/// xoshiro256** streams, computes money in integer cents, and uses floating point only through
/// `+ - * /` (log-normal amounts use `DeterministicMath.exp`, never libm).
///
/// Each debtor is drawn from the seed and its number alone, each account from the seed and its
/// number, so memory stays bounded whatever the size: rows are formatted into a 1 MiB buffer
/// that is handed out and reused.
///
/// With the default settings every row is valid under `spec/portfolio-csv.md` (a loader should
/// reject none) and consistent: the balance is exactly capital + interest + late interest +
/// fees and never above the principal; `issue_date < due_date <= maturity_date`; the last payment
/// lies between the issue date and the as-of date; every authorised channel has its phone or
/// e-mail. `qualityIssues` breaks about 1% of the rows on purpose, for `validate` to find.
public struct PortfolioGenerator: Sendable {
  /// How the file is written: delimiter, number and date formats, encoding.
  public struct Dialect: Hashable, Sendable {
    /// The field delimiter: `,`, `;` or a tab.
    public var delimiter: UInt8
    /// Money as `$ 1.234.567,89` rather than `1234567.89` (quoted when the delimiter is `,`).
    public var decimalComma: Bool
    /// Dates as `DD/MM/YYYY` rather than `YYYY-MM-DD`.
    public var dayFirstDates: Bool
    /// Text in Windows-1252 rather than UTF-8.
    public var windows1252: Bool
    /// Rows end in CR LF rather than LF.
    public var crlf: Bool
    /// The portfolio header uses Spanish names (`Obligación`, `Fecha Vencimiento`) that match
    /// the spec's aliases; the payments header stays `account_id,date,amount`.
    public var spanishHeader: Bool

    /// Creates a dialect; the defaults are the canonical format.
    public init(
      delimiter: UInt8 = UInt8(ascii: ","),
      decimalComma: Bool = false,
      dayFirstDates: Bool = false,
      windows1252: Bool = false,
      crlf: Bool = false,
      spanishHeader: Bool = false
    ) {
      precondition(
        delimiter == UInt8(ascii: ",") || delimiter == UInt8(ascii: ";") || delimiter == 9,
        "the delimiter must be ',', ';' or a tab"
      )
      self.delimiter = delimiter
      self.decimalComma = decimalComma
      self.dayFirstDates = dayFirstDates
      self.windows1252 = windows1252
      self.crlf = crlf
      self.spanishHeader = spanishHeader
    }

    /// The format of `spec/portfolio-csv.md`: `,`, `1234567.89`, `YYYY-MM-DD`, UTF-8, LF.
    public static let canonical = Dialect()

    /// A Colombian spreadsheet export: `;`, `$ 1.234.567,89`, `DD/MM/YYYY`, Windows-1252,
    /// CR LF and a Spanish header.
    public static let spreadsheetCO = Dialect(
      delimiter: UInt8(ascii: ";"),
      decimalComma: true,
      dayFirstDates: true,
      windows1252: true,
      crlf: true,
      spanishHeader: true
    )
  }

  /// The number of accounts (rows) to write.
  public let accounts: Int
  /// The seed of every random draw.
  public let seed: UInt64
  /// The as-of (cut-off) date: no payment and no issue date after it.
  public let asOf: Day
  /// How the files are written.
  public let dialect: Dialect
  /// Whether about 1% of the rows carry a deliberate data-quality issue.
  public let qualityIssues: Bool
  /// A seed-dependent offset of the debtor-id permutations, below 10^8.
  let seedOffset: UInt64

  /// The numbers of accounts the generator supports (account ids and debtor ids stay unique).
  public static let supportedAccounts: ClosedRange<Int> = 0...100_000_000

  /// The as-of dates the generator supports, 1950-01-01 through 9899-12-31: every date it
  /// writes (up to about 12 years before and 8 years after) then has a four-digit year.
  public static let supportedAsOf: ClosedRange<Day> =
    Day(raw: Day.daysFromCivil(1950, 1, 1))...Day(raw: Day.daysFromCivil(9899, 12, 31))

  /// The seed to use when the user gives none.
  public static let defaultSeed: UInt64 = 1

  /// Creates a generator; `accounts` must be in `supportedAccounts` and `asOf` in `supportedAsOf`
  /// (a caller with user input checks them first).
  public init(
    accounts: Int,
    seed: UInt64,
    asOf: Day,
    dialect: Dialect = .canonical,
    qualityIssues: Bool = false
  ) {
    precondition(Self.supportedAccounts.contains(accounts), "unsupported number of accounts")
    precondition(Self.supportedAsOf.contains(asOf), "unsupported as-of date")
    self.accounts = accounts
    self.seed = seed
    self.asOf = asOf
    self.dialect = dialect
    self.qualityIssues = qualityIssues
    var s = seed ^ 0x5EED_0FF5_E700_0000
    seedOffset = Xoshiro256.splitMix64(&s) % 100_000_000
  }

  /// Streams the portfolio CSV, and the payments CSV (`account_id,date,amount`) when
  /// `payments` is given, in chunks of about 1 MiB.
  ///
  /// A chunk's bytes are valid only during the call. Rows end with a line break; the payments
  /// file lists each account's payments by date, accounts in file order. Errors thrown by the
  /// closures stop the generation and are rethrown.
  public func write<E: Error>(
    portfolio: (UnsafeRawBufferPointer) throws(E) -> Void,
    payments: ((UnsafeRawBufferPointer) throws(E) -> Void)? = nil
  ) throws(E) {
    let vocabulary = Vocabulary(
      windows1252: dialect.windows1252,
      spanishHeader: dialect.spanishHeader
    )
    let out = CSVByteWriter(dialect: dialect)
    let paymentsOut = payments == nil ? nil : CSVByteWriter(dialect: dialect)
    writeHeader(out, vocabulary)
    if let p = paymentsOut {
      p.ascii("account_id")
      p.comma()
      p.ascii("date")
      p.comma()
      p.ascii("amount")
      p.newline()
    }

    let idWidth = max(7, String(accounts).utf8.count)
    var picker = Xoshiro256(seed: seed, stream: 0, index: 0)
    var quality = Xoshiro256(seed: seed, stream: 3, index: 0)
    var recent: [Debtor] = []
    recent.reserveCapacity(Self.recentDebtors)
    var nextDebtor = 0
    var history: [Payment] = []
    var scratch: [UInt8] = []
    scratch.reserveCapacity(256)

    for index in 0..<accounts {
      // About 1.3 accounts per debtor: 1 - 1/1.3 of the accounts go to a recent debtor,
      // companies (several invoices) more often than persons.
      var debtor: Debtor
      if !recent.isEmpty && picker.chance(Self.repeatShare) {
        debtor = recent[picker.below(recent.count)]
        if !debtor.isCompany && picker.chance(0.5) {
          debtor = recent[picker.below(recent.count)]
        }
      } else {
        debtor = makeDebtor(nextDebtor, vocabulary: vocabulary)
        if recent.count < Self.recentDebtors {
          recent.append(debtor)
        } else {
          recent[nextDebtor % Self.recentDebtors] = debtor
        }
        nextDebtor += 1
      }
      var account = makeAccount(index, for: debtor, payments: &history)
      if qualityIssues && quality.chance(0.01) {
        let issue = QualityIssue(rawValue: quality.below(QualityIssue.count)) ?? .breakdown
        spoil(&account, &debtor, issue, &quality)
      }

      out.ensureRoom()
      writeRow(out, index + 1, idWidth, debtor, account, vocabulary, &scratch)
      if out.isFull {
        try portfolio(out.bytes)
        out.reset()
      }
      if let p = paymentsOut, let payments {
        for payment in history {
          p.ensureRoom()
          writeAccountID(p, index + 1, idWidth)
          p.comma()
          p.date(payment.date)
          p.comma()
          p.money(payment.amount)
          p.newline()
          if p.isFull {
            try payments(p.bytes)
            p.reset()
          }
        }
      }
    }
    if out.count > 0 { try portfolio(out.bytes) }
    if let p = paymentsOut, let payments, p.count > 0 { try payments(p.bytes) }
  }

  /// The whole portfolio file and payments file in memory (for tests and small demos).
  public func csv() -> (portfolio: [UInt8], payments: [UInt8]) {
    var portfolio: [UInt8] = []
    var payments: [UInt8] = []
    write(
      portfolio: { portfolio.append(contentsOf: $0) },
      payments: { payments.append(contentsOf: $0) }
    )
    return (portfolio, payments)
  }

  /// How many recent debtors a repeated account may go to.
  private static let recentDebtors = 64
  /// The share of accounts that go to an existing debtor: 1 - 1/1.3.
  private static let repeatShare = 0.3 / 1.3

  // MARK: - Rows

  /// Writes the header row.
  private func writeHeader(_ w: CSVByteWriter, _ v: Vocabulary) {
    for i in 0..<v.header.count {
      if i > 0 { w.comma() }
      w.append(v.header.plain[i])
    }
    w.newline()
  }

  /// Writes `CO-0000001`.
  private func writeAccountID(_ w: CSVByteWriter, _ number: Int, _ width: Int) {
    w.ascii("CO-")
    w.digits(UInt64(number), minWidth: width)
  }

  /// Writes one account row, in the column order of `canonicalHeaderList`.
  private func writeRow(
    _ w: CSVByteWriter,
    _ number: Int,
    _ idWidth: Int,
    _ d: Debtor,
    _ a: Account,
    _ v: Vocabulary,
    _ scratch: inout [UInt8]
  ) {
    writeAccountID(w, number, idWidth)
    w.comma()
    w.digits(d.idValue, minWidth: 1)
    if d.isCompany {
      w.byte(UInt8(ascii: "-"))
      w.int(d.checkDigit)
    }
    w.comma()
    scratch.removeAll(keepingCapacity: true)
    appendName(d, v, &scratch)
    scratch.withUnsafeBufferPointer { w.field($0) }
    w.comma()
    if d.isCompany { w.ascii("company") } else { w.ascii("person") }
    w.comma()
    w.byte(UInt8(ascii: "A") + UInt8(d.segment))
    w.comma()
    w.ascii(a.product.text)
    w.comma()
    w.money(a.principal)
    w.comma()
    w.money(a.balance)
    w.comma()
    w.money(a.capital)
    w.comma()
    w.money(a.interest)
    w.comma()
    w.money(a.lateInterest)
    w.comma()
    w.money(a.fees)
    w.comma()
    if a.usd { w.ascii("USD") } else { w.ascii("COP") }
    w.comma()
    w.date(a.issue)
    w.comma()
    w.date(a.due)
    w.comma()
    w.date(a.maturity)
    w.comma()
    w.date(a.lastPayment)
    w.comma()
    w.int(a.onTime)
    w.comma()
    w.int(a.late)
    w.comma()
    w.ascii(a.status.text)
    w.comma()
    w.ascii(d.channel.text)
    w.comma()
    var first = true
    for c in Channel.allCases where d.authorized & c.bit != 0 {
      if !first { w.byte(UInt8(ascii: "|")) }
      w.ascii(c.text)
      first = false
    }
    w.comma()
    writePhone(w, d)
    w.comma()
    scratch.removeAll(keepingCapacity: true)
    appendEmail(d, v, &scratch)
    scratch.withUnsafeBufferPointer { w.field($0) }
    w.comma()
    w.append(v.cities.bytes(d.city, d.letterCase))
    w.newline()
  }

  /// Appends the debtor's name: `María José Peña Ramírez`, `Peña Ramírez, María José`,
  /// `Distribuidora del Caribe S.A.S.`, `Distribuidora "El Sol" S.A.S.` and the like.
  func appendName(_ d: Debtor, _ v: Vocabulary, _ out: inout [UInt8]) {
    let lc = d.letterCase
    let space = UInt8(ascii: " ")
    if !d.isCompany {
      let names = d.female ? v.femaleNames : v.maleNames
      func firstNames() {
        out += names.bytes(d.word1, lc)
        if d.word2 >= 0 {
          out.append(space)
          out += names.bytes(d.word2, lc)
        }
      }
      func surnames() {
        out += v.surnames.bytes(d.word3, lc)
        if d.word4 >= 0 {
          out.append(space)
          out += v.surnames.bytes(d.word4, lc)
        }
      }
      if d.nameHasPunctuation {
        surnames()
        out += [UInt8(ascii: ","), space]
        firstNames()
      } else {
        firstNames()
        out.append(space)
        surnames()
      }
      return
    }
    if d.nameHasPunctuation {
      out += v.companyPrefixes.bytes(d.word1, lc)
      out += [space, UInt8(ascii: "\"")]
      out += v.tradeNames.bytes(d.word2, lc)
      out += [UInt8(ascii: "\""), space]
    } else {
      switch d.pattern {
      case 0:
        out += v.companyPrefixes.bytes(d.word1, lc)
        out.append(space)
        out += v.companyRegions.bytes(d.word2, lc)
        out.append(space)
      case 1:
        out += v.companyPrefixes.bytes(d.word1, lc)
        out.append(space)
        out += v.surnames.bytes(d.word3, lc)
        out.append(space)
      case 2:
        out += v.connectors.bytes(Connector.brothers.rawValue, lc)
        out += v.surnames.bytes(d.word3, lc)
        out.append(space)
      case 3:
        out += v.surnames.bytes(d.word3, lc)
        out.append(space)
        out += v.surnames.bytes(d.word4, lc)
        out += v.connectors.bytes(Connector.andCompany.rawValue, lc)
      default:
        out += v.surnames.bytes(d.word3, lc)
        out += v.connectors.bytes(Connector.associates.rawValue, lc)
      }
    }
    out += v.legalForms.bytes(d.legalForm, lc)
  }

  /// Appends the e-mail address derived from the name (ASCII, lowercase), or nothing.
  func appendEmail(_ d: Debtor, _ v: Vocabulary, _ out: inout [UInt8]) {
    guard d.emailStyle != 0 else { return }
    func append(_ s: StaticString) {
      out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
    func number() {
      if d.emailNumber >= 10 { out.append(UInt8(ascii: "0") + UInt8(d.emailNumber / 10)) }
      out.append(UInt8(ascii: "0") + UInt8(d.emailNumber % 10))
    }
    if d.isCompany {
      append(PortfolioGenerator.companyMailboxes[d.emailDomain])
      out.append(UInt8(ascii: "@"))
      if d.nameHasPunctuation {
        out += v.companyPrefixes.slug[d.word1]
        out += v.tradeNames.slug[d.word2]
      } else {
        switch d.pattern {
        case 0:
          out += v.companyPrefixes.slug[d.word1]
          out += v.companyRegions.slug[d.word2]
        case 1:
          out += v.companyPrefixes.slug[d.word1]
          out += v.surnames.slug[d.word3]
        case 2:
          append("hermanos")
          out += v.surnames.slug[d.word3]
        case 3:
          out += v.surnames.slug[d.word3]
          out += v.surnames.slug[d.word4]
        default:
          out += v.surnames.slug[d.word3]
          append("asociados")
        }
      }
      append(d.colombianDomain ? ".com.co" : ".com")
      if d.emailDefect != 0 { spoilEmail(&out, defect: d.emailDefect) }
      return
    }
    let first = (d.female ? v.femaleNames : v.maleNames).slug[d.word1]
    let surname = v.surnames.slug[d.word3]
    switch d.emailStyle {
    case 1:
      out += first
      out.append(UInt8(ascii: "."))
      out += surname
    case 2:
      out += first
      out += surname
      number()
    case 3:
      out.append(first[0])
      out += surname
      if d.word4 >= 0 { out.append(v.surnames.slug[d.word4][0]) }
    case 4:
      out += first
      out.append(UInt8(ascii: "_"))
      out += surname
    default:
      out += surname
      out.append(UInt8(ascii: "."))
      out += first
      number()
    }
    out.append(UInt8(ascii: "@"))
    append(PortfolioGenerator.personEmailDomains[d.emailDomain].domain)
    if d.emailDefect != 0 { spoilEmail(&out, defect: d.emailDefect) }
  }

  /// Breaks the address in `out` as `defect` (1...4) says: no `@`, `@@`, no top-level domain,
  /// a space in the local part.
  private func spoilEmail(_ out: inout [UInt8], defect: Int) {
    guard let at = out.firstIndex(of: UInt8(ascii: "@")) else { return }
    switch defect {
    case 1: out.remove(at: at)
    case 2: out.insert(UInt8(ascii: "@"), at: at)
    case 3:
      if let dot = out.lastIndex(of: UInt8(ascii: ".")), dot > at {
        out.removeSubrange(dot...)
      }
    default: out.insert(UInt8(ascii: " "), at: max(at - 2, 1))
    }
  }

  /// Writes the phone in one of the formats people type: `+57 300 123 4567`, `3001234567`,
  /// `+573001234567`, `300 123 4567`, `(+57) 300-123-4567`; landlines `601 234 5678`,
  /// `(601) 2345678`, `+57 601 2345678`.
  private func writePhone(_ w: CSVByteWriter, _ d: Debtor) {
    let digits = d.phoneDigits
    func part(_ from: Int, _ to: Int) {
      var divisor: UInt64 = 1
      for _ in to..<10 { divisor *= 10 }
      var modulus: UInt64 = 1
      for _ in from..<to { modulus *= 10 }
      w.digits((digits / divisor) % modulus, minWidth: to - from)
    }
    switch (d.phoneKind, d.phoneFormat) {
    case (.none, _):
      return
    case (.mobile, 0):
      w.ascii("+57 ")
      part(0, 3)
      w.byte(UInt8(ascii: " "))
      part(3, 6)
      w.byte(UInt8(ascii: " "))
      part(6, 10)
    case (.mobile, 1):
      part(0, 10)
    case (.mobile, 2):
      w.ascii("+57")
      part(0, 10)
    case (.mobile, 3):
      part(0, 3)
      w.byte(UInt8(ascii: " "))
      part(3, 6)
      w.byte(UInt8(ascii: " "))
      part(6, 10)
    case (.mobile, _):
      w.ascii("(+57) ")
      part(0, 3)
      w.byte(UInt8(ascii: "-"))
      part(3, 6)
      w.byte(UInt8(ascii: "-"))
      part(6, 10)
    case (.landline, 0):
      part(0, 3)
      w.byte(UInt8(ascii: " "))
      part(3, 6)
      w.byte(UInt8(ascii: " "))
      part(6, 10)
    case (.landline, 1):
      w.byte(UInt8(ascii: "("))
      part(0, 3)
      w.ascii(") ")
      part(3, 10)
    case (.landline, _):
      w.ascii("+57 ")
      part(0, 3)
      w.byte(UInt8(ascii: " "))
      part(3, 10)
    }
  }
}
