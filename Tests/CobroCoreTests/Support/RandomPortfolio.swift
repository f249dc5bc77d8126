import CobroCore
import CobroPortfolio

/// A small, fast, seeded generator (SplitMix64), so that every random test is reproducible.
struct SeededGenerator: RandomNumberGenerator {
  /// The state.
  var state: UInt64

  /// Creates a generator from a seed.
  init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One account of a random portfolio, kept as plain values for the naive oracles of the tests.
struct TestAccount {
  var id: String
  var debtor: String
  var name: String
  var segment: String
  var product: String
  var principal: Int64?
  var balance: Int64
  var currency: String
  var issue: Day?
  var due: Day
  var lastPayment: Day?
  var onTime: Int64?
  var late: Int64?
  var channel: String
  var status: String
  var city: String
}

/// A payment of a random portfolio.
struct TestPayment {
  var account: String
  var date: Day
  var amount: Int64
}

/// A seeded random portfolio as CSV text (with awkward names: accents, commas, quotes, formula
/// characters), its payments, and the plain values the CSV was made from.
struct RandomPortfolio {
  /// The accounts, in file order.
  var accounts: [TestAccount] = []
  /// The payments.
  var payments: [TestPayment] = []
  /// The file's cut-off.
  let cutoff: Day
  /// The payments of each account, oldest first.
  private(set) var paymentsByAccount: [String: [TestPayment]] = [:]

  static let names = [
    "Ana María Pérez", "JOSÉ NÚÑEZ", "Peña, Luis", "Carlos \"Kalo\" Díaz", "=HYPERLINK(1)",
    "Sofía Gómez", "maria perez", "O'Neil Ltda", "-Constructora", "@Comercial Ñandú",
    "Bogotá Foods S.A.S.", "Ángela Ruiz",
  ]
  static let segments = ["A", "B", "C", "D", ""]
  static let products = ["invoice", "loan", "card"]
  static let statuses = ["active", "active", "active", "written_off", "paid", ""]
  static let channels = ["whatsapp", "email", "call", "sms", ""]
  static let cities = ["Bogotá", "Medellín", "Cali", "Santa Marta", ""]

  /// Creates a portfolio of `count` accounts; `currencies` beyond the first appear on ~10%.
  init(
    seed: UInt64,
    count: Int,
    cutoff: Day = Day(raw: Day.daysFromCivil(2026, 11, 30)),
    currencies: [String] = ["COP"],
    withPayments: Bool = true,
    extremes: Bool = false
  ) {
    self.cutoff = cutoff
    var g = SeededGenerator(seed: seed)
    func pick<T>(_ xs: [T]) -> T { xs[Int(g.next() % UInt64(xs.count))] }
    func chance(_ percent: UInt64) -> Bool { g.next() % 100 < percent }
    let debtorCount = max(1, count * 2 / 3)
    for i in 0..<count {
      var issue = cutoff.adding(days: -Int(g.next() % 900))
      var due = issue.adding(days: Int(g.next() % 400) + (chance(20) ? 400 : 0))
      // Dates more than 32,767 days from 2000-01-01 and counts above 32,767: the columns that
      // hold them take four bytes a value.
      var late: Int64? = nil
      if extremes && i % 50 == 7 {
        issue = Day(raw: Day.daysFromCivil(1850 + Int(g.next() % 40), 3, 1))
        due = Day(raw: Day.daysFromCivil(2095 + Int(g.next() % 8000), 12, 31))
        late = 32_768 + Int64(g.next() % 2_000_000_000)
      }
      var balance = Int64(g.next() % 5_000_000_000)
      if chance(10) { balance = 0 }
      if chance(2) { balance = -Int64(g.next() % 100_000) }
      var currency = currencies[0]
      if currencies.count > 1 && chance(10) { currency = pick(Array(currencies.dropFirst())) }
      if currency == "COP" && chance(10) { currency = "" }
      let account = TestAccount(
        id: "A-\(String(i + 1, radix: 10))",
        debtor: "D\(g.next() % UInt64(debtorCount))",
        name: pick(RandomPortfolio.names),
        segment: pick(RandomPortfolio.segments),
        product: pick(RandomPortfolio.products),
        principal: chance(90) ? Int64(g.next() % 9_000_000_000) : nil,
        balance: balance,
        currency: currency,
        issue: chance(92) ? issue : nil,
        due: due,
        lastPayment: chance(60) ? cutoff.adding(days: -Int(g.next() % 300)) : nil,
        onTime: chance(85) ? Int64(g.next() % 12) : nil,
        late: late ?? (chance(85) ? Int64(g.next() % 6) : nil),
        channel: pick(RandomPortfolio.channels),
        status: pick(RandomPortfolio.statuses),
        city: pick(RandomPortfolio.cities)
      )
      accounts.append(account)
      if withPayments && chance(70) {
        let k = Int(g.next() % 7)
        for _ in 0..<k {
          let span = max(1, Int(cutoff.raw - issue.raw))
          let date = issue.adding(days: Int(g.next() % UInt64(span)) + 1)
          payments.append(
            TestPayment(account: account.id, date: date, amount: Int64(g.next() % 80_000_000))
          )
        }
      }
    }
    indexPayments()
  }

