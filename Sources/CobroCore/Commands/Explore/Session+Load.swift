import CobroDiagnostics
import CobroPortfolio
import CobroShell

extension Session {
  /// Loads a portfolio (and its payments) and replaces the one in memory only when it succeeds.
  ///
  /// Rejected rows are reported on stderr (up to 20, then a count) and kept for `rejects`; with
  /// `strict`, any rejected row fails the load and the previous portfolio stays.
  public func load(
    _ request: LoadRequest,
    pathToken: Token? = nil,
    invocation: CommandInvocation? = nil
  )
    throws
  {
    // A load at start-up runs outside any command: it draws its own bar.
    try withProgressBar {
      try loadShowingProgress(request, pathToken: pathToken, invocation: invocation)
    }
  }

  /// `load(_:pathToken:invocation:)` with a progress bar in place.
  private func loadShowingProgress(
    _ request: LoadRequest,
    pathToken: Token?,
    invocation: CommandInvocation?
  ) throws {
    var options = request.options
    options.columnMap = try columnMap(for: request, invocation: invocation)
    var loader = PortfolioLoader(options: options, asOf: settings.asOf)
    loader.progress = { done, total in
      Interruption.reporter?("loading", done, total)
      return !Interruption.requested
    }
    let portfolio: Portfolio
    do {
      portfolio = try loader.load(path: request.path)
    } catch let e as CobroError {
      if let pathToken, let invocation, case .cannotOpen(_, let reason) = e {
        throw UnopenableFile(
          invocation.error("cannot open '\(request.path)': \(reason)", at: pathToken)
        )
      }
      throw e
    }
    var paymentRejects: [RejectedRow] = []
    if let paymentsPath = request.paymentsPath {
      do {
        let (history, rejects) = try PaymentsLoader(options: request.options).load(
          path: paymentsPath,
          for: portfolio
        )
        portfolio.payments = history
        paymentRejects = rejects
      } catch let e as CobroError {
        if let invocation, case .cannotOpen(_, let reason) = e {
          throw UnopenableFile(invocation.error("cannot open '\(paymentsPath)': \(reason)"))
        }
        throw e
      }
    }
    // With 'set mask on', a rejected row's text shows no phone or address.
    let masks = masksContacts
    func shown(_ d: Diagnostic) -> Diagnostic { masks ? ContactMask.masking(d) : d }
    if let late = portfolio.adoptPaymentsCutoff() { portfolio.warnings.append(late) }
    for w in portfolio.warnings { report(shown(w)) }
    let allRejects = portfolio.rejects + paymentRejects
    for r in allRejects.prefix(20) { report(shown(r.diagnostic)) }
    if allRejects.count > 20 {
      message("… and \(allRejects.count - 20) more (see 'rejects')")
    }
    if request.options.strict && !allRejects.isEmpty {
      throw Diagnostic(
        .error,
        "strict load: \(allRejects.count) row\(allRejects.count == 1 ? "" : "s") rejected, nothing loaded",
        at: pathToken?.range,
        sourceLine: pathToken.flatMap { invocation?.source.line($0.range.start.line) }
      )
    }
    try verify(request.expectedSHA, path: request.path) { portfolio.sha256 = $0 }
    if let paymentsPath = request.paymentsPath, let history = portfolio.payments {
      try verify(request.expectedPaymentsSHA, path: paymentsPath) { history.sha256 = $0 }
    }
    self.portfolio = portfolio
    state.paymentRejects = paymentRejects
    if let folder = state.recorder?.path {
      state.lastLoadPin = try Recorder.loadPin(
        for: self,
        relativeTo: Paths.directory(of: folder)
      )
    }
    var summary =
      "loaded \(portfolio.rowCount) account\(portfolio.rowCount == 1 ? "" : "s") from \(request.path)"
    if let h = portfolio.payments {
      summary += " and \(h.count) payment\(h.count == 1 ? "" : "s") from \(h.source)"
    }
    if !allRejects.isEmpty {
      summary +=
        "; \(allRejects.count) row\(allRejects.count == 1 ? "" : "s") rejected (see 'rejects')"
    }
    message(summary)
  }
}

extension Session {
  /// The column map of a load: the one given, else `NAME.map` beside the portfolio when there is
  /// one (said on stderr), else none.
  func columnMap(for request: LoadRequest, invocation: CommandInvocation?) throws -> ColumnMap? {
    if let path = request.mapPath {
      do {
        return try ColumnMap.load(path: path, name: path)
      } catch let e as CobroError {
        if let invocation, case .cannotOpen(_, let reason) = e {
          throw invocation.error("cannot open the column map '\(path)': \(reason)")
        }
        throw e
      }
    }
    let beside = Paths.replacingExtension(of: request.path, with: "map")
    guard beside != request.path, Paths.isRegularFile(beside) else { return nil }
    let map = try ColumnMap.load(path: beside, name: beside)
    message("using the column map \(beside)")
    return map
  }

  /// A path typed in a script is relative to the script's folder (like `source`); at the prompt
  /// and in `-c`, to the working folder.
  public func resolve(_ path: String, from source: SourceFile) -> String {
    guard !source.name.hasPrefix("<") else { return path }
    return Paths.resolve(path, against: Paths.directory(of: source.name))
  }

  /// Checks a pinned SHA-256 and warns when the file changed since it was recorded.
  func verify(_ expected: String?, path: String, store: (String) -> Void) throws {
    guard let expected else { return }
    let actual = try FileDigest.sha256(path: path)
    store(actual)
    if actual.lowercased() != expected.lowercased() {
      report(
        Diagnostic(
          .warning,
          "'\(path)' changed since it was recorded (sha256 differs)",
          notes: ["the output may differ from the recording"]
        )
      )
    }
  }
}
