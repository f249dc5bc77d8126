import CobroDiagnostics

/// Resolves a parsed `Query` against a portfolio into a `Predicate`: names become column
/// indices, literals become column values (cents, day numbers, codes), once.
///
/// Everything that can be wrong with a filter besides its syntax is found here, with the range
/// of the offending word and notes: unknown columns (with `did you mean`), values a closed
/// vocabulary does not hold (with the values that exist), literals that do not read as the
/// field's type, operators the type does not support, named sets that refer to themselves.
public struct Checker {
  /// The portfolio names are resolved against.
  public let portfolio: Portfolio
  /// The as-of date, buckets and aging basis in force.
  public let context: QueryContext
  /// The source of the tokens, for the source line of diagnostics.
  public let source: SourceFile
  /// Named sets: lowercased name → the tokens of their filter.
  public let namedSets: [String: [Token]]
  /// More words for `did you mean` on an unknown name (command names, for a bare filter).
  public let otherNames: [String]
  /// The fields from outside the portfolio (the journal's facts), by name.
  public let external: [String: Field]
  /// The named sets expanded so far, shared with the checkers of the sets themselves.
  private let expansions: SetExpansions

  /// The computed fields and their aliases.
  public static let computedNames: [String: Field] = [
    "overdue": Field(name: "overdue", source: .overdue, type: .days),
    "mora": Field(name: "overdue", source: .overdue, type: .days),
    "dias_mora": Field(name: "overdue", source: .overdue, type: .days),
    "bucket": Field(name: "bucket", source: .bucket, type: .bucket),
    "behavior": Field(name: "behavior", source: .behavior, type: .behavior),
  ]

  /// The value of canonical columns a file may leave out (`spec/portfolio-csv.md`).
  public static let defaults: [String: String] = [
    "currency": CanonicalSchema.defaultCurrency, "status": "active", "payments_on_time": "0",
    "payments_late": "0",
  ]

  /// Creates a checker.
  public init(
    portfolio: Portfolio,
    context: QueryContext,
    source: SourceFile,
    namedSets: [String: [Token]] = [:],
    otherNames: [String] = [],
    external: [ExternalField] = []
  ) {
    self.portfolio = portfolio
    self.context = context
    self.source = source
    self.namedSets = namedSets
    self.otherNames = otherNames
    self.external = Checker.fields(external)
    self.expansions = SetExpansions(names: Set(namedSets.keys))
  }

  /// Creates a checker of a session's named sets, which keeps the predicates of the sets it
  /// checks for the next checker of the same sets (``NamedSets``).
  public init(
    portfolio: Portfolio,
    context: QueryContext,
    source: SourceFile,
    namedSets: NamedSets,
    otherNames: [String] = [],
    external: [ExternalField] = []
  ) {
    self.portfolio = portfolio
    self.context = context
    self.source = source
    self.namedSets = namedSets.definitions
    self.otherNames = otherNames
    self.external = Checker.fields(external)
    expansions = namedSets.memo
    expansions.use(portfolio, context)
  }

  /// A checker for the filter of a named set, sharing the expansions of the one that uses it.
  private init(_ outer: Checker, source: SourceFile) {
    portfolio = outer.portfolio
    context = outer.context
    self.source = source
    namedSets = outer.namedSets
    otherNames = []
    external = outer.external
    expansions = outer.expansions
  }

  /// External fields by name (the first of a name wins; a computed field's name is not theirs).
  static func fields(_ external: [ExternalField]) -> [String: Field] {
    var out: [String: Field] = [:]
    for f in external where computedNames[f.name] == nil && out[f.name] == nil {
      out[f.name] = Field(name: f.name, source: .external(f), type: f.type)
    }
    return out
  }

  /// The names of the computed fields and of `external`, sorted: the words a query may use
  /// besides the portfolio's columns.
  public static func fieldNames(external: [ExternalField] = []) -> [String] {
    (Array(computedNames.keys) + Array(fields(external).keys)).sorted()
  }

  // MARK: - Fields

  /// The field a name refers to, without diagnostics: computed and external fields, then the
  /// portfolio's columns (canonical name, alias, short name, extra name), then canonical
  /// columns the file lacks but that have a default.
  public func field(named text: String) -> Field? {
    let key = CanonicalSchema.fold(text)
    if let f = Checker.computedNames[key] ?? external[key] { return f }
    if let i = portfolio.columnIndex(named: text) {
      let c = portfolio.columns[i]
      if c.field?.name == "balance" {
        return Field(name: "balance", source: .balance, type: .money)
      }
      let type: Field.ValueType
      switch c.data {
      case .text: type = .text
      case .category: type = .category(closed: c.field?.closedVocabulary ?? false)
      case .money: type = .money
      case .date: type = .date
      case .integer: type = .integer
      }
      return Field(name: c.name, source: .column(i), type: type)
    }
    if let f = Checker.canonical(named: key), let value = Checker.defaults[f.name] {
      let type: Field.ValueType = f.type == .integer ? .integer : .category(closed: true)
      return Field(name: f.name, source: .absent(defaultValue: value), type: type)
    }
    return nil
  }

