/// The named sets of a session (`let`): the tokens of each set's filter, and what checking
/// them has found so far.
///
/// Checking a set checks the sets it uses first. A checked set's predicate is kept here from
/// one command to the next, so that defining a chain of sets, each using the one before, and
/// using its last set checks every set of the chain once in all rather than once per command.
/// What is kept is dropped when it could be wrong: a redefined set drops the sets that use it
/// (directly or through others), and another portfolio (a `load`), a `recode` of it or another
/// as-of date, bucket scheme or aging basis drops every predicate.
///
/// A value semantics wrapper: a copy that is changed (a session's copy for a nested script, a
/// definition being tried) starts over with nothing kept, so no copy ever sees what another
/// one checked.
public struct NamedSets: Sendable {
  /// Lowercased name → the tokens of the set's filter.
  public private(set) var definitions: [String: [Token]] = [:]
  /// What checking the definitions found.
  private(set) var memo = SetExpansions(names: [])

  /// No sets.
  public init() {}

  /// The sets of a dictionary of definitions (lowercased name → tokens).
  public init(_ definitions: [String: [Token]]) {
    self.definitions = definitions
    memo = SetExpansions(names: Set(definitions.keys))
  }

  /// The lowercased names, for the parser.
  public var names: Set<String> { memo.names }

  /// The lowercased names.
  public var keys: Dictionary<String, [Token]>.Keys { definitions.keys }

  /// The number of sets.
  public var count: Int { definitions.count }

  /// The tokens of the set `name` (lowercased); setting them defines or redefines the set,
  /// and `nil` removes it.
  public subscript(name: String) -> [Token]? {
    get { definitions[name] }
    set {
      let existed = definitions[name] != nil
      definitions[name] = newValue
      guard isKnownUniquelyReferenced(&memo) else {
        memo = SetExpansions(names: Set(definitions.keys))
        return
      }
      if newValue == nil { memo.names.remove(name) } else { memo.names.insert(name) }
      // A new name cannot be used by a set already checked (an unknown word fails the check).
      if existed { memo.forget(name) }
    }
  }
}

/// The named sets parsed and checked so far: shared by the checkers of one `check` and, through
/// ``NamedSets``, kept from one command to the next.
final class SetExpansions: @unchecked Sendable {
  /// The names of every named set, lowercased (for the parser).
  var names: Set<String>
  /// The predicate of each set checked without error, for ``portfolio`` as it was after
  /// ``recodes`` recodes and for ``context``.
  var predicates: [String: Predicate] = [:]
  /// The filter of each set parsed without error.
  var parsed: [String: Query?] = [:]
  /// The names of the sets each parsed set uses.
  var uses: [String: [String]] = [:]
  /// How many times a set's filter was checked (the work a chain of sets costs).
  var checks = 0
  /// The portfolio the predicates resolve names against.
  private weak var portfolio: Portfolio?
  /// How many recodes that portfolio had.
  private var recodes = 0
  /// The as-of date, buckets and basis the predicates were checked for.
  private var context: QueryContext?

  init(names: Set<String>) { self.names = names }

  /// Drops the predicates unless they were checked against this portfolio, as it is now, and
  /// this context.
  func use(_ portfolio: Portfolio, _ context: QueryContext) {
    if self.portfolio !== portfolio || recodes != portfolio.recodes.count
      || self.context != context
    {
      predicates = [:]
      self.portfolio = portfolio
      recodes = portfolio.recodes.count
      self.context = context
    }
  }

  /// Records the filter of the set `key` as parsed.
  func parsed(_ key: String, _ query: Query?) {
    parsed[key] = .some(query)
    uses[key] = query.map(Checker.setsUsed) ?? []
  }

  /// Drops what is known of the set `key` and of every set that uses it, directly or not.
  func forget(_ key: String) {
    var usedBy: [String: [String]] = [:]
    for (user, used) in uses {
      for u in used { usedBy[u, default: []].append(user) }
    }
    var stack = [key]
    var dropped: Set<String> = [key]
    while let k = stack.popLast() {
      predicates[k] = nil
      parsed[k] = nil
      uses[k] = nil
      for user in usedBy[k] ?? [] where dropped.insert(user).inserted { stack.append(user) }
    }
  }
}
