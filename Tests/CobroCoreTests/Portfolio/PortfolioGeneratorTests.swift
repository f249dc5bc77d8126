import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroPortfolio

@Suite struct PortfolioGeneratorTests {
  /// The as-of date of every generated file here.
  static let asOf = Day(year: 2026, month: 11, day: 30) ?? Day(raw: 0)

  /// A generator with the test's as-of date.
  static func generator(
    _ accounts: Int,
    seed: UInt64 = 42,
    dialect: PortfolioGenerator.Dialect = .canonical,
    qualityIssues: Bool = false
  ) -> PortfolioGenerator {
    PortfolioGenerator(
      accounts: accounts,
      seed: seed,
      asOf: asOf,
      dialect: dialect,
      qualityIssues: qualityIssues
    )
  }

  /// The 20,000-account canonical file and its payments, shared by several tests.
  static let large = generator(20_000).csv()
  /// Its records, header first.
  static let largeRecords = RFC4180Splitter.records(large.portfolio)
  /// Its rows as dictionaries by canonical column name.
  static let largeRows = rows(largeRecords)

  /// Converts records to dictionaries keyed by the header.
  static func rows(_ records: [[String]]) -> [[String: String]] {
    guard let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  // MARK: - Determinism

  @Test func sameArgumentsGiveTheSameBytes() {
    let a = Self.generator(3_000).csv()
    let b = Self.generator(3_000).csv()
    #expect(a.portfolio == b.portfolio)
    #expect(a.payments == b.payments)
  }

  @Test func differentSeedsGiveDifferentBytes() {
    let a = Self.generator(500, seed: 1).csv()
    let b = Self.generator(500, seed: 2).csv()
    #expect(a.portfolio != b.portfolio)
    #expect(a.payments != b.payments)
  }

  /// Pins the exact bytes of a few small files.
  ///
  /// A change here means every seeded file, transcript and benchmark input changes. Update the
  /// digests only on purpose, and say so in the commit message.
  @Test func bytesArePinned() {
    let (portfolio, payments) = Self.generator(300, seed: 7).csv()
    #expect(fnv1a(portfolio) == 183_440_348_016_133_625)
    #expect(fnv1a(payments) == 1_378_490_813_444_634_655)
    let co = Self.generator(300, seed: 7, dialect: .spreadsheetCO).csv()
    #expect(fnv1a(co.portfolio) == 13_933_393_107_777_256_269)
  }

  @Test func portfolioDoesNotDependOnWhetherPaymentsAreWritten() {
    let g = Self.generator(2_000)
    var alone: [UInt8] = []
    g.write(portfolio: { alone.append(contentsOf: $0) })
    #expect(alone == g.csv().portfolio)
  }

  @Test func aSmallerFileIsAPrefixOfALargerOne() {
    let small = Self.generator(1_000).csv()
    #expect(Self.large.portfolio.starts(with: small.portfolio))
    #expect(Self.large.payments.starts(with: small.payments))
  }

  @Test func chunksEndAtRowBoundariesAndAddUpToTheFile() {
    var chunks: [[UInt8]] = []
    Self.generator(20_000).write(portfolio: { chunks.append(Array($0)) })
    #expect(chunks.count > 1)
    #expect(chunks.allSatisfy { $0.last == 10 })
    #expect(chunks.allSatisfy { $0.count <= (1 << 20) + (64 << 10) })
    #expect(Array(chunks.joined()) == Self.large.portfolio)
  }

  @Test func errorsFromTheSinkStopTheGeneration() {
    struct Full: Error {}
    var calls = 0
    #expect(throws: Full.self) {
      try Self.generator(20_000).write(portfolio: { _ in
        calls += 1
        throw Full()
      })
    }
    #expect(calls == 1)
  }

  @Test(arguments: [
    PortfolioGenerator.supportedAsOf.lowerBound, PortfolioGenerator.supportedAsOf.upperBound,
  ])
  func extremeAsOfDatesKeepFourDigitYears(asOf: Day) {
    let g = PortfolioGenerator(accounts: 2_000, seed: 5, asOf: asOf)
    let records = RFC4180Splitter.records(g.csv().portfolio)
    #expect(records.count == 2_001)
    #expect(records.dropFirst().allSatisfy { Day($0[13]) != nil && Day($0[15]) != nil })
  }

  // MARK: - Shape

