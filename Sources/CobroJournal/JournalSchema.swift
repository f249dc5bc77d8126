/// The journal's schema on PostgreSQL: a mirror of the SQLite migrations
/// (``SQLiteJournalStore/migrations``), one step per SQLite migration, with the same identifier,
/// in the same order, creating the same tables and columns.
///
/// To add a migration: add it to ``SQLiteJournalStore/migrations``, then its PostgreSQL
/// statements here under the same identifier (`integer` is `bigint`, `text` is `text`,
/// foreign keys and `ON DELETE` as in SQLite). `JournalSchemaTests` fails until the two agree:
/// same identifiers, same columns in every table (less ``postgresOnlyColumns``).
enum JournalSchema {
  /// The PostgreSQL statements of each migration, oldest first.
  static let postgres: [(identifier: String, statements: [String])] = [
    (
      "v1",
      [
        """
        CREATE TABLE entry (
          id bigint PRIMARY KEY,
          kind text NOT NULL,
          account text NOT NULL,
          amount bigint,
          due text,
          channel text,
          result text,
          note text,
          cancels bigint UNIQUE REFERENCES entry (id),
          collector text NOT NULL,
          recorded_on text NOT NULL,
          recorded_at text NOT NULL,
          written_at timestamptz NOT NULL DEFAULT clock_timestamp()
        )
        """,
        "CREATE INDEX entry_account ON entry (account)",
      ]
    ),
    (
      "v2",
      [
        """
        CREATE TABLE agreement (
          entry bigint PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
          debtor text,
          balance bigint NOT NULL,
          forgiven bigint NOT NULL
        )
        """,
        """
        CREATE TABLE agreement_account (
          entry bigint NOT NULL REFERENCES agreement (entry) ON DELETE CASCADE,
          account text NOT NULL,
          ord bigint NOT NULL,
          PRIMARY KEY (entry, account)
        )
        """,
        "CREATE INDEX agreement_account_account ON agreement_account (account)",
        """
        CREATE TABLE installment (
          entry bigint NOT NULL REFERENCES agreement (entry) ON DELETE CASCADE,
          n bigint NOT NULL,
          due text NOT NULL,
          amount bigint NOT NULL,
          fees bigint NOT NULL,
          interest bigint NOT NULL,
          principal bigint NOT NULL,
          PRIMARY KEY (entry, n)
        )
        """,
        """
        CREATE TABLE installment_allocation (
          entry bigint NOT NULL,
          n bigint NOT NULL,
          account text NOT NULL,
          amount bigint NOT NULL,
          ord bigint NOT NULL,
          PRIMARY KEY (entry, n, account),
          FOREIGN KEY (entry, n) REFERENCES installment (entry, n) ON DELETE CASCADE
        )
        """,
      ]
    ),
    (
      "v3",
      [
        """
        CREATE TABLE contact_basis (
          entry bigint PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
          basis text NOT NULL,
          during bigint REFERENCES entry (id) ON DELETE CASCADE
        )
        """
      ]
    ),
  ]

  /// Columns only the PostgreSQL tables have, by table: the server's time of each write
  /// (`written_at`, an audit trail the machines' clocks cannot change), and the order of a
  /// list (`ord`), which SQLite keeps as the rowid.
  static let postgresOnlyColumns: [String: Set<String>] = [
    "entry": ["written_at"],
    "agreement_account": ["ord"],
    "installment_allocation": ["ord"],
  ]
}