  /// The canonical field with this (folded) name, alias or short name.
  package static func canonical(named key: String) -> CanonicalField? {
    CanonicalSchema.fields.first { f in
      CanonicalSchema.fold(f.name) == key || CanonicalSchema.fold(f.alias) == key
        || f.shortNames.contains(key)
    }
  }

  /// The field a typed name refers to, or a located diagnostic with a suggestion.
  public func field(_ name: Query.Name) throws(Diagnostic) -> Field {
    if let f = field(named: name.text) { return f }
    let key = CanonicalSchema.fold(name.text)
    if let f = Checker.canonical(named: key) {
      throw source.diagnostic(
        QueryMessages.absentField(f.name),
        at: name.range,
        notes: ["the file's columns: \(portfolio.columns.map(\.name).joined(separator: ", "))"]
      )
    }
    var notes: [Diagnostic.Message] = []
    let candidates =
      portfolio.queryNames + (Array(Checker.computedNames.keys) + Array(external.keys)).sorted()
      + namedSets.keys.sorted() + otherNames
    if let s = Suggestion.closest(to: name.text, among: candidates) {
      notes.append(QueryMessages.didYouMean(s))
    }
    if name.text.lowercased() == "debtor" {
      notes.append("'debtor' is a command; filter with debtor_id")
    }
    throw source.diagnostic(QueryMessages.unknownField(name.text), at: name.range, notes: notes)
  }

  // MARK: - Checking

  /// The predicate of a filter; `nil` (no filter) is every row.
  ///
  /// A named set is checked once however often the filter and the sets it uses refer to it,
  /// and the sets are checked in the order they depend on each other, so that neither a chain
  /// of sets each using the one before twice (exponential) nor a long chain (deep recursion)
  /// costs more than checking each set once. The result is at most
  /// `InputLimits.filterConditions` conditions nested at most `2 * InputLimits.filterDepth`.
  public func check(_ query: Query?) throws(Diagnostic) -> Predicate {
    guard let query else { return .constant(true) }
    prepareSets(usedBy: query)
    var visiting: [String] = []
    let predicate = try check(query, visiting: &visiting)
    if Checker.exceedsLimits(predicate) {
      throw source.diagnostic(
        "filter too large once its sets are expanded",
        at: query.range,
        notes: [Checker.limitsNote]
      )
    }
    return predicate
  }

  /// The note on the limits of a filter.
  static var limitsNote: Diagnostic.Message {
    Diagnostic.Message(
      "a filter with its sets expanded holds at most \(InputLimits.filterConditions) conditions, "
        + "nested at most \(2 * InputLimits.filterDepth) deep"
    )
  }

  /// Checks a node; `visiting` holds the named sets being expanded (to catch cycles).
  private func check(_ q: Query, visiting: inout [String]) throws(Diagnostic) -> Predicate {
    switch q {
    case .and(let parts, _):
      // `&&` flattened, each condition once: `s segment B` after `let s = … segment B` adds none.
      // `distinct` checks every part first, so a typo after an always-false part is reported.
      var conditions: [Predicate] = []
      var seen: Set<Predicate> = []
      for p in try distinct(parts, visiting: &visiting) {
        switch p {
        case .constant(true): continue
        case .constant(false): return .constant(false)
        case .all(let inner):
          for c in inner where seen.insert(c).inserted { conditions.append(c) }
        default:
          if seen.insert(p).inserted { conditions.append(p) }
        }
        guard conditions.count <= InputLimits.filterConditions else {
          throw source.diagnostic("filter too large", at: q.range, notes: [Checker.limitsNote])
        }
      }
      switch conditions.count {
      case 0: return .constant(true)
      case 1: return conditions[0]
      default: return .all(conditions)
      }
    case .or(let parts, _):
      return Checker.merge(any: try distinct(parts, visiting: &visiting))
    case .not(let inner, _):
      return Checker.negate(try check(inner, visiting: &visiting))
    case .compare(let name, let op, let value, _):
      let f = try field(name)
      if op == .notEqual {
        return Checker.negate(try compare(f, .equal, value, name: name))
      }
      return try compare(f, op, value, name: name)
    case .member(let name, let values, let negated, _):
      let f = try field(name)
      var parts: [Predicate] = []
      for v in values { parts.append(try compare(f, .equal, v, name: name)) }
      let merged = Checker.merge(any: parts)
      return negated ? Checker.negate(merged) : merged
    case .contains(let name, let value, _):
      return try contains(try field(name), value, name: name)
    case .dueWithin(let days, _):
      guard let n = Checker.integer(days.text), n >= 0, n <= 36_500, !days.quoted else {
        throw source.diagnostic(
          "'\(days.text)' is not a number of days",
          at: days.range,
          notes: ["write: due within 7 days"]
        )
      }
      let a = Int64(context.asOf.raw)
      return .dueWithBalance(a...(a + n))
    case .dueToday:
      let a = Int64(context.asOf.raw)
      return .dueWithBalance(a...a)
    case .set(let name):
      return try expand(name, visiting: &visiting)
    }
  }

