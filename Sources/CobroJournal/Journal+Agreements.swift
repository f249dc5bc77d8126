import CobroPortfolio
import GRDB

/// An accepted payment plan as the journal keeps it: the terms, the schedule and, for a
/// debtor's plan, how each installment is allocated to the accounts.
public struct Agreement: Sendable, Hashable {
  /// One installment of the schedule (n = 0 is the down payment).
  public struct Installment: Sendable, Hashable {
    /// The number: 0 for the down payment, then 1, 2, and so on.
    public var n: Int
    /// When it is due.
    public var due: Day
    /// What is due: `fees + interest + principal`.
    public var amount: Cents
    /// The part of the amount that pays collection fees.
    public var fees: Cents
    /// The plan's interest of the installment.
    public var interest: Cents
    /// The rest: capital, ordinary and late interest of the debt.
    public var principal: Cents
    /// For a debtor's plan, the amount credited to each account (oldest due date first).
    public var allocation: [(account: String, amount: Cents)]

    /// Creates an installment.
    public init(
      n: Int,
      due: Day,
      amount: Cents,
      fees: Cents,
      interest: Cents,
      principal: Cents,
      allocation: [(account: String, amount: Cents)] = []
    ) {
      self.n = n
      self.due = due
      self.amount = amount
      self.fees = fees
      self.interest = interest
      self.principal = principal
      self.allocation = allocation
    }

    public static func == (a: Installment, b: Installment) -> Bool {
      a.n == b.n && a.due == b.due && a.amount == b.amount && a.fees == b.fees
        && a.interest == b.interest && a.principal == b.principal
        && a.allocation.map(\.account) == b.allocation.map(\.account)
        && a.allocation.map(\.amount) == b.allocation.map(\.amount)
    }

    public func hash(into h: inout Hasher) {
      h.combine(n)
      h.combine(due)
      h.combine(amount)
    }
  }

  /// The journal entry (kind `agreement`): its id, author, date, and whether it is cancelled.
  ///
  /// Its `account` is the account id, or the debtor id for a debtor's plan; `amount` is the
  /// total to pay, `due` the last installment's date and `note` the terms as typed.
  public var entry: JournalEntry
  /// The debtor id of a debtor's plan; `nil` for one account's.
  public var debtor: String?
  /// The accounts the plan covers (one for an account's plan).
  public var accounts: [String]
  /// The balance planned, before waivers and discount.
  public var balance: Cents
  /// What the waivers and the discount took off.
  public var forgiven: Cents
  /// The schedule, oldest first; installments with nothing to pay are left out.
  public var installments: [Installment]

  /// Creates an agreement.
  public init(
    entry: JournalEntry,
    debtor: String?,
    accounts: [String],
    balance: Cents,
    forgiven: Cents,
    installments: [Installment]
  ) {
    self.entry = entry
    self.debtor = debtor
    self.accounts = accounts
    self.balance = balance
    self.forgiven = forgiven
    self.installments = installments
  }

  /// The sum of the installments.
  public var total: Cents { installments.reduce(0) { $0 + $1.amount } }
}

extension SQLiteJournalStore {
  /// Migration "v2": the tables of payment agreements.
  ///
  /// `agreement` has one row per entry of kind `agreement`; `agreement_account` the accounts it
  /// covers; `installment` its schedule; `installment_allocation` a debtor plan's split of each
  /// installment between accounts. Entries are never deleted from a journal, but a scratch copy
  /// cut at a recording's last entry deletes the later ones: their agreement rows go with them
  /// (`ON DELETE CASCADE`).
  @Sendable static func createAgreementTables(_ db: Database) throws {
    try db.create(table: "agreement") { t in
      t.primaryKey("entry", .integer).references("entry", onDelete: .cascade)
      t.column("debtor", .text)
      t.column("balance", .integer).notNull()
      t.column("forgiven", .integer).notNull()
    }
    try db.create(table: "agreement_account") { t in
      t.column("entry", .integer).notNull().references("agreement", onDelete: .cascade)
      t.column("account", .text).notNull()
      t.primaryKey(["entry", "account"])
    }
    try db.create(
      index: "agreement_account_account",
      on: "agreement_account",
      columns: ["account"]
    )
    try db.create(table: "installment") { t in
      t.column("entry", .integer).notNull().references("agreement", onDelete: .cascade)
      t.column("n", .integer).notNull()
      t.column("due", .text).notNull()
      t.column("amount", .integer).notNull()
      t.column("fees", .integer).notNull()
      t.column("interest", .integer).notNull()
      t.column("principal", .integer).notNull()
      t.primaryKey(["entry", "n"])
    }
    try db.create(table: "installment_allocation") { t in
      t.column("entry", .integer).notNull()
      t.column("n", .integer).notNull()
      t.column("account", .text).notNull()
      t.column("amount", .integer).notNull()
      t.primaryKey(["entry", "n", "account"])
      t.foreignKey(["entry", "n"], references: "installment", onDelete: .cascade)
    }
  }

