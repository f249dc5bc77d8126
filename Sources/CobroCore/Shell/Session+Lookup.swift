/// Account and debtor ids typed the way people write them (`Portfolio.matchAccount`).
extension Session {
  /// The token of a typed account id, carrying the stored id it stands for.
  ///
  /// `a-1` becomes `A01`. Unchanged when no account matches (the command then says so); an
  /// error listing the candidates when several do.
  func resolvedAccount(_ token: Token, _ inv: CommandInvocation) throws(Diagnostic) -> Token {
    guard let p = portfolio else { return token }
    return try resolved(token, p.matchAccount(token.text), what: "account", inv)
  }

  /// The token of a typed debtor id, carrying the stored id it stands for.
  func resolvedDebtor(_ token: Token, _ inv: CommandInvocation) throws(Diagnostic) -> Token {
    guard let p = portfolio else { return token }
    return try resolved(token, p.matchDebtor(token.text), what: "debtor", inv)
  }

  private func resolved(
    _ token: Token,
    _ match: Portfolio.IDMatch,
    what: String,
    _ inv: CommandInvocation
  ) throws(Diagnostic) -> Token {
    switch match {
    case .found(let id):
      var t = token
      t.text = id
      return t
    case .none:
      return token
    case .interrupted:
      // Ctrl-C: the session reports any failure of an interrupted command as 'interrupted'.
      throw inv.error("interrupted", at: inv.word)
    case .ambiguous(let ids):
      throw inv.error(
        "'\(token.text)' matches several \(what) ids: \(ids.joined(separator: ", "))",
        at: token,
        notes: ["type the id as it is stored"]
      )
    }
  }
}
