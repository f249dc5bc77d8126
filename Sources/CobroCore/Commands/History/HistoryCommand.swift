import CobroDiagnostics
import CobroJournal
import CobroPortfolio
import CobroShell
import Foundation

/// The commands of metrics over time: cut-offs, roll rates, collections and KPIs.
enum HistoryCommands {
  /// `history`, `history FOLDER`, `history add FILE`, `history drop DATE`, `history clear`.
  static let history = CommandDefinition(
    name: "history",
    aliases: ["historia", "cortes"],
    group: .history,
    synopsis:
      "history [FOLDER | add FILE [cutoff DATE] | drop DATE | clear | demo] [load options]",
    summary: "keep several monthly cut-offs of the portfolio in memory, or list them",
    details: """
      A bank sends one portfolio file per cut-off ("corte"). 'history FOLDER' loads every .csv
      and .xlsx file of the folder, 'history add FILE' one file; each is kept at its cut-off:
      'cutoff DATE', else the latest date of a 'Fecha Corte'-like column, else a date in the
      file name (cartera_2026-10-31.csv, corte_31-10-2026.csv, cartera_20261031.csv, or
      cartera_2026-10.csv and cartera_202610.csv for the month's last day). Two files of one
      date are refused. The load options of 'load' apply to each file (delimiter ; decimal ,
      dates dmy encoding cp1252 map FILE strict …); bad rows are rejected with their file, line
      and column, and with 'strict' any rejected row fails the command and nothing is added.
      A folder is added whole or not at all; a payments file in it (account, date and amount
      columns, no balance) is skipped, and said.
      The portfolio in use ('load') stays the one every other command reads; 'roll', 'collected'
      and 'kpi' read the cut-offs. A payments file loaded while the history holds cut-offs keeps
      the payments of accounts that are in a cut-off but no longer in the portfolio (they would
      otherwise be rejected), for 'collected' and 'kpi'; load the payments after 'history'.
      'history' lists the cut-offs with their accounts, active accounts, balance and memory (KiB
      of the columns); a category dictionary holding the same values as an earlier cut-off's
      is shared with it, and 'shared_bytes' says how much that saved. 'history drop DATE' removes one, 'history clear' all.
      'history demo' adds the demo's three monthly cut-offs (2026-09-30 to 2026-11-30) and
      loads the last one with the payments of the three months, as 'load' does.
      A recording pins each file with its sha256 and cut-off.
      """,
    example: "history demo\nhistory",
    completion: { args in
      if args.isEmpty { return .words(["add", "drop", "clear", "demo"]) }
      return .paths
    }
  ) { session, inv in
    var cursor = inv.cursor
    session.state.historyPin = nil
    guard let first = cursor.peek else {
      session.emit(HistoryReport.listing(session.state.history))
      return
    }
    let history = session.state.history
    if first.kind == .word {
      switch first.text.lowercased() {
      case "clear":
        _ = cursor.next()
        try cursor.expectEnd()
        let n = history.cutoffs.count
        history.removeAll()
        session.state.historyPin = "history clear"
        session.message("removed \(n) cut-off\(n == 1 ? "" : "s") from the history")
        return
      case "drop":
        _ = cursor.next()
        let token = try cursor.expectValue("the date of a cut-off")
        let date = try Arguments.date(inv, token)
        try cursor.expectEnd()
        guard let gone = history.drop(date) else {
          throw inv.error(
            "no cut-off \(date) in the history",
            at: token,
            notes: [HistoryCommands.cutoffsNote(history)]
          )
        }
        session.state.historyPin = "history drop \(date)"
        session.message("removed the cut-off \(date) (\(gone.portfolio.source))")
        return
      case "demo":
        _ = cursor.next()
        try cursor.expectEnd()
        try session.addDemoHistory(inv)
        return
      case "add":
        _ = cursor.next()
        let fileToken = try cursor.expectValue("a file name")
        var request = LoadRequest(
          path: session.resolve(fileToken.text, from: inv.source),
          asOf: session.settings.asOf
        )
        try HistoryCommands.parseOptions(&request, &cursor, inv)
        try session.addCutoffs([(request, fileToken)], invocation: inv)
        return
      default:
        break
      }
    }
    let folderToken = try cursor.expectValue("a folder, or add, drop, clear")
    let folder = session.resolve(folderToken.text, from: inv.source)
    var template = LoadRequest(path: folder, asOf: session.settings.asOf)
    try HistoryCommands.parseOptions(&template, &cursor, inv)
    if template.options.cutoff != nil {
      throw inv.error(
        "'cutoff' gives the date of one file",
        at: folderToken,
        notes: ["use 'history add FILE cutoff DATE' for each file"]
      )
    }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      let reason =
        Paths.isRegularFile(folder)
        ? "not a folder ('history add FILE' adds a file)"
        : "no such folder"
      throw UnopenableFile(
        inv.error("cannot open '\(folderToken.text)': \(reason)", at: folderToken)
      )
    }
    let files = names.filter { name in
      let lower = name.lowercased()
      return !name.hasPrefix(".") && (lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx"))
    }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    // A payments file beside the cut-offs (account, date, amount) is no cut-off.
    let cutoffFiles = files.filter { name in
      let path = Paths.resolve(name, against: folder)
      guard HistoryCommands.isPaymentsFile(path, delimiter: template.options.delimiter) else {
        return true
      }
      session.message("skipped \(name): a payments file ('load FILE payments \(name)' reads it)")
      return false
    }
    guard !cutoffFiles.isEmpty else {
      throw inv.error("no .csv or .xlsx file in '\(folderToken.text)'", at: folderToken)
    }
    let requests = cutoffFiles.map { name in
      var r = template
      r.path = Paths.resolve(name, against: folder)
      return (r, folderToken)
    }
    try session.addCutoffs(requests, invocation: inv)
  }