  /// The filter of a named set, checked in place of its name (once per `check`).
  private func expand(_ name: Query.Name, visiting: inout [String]) throws(Diagnostic) -> Predicate
  {
    let key = name.text.lowercased()
    guard namedSets[key] != nil else {
      throw source.diagnostic(QueryMessages.unknownField(name.text), at: name.range)
    }
    if let done = expansions.predicates[key] { return done }
    if visiting.contains(key) {
      throw source.diagnostic(QueryMessages.cyclicSet(name.text), at: name.range)
    }
    // Only a set that failed, or one in a cycle, is expanded here more than one level deep.
    guard visiting.count < InputLimits.filterDepth else {
      throw source.diagnostic(
        QueryMessages.tooDeep,
        at: name.range,
        notes: ["sets refer to sets at most \(InputLimits.filterDepth) deep"]
      )
    }
    visiting.append(key)
    defer { visiting.removeLast() }
    do throws(Diagnostic) {
      let (q, setSource) = try parsedSet(key)
      guard let q else { return .constant(true) }
      let predicate = try Checker(self, source: setSource).check(q, visiting: &visiting)
      if Checker.exceedsLimits(predicate) {
        throw setSource.diagnostic(
          QueryMessages.tooLarge(name.text),
          at: q.range,
          notes: [Checker.limitsNote]
        )
      }
      expansions.predicates[key] = predicate
      expansions.checks += 1
      return predicate
    } catch {
      if error.message == QueryMessages.cyclicSet(name.text) || error.range?.file == source.name {
        throw error
      }
      throw source.diagnostic(
        Checker.inSet(name.text, error.message.text),
        at: name.range,
        notes: error.notes
      )
    }
  }

  /// The message of an error in the filter of the set `name`: `in set 'NAME': MESSAGE`; for an
  /// error in a set that `name` uses, directly or through others, `in set 'INNER' (used by
  /// 'NAME'): MESSAGE`, which names the set at fault and the set the filter used, and stays
  /// short however long the chain between them.
  static func inSet(_ name: String, _ message: String) -> Diagnostic.Message {
    let head = "in set '"
    let afterHead = message.index(
      message.startIndex,
      offsetBy: head.count,
      limitedBy: message.endIndex
    )
    guard message.hasPrefix(head), let afterHead,
      let close = message[afterHead...].firstIndex(of: "'")
    else {
      return Diagnostic.Message("in set '\(name)': \(message)")
    }
    var rest = message[message.index(after: close)...]
    if rest.hasPrefix(" (used by '"), let end = rest.range(of: "')") {
      rest = rest[end.upperBound...]
    }
    return Diagnostic.Message("in set '\(message[afterHead..<close])' (used by '\(name)')\(rest)")
  }

  /// The filter of the named set `key` (lowercased), parsed once per `check`.
  private func parsedSet(_ key: String) throws(Diagnostic) -> (Query?, SourceFile) {
    let setSource = SourceFile(name: "<set \(key)>", text: "")
    if let done = expansions.parsed[key] { return (done, setSource) }
    var parser = Parser(
      tokens: namedSets[key] ?? [],
      source: setSource,
      setNames: expansions.names
    )
    let q = try parser.parseFilter()
    try parser.expectEnd()
    expansions.parsed(key, q)
    return (q, setSource)
  }

