import CobroDiagnostics

/// Builds a `Query` from the tokens of a filter, following the grammar of `QueryLanguage.md`.
///
/// ```
/// filter      := disjunction
/// disjunction := conjunction ("or" conjunction)*
/// conjunction := negation (["and"] negation)*
/// negation    := "not" negation | primary
/// primary     := "(" disjunction ")" | condition
/// condition   := "due" "within" NUMBER ["days"] | "due" "today"
///              | FIELD OP VALUE | FIELD "~" VALUE | FIELD ["not"] "in" "(" VALUE ("," VALUE)* ")"
///              | SET | FIELD VALUE
/// ```
///
/// Conditions side by side bind like `and`, which binds tighter than `or`. The parser knows the
/// names of the named sets (a set name alone is a condition) and the words that end the filter
/// inside a command (`list … columns …`); it knows nothing about fields or their types.
public struct Parser {
  /// The tokens being parsed.
  public let tokens: [Token]
  /// The source the tokens come from (for the source line of diagnostics).
  public let source: SourceFile
  /// Names of the named sets, lowercased.
  public let setNames: Set<String>
  /// Words that end the filter where a condition would start (lowercased).
  public let stopWords: Set<String>
  /// Index of the next token.
  public private(set) var index: Int
  /// Parentheses and `not`s open at the next token (at most `InputLimits.filterDepth`, so that
  /// no filter overflows the stack of this recursive descent or of the passes after it).
  private var depth = 0

  /// Words that cannot start a condition or be a field name.
  public static let keywords: Set<String> = ["and", "or", "not", "in"]

  /// Creates a parser over tokens.
  public init(
    tokens: some Collection<Token>,
    source: SourceFile,
    setNames: Set<String> = [],
    stopWords: Set<String> = []
  ) {
    self.tokens = Array(tokens)
    self.source = source
    self.setNames = setNames
    self.stopWords = stopWords
    self.index = 0
  }

  /// Parses a whole filter typed as text (tests and `let`).
  public static func parse(
    _ text: String,
    file: String = "<input>",
    setNames: Set<String> = []
  ) throws(Diagnostic) -> Query? {
    let source = SourceFile(name: file, text: text)
    let statements = Lexer(source: source).statements()
    if let error = statements.first?.error { throw error }
    let tokens = statements.flatMap(\.tokens)
    var parser = Parser(tokens: tokens, source: source, setNames: setNames)
    let query = try parser.parseFilter()
    try parser.expectEnd()
    return query
  }

  /// Whether every token was read.
  public var atEnd: Bool { index >= tokens.count }

  /// The next token, if any.
  public var peek: Token? { atEnd ? nil : tokens[index] }

  /// The tokens not read yet.
  public var remaining: ArraySlice<Token> { tokens[min(index, tokens.count)...] }

  /// Whether the filter ends here: no more tokens, or a stop word.
  public var atFilterEnd: Bool {
    guard let t = peek else { return true }
    return t.kind == .word && stopWords.contains(t.keyword)
  }

  /// Parses a filter, or returns `nil` when there is none before the end or a stop word.
  public mutating func parseFilter() throws(Diagnostic) -> Query? {
    if atFilterEnd { return nil }
    return try parseDisjunction()
  }

  /// Fails when tokens are left over.
  public func expectEnd() throws(Diagnostic) {
    if let t = peek {
      if t.kind == .rightParen {
        throw error(QueryMessages.unbalancedParen, at: t, notes: ["remove it, or add '(' before"])
      }
      if t.kind != .word { throw expectedCondition(found: t) }
      throw error(QueryMessages.unexpected(t.text), at: t)
    }
  }

  // MARK: - Grammar

  /// disjunction := conjunction ("or" conjunction)*.
  ///
  /// `or` binds loosest: `a b or c` is `(a and b) or c`.
  private mutating func parseDisjunction() throws(Diagnostic) -> Query {
    var parts = [try parseConjunction()]
    while let t = peek, t.isWord("or") {
      index += 1
      guard startsCondition else { throw expectedCondition(after: t) }
      parts.append(try parseConjunction())
    }
    return parts.count == 1 ? parts[0] : .or(parts, range: span(parts))
  }