  @Test(arguments: [0, 1, 37, 5_000])
  func oneRowPerAccount(accounts: Int) {
    let (portfolio, _) = Self.generator(accounts).csv()
    let records = RFC4180Splitter.records(portfolio)
    #expect(records.count == accounts + 1)
    #expect(records.first == PortfolioGenerator.canonicalHeaderList)
    #expect(portfolio.last == 10)
  }

  @Test(arguments: [false, true])
  func everyRowHas25Fields(qualityIssues: Bool) {
    let (portfolio, payments) = Self.generator(5_000, qualityIssues: qualityIssues).csv()
    let records = RFC4180Splitter.records(portfolio)
    #expect(records.count == 5_001)
    #expect(records.allSatisfy { $0.count == 25 })
    let paymentRecords = RFC4180Splitter.records(payments)
    #expect(paymentRecords.first == ["account_id", "date", "amount"])
    #expect(paymentRecords.allSatisfy { $0.count == 3 })
  }

  @Test func accountIDsAreUniqueAndSorted() {
    let ids = Self.largeRows.compactMap { $0["account_id"] }
    #expect(ids.count == 20_000)
    #expect(Set(ids).count == ids.count)
    #expect(ids == ids.sorted())
    #expect(ids.first == "CO-0000001")
    #expect(ids.last == "CO-0020000")
  }

  @Test func debtorsHoldAboutOnePointThreeAccounts() {
    var names: [String: Set<String>] = [:]
    for row in Self.largeRows {
      names[row["debtor_id", default: ""], default: []].insert(row["debtor_name", default: ""])
    }
    let perDebtor = Double(Self.largeRows.count) / Double(names.count)
    #expect(perDebtor > 1.2 && perDebtor < 1.4)
    // A debtor has one name on all its accounts.
    #expect(names.values.allSatisfy { $0.count == 1 })
  }

  @Test func debtorIDsAreCedulasOrNITsWithTheirCheckDigit() throws {
    var companies = 0
    for row in Self.largeRows {
      let id = row["debtor_id", default: ""]
      if row["debtor_type"] == "company" {
        companies += 1
        let parts = id.split(separator: "-")
        try #require(parts.count == 2 && parts[0].count == 9)
        let nit = try #require(UInt64(parts[0]))
        #expect(PortfolioGenerator.nitCheckDigit(nit) == Int(parts[1]))
      } else {
        #expect(row["debtor_type"] == "person")
        #expect(id.count == 8 || id.count == 10)
        #expect(id.allSatisfy(\.isASCII) && UInt64(id) != nil)
      }
    }
    let share = Double(companies) / Double(Self.largeRows.count)
    #expect(share > 0.10 && share < 0.22)
  }

  @Test(arguments: [
    (800_197_268 as UInt64, 4),  // DIAN
    (860_034_313, 7),  // Davivienda
    (890_903_938, 8),  // Bancolombia
  ])
  func nitCheckDigitMatchesPublishedNITs(nit: UInt64, digit: Int) {
    #expect(PortfolioGenerator.nitCheckDigit(nit) == digit)
  }

  // MARK: - Money

  @Test(arguments: [false, true])
  func breakdownAddsUpToTheBalanceWithinThePrincipal(qualityIssues: Bool) throws {
    let rows =
      qualityIssues
      ? Self.rows(
        RFC4180Splitter.records(Self.generator(5_000, qualityIssues: true).csv().portfolio)
      )
      : Self.largeRows
    var mismatches = 0
    var aboveprincipal = 0
    for row in rows {
      let money = try ["principal", "balance", "capital", "interest", "late_interest", "fees"].map {
        try #require(Money.parse(row[$0, default: ""]), "\($0) in \(row)")
      }
      #expect(money.allSatisfy { $0 >= 0 })
      if money[2] + money[3] + money[4] + money[5] != money[1] { mismatches += 1 }
      if money[1] > money[0] { aboveprincipal += 1 }
      switch row["status"] {
      case "paid": #expect(money[1] == 0)
      case "active", "written_off": #expect(money[1] > 0)
      default: Issue.record("status '\(row["status"] ?? "")'")
      }
    }
    if qualityIssues {
      #expect(mismatches > 0 && mismatches < rows.count / 50)
      #expect(aboveprincipal > 0 && aboveprincipal < rows.count / 50)
    } else {
      #expect(mismatches == 0)
      #expect(aboveprincipal == 0)
    }
  }

