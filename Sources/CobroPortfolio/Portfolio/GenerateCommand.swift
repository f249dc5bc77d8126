import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cobro generate --accounts N [--seed S] [--asof DATE] [--payments FILE]`: a synthetic
/// portfolio CSV on stdout (and its payments in FILE).
public enum GenerateCommand {
  /// What `generate` was asked for.
  public struct Request: Sendable {
    /// Number of accounts.
    public var accounts: Int
    /// The seed (same seed, same bytes).
    public var seed: UInt64 = PortfolioGenerator.defaultSeed
    /// The cut-off date of the generated file.
    public var asOf: Day
    /// Where to write the payments, if anywhere.
    public var paymentsPath: String?
    /// Write a Colombian spreadsheet export (`;`, decimal comma, DD/MM/YYYY, Windows-1252).
    public var spreadsheet = false
    /// Add a small share of rows with data-quality issues for `validate` to find.
    public var qualityIssues = false

    /// Creates a request.
    public init(accounts: Int, asOf: Day) {
      self.accounts = accounts
      self.asOf = asOf
    }
  }

  /// Checks a request; returns the message for a bad argument (exit 64).
  public static func check(_ r: Request) -> String? {
    if !PortfolioGenerator.supportedAccounts.contains(r.accounts) {
      return "--accounts must be between 0 and \(PortfolioGenerator.supportedAccounts.upperBound)"
    }
    if !PortfolioGenerator.supportedAsOf.contains(r.asOf) {
      return "--asof must be between \(PortfolioGenerator.supportedAsOf.lowerBound) and "
        + "\(PortfolioGenerator.supportedAsOf.upperBound)"
    }
    return nil
  }

  /// Writes the portfolio to stdout and the payments to their file.
  public static func run(_ r: Request) throws(CobroError) {
    let generator = PortfolioGenerator(
      accounts: r.accounts,
      seed: r.seed,
      asOf: r.asOf,
      dialect: r.spreadsheet ? .spreadsheetCO : .canonical,
      qualityIssues: r.qualityIssues
    )
    var paymentsFile: UnsafeMutablePointer<FILE>?
    if let path = r.paymentsPath {
      guard let f = fopen(path, "w") else {
        throw .cannotWrite(path: path, reason: String(cString: strerror(errno)).lowercased())
      }
      paymentsFile = f
    }
    defer { if let f = paymentsFile { fclose(f) } }
    var failure: CobroError?
    let writePayments: ((UnsafeRawBufferPointer) -> Void)?
    if let f = paymentsFile {
      let path = r.paymentsPath ?? ""
      writePayments = { chunk in
        if failure == nil && fwrite(chunk.baseAddress, 1, chunk.count, f) != chunk.count {
          failure = .cannotWrite(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
      }
    } else {
      writePayments = nil
    }
    generator.write(
      portfolio: { chunk in
        if failure == nil && !writeAll(1, chunk) {
          failure = .cannotWrite(
            path: "<stdout>",
            reason: String(cString: strerror(errno)).lowercased()
          )
        }
      },
      payments: writePayments
    )
    if let failure { throw failure }
  }
}

/// Writes every byte of `chunk` to `fd`, retrying partial and interrupted writes.
func writeAll(_ fd: Int32, _ chunk: UnsafeRawBufferPointer) -> Bool {
  guard var p = chunk.baseAddress else { return true }
  var left = chunk.count
  while left > 0 {
    let n = write(fd, p, left)
    if n < 0 {
      if errno == EINTR { continue }
      return false
    }
    p += n
    left -= n
  }
  return true
}