  /// conjunction := negation (["and"] negation)*.
  ///
  /// Conditions side by side bind like `and`: `overdue > 60 segment B`.
  private mutating func parseConjunction() throws(Diagnostic) -> Query {
    var parts = [try parseNegation()]
    while true {
      if let t = peek, t.isWord("and") {
        index += 1
        guard startsCondition else { throw expectedCondition(after: t) }
        parts.append(try parseNegation())
      } else if startsCondition {
        parts.append(try parseNegation())
      } else {
        break
      }
    }
    return parts.count == 1 ? parts[0] : .and(parts, range: span(parts))
  }

  /// negation := "not" negation | primary.
  private mutating func parseNegation() throws(Diagnostic) -> Query {
    if let t = peek, t.isWord("not") {
      try enter(t)
      defer { depth -= 1 }
      index += 1
      guard startsCondition else { throw expectedCondition(after: t) }
      let inner = try parseNegation()
      return .not(inner, range: join(t.range, inner.range))
    }
    return try parsePrimary()
  }

  /// primary := "(" disjunction ")" | condition.
  private mutating func parsePrimary() throws(Diagnostic) -> Query {
    guard let t = peek else { throw expectedCondition(after: tokens.last) }
    if t.kind == .leftParen {
      try enter(t)
      defer { depth -= 1 }
      index += 1
      guard startsCondition else {
        if let close = peek, close.kind == .rightParen {
          throw error(QueryMessages.emptyParentheses, at: close)
        }
        throw expectedCondition(after: t)
      }
      let inner = try parseDisjunction()
      guard let close = peek, close.kind == .rightParen else {
        throw error(
          QueryMessages.expectedCloseParen,
          at: peek,
          notes: ["the '(' is here: column \(t.range.start.column)"]
        )
      }
      index += 1
      return reranged(inner, join(t.range, close.range))
    }
    return try parseCondition()
  }

  /// condition := "due" "within" NUMBER ["days"] | "due" "today" | FIELD OP VALUE | ….
  ///
  /// The whole production: `FIELD OP VALUE | FIELD "~" VALUE | FIELD ["not"] "in" "(" VALUES ")"
  /// | SET | FIELD VALUE`.
  /// `overdue > 60` compares; `segment B` is `segment = B`; a set name alone is its filter.
  private mutating func parseCondition() throws(Diagnostic) -> Query {
    guard let fieldToken = peek, fieldToken.kind == .word, !isKeyword(fieldToken) else {
      throw expectedCondition(found: peek)
    }
    index += 1
    let field = Query.Name(fieldToken.text, range: fieldToken.range)
    let lower = fieldToken.text.lowercased()
    // Relative due dates.
    if lower == "due", let next = peek, next.kind == .word {
      if next.isWord("today") {
        index += 1
        return .dueToday(range: join(fieldToken.range, next.range))
      }
      if next.isWord("within") {
        index += 1
        guard let n = peek, n.kind == .word else {
          throw error(
            QueryMessages.expected("a number of days", after: next.text),
            at: peek,
            notes: ["write: due within 7 days"]
          )
        }
        index += 1
        var end = n.range
        if let unit = peek, unit.kind == .word,
          ["day", "days", "dia", "dias", "día", "días"].contains(unit.text.lowercased())
        {
          index += 1
          end = unit.range
        }
        return .dueWithin(
          days: Query.Literal(n.text, range: n.range),
          range: join(fieldToken.range, end)
        )
      }
    }
    guard let next = peek else {
      if setNames.contains(lower) { return .set(field) }
      throw error(
        QueryMessages.expected("an operator or a value", after: fieldToken.text),
        at: nil,
        notes: [QueryMessages.operatorsNote]
      )
    }
    switch next.kind {
    case .op:
      index += 1
      let value = try parseValue(after: next)
      let range = join(fieldToken.range, value.range)
      if next.text == "~" {
        return .contains(field: field, value: value, range: range)
      }
      guard let op = Query.Comparison(rawValue: next.text) else {
        throw error(
          QueryMessages.unexpected(next.text),
          at: next,
          notes: [QueryMessages.operatorsNote]
        )
      }
      return .compare(field: field, op: op, value: value, range: range)
    case .word where startsList(at: index):
      index += 1
      return try parseMembership(field, negated: false, start: fieldToken.range)
    case .word
    where next.isWord("not") && startsList(at: index + 1):
      index += 2
      return try parseMembership(field, negated: true, start: fieldToken.range)
    default:
      if setNames.contains(lower) { return .set(field) }
      let value = try parseValue(after: fieldToken)
      return .compare(
        field: field,
        op: .equal,
        value: value,
        range: join(fieldToken.range, value.range)
      )
    }
  }