  @Test func amountsSpanRealisticRanges() throws {
    var cop: [Cents] = []
    var usd = 0
    for row in Self.largeRows where row["status"] != "paid" {
      let balance = try #require(Money.parse(row["balance", default: ""]))
      if row["currency"] == "USD" { usd += 1 } else { cop.append(balance) }
    }
    cop.sort()
    let median = cop[cop.count / 2]
    #expect(median > 50_000_000 && median < 2_000_000_000)  // 0.5 to 20 million pesos
    #expect(cop[cop.count / 100] < 50_000_000)  // hundreds of thousands
    #expect(cop[cop.count * 995 / 1000] > 10_000_000_000)  // above 100 million pesos
    let usdShare = Double(usd) / Double(Self.largeRows.count)
    #expect(usdShare > 0.003 && usdShare < 0.02)
  }

  // MARK: - Dates and standing

  @Test func datesAreOrderedAndNeverAfterTheAsOfDate() throws {
    let asOf = Self.asOf.raw
    for row in Self.largeRows {
      let issue = try #require(Day(row["issue_date", default: ""])).raw
      let due = try #require(Day(row["due_date", default: ""])).raw
      let maturity = try #require(Day(row["maturity_date", default: ""])).raw
      #expect(issue < due && due <= maturity && issue <= asOf, "\(row)")
      if let text = row["last_payment_date"], !text.isEmpty {
        let last = try #require(Day(text)).raw
        #expect(issue <= last && last <= asOf, "\(row)")
      }
    }
  }