  /// Quotes a CSV field when needed.
  static func field(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n")
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  static func money(_ c: Int64?) -> String {
    guard let c else { return "" }
    return Money.plain(c)
  }

  /// The portfolio file.
  var csv: String {
    var out =
      "account_id,debtor_id,debtor_name,segment,product,principal,balance,currency,issue_date,"
      + "due_date,last_payment_date,payments_on_time,payments_late,channel,status,city\n"
    for a in accounts {
      let cells: [String] = [
        a.id, a.debtor, a.name, a.segment, a.product, RandomPortfolio.money(a.principal),
        Money.plain(a.balance), a.currency, a.issue?.description ?? "", a.due.description,
        a.lastPayment?.description ?? "", a.onTime.map(String.init) ?? "",
        a.late.map(String.init) ?? "", a.channel, a.status, a.city,
      ]
      out += cells.map(RandomPortfolio.field).joined(separator: ",") + "\n"
    }
    return out
  }

  /// The payments file.
  var paymentsCSV: String {
    var out = "account_id,date,amount\n"
    for p in payments { out += "\(p.account),\(p.date),\(Money.plain(p.amount))\n" }
    return out
  }

  /// Loads the portfolio (and its payments when there are any).
  func load(payments withPayments: Bool = true) throws -> Portfolio {
    let loader = PortfolioLoader(options: LoadOptions(), asOf: cutoff)
    let p = try loader.load(bytes: InputBytes.copying(Array(csv.utf8)), name: "random.csv")
    if withPayments && !payments.isEmpty {
      let (history, rejects) = try PaymentsLoader().load(
        bytes: InputBytes.copying(Array(paymentsCSV.utf8)),
        name: "payments.csv",
        for: p
      )
      precondition(rejects.isEmpty, "payments rejected: \(rejects.map(\.diagnostic.message))")
      p.payments = history
    }
    precondition(p.rejects.isEmpty, "rows rejected: \(p.rejects.map(\.diagnostic.message))")
    return p
  }
}

// MARK: - The naive oracle

extension RandomPortfolio {
  /// Payments of an account, oldest first (stable for equal dates).
  func payments(of id: String) -> [TestPayment] { paymentsByAccount[id] ?? [] }

  /// Groups the payments by account, oldest first (stable for equal dates).
  mutating func indexPayments() {
    var index: [String: [(Int, TestPayment)]] = [:]
    for (i, p) in payments.enumerated() { index[p.account, default: []].append((i, p)) }
    paymentsByAccount = index.mapValues { list in
      list.sorted { ($0.1.date.raw, $0.0) < ($1.1.date.raw, $1.0) }.map(\.1)
    }
  }

  /// Whether an account exists at `asOf`: issued on or before it (or undated), or any account
  /// when `asOf` is not before the cut-off.
  func exists(_ a: TestAccount, asOf: Day, payments loaded: Bool = true) -> Bool {
    guard asOf < cutoff, let issue = a.issue else { return true }
    return issue <= asOf
  }

  /// The balance at `asOf`: plus the payments made after it when before the cut-off.
  func balance(_ a: TestAccount, asOf: Day, payments loaded: Bool = true) -> Int64 {
    guard loaded, asOf < cutoff else { return a.balance }
    return a.balance + payments(of: a.id).filter { $0.date > asOf }.reduce(0) { $0 + $1.amount }
  }

  /// Days overdue at `asOf`.
  func overdue(_ a: TestAccount, asOf: Day, payments loaded: Bool = true) -> Int {
    let b = balance(a, asOf: asOf, payments: loaded)
    guard b > 0 else { return 0 }
    return max(0, Int(asOf.raw) - Int(a.due.raw))
  }

  /// The bucket label at `asOf` with the given upper bounds.
  func bucket(
    _ a: TestAccount,
    asOf: Day,
    bounds: [Int] = [30, 60, 90, 180, 360],
    payments loaded: Bool = true
  ) -> String {
    let d = overdue(a, asOf: asOf, payments: loaded)
    if d == 0 { return "current" }
    var low = 1
    for b in bounds {
      if d <= b { return "\(low)-\(b)" }
      low = b + 1
    }
    return "\(low)+"
  }

  /// The effective currency of an account.
  func currency(_ a: TestAccount) -> String { a.currency.isEmpty ? "COP" : a.currency }
}