  /// Checks the named sets `query` uses, and the sets they use, each after the sets it uses, so
  /// that `expand` then finds them done instead of recursing down the chain.
  ///
  /// A set that fails here is left for `check` to report in context; this walk keeps its own
  /// stack, so a chain of any length costs no native stack. A set already checked (by this
  /// check or, for a session's sets, by an earlier command) is not walked into again.
  private func prepareSets(usedBy query: Query) {
    var done: Set<String> = []
    var onPath: Set<String> = []
    var stack: [(key: String, uses: [String], next: Int)] = []
    func push(_ key: String) {
      guard namedSets[key] != nil, expansions.predicates[key] == nil, !done.contains(key),
        !onPath.contains(key)
      else { return }
      let q = (try? parsedSet(key))?.0 ?? nil
      onPath.insert(key)
      stack.append((key, q.map(Checker.setsUsed) ?? [], 0))
    }
    for root in Checker.setsUsed(by: query) {
      push(root)
      while let top = stack.last {
        if top.next < top.uses.count {
          stack[stack.count - 1].next += 1
          push(top.uses[top.next])
          continue
        }
        stack.removeLast()
        onPath.remove(top.key)
        done.insert(top.key)
        guard expansions.predicates[top.key] == nil else { continue }
        var visiting: [String] = []
        _ = try? expand(Query.Name(top.key, range: query.range), visiting: &visiting)
      }
    }
  }

  /// The checked parts of an `and` or an `or`, each once (`s or s` is `s`), so that a chain of
  /// sets each using the one before twice stays the size of one.
  private func distinct(_ parts: [Query], visiting: inout [String]) throws(Diagnostic)
    -> [Predicate]
  {
    var seen: Set<Predicate> = []
    var out: [Predicate] = []
    for part in parts {
      let p = try check(part, visiting: &visiting)
      if seen.insert(p).inserted { out.append(p) }
    }
    return out
  }

  /// The lowercased names of the sets a filter names, in order.
  static func setsUsed(by query: Query) -> [String] {
    var out: [String] = []
    var stack = [query]
    while let q = stack.popLast() {
      switch q {
      case .and(let parts, _), .or(let parts, _): stack.append(contentsOf: parts.reversed())
      case .not(let inner, _): stack.append(inner)
      case .set(let name): out.append(name.text.lowercased())
      default: break
      }
    }
    return out
  }

  /// Whether a predicate holds more than `InputLimits.filterConditions` nodes or nests deeper
  /// than twice `InputLimits.filterDepth`; visits at most that many nodes (shared parts of a
  /// predicate built from sets count each time they are used).
  static func exceedsLimits(_ predicate: Predicate) -> Bool {
    var stack: [(Predicate, Int)] = [(predicate, 1)]
    var nodes = 0
    while let (p, depth) = stack.popLast() {
      nodes += 1
      guard nodes <= InputLimits.filterConditions, depth <= 2 * InputLimits.filterDepth else {
        return true
      }
      switch p {
      case .all(let parts), .any(let parts):
        guard parts.count <= InputLimits.filterConditions else { return true }
        for part in parts { stack.append((part, depth + 1)) }
      case .not(let inner):
        stack.append((inner, depth + 1))
      default:
        break
      }
    }
    return false
  }

  // MARK: - Comparisons