  @Test func standingsMixCurrentOverdueAndWrittenOff() throws {
    var notYetDue = 0
    var overdue: [Int] = []
    var statuses: [String: Int] = [:]
    var noLastPayment = 0
    for row in Self.largeRows {
      statuses[row["status", default: ""], default: 0] += 1
      if row["last_payment_date", default: ""].isEmpty { noLastPayment += 1 }
      let due = try #require(Day(row["due_date", default: ""])).raw
      let days = Int(Self.asOf.raw - due)
      if row["status"] == "paid" { continue }
      if days <= 0 {
        notYetDue += 1
      } else {
        overdue.append(days)
        if row["status"] == "written_off" { #expect(days > 180) }
      }
    }
    let n = Self.largeRows.count
    #expect(notYetDue > n / 2)
    #expect(overdue.count > n / 5)
    #expect(overdue.min() == 1)
    #expect((overdue.max() ?? 0) > 1_400 && (overdue.max() ?? 0) <= 1_500)
    #expect(overdue.filter { $0 <= 30 }.count > overdue.filter { $0 > 360 }.count)
    #expect(statuses["paid", default: 0] > n / 50)
    #expect(statuses["written_off", default: 0] > n / 100)
    #expect(statuses.keys.sorted() == ["active", "paid", "written_off"])
    #expect(noLastPayment > n / 20 && noLastPayment < n / 2)
  }

  @Test func paymentCountsShowEveryBehaviour() throws {
    var punctual = 0
    var habituallyLate = 0
    var new = 0
    for row in Self.largeRows {
      let onTime = try #require(Int(row["payments_on_time", default: ""]))
      let late = try #require(Int(row["payments_late", default: ""]))
      if onTime + late < 3 {
        new += 1
      } else if late * 10 <= onTime + late {
        punctual += 1
      } else if late * 2 > onTime + late {
        habituallyLate += 1
      }
    }
    let n = Self.largeRows.count
    #expect(punctual > n / 10 && habituallyLate > n / 20 && new > n / 10)
  }

  // MARK: - Names and contacts

  @Test func aboutOnePercentOfNamesNeedQuotes() {
    let punctuated = Self.largeRows.filter {
      let name = $0["debtor_name", default: ""]
      return name.contains(",") || name.contains("\"")
    }
    #expect(punctuated.count > 100 && punctuated.count < 400)
    #expect(punctuated.contains { $0["debtor_name", default: ""].contains("\"") })
    #expect(punctuated.contains { $0["debtor_name", default: ""].contains(", ") })
    // Each was written quoted, inner quotes doubled.
    let text = String(decoding: Self.large.portfolio, as: UTF8.self)
    #expect(text.contains(#"""#))
  }

  @Test func namesCarrySpanishLetters() {
    let names = Self.largeRows.map { $0["debtor_name", default: ""] }
    for letter in ["ñ", "á", "é", "í", "ó", "ú", "Ñ", "S.A.S.", "Ltda."] {
      #expect(names.contains { $0.contains(letter) }, "no name with '\(letter)'")
    }
  }

  @Test func contactsMatchTheAuthorisedChannels() {
    let channels: Set = ["whatsapp", "email", "call", "sms"]
    for row in Self.largeRows {
      let channel = row["channel", default: ""]
      let authorized = row["authorized_channels", default: ""].split(separator: "|").map(
        String.init
      )
      #expect(channels.contains(channel))
      #expect(authorized.contains(channel))
      #expect(Set(authorized).isSubset(of: channels))
      let phone = row["phone", default: ""]
      let email = row["email", default: ""]
      if authorized.contains(where: { $0 != "email" }) { #expect(!phone.isEmpty, "\(row)") }
      if authorized.contains("email") { #expect(!email.isEmpty, "\(row)") }
      if !email.isEmpty {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        #expect(parts.count == 2 && parts[1].contains(".") && email.allSatisfy(\.isASCII))
        #expect(!email.contains(" "))
      }
      if !phone.isEmpty {
        let digits = phone.filter(\.isNumber)
        #expect(digits.count == 10 || (digits.count == 12 && digits.hasPrefix("57")), "\(phone)")
      }
    }
  }

  // MARK: - Payments

  @Test func paymentsAgreeWithTheirAccounts() throws {
    var byAccount: [String: [(date: Int32, amount: Cents)]] = [:]
    var order: [String] = []
    for record in RFC4180Splitter.records(Self.large.payments).dropFirst() {
      let date = try #require(Day(record[1])).raw
      let amount = try #require(Money.parse(record[2]))
      #expect(date <= Self.asOf.raw)
      #expect(amount > 0)
      if byAccount[record[0]] == nil { order.append(record[0]) }
      byAccount[record[0], default: []].append((date, amount))
    }
    #expect(order == order.sorted())
    var rowsByID: [String: [String: String]] = [:]
    for row in Self.largeRows { rowsByID[row["account_id", default: ""]] = row }
    for (id, payments) in byAccount {
      let row = try #require(rowsByID[id])
      let issue = try #require(Day(row["issue_date", default: ""])).raw
      #expect(payments.map(\.date) == payments.map(\.date).sorted())
      #expect(payments.allSatisfy { $0.date >= issue })
      #expect(row["last_payment_date"] == Day(raw: payments[payments.count - 1].date).description)
      let onTime = try #require(Int(row["payments_on_time", default: ""]))
      let late = try #require(Int(row["payments_late", default: ""]))
      let installments = onTime + late
      #expect(installments <= payments.count)
    }
    for row in Self.largeRows where byAccount[row["account_id", default: ""]] == nil {
      #expect(row["last_payment_date"] == "")
      #expect(row["payments_on_time"] == "0" && row["payments_late"] == "0")
    }
  }

  // MARK: - Quality issues

  @Test func qualityIssuesSpoilAboutOnePercentOfRowsAndLeaveTheRestAlone() {
    let clean = RFC4180Splitter.records(Self.generator(10_000).csv().portfolio)
    let spoiled = RFC4180Splitter.records(
      Self.generator(10_000, qualityIssues: true).csv().portfolio
    )
    #expect(clean.count == spoiled.count)
    let changed = zip(clean, spoiled).filter { $0 != $1 }.count
    #expect(changed > 50 && changed < 200)
    let emails = Self.rows(spoiled).map { $0["email", default: ""] }
    #expect(emails.contains { $0.contains("@@") || (!$0.isEmpty && !$0.contains("@")) })
  }

  // MARK: - The Colombian spreadsheet dialect

  @Test func spreadsheetDialectIsWindows1252() throws {
    let (bytes, _) = Self.generator(5_000, dialect: .spreadsheetCO).csv()
    #expect(bytes.contains(0xF1))  // ñ
    #expect(!bytes.contains { [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) })  // undefined
    // No UTF-8 multi-byte sequence: no lead byte followed by a continuation byte.
    #expect(
      !zip(bytes, bytes.dropFirst()).contains { $0 >= 0xC2 && $0 <= 0xF4 && $1 & 0xC0 == 0x80 }
    )
    #expect(String(validating: bytes, as: UTF8.self) == nil)
    let text = String(decoding: utf8(fromWindows1252: bytes), as: UTF8.self)
    #expect(text.hasPrefix("Obligación;Cliente ID;Nombre;"))
    #expect(text.contains(";$ "))
    #expect(
      text.contains("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n")
    )
  }

  @Test func spreadsheetDialectHoldsTheSameValues() throws {
    let canonical = RFC4180Splitter.records(Self.generator(3_000).csv().portfolio)
    let (bytes, paymentBytes) = Self.generator(3_000, dialect: .spreadsheetCO).csv()
    let co = RFC4180Splitter.records(utf8(fromWindows1252: bytes), delimiter: UInt8(ascii: ";"))
    #expect(co.count == canonical.count)
    #expect(co[0].count == 25)
    let moneyColumns: Set = [6, 7, 8, 9, 10, 11]
    let dateColumns: Set = [13, 14, 15, 16]
    for (a, b) in zip(canonical.dropFirst(), co.dropFirst()) {
      for i in 0..<25 {
        if moneyColumns.contains(i) {
          #expect(b[i].hasPrefix("$ "))
          #expect(decimalComma(b[i]) == Money.parse(a[i]), "\(b[i]) vs \(a[i])")
        } else if dateColumns.contains(i) && !b[i].isEmpty {
          #expect(dayFirst(b[i]) == Day(a[i])?.raw, "\(b[i]) vs \(a[i])")
        } else {
          #expect(a[i] == b[i])
        }
      }
    }
    let payments = RFC4180Splitter.records(paymentBytes, delimiter: UInt8(ascii: ";"))
    #expect(payments.first == ["account_id", "date", "amount"])
  }

  @Test func spanishHeaderNamesAreTheSpecAliases() {
    func normalized(_ s: String) -> String {
      String(
        PortfolioGenerator.WordTable.fold(s).lowercased().filter { $0 != " " && $0 != "_" }
      )
    }
    let aliases = [
      "obligacion", "cliente_id", "nombre", "tipo_deudor", "segmento", "producto",
      "capital_inicial", "saldo", "capital", "intereses", "intereses_mora", "honorarios",
      "moneda", "fecha_emision", "fecha_vencimiento", "fecha_final", "fecha_ultimo_pago",
      "pagos_a_tiempo", "pagos_tarde", "estado", "canal", "canales_autorizados", "telefono",
      "correo", "ciudad",
    ]
    #expect(PortfolioGenerator.spanishHeaderList.map(normalized) == aliases.map(normalized))
  }

  @Test func commaDelimitedDecimalCommaMoneyIsQuoted() {
    var dialect = PortfolioGenerator.Dialect.canonical
    dialect.decimalComma = true
    let records = RFC4180Splitter.records(Self.generator(200, dialect: dialect).csv().portfolio)
    #expect(records.allSatisfy { $0.count == 25 })
    #expect(records.dropFirst().allSatisfy { $0[7].hasPrefix("$ ") && $0[7].contains(",") })
  }

  // MARK: - Loading what was generated

  @Test func theLoaderRejectsNothing() throws {
    let (bytes, paymentBytes) = Self.large
    let loader = PortfolioLoader(asOf: Self.asOf)
    let p = try loader.load(bytes: InputBytes.copying(bytes), name: "generated.csv")
    #expect(p.rejects.isEmpty)
    #expect(p.warnings.isEmpty)
    #expect(p.rowCount == 20_000)
    #expect(p.column(named: "balance")?.text(0) == Self.largeRows[0]["balance"])
    let (history, rejects) = try PaymentsLoader().load(
      bytes: InputBytes.copying(paymentBytes),
      name: "payments.csv",
      for: p
    )
    #expect(rejects.isEmpty)
    #expect(history.count == RFC4180Splitter.records(paymentBytes).count - 1)
  }

  @Test func theLoaderHintsAtTheSpreadsheetOptionsThenLoadsWithThem() throws {
    let (bytes, paymentBytes) = Self.generator(2_000, dialect: .spreadsheetCO).csv()
    let input = InputBytes.copying(bytes)
    do {
      _ = try PortfolioLoader(asOf: Self.asOf).load(bytes: input, name: "co.csv")
      Issue.record("expected a hint")
    } catch let d as Diagnostic {
      #expect(
        d.notes.first?.text
          == "load it with: load co.csv delimiter ; decimal , dates dmy encoding cp1252"
      )
    }
    var options = LoadOptions()
    options.delimiter = UInt8(ascii: ";")
    options.decimalComma = true
    options.dates = .dmy
    options.encoding = .cp1252
    let p = try PortfolioLoader(options: options, asOf: Self.asOf).load(
      bytes: input,
      name: "co.csv"
    )
    #expect(p.rejects.isEmpty)
    #expect(p.rowCount == 2_000)
    let canonical = try PortfolioLoader(asOf: Self.asOf)
      .load(bytes: InputBytes.copying(Self.generator(2_000).csv().portfolio), name: "c.csv")
    for name in ["debtor_name", "balance", "due_date", "city", "status"] {
      let a = try #require(p.column(named: name))
      let b = try #require(canonical.column(named: name))
      #expect((0..<2_000).allSatisfy { a.text($0) == b.text($0) }, "column \(name)")
    }
    let (_, rejects) = try PaymentsLoader(options: options).load(
      bytes: InputBytes.copying(paymentBytes),
      name: "co-payments.csv",
      for: p
    )
    #expect(rejects.isEmpty)
  }