  /// Inserts the terms, accounts, schedule and allocation of agreement `id`.
  static func insertTerms(of a: Agreement, id: Int64, _ db: Database) throws {
    try db.execute(
      sql: "INSERT INTO agreement (entry, debtor, balance, forgiven) VALUES (?, ?, ?, ?)",
      arguments: [id, a.debtor, a.balance, a.forgiven]
    )
    for account in a.accounts {
      try db.execute(
        sql: "INSERT INTO agreement_account (entry, account) VALUES (?, ?)",
        arguments: [id, account]
      )
    }
    for i in a.installments {
      try db.execute(
        sql: """
          INSERT INTO installment (entry, n, due, amount, fees, interest, principal)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [id, i.n, i.due.description, i.amount, i.fees, i.interest, i.principal]
      )
      for line in i.allocation {
        try db.execute(
          sql: """
            INSERT INTO installment_allocation (entry, n, account, amount) VALUES (?, ?, ?, ?)
            """,
          arguments: [id, i.n, line.account, line.amount]
        )
      }
    }
  }

  func agreements() throws(JournalError) -> [Agreement] {
    try read { db in
      let entries = try SQLiteJournalStore.fetch(db, where: "e.kind = 'agreement'", [])
      var out: [Agreement] = []
      out.reserveCapacity(entries.count)
      var heads: [Int64: Row] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT * FROM agreement") {
        heads[row["entry"]] = row
      }
      var accounts: [Int64: [String]] = [:]
      for row in try Row.fetchAll(
        db,
        sql: "SELECT entry, account FROM agreement_account ORDER BY entry, rowid"
      ) {
        accounts[row["entry"], default: []].append(row["account"])
      }
      var allocation: [Int64: [Int: [(account: String, amount: Cents)]]] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT entry, n, account, amount FROM installment_allocation ORDER BY entry, n, rowid
          """
      ) {
        let n: Int = row["n"]
        let line: (account: String, amount: Cents) = (row["account"], row["amount"])
        allocation[row["entry"], default: [:]][n, default: []].append(line)
      }
      var installments: [Int64: [Agreement.Installment]] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT * FROM installment ORDER BY entry, n") {
        let id: Int64 = row["entry"]
        let n: Int = row["n"]
        guard let due = Day(row["due"] as String) else {
          throw JournalError.corrupt(path: "", message: "bad installment date in entry \(id)")
        }
        installments[id, default: []].append(
          Agreement.Installment(
            n: n,
            due: due,
            amount: row["amount"],
            fees: row["fees"],
            interest: row["interest"],
            principal: row["principal"],
            allocation: allocation[id]?[n] ?? []
          )
        )
      }
      for e in entries {
        guard let head = heads[e.id] else {
          throw JournalError.corrupt(path: "", message: "agreement \(e.id) has no terms")
        }
        out.append(
          Agreement(
            entry: e,
            debtor: head["debtor"],
            accounts: accounts[e.id] ?? [],
            balance: head["balance"],
            forgiven: head["forgiven"],
            installments: installments[e.id] ?? []
          )
        )
      }
      return out
    }
  }
}