  /// `FIELD OP VALUE` for every operator but `!=` (which is `not =`).
  private func compare(
    _ f: Field,
    _ op: Query.Comparison,
    _ value: Query.Literal,
    name: Query.Name
  ) throws(Diagnostic) -> Predicate {
    let empty = value.quoted && value.text.isEmpty
    if case .external(let e) = f.source { return try compareExternal(e, f, op, value, name: name) }
    switch f.type {
    case .text:
      guard case .column(let i) = f.source else { return .constant(false) }
      try refuseTextOrdering(f, op, value)
      let bytes = Array(value.text.utf8)
      return op == .equal
        ? .textEquals(column: i, values: [bytes]) : .textCompare(column: i, op: op, value: bytes)
    case .category:
      try refuseTextOrdering(f, op, value)
      return try category(f, op, value)
    case .money:
      if empty, op == .equal {
        if case .column(let i) = f.source { return .missing(column: i) }
        return .constant(false)
      }
      guard !value.quoted, let c = Checker.amount(value.text) else {
        throw badValue(
          value,
          f,
          "an amount",
          notes: ambiguityNotes(value) + ["write 1234.56, 250k or 5M"] + typeNotes(f)
        )
      }
      guard let r = Checker.range(op, c, missing: Column.missingMoney) else {
        return .constant(false)
      }
      if case .column(let i) = f.source { return .money(column: i, r) }
      return .balance(r)
    case .integer:
      if empty, op == .equal {
        if case .column(let i) = f.source { return .missing(column: i) }
        return .constant(false)
      }
      guard !value.quoted, let c = Checker.integer(value.text) else {
        throw badValue(value, f, "a whole number", notes: ambiguityNotes(value) + typeNotes(f))
      }
      if case .absent(let d) = f.source { return .constant(op.holds(Int64(d) ?? 0, c)) }
      guard case .column(let i) = f.source,
        let r = Checker.range(op, c, missing: Int64(Column.missingInteger))
      else { return .constant(false) }
      return .integer(column: i, r)
    case .date:
      guard case .column(let i) = f.source else { return .constant(false) }
      if empty, op == .equal { return .missing(column: i) }
      guard let d = date(value) else {
        throw badValue(value, f, "a date", notes: [dateNote] + typeNotes(f))
      }
      guard let r = Checker.range(op, Int64(d.raw), missing: Int64(Day.missing)) else {
        return .constant(false)
      }
      return .date(column: i, r)
    case .days:
      guard !value.quoted, let n = Checker.integer(value.text) else {
        throw badValue(value, f, "a number of days")
      }
      return overdue(op, n)
    case .bucket:
      let labels = context.buckets.labels
      guard let k = context.buckets.index(label: value.text) else {
        var notes: [Diagnostic.Message] = []
        if let s = Suggestion.closest(to: value.text, among: labels) {
          notes.append(QueryMessages.didYouMean(s))
        }
        notes.append("buckets: \(labels.joined(separator: ", "))")
        throw source.diagnostic(
          "'\(value.text)' is not an aging bucket",
          at: value.range,
          notes: notes
        )
      }
      return .bucket(accepted: labels.indices.map { op.holds($0, k) })
    case .behavior:
      guard !op.isOrdering else {
        throw source.diagnostic(
          QueryMessages.badOperator(op.rawValue, field: f.name, type: f.type.description),
          at: name.range,
          notes: ["use =, != or in: behavior late"]
        )
      }
      guard let classes = Behavior.classes(named: value.text) else {
        var notes: [Diagnostic.Message] = []
        let words = Behavior.allCases.map(\.name) + ["late"]
        if let s = Suggestion.closest(to: value.text, among: words) {
          notes.append(QueryMessages.didYouMean(s))
        }
        notes.append("behavior values: \(Behavior.vocabulary)")
        throw source.diagnostic(
          "'\(value.text)' is not a payment class",
          at: value.range,
          notes: notes
        )
      }
      return .behavior(accepted: Behavior.allCases.map { classes.contains($0) })
    case .choice:
      return .constant(false)  // only external fields have this type, checked above
    }
  }

  /// `FIELD OP VALUE` on an external field (``ExternalColumns``).
  private func compareExternal(
    _ j: ExternalField,
    _ f: Field,
    _ op: Query.Comparison,
    _ value: Query.Literal,
    name: Query.Name
  ) throws(Diagnostic) -> Predicate {
    let empty = value.quoted && value.text.isEmpty
    switch f.type {
    case .choice(let words):
      guard !op.isOrdering else {
        throw source.diagnostic(
          QueryMessages.badOperator(op.rawValue, field: f.name, type: f.type.description),
          at: name.range,
          notes: ["use =, != or in: \(f.name) = \(words.last ?? "")"]
        )
      }
      guard let k = words.firstIndex(where: { $0.lowercased() == value.text.lowercased() }) else {
        var notes: [Diagnostic.Message] = []
        let shown = words.filter { !$0.isEmpty }
        if let s = Suggestion.closest(to: value.text, among: shown) {
          notes.append(QueryMessages.didYouMean(s))
        }
        let none = words.contains("") ? " (or \"\" for none)" : ""
        notes.append("\(f.name) values: \(shown.joined(separator: ", "))\(none)")
        throw source.diagnostic(
          "'\(value.text)' is not a value of \(f.name)",
          at: value.range,
          notes: notes
        )
      }
      return .externalCodes(j, accepted: words.indices.map { $0 == k })
    case .date:
      if empty, op == .equal {
        return .externalRange(j, Int64(Day.missing)...Int64(Day.missing))
      }
      guard let d = date(value) else {
        throw badValue(value, f, "a date", notes: ["write YYYY-MM-DD, or today"])
      }
      guard let r = Checker.range(op, Int64(d.raw), missing: Int64(Day.missing)) else {
        return .constant(false)
      }
      return .externalRange(j, r)
    case .money:
      guard !value.quoted, let c = Checker.amount(value.text) else {
        throw badValue(
          value,
          f,
          "an amount",
          notes: ambiguityNotes(value) + ["write 1234.56, 250k or 5M"]
        )
      }
      guard let r = Checker.range(op, c, missing: Column.missingMoney) else {
        return .constant(false)
      }
      return .externalRange(j, r)
    default:
      guard !value.quoted, let c = Checker.integer(value.text) else {
        throw badValue(value, f, "a whole number", notes: ambiguityNotes(value))
      }
      guard let r = Checker.range(op, c, missing: Int64(Column.missingInteger)) else {
        return .constant(false)
      }
      return .externalRange(j, r)
    }
  }

