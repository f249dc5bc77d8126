import CobroCore
import CobroPortfolio
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The same questions asked of DuckDB (through python3), when it is installed.
@Suite struct DuckDBTests {
  /// Runs a shell command and returns its stdout and exit status.
  static func shell(_ command: String) -> (String, Int32) {
    guard let f = popen(command, "r") else { return ("", -1) }
    var out = ""
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), f) != nil {
      out += String(
        decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
        as: UTF8.self
      )
    }
    let status = pclose(f)
    return (out, status)
  }

  /// Whether `python3 -c 'import duckdb'` works.
  static let available: Bool = {
    let (_, status) = shell("python3 -c 'import duckdb' 2>/dev/null")
    if status != 0 { print("DuckDBTests skipped: python3 cannot import duckdb") }
    return status == 0
  }()

  @Test(.enabled(if: DuckDBTests.available, "python3 cannot import duckdb"))
  func countsSumsAndAgingAgreeWithDuckDB() throws {
    let data = RandomPortfolio(seed: 77, count: 2_000, withPayments: false)
    let path = "/tmp/cobro-duckdb-\(getpid()).csv"
    defer { unlink(path) }
    #expect(try ExportFormat.write(data.csv, to: path, replace: true) == nil)
    let p = try data.load(payments: false)
    let t = TestSession(p)
    let asOf = data.cutoff.description
    let sql = """
      import duckdb
      con = duckdb.connect()
      con.execute("create table t as select * from read_csv('\(path)', header=true, all_varchar=true)")
      od = "(case when cast(balance as decimal(18,2)) > 0 and date '\(asOf)' > cast(due_date as date) then date_diff('day', cast(due_date as date), date '\(asOf)') else 0 end)"
      def q(s): return con.execute(s).fetchall()
      print(q(f"select count(*) from t where {od} > 60 and segment = 'B'")[0][0])
      print(q(f"select coalesce(sum(cast(balance as decimal(18,2))), 0) from t where {od} > 60 and segment = 'B'")[0][0])
      b = f"(case when {od} = 0 then 'current' when {od} <= 30 then '1-30' when {od} <= 60 then '31-60' when {od} <= 90 then '61-90' when {od} <= 180 then '91-180' when {od} <= 360 then '181-360' else '361+' end)"
      for label in ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '361+']:
          r = q(f"select count(*), coalesce(sum(cast(balance as decimal(18,2))), 0) from t where {b} = '{label}'")[0]
          print(f"{label},{r[0]},{r[1]:.2f}")
      """
    let script = "/tmp/cobro-duckdb-\(getpid()).py"
    defer { unlink(script) }
    #expect(try ExportFormat.write(sql, to: script, replace: true) == nil)
    let (out, status) = DuckDBTests.shell("python3 \(script)")
    try #require(status == 0, "duckdb failed: \(out)")
    let lines = out.split(separator: "\n").map(String.init)
    #expect(t.run("count overdue > 60 segment B").out == "count\n\(lines[0])\n")
    #expect(t.run("sum balance overdue > 60 segment B").out == "\nsum_balance\n\(lines[1])\n")
    let aging = t.run("aging").out.split(separator: "\n").dropFirst(1).prefix(7)
      .map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
    #expect(aging == Array(lines[2...]))
  }
}