  // MARK: - Building blocks

  @Test func wordListsHaveNoDuplicates() {
    let lists = [
      PortfolioGenerator.femaleNameList, PortfolioGenerator.maleNameList,
      PortfolioGenerator.surnameList, PortfolioGenerator.companyPrefixList,
      PortfolioGenerator.companyRegionList, PortfolioGenerator.tradeNameList,
      PortfolioGenerator.cityList.map(\.name),
    ]
    for list in lists {
      #expect(
        Set(list).count == list.count,
        "\(list.filter { w in list.filter { $0 == w }.count > 1 })"
      )
    }
    #expect(PortfolioGenerator.surnameList.count >= 200)
    #expect(PortfolioGenerator.femaleNameList.count + PortfolioGenerator.maleNameList.count >= 190)
  }

  @Test(arguments: [-6.0, -2.5, -0.3, 0, 1e-9, 0.7, 3.14, 6.0, 12.0, -12.0])
  func deterministicExpMatchesTheLibrary(x: Double) {
    let got = DeterministicMath.exp(x)
    let want = Foundation.exp(x)
    #expect(abs(got - want) <= want * 4e-16, "exp(\(x)) = \(got), libm \(want)")
  }

  @Test func xoshiroMatchesTheReferenceSequence() {
    // SplitMix64 from 0 (reference values from the algorithm's published C code).
    var state: UInt64 = 0
    #expect(Xoshiro256.splitMix64(&state) == 0xE220_A839_7B1D_CDAF)
    #expect(Xoshiro256.splitMix64(&state) == 0x6E78_9E6A_A1B9_65F4)
    var r = Xoshiro256(seed: 1)
    var seen = Set<UInt64>()
    for _ in 0..<1_000 { seen.insert(r.next()) }
    #expect(seen.count == 1_000)
    var u = Xoshiro256(seed: 9)
    var buckets = [0, 0, 0, 0]
    for _ in 0..<4_000 { buckets[u.below(4)] += 1 }
    #expect(buckets.allSatisfy { $0 > 850 && $0 < 1_150 })
  }

  /// Parses `$ 1.234.567,89` with the loader's money parser.
  func decimalComma(_ text: String) -> Cents? {
    var text = text
    return text.withUTF8 { bp in
      bp.baseAddress.flatMap { Money.parse($0, 0, bp.count, style: .decimalComma) }
    }
  }

  /// Parses `DD/MM/YYYY` into a day number.
  func dayFirst(_ text: String) -> Int32? {
    var text = text
    return text.withUTF8 { bp in bp.baseAddress.flatMap { Day.parseDMY($0, 0, bp.count) } }
  }

  /// Windows-1252 bytes transcoded to UTF-8 by the loader's decoder.
  func utf8(fromWindows1252 bytes: [UInt8]) -> [UInt8] {
    let t = InputBytes.copying(bytes).transcodedFromCP1252()
    return Array(UnsafeBufferPointer(start: t.base, count: t.count))
  }

  /// FNV-1a, 64 bits: a fixed digest for pinning bytes.
  func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01B3
    }
    return h
  }
}

/// A small RFC 4180 reader for tests: quoted fields, doubled quotes, CR LF or LF.
///
/// Written independently of the loader so that the generator's files are checked against the
/// RFC rather than against the code under test.
private enum RFC4180Splitter {
  /// Splits UTF-8 `bytes` into records of fields.
  static func records(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    var i = 0
    func decode(_ f: [UInt8]) -> String { String(decoding: f, as: UTF8.self) }
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == 0x22 {
          if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
            field.append(0x22)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(b)
        }
      } else if b == 0x22 && field.isEmpty {
        inQuotes = true
      } else if b == delimiter {
        record.append(decode(field))
        field.removeAll()
      } else if b == 10 || b == 13 {
        if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
        record.append(decode(field))
        field.removeAll()
        records.append(record)
        record.removeAll()
      } else {
        field.append(b)
      }
      i += 1
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(decode(field))
      records.append(record)
    }
    return records
  }
}