  /// `overdue OP N`, rewritten on the due date: `overdue >= N` (N ≥ 1) is a balance above zero
  /// and `due <= asof - N`; every other operator is that or its negation.
  func overdue(_ op: Query.Comparison, _ n: Int64) -> Predicate {
    let a = Int64(context.asOf.raw)
    let low = Int64(Day.missing) + 1
    /// `overdue >= m`.
    func atLeast(_ m: Int64) -> Predicate {
      if m <= 0 { return .constant(true) }
      let (limit, overflow) = a.subtractingReportingOverflow(m)
      if overflow || limit < low { return .constant(false) }
      return .dueWithBalance(low...limit)
    }
    switch op {
    case .greaterOrEqual: return atLeast(n)
    case .greater: return n == .max ? .constant(false) : atLeast(n + 1)
    case .less: return Checker.negate(atLeast(n))
    case .lessOrEqual: return n == .max ? .constant(true) : Checker.negate(atLeast(n + 1))
    case .equal:
      if n < 0 { return .constant(false) }
      if n == 0 { return Checker.negate(atLeast(1)) }
      let (day, overflow) = a.subtractingReportingOverflow(n)
      if overflow || day < low { return .constant(false) }
      return .dueWithBalance(day...day)
    case .notEqual: return Checker.negate(overdue(.equal, n))
    }
  }

  /// A comparison on a dictionary-encoded column, as the set of codes it accepts.
  ///
  /// Values compare ignoring case and accents (`CanonicalSchema.fold`), as `group by` groups
  /// them: `city bogota` matches `Bogotá` and `BOGOTA`.
  private func category(
    _ f: Field,
    _ op: Query.Comparison,
    _ value: Query.Literal
  ) throws(Diagnostic) -> Predicate {
    let values: [String]
    let column: Int?
    switch f.source {
    case .column(let i):
      guard case .category(let cat) = portfolio.columns[i].data else { return .constant(false) }
      values = Checker.effectiveValues(cat, field: f.name)
      column = i
    case .absent(let d):
      values = [d]
      column = nil
    default:
      return .constant(false)
    }
    let key = CanonicalSchema.fold
    var target = key(value.text)
    let vocabulary = Vocabulary.closed[f.name]
    if let canonical = vocabulary?[target] { target = key(canonical) }
    let accepted: [Bool]
    if op == .equal {
      accepted = values.map { key($0) == target }
      if !accepted.contains(true) && vocabulary?[CanonicalSchema.fold(value.text)] == nil {
        throw unknownValue(value, f, values: values, column: column)
      }
    } else {
      accepted = values.map { !$0.isEmpty && op.holds(key($0), target) }
    }
    guard let column else { return .constant(accepted[0]) }
    return .codes(column: column, accepted: accepted)
  }

  /// `FIELD ~ VALUE`: contains, ignoring case and accents.
  private func contains(
    _ f: Field,
    _ value: Query.Literal,
    name: Query.Name
  ) throws(Diagnostic) -> Predicate {
    let needle = CanonicalSchema.fold(value.text)
    switch (f.type, f.source) {
    case (.text, .column(let i)):
      return needle.isEmpty ? .constant(true) : .textContains(column: i, needle: Array(needle.utf8))
    case (.category, .column(let i)):
      guard case .category(let cat) = portfolio.columns[i].data else { return .constant(false) }
      let values = Checker.effectiveValues(cat, field: f.name)
      return .codes(
        column: i,
        accepted: values.map { CanonicalSchema.fold($0).contains(needle) }
      )
    case (.category, .absent(let d)):
      return .constant(CanonicalSchema.fold(d).contains(needle))
    default:
      throw source.diagnostic(
        QueryMessages.badOperator("~", field: f.name, type: f.type.description),
        at: name.range,
        notes: ["'~' finds text inside text fields: name ~ ana, city ~ bogota"]
      )
    }
  }

  // MARK: - Values

  /// The values of a category column as queries see them: an empty `currency` is COP and an
  /// empty `status` is active.
  public static func effectiveValues(_ cat: CategoryColumn, field: String) -> [String] {
    var values = cat.values
    if let d = defaults[field], !values.isEmpty { values[0] = d }
    return values
  }