  /// `"(" VALUE ("," VALUE)* ")"` after `FIELD in`.
  private mutating func parseMembership(
    _ field: Query.Name,
    negated: Bool,
    start: SourceRange
  ) throws(Diagnostic) -> Query {
    guard let open = peek, open.kind == .leftParen else {
      throw error(
        QueryMessages.expected("'('", after: "in"),
        at: peek,
        notes: ["write: segment in (A, B)"]
      )
    }
    index += 1
    var values: [Query.Literal] = []
    while true {
      if values.isEmpty, let close = peek, close.kind == .rightParen {
        throw error(QueryMessages.emptyList, at: close)
      }
      // In a list, a comma separates values: `id in (100,200)` is two ids.
      values.append(
        try parseValue(after: values.isEmpty ? open : tokens[index - 1], joiningGroups: false)
      )
      guard let t = peek else {
        throw error(QueryMessages.expectedCloseParen, at: nil, notes: ["write: segment in (A, B)"])
      }
      index += 1
      if t.kind == .rightParen {
        return .member(field: field, values: values, negated: negated, range: join(start, t.range))
      }
      guard t.kind == .comma else {
        throw error(
          "expected ',' or ')' in the list, found '\(t.text)'",
          at: t,
          notes: ["write: segment in (A, B)"]
        )
      }
    }
  }

  /// VALUE := WORD | STRING.
  ///
  /// An amount typed as shown is one value (``AmountText``): `$ 5M` (the `$` apart), and, with
  /// `joiningGroups`, `5,000,000` (its commas touching the digits).
  private mutating func parseValue(
    after previous: Token,
    joiningGroups: Bool = true
  ) throws(Diagnostic) -> Query.Literal {
    guard let t = peek else {
      throw error(QueryMessages.expected("a value", after: previous.text), at: nil)
    }
    switch t.kind {
    case .string:
      index += 1
      return Query.Literal(t.text, quoted: true, range: t.range)
    case .word where !isKeyword(t):
      index += 1
      var text = t.text
      var range = t.range
      if t.text == "$", let amount = peek, amount.kind == .word, amount.text.first?.isNumber == true
      {
        index += 1
        text += " " + amount.text
        range = join(range, amount.range)
      }
      while joiningGroups, text.last?.isNumber == true, index + 1 < tokens.count,
        tokens[index].kind == .comma, tokens[index + 1].kind == .word,
        tokens[index + 1].text.first?.isNumber == true,
        tokens[index].range.start == range.end,
        tokens[index + 1].range.start == tokens[index].range.end
      {
        text += "," + tokens[index + 1].text
        range = join(range, tokens[index + 1].range)
        index += 2
      }
      return Query.Literal(text, range: range)
    default:
      throw error(
        "expected a value after '\(previous.text)', found '\(t.text)'",
        at: t,
        notes: isKeyword(t) ? ["to compare with the word '\(t.text)', quote it: \"\(t.text)\""] : []
      )
    }
  }

  // MARK: - Helpers