  /// Reads the options of `load` that apply to a cut-off (not `payments`).
  static func parseOptions(
    _ request: inout LoadRequest,
    _ cursor: inout ArgumentCursor,
    _ inv: CommandInvocation
  ) throws(Diagnostic) {
    let start = cursor.index
    try request.parseOptions(&cursor, invocation: inv)
    if request.paymentsPath != nil {
      let at = inv.args[start...].first { $0.isWord("payments") || $0.isWord("pagos") }
      throw inv.error(
        "a cut-off has no payments file",
        at: at,
        notes: ["load the payments with the portfolio in use: load FILE payments FILE"]
      )
    }
  }

  /// Whether a CSV file's header is that of a payments file: an account, a date and an amount,
  /// and no balance.
  static func isPaymentsFile(_ path: String, delimiter: UInt8) -> Bool {
    guard path.lowercased().hasSuffix(".csv"), let bytes = try? InputBytes.mapping(path: path)
    else { return false }
    var end = 0
    while end < bytes.count && end < 65_536 && bytes.base[end] != 10 && bytes.base[end] != 13 {
      end += 1
    }
    let line = String(decoding: UnsafeBufferPointer(start: bytes.base, count: end), as: UTF8.self)
    let names = Set(
      line.split(separator: Character(UnicodeScalar(delimiter))).map {
        CanonicalSchema.normalize(String($0).trimmingCharacters(in: "\"\u{FEFF} "))
      }
    )
    let date = !names.isDisjoint(with: ["date", "fecha", "fechapago", "paymentdate"])
    let amount = !names.isDisjoint(with: ["amount", "valor", "monto", "pago", "valorpagado"])
    let balance = !names.isDisjoint(with: ["balance", "saldo", "saldototal"])
    return date && amount && !balance
  }

  /// The note that lists the cut-offs there are.
  static func cutoffsNote(_ history: CutoffHistory) -> Diagnostic.Message {
    if history.isEmpty { return "the history is empty: 'history FOLDER' adds the cut-offs" }
    return Diagnostic.Message(
      "the cut-offs are " + history.cutoffs.map { "\($0.date)" }.joined(separator: ", ")
    )
  }
}