  /// `no account has segment 'Z'`, with a suggestion and the values that exist.
  private func unknownValue(
    _ value: Query.Literal,
    _ f: Field,
    values: [String],
    column: Int?
  ) -> Diagnostic {
    var present = values
    if let column, case .category(let cat) = portfolio.columns[column].data {
      let counts = cat.histogram()
      present = values.indices.filter { counts[$0] > 0 }.map { values[$0] }
    }
    present = Array(Set(present)).sorted()
    var notes: [Diagnostic.Message] = []
    let folded = CanonicalSchema.fold(value.text)
    if let same = present.first(where: { CanonicalSchema.fold($0) == folded }) {
      notes.append(QueryMessages.didYouMean(same))
    } else if let s = Suggestion.closest(to: value.text, among: present.filter { !$0.isEmpty }) {
      notes.append(QueryMessages.didYouMean(s))
    }
    notes.append(QueryMessages.existingValues(f.name, present))
    return source.diagnostic(
      QueryMessages.unknownValue(value.text, field: f.name),
      at: value.range,
      notes: notes
    )
  }

  /// A literal that does not read as the field's type.
  private func badValue(
    _ value: Query.Literal,
    _ f: Field,
    _ type: String,
    notes: [Diagnostic.Message] = []
  ) -> Diagnostic {
    source.diagnostic(
      QueryMessages.badValue(value.description, field: f.name, type: type),
      at: value.range,
      notes: notes
    )
  }

  /// A date literal: `YYYY-MM-DD`, `DD/MM/YYYY` when the portfolio was loaded with `dates
  /// dmy`, or `today` (the as-of date).
  private func date(_ value: Query.Literal) -> Day? {
    if !value.quoted, value.text.lowercased() == "today" || value.text.lowercased() == "hoy" {
      return context.asOf
    }
    if let d = Day(value.text) { return d }
    guard portfolio.options.dates == .dmy else { return nil }
    var text = value.text
    return text.withUTF8 { bp in
      guard let base = bp.baseAddress, let raw = Day.parseDMY(base, 0, bp.count) else {
        return nil
      }
      return Day(raw: raw)
    }
  }

  /// How to write a date, for notes.
  private var dateNote: Diagnostic.Message {
    portfolio.options.dates == .dmy
      ? "write YYYY-MM-DD, DD/MM/YYYY or today" : "write YYYY-MM-DD, or today"
  }

  /// The notes that say a column's type and where it comes from: for an extra column, the
  /// evidence its type was inferred from (`ColumnTyping`).
  package func typeNotes(_ f: Field) -> [Diagnostic.Message] {
    guard case .column(let i) = f.source else { return [] }
    let c = portfolio.columns[i]
    guard c.field == nil, let note = c.typeNote else { return [] }
    return [QueryMessages.inferredType(f.name, type: c.type.rawValue, because: note)]
  }

  /// Refuses `<`, `<=`, `>`, `>=` between a text or category column and a number or a date:
  /// that would compare text (`17/01/2024` before `2022-01-01`, `9` after `10`), never what
  /// was meant.
  private func refuseTextOrdering(
    _ f: Field,
    _ op: Query.Comparison,
    _ value: Query.Literal
  ) throws(Diagnostic) {
    guard op.isOrdering, !value.quoted else { return }
    let what: String
    if date(value) != nil {
      what = "a date"
    } else if Checker.amount(value.text) != nil {
      what = "a number"
    } else {
      return
    }
    var notes = typeNotes(f)
    if case .column(let i) = f.source, portfolio.columns[i].field == nil {
      notes.append(QueryMessages.typedWhenAllFit)
    } else {
      notes.append("compare \(f.name) with = or ~")
    }
    throw source.diagnostic(
      QueryMessages.textOrdering(f.name, type: Checker.typeName(f), value: value.text, what: what),
      at: value.range,
      notes: notes
    )
  }

  /// The type of a field as `describe` names it (`text`, `category`).
  package static func typeName(_ f: Field) -> String {
    switch f.type {
    case .category: "category"
    case .text: "text"
    default: f.type.description
    }
  }

  /// Reads an amount: `1234.56`, `-20`, `250k`, `2.5M`, `5MM` (M and MM are millions), exactly,
  /// in cents; `nil` when it is not an amount or has more precision than a cent.
  ///
  /// Also typed as shown, in either style (``AmountText``): `5.000.000`, `1,234,567.89`, `$ 5M`.
  public static func amount(_ text: String) -> Cents? {
    guard case .canonical(let canonical) = AmountText.read(text) else { return nil }
    return scaled(canonical, unit: 100)
  }

  /// Reads a whole number, with the same `k` and `M` suffixes and separators; `nil` when not
  /// whole.
  public static func integer(_ text: String) -> Int64? {
    guard case .canonical(let canonical) = AmountText.read(text) else { return nil }
    return scaled(canonical, unit: 1)
  }