  /// Opens one more level of nesting at `t`, or fails past `InputLimits.filterDepth`.
  private mutating func enter(_ t: Token) throws(Diagnostic) {
    guard depth < InputLimits.filterDepth else {
      throw error(
        QueryMessages.tooDeep,
        at: t,
        notes: ["parentheses and 'not' nest at most \(InputLimits.filterDepth) deep"]
      )
    }
    depth += 1
  }

  /// Whether the next token can start a condition.
  private var startsCondition: Bool {
    guard let t = peek, !atFilterEnd else { return false }
    switch t.kind {
    case .leftParen: return true
    case .word: return !t.isWord("and") && !t.isWord("or") && !t.isWord("in")
    default: return false
    }
  }

  /// Whether the token at `i` is `in` before a list: the Spanish `en` only before `(`, so
  /// that `idioma en` still compares with the value `en`.
  private func startsList(at i: Int) -> Bool {
    guard i < tokens.count, tokens[i].isWord("in") else { return false }
    return tokens[i].text.lowercased() == "in"
      || (i + 1 < tokens.count && tokens[i + 1].kind == .leftParen)
  }

  /// Whether a token is `and`, `or`, `not` or `in`.
  private func isKeyword(_ t: Token) -> Bool {
    t.kind == .word && Parser.keywords.contains(t.text.lowercased())
  }

  /// `expected a condition after 'or'` (or at the token found instead).
  private func expectedCondition(after t: Token?) -> Diagnostic {
    if let found = peek { return expectedCondition(found: found) }
    return error(
      QueryMessages.expected("a condition", after: t?.text ?? ""),
      at: nil,
      notes: ["a condition is like: overdue > 60, segment B, name ~ ana"]
    )
  }

  /// `expected a condition, found '>'`, with a note on what a condition looks like.
  private func expectedCondition(found t: Token?) -> Diagnostic {
    guard let t else { return expectedCondition(after: tokens.last) }
    var notes: [Diagnostic.Message] = []
    if t.kind == .rightParen {
      return error(QueryMessages.unbalancedParen, at: t)
    }
    if t.kind == .op { notes.append("an operator follows a field: overdue \(t.text) 60") }
    if t.kind == .string { notes.append("a condition starts with a field: name = \"\(t.text)\"") }
    return error(
      "expected a condition, found '\(t.kind == .string ? t.description : t.text)'",
      at: t,
      notes: notes
    )
  }

  /// A diagnostic at a token, or just after the last token when `token` is nil.
  private func error(
    _ message: Diagnostic.Message,
    at token: Token?,
    notes: [Diagnostic.Message] = []
  ) -> Diagnostic {
    let range: SourceRange
    if let token {
      range = token.range
    } else if let last = tokens.last {
      range = SourceRange(file: last.range.file, start: last.range.end, end: last.range.end)
    } else {
      range = SourceRange(file: source.name, line: source.firstLine, column: 1)
    }
    return source.diagnostic(message, at: range, notes: notes)
  }

  /// The range from the first part to the last.
  private func span(_ parts: [Query]) -> SourceRange {
    join(parts[0].range, parts[parts.count - 1].range)
  }

  /// The range from the start of `a` to the end of `b`.
  private func join(_ a: SourceRange, _ b: SourceRange) -> SourceRange {
    SourceRange(file: a.file, start: a.start, end: max(a.end, b.end))
  }

  /// The node with its range widened to include its parentheses.
  private func reranged(_ q: Query, _ r: SourceRange) -> Query {
    switch q {
    case .and(let qs, _): .and(qs, range: r)
    case .or(let qs, _): .or(qs, range: r)
    case .not(let inner, _): .not(inner, range: r)
    case .compare(let f, let op, let v, _): .compare(field: f, op: op, value: v, range: r)
    case .member(let f, let vs, let n, _): .member(field: f, values: vs, negated: n, range: r)
    case .contains(let f, let v, _): .contains(field: f, value: v, range: r)
    case .dueWithin(let d, _): .dueWithin(days: d, range: r)
    case .dueToday: .dueToday(range: r)
    case .set: q
    }
  }
}