extension Session {
  /// Loads cut-off files and adds them to the history, all or none.
  func addCutoffs(_ requests: [(LoadRequest, Token)], invocation inv: CommandInvocation) throws {
    let history = state.history
    var loaded: [(Portfolio, CutoffSource, LoadRequest)] = []
    var dates: Set<Day> = Set(history.cutoffs.map(\.date))
    try withProgressBar {
      for (request, token) in requests {
        var request = request
        if let map = request.mapPath { request.mapPath = resolve(map, from: inv.source) }
        let (portfolio, origin) = try loadCutoff(request, token: token, invocation: inv)
        if dates.contains(portfolio.cutoff) {
          let other =
            loaded.first { $0.0.cutoff == portfolio.cutoff }?.0.source
            ?? history.cutoff(at: portfolio.cutoff)?.portfolio.source ?? ""
          throw inv.error(
            "'\(request.path)' and '\(other)' are both cut at \(portfolio.cutoff)",
            at: token,
            notes: ["give one of them another date with 'history add FILE cutoff DATE'"]
          )
        }
        dates.insert(portfolio.cutoff)
        loaded.append((portfolio, origin, request))
      }
    }
    var pins: [String] = []
    let folder = state.recorder.map { Paths.directory(of: $0.path) }
    for (portfolio, origin, request) in loaded {
      let entry: HistoryCutoff
      do {
        entry = try history.add(portfolio, origin: origin)
      } catch {
        throw inv.error(Diagnostic.Message(error.message), at: inv.word)
      }
      if let folder { pins.append(try Recorder.historyPin(for: entry, relativeTo: folder)) }
      var line =
        "added the cut-off \(portfolio.cutoff) (from \(HistoryCommands.describe(origin))): "
        + "\(portfolio.rowCount) account\(portfolio.rowCount == 1 ? "" : "s") from \(request.path)"
      if !portfolio.rejects.isEmpty {
        line +=
          "; \(portfolio.rejects.count) row\(portfolio.rejects.count == 1 ? "" : "s") rejected"
      }
      message(line)
    }
    state.historyPin = pins.isEmpty ? nil : pins.joined(separator: "\n")
  }

  /// Loads one cut-off file and finds its date: the option, the file's column, or its name.
  private func loadCutoff(
    _ request: LoadRequest,
    token: Token,
    invocation inv: CommandInvocation
  ) throws -> (Portfolio, CutoffSource) {
    var options = request.options
    options.columnMap = try columnMap(for: request, invocation: inv)
    var loader = PortfolioLoader(options: options, asOf: settings.asOf)
    loader.progress = { done, total in
      Interruption.reporter?("loading", done, total)
      return !Interruption.requested
    }
    let portfolio: Portfolio
    do {
      portfolio = try loader.load(path: request.path)
    } catch let e as CobroError {
      if case .cannotOpen(_, let reason) = e {
        throw UnopenableFile(inv.error("cannot open '\(request.path)': \(reason)", at: token))
      }
      throw e
    }
    let origin: CutoffSource
    switch portfolio.cutoffOrigin {
    case .option: origin = .option
    case .column: origin = .column
    case .payments, .asOf:
      guard let named = CutoffFileName.date(of: request.path) else {
        throw inv.error(
          "cannot tell the cut-off of '\(request.path)'",
          at: token,
          notes: [
            Diagnostic.Message(
              "name the file with its date (cartera_2026-10-31.csv), give it a 'Fecha Corte' "
                + "column, or add it with 'history add FILE cutoff DATE'"
            )
          ]
        )
      }
      portfolio.cutoff = named
      origin = .fileName
    }
    let masks = masksContacts
    for w in portfolio.warnings { report(masks ? ContactMask.masking(w) : w) }
    for r in portfolio.rejects.prefix(20) {
      report(masks ? ContactMask.masking(r.diagnostic) : r.diagnostic)
    }
    if portfolio.rejects.count > 20 {
      message("… and \(portfolio.rejects.count - 20) more rejected rows in \(request.path)")
    }
    if request.options.strict && !portfolio.rejects.isEmpty {
      let n = portfolio.rejects.count
      throw inv.error(
        "strict: \(n) row\(n == 1 ? "" : "s") of '\(request.path)' rejected, nothing added",
        at: token
      )
    }
    try verify(request.expectedSHA, path: request.path) { portfolio.sha256 = $0 }
    return (portfolio, origin)
  }
}

extension HistoryCommands {
  /// Where a cut-off's date came from, in words.
  static func describe(_ origin: CutoffSource) -> String {
    switch origin {
    case .option: "the 'cutoff' option"
    case .column: "the file's cut-off column"
    case .fileName: "the file name"
    }
  }
}