  /// The two readings of an ambiguous amount (`5,000`, ``AmountText``), as notes.
  private func ambiguityNotes(_ value: Query.Literal) -> [Diagnostic.Message] {
    value.quoted ? [] : AmountText.ambiguityNotes(value.text)
  }

  /// `text` times `unit`, exactly, or `nil`.
  private static func scaled(_ text: String, unit: Int64) -> Int64? {
    var s = Substring(text)
    var multiplier: Int64 = 1
    let lower = s.lowercased()
    if lower.hasSuffix("mm") {
      multiplier = 1_000_000
      s = s.dropLast(2)
    } else if lower.hasSuffix("m") {
      multiplier = 1_000_000
      s = s.dropLast()
    } else if lower.hasSuffix("k") {
      multiplier = 1_000
      s = s.dropLast()
    }
    var negative = false
    if s.first == "-" {
      negative = true
      s = s.dropFirst()
    }
    var mantissa: Int64 = 0
    var decimals = 0
    var seenPoint = false
    var digits = 0
    for ch in s.utf8 {
      if ch == UInt8(ascii: ".") {
        if seenPoint { return nil }
        seenPoint = true
        continue
      }
      let d = ch &- 48
      guard d <= 9 else { return nil }
      digits += 1
      guard digits <= 18 else { return nil }
      mantissa = mantissa * 10 + Int64(d)
      if seenPoint { decimals += 1 }
    }
    guard digits > 0 else { return nil }
    let (scaledUp, o1) = mantissa.multipliedReportingOverflow(by: multiplier)
    let (value, o2) = scaledUp.multipliedReportingOverflow(by: unit)
    guard !o1, !o2 else { return nil }
    var divisor: Int64 = 1
    for _ in 0..<decimals { divisor *= 10 }
    guard value % divisor == 0 else { return nil }
    let result = value / divisor
    return negative ? -result : result
  }

  /// The inclusive range of values for `OP c`, never containing `missing` (which must be the
  /// type's smallest value); `nil` when empty.
  static func range(_ op: Query.Comparison, _ c: Int64, missing: Int64) -> ClosedRange<Int64>? {
    let low = missing + 1
    let high = Int64.max
    switch op {
    case .equal, .notEqual: return c < low ? nil : c...c
    case .less: return c <= low ? nil : low...(c - 1)
    case .lessOrEqual: return c < low ? nil : low...c
    case .greater: return c == high ? nil : max(c + 1, low)...high
    case .greaterOrEqual: return max(c, low)...high
    }
  }

  // MARK: - Simplification

  /// The negation, simplifying constants, double negation and code sets.
  static func negate(_ p: Predicate) -> Predicate {
    switch p {
    case .constant(let b): .constant(!b)
    case .not(let inner): inner
    case .codes(let c, let accepted): .codes(column: c, accepted: accepted.map { !$0 })
    case .bucket(let accepted): .bucket(accepted: accepted.map { !$0 })
    case .behavior(let accepted): .behavior(accepted: accepted.map { !$0 })
    case .externalCodes(let f, let accepted): .externalCodes(f, accepted: accepted.map { !$0 })
    default: .not(p)
    }
  }

  /// The disjunction, merging code sets of one column and exact text values.
  static func merge(any parts: [Predicate]) -> Predicate {
    var out: [Predicate] = []
    for p in parts {
      if case .constant(false) = p { continue }
      if case .constant(true) = p { return .constant(true) }
      if let last = out.last {
        switch (last, p) {
        case (.codes(let c1, let a1), .codes(let c2, let a2)) where c1 == c2:
          out[out.count - 1] = .codes(column: c1, accepted: zip(a1, a2).map { $0 || $1 })
          continue
        case (.bucket(let a1), .bucket(let a2)):
          out[out.count - 1] = .bucket(accepted: zip(a1, a2).map { $0 || $1 })
          continue
        case (.behavior(let a1), .behavior(let a2)):
          out[out.count - 1] = .behavior(accepted: zip(a1, a2).map { $0 || $1 })
          continue
        case (.externalCodes(let f1, let a1), .externalCodes(let f2, let a2)) where f1 == f2:
          out[out.count - 1] = .externalCodes(f1, accepted: zip(a1, a2).map { $0 || $1 })
          continue
        case (.textEquals(let c1, let v1), .textEquals(let c2, let v2)) where c1 == c2:
          out[out.count - 1] = .textEquals(column: c1, values: v1 + v2)
          continue
        default: break
        }
      }
      out.append(p)
    }
    if out.isEmpty { return .constant(false) }
    return out.count == 1 ? out[0] : .any(out)
  }
}
