import CobroCore
import CobroPortfolio
import Foundation
import Testing

/// The answers of `Tests/Transcripts/load/banco.cobro` and `banco_xlsx.cobro`, checked against
/// an independent reading of the bank-export fixture.
///
/// The reading has its own split of `;` fields, its own money and date parsing, its own folding
/// of spellings, and the spec's rules for rejects, the cut-off and aging, computed here with
/// Foundation's calendar rather than cobro's day numbers. The workbook holds the same data, so
/// its answers are checked against the same reading of the CSV.
@Suite struct BankExportTests {
  static let folder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path + "/Tests/Transcripts/fixtures/banco"
  }()

  static let calendar: Calendar = {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "UTC") ?? c.timeZone
    return c
  }()

  /// One account as the independent reader sees it.
  struct Account {
    var id: String
    var status: String
    var principal: Int64
    var balance: Int64
    var issued: Date?
    var due: Date
    var bankOverdue: Int?
    var segment: String
    var city: String
  }

  /// The portfolio's two forms: the CSV export and the same data as a workbook.
  static let files = ["cartera.csv", "cartera.xlsx"]

  /// `DD/MM/YYYY` as a date, or `nil` when it is not a real day.
  static func date(_ s: String) -> Date? {
    let parts = s.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 3, s.count == 10 else { return nil }
    let c = DateComponents(year: parts[2], month: parts[1], day: parts[0])
    guard let d = calendar.date(from: c) else { return nil }
    let back = calendar.dateComponents([.year, .month, .day], from: d)
    return back.year == parts[2] && back.month == parts[1] && back.day == parts[0] ? d : nil
  }

  static func iso(_ s: String) -> Date {
    let p = s.split(separator: "-").compactMap { Int($0) }
    return calendar.date(from: DateComponents(year: p[0], month: p[1], day: p[2])) ?? Date()
  }

  /// `$ 1.234.567,89` in cents, or `nil` when it is not money.
  static func cents(_ s: String) -> Int64? {
    let digits = s.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: " ", with: "")
      .replacingOccurrences(of: ".", with: "")
    let halves = digits.split(separator: ",", omittingEmptySubsequences: false)
    guard halves.count == 2, halves[1].count == 2, let whole = Int64(halves[0]),
      let frac = Int64(halves[1]), halves[0].allSatisfy(\.isNumber)
    else { return nil }
    return whole * 100 + frac
  }

  /// The fields of one line: `;` separated, `"` quoting with doubled quotes.
  static func fields(_ line: String) -> [String] {
    var out: [String] = []
    var current = ""
    var quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" {
          if chars.first == "\"" {
            current.append("\"")
            chars.removeFirst()
          } else {
            quoted = false
          }
        } else {
          current.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == ";" {
        out.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    out.append(current)
    return out
  }

  /// The file's lines, read as Windows-1252 (every byte it holds is also Latin-1).
  static func lines(_ name: String) throws -> [String] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    let text = String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
    return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
  }

  /// The accounts that load: 20 fields, valid money and dates, the required cells present, the
  /// first of each account id.
  static func accounts() throws -> [Account] { try reading().accounts }

  /// The accounts that load, and the lines of the CSV that are rejected (the header is line 1).
  static func reading() throws -> (accounts: [Account], rejectedLines: [Int]) {
    var seen: Set<String> = []
    var out: [Account] = []
    var rejected: [Int] = []
    for (n, line) in try lines("cartera.csv").enumerated().dropFirst() {
      let f = fields(line)
      guard f.count == 20, !f[0].isEmpty, !f[1].isEmpty, !seen.contains(f[0]) else {
        rejected.append(n + 1)
        continue
      }
      let money = f[5...10].map { $0.isEmpty ? 0 : cents($0) }
      guard money.allSatisfy({ $0 != nil }), let balance = cents(f[6]), let due = date(f[12]),
        f[11].isEmpty || date(f[11]) != nil, f[13].isEmpty || date(f[13]) != nil
      else {
        rejected.append(n + 1)
        continue
      }
      seen.insert(f[0])
      out.append(
        Account(
          id: f[0],
          status: f[15].lowercased(),
          principal: money[0] ?? 0,
          balance: balance,
          issued: date(f[11]),
          due: due,
          bankOverdue: Int(f[14]),
          segment: f[3].trimmingCharacters(in: .whitespaces),
          city: f[17].trimmingCharacters(in: .whitespaces)
        )
      )
    }
    return (out, rejected)
  }

  /// Each account's payments as (date, cents).
  static func payments() throws -> [String: [(Date, Int64)]] {
    var out: [String: [(Date, Int64)]] = [:]
    for line in try lines("pagos.csv").dropFirst() {
      let f = fields(line)
      guard let d = date(f[1]), let c = cents(f[2]) else { continue }
      out[f[0], default: []].append((d, c))
    }
    return out
  }

  /// The balance at `asOf`: the file's, plus the payments after `asOf` up to the cut-off.
  static func balance(_ a: Account, asOf: Date, cutoff: Date, _ paid: [String: [(Date, Int64)]])
    -> Int64
  {
    guard asOf < cutoff else { return a.balance }
    return a.balance
      + (paid[a.id] ?? []).filter { $0.0 > asOf && $0.0 <= cutoff }.reduce(0) { $0 + $1.1 }
  }

  /// Aging by the standard buckets: (bucket, count, balance) with the total last.
  static func aging(asOf: Date, cutoff: Date) throws -> [(String, Int, Int64)] {
    let paid = try payments()
    let names = ["current", "1-30", "31-60", "61-90", "91-180", "181-360", "361+"]
    var rows = names.map { ($0, 0, Int64(0)) }
    for a in try accounts() where a.issued.map({ $0 <= asOf }) ?? true {
      let b = balance(a, asOf: asOf, cutoff: cutoff, paid)
      let days = b > 0 ? max(0, calendar.dateComponents([.day], from: a.due, to: asOf).day ?? 0) : 0
      let k =
        days == 0
        ? 0
        : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : days <= 180 ? 4 : days <= 360 ? 5 : 6
      rows[k].1 += 1
      rows[k].2 += b
    }
    rows.append(("total", rows.reduce(0) { $0 + $1.1 }, rows.reduce(0) { $0 + $1.2 }))
    return rows
  }

  /// A spelling with case and accents folded away: lower case, without combining marks.
  static func fold(_ s: String) -> String {
    let marks = s.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter {
      $0.properties.generalCategory != .nonspacingMark
    }
    return String(String.UnicodeScalarView(marks))
  }

  /// Accounts grouped by a field's folded spelling, each group named by its most frequent
  /// spelling (or by `recoded`'s name when its folded spelling is one of `recoded`'s values):
  /// name → (count, balance).
  static func groups(
    _ accounts: [Account],
    by field: (Account) -> String,
    recoded: (values: [String], name: String)? = nil
  ) -> [String: (Int, Int64)] {
    var spellings: [String: [String: Int]] = [:]
    var totals: [String: (Int, Int64)] = [:]
    let merged = Set((recoded?.values ?? []).map(fold))
    for a in accounts {
      var key = fold(field(a))
      if merged.contains(key), let recoded { key = "=" + recoded.name }
      spellings[key, default: [:]][field(a), default: 0] += 1
      totals[key, default: (0, 0)].0 += 1
      totals[key, default: (0, 0)].1 += a.balance
    }
    var out: [String: (Int, Int64)] = [:]
    for (key, total) in totals {
      let name =
        key.hasPrefix("=")
        ? String(key.dropFirst())
        : spellings[key, default: [:]].max { $0.value < $1.value }?.key ?? key
      out[name] = total
    }
    return out
  }

  /// A `group by` table as name → (count, balance), without its total row.
  static func groupRows(_ out: String) -> [String: (Int, Int64)] {
    var rows: [String: (Int, Int64)] = [:]
    for line in out.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard f.count >= 3, f[0] != "total", let n = Int(f[1]) else { continue }
      let parts = f[2].split(separator: ".").map(String.init)
      guard parts.count == 2, let whole = Int64(parts[0]), let frac = Int64(parts[1]) else {
        continue
      }
      rows[f[0]] = (n, whole * 100 + frac)
    }
    return rows
  }

  /// A command's stdout without the blank line that separates it from the previous result.
  static func ask(_ s: TestSession, _ command: String) -> String {
    String(s.run(command).out.drop { $0 == "\n" })
  }

  static func plain(_ c: Int64) -> String { "\(c / 100).\(String(format: "%02d", c % 100))" }

  /// A session with the fixture `file` (the CSV or the workbook) loaded as the transcripts
  /// load it.
  static func session(_ file: String) throws -> TestSession {
    let s = TestSession(asOf: Day("2026-12-04") ?? Day(raw: 0))
    let r = s.run(
      "load \"\(folder)/\(file)\" payments \"\(folder)/pagos.csv\" delimiter ; decimal , "
        + "dates dmy encoding cp1252 map \"\(folder)/tipos.map\" cutoff 2026-12-04"
    )
    #expect(r.ok, "\(r.err)")
    return s
  }

  @Test(arguments: files) func countsAndSumsAtTheCutoff(file: String) throws {
    let accounts = try Self.accounts()
    let s = try Self.session(file)
    #expect(accounts.count == 320)
    #expect(Self.ask(s, "count") == "count\n\(accounts.count)\n")
    let total = accounts.reduce(0) { $0 + $1.balance }
    #expect(Self.ask(s, "sum balance") == "sum_balance\n\(Self.plain(total))\n")
    let writtenOff = accounts.filter { $0.status.hasPrefix("castigad") }
    #expect(
      Self.ask(s, "count status = written_off") == "count\n\(writtenOff.count)\n"
    )
    #expect(
      Self.ask(s, "sum balance status = written_off")
        == "sum_balance\n\(Self.plain(writtenOff.reduce(0) { $0 + $1.balance }))\n"
    )
    let large = accounts.filter { $0.principal > 100_000_000_00 }.count
    #expect(Self.ask(s, "count principal > 100M") == "count\n\(large)\n")
    let before2022 = accounts.filter { $0.issued.map { $0 < Self.iso("2022-01-01") } ?? false }
    #expect(Self.ask(s, "count issue_date < 2022-01-01") == "count\n\(before2022.count)\n")
    let bank90 = accounts.filter { ($0.bankOverdue ?? 0) > 90 }.count
    #expect(Self.ask(s, "count file_dias_mora > 90") == "count\n\(bank90)\n")
    // The rejected rows: five broken ones and the totals footer, each at its line of the CSV
    // or, in the workbook, at its row, two further down (a title row and a blank row above the
    // header).
    let rejected = try Self.reading().rejectedLines
    #expect(rejected.count == 6)
    let offset = file.hasSuffix(".xlsx") ? 2 : 0
    #expect(s.session.portfolio?.rejects.map(\.line) == rejected.map { $0 + offset })
  }

  @Test(arguments: files) func agingAtPastMonthEndsWithTheCutoff(file: String) throws {
    let s = try Self.session(file)
    let cutoff = Self.iso("2026-12-04")
    for month in ["2026-11-30", "2026-10-31"] {
      let expected = try Self.aging(asOf: Self.iso(month), cutoff: cutoff)
      let out = Self.ask(s, "set asof \(month)\naging")
      let rows = out.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
      #expect(rows.count == expected.count, "\(out)")
      for (row, want) in zip(rows, expected) {
        #expect(row.count >= 3 && String(row[0]) == want.0, "\(month) \(row)")
        #expect(row.count >= 3 && String(row[1]) == String(want.1), "\(month) \(want.0)")
        #expect(row.count >= 3 && String(row[2]) == Self.plain(want.2), "\(month) \(want.0)")
      }
    }
  }

  @Test(arguments: files) func theLargestBalancesAtAPastMonthEnd(file: String) throws {
    let s = try Self.session(file)
    let paid = try Self.payments()
    let asOf = Self.iso("2026-10-31")
    let cutoff = Self.iso("2026-12-04")
    let top = try Self.accounts()
      .map { ($0.id, Self.balance($0, asOf: asOf, cutoff: cutoff, paid)) }
      .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
      .prefix(3)
    let out = Self.ask(
      s,
      "set asof 2026-10-31\nlist columns account_id, balance sort balance desc limit 3"
    )
    #expect(out == "account_id,balance\n" + top.map { "\($0.0),\(Self.plain($0.1))\n" }.joined())
  }

  @Test(arguments: files) func groupsOfDifferentlySpelledValuesAndARecode(file: String) throws {
    let accounts = try Self.accounts()
    let s = try Self.session(file)
    func check(_ command: String, _ want: [String: (Int, Int64)]) {
      let got = Self.groupRows(Self.ask(s, command))
      #expect(got.count == want.count, "\(command): \(got.keys.sorted())")
      for (name, total) in want {
        #expect(got[name]?.0 == total.0, "\(command): \(name) count")
        #expect(got[name]?.1 == total.1, "\(command): \(name) balance")
      }
    }
    let cities = Self.groups(accounts, by: \.city)
    // The file spells cities several ways: folding must merge them, not leave them apart.
    #expect(cities.count < Set(accounts.map(\.city)).count)
    check("group by ciudad", cities)
    check("group by segmento", Self.groups(accounts, by: \.segment))
    let recode = s.run("recode ciudad \"Bogota D.C.\", BOGOTA as \"Bogotá\"")
    #expect(recode.ok, "\(recode.err)")
    check(
      "group by ciudad",
      Self.groups(accounts, by: \.city, recoded: (["Bogota D.C.", "BOGOTA"], "Bogotá"))
    )
  }
}
