import CobroDiagnostics

/// A filter as the user wrote it: plain data, no evaluation inside.
///
/// The parser builds it from tokens; the checker resolves its names against a portfolio into a
/// `Predicate`. Every node keeps the range it was typed at, so that diagnostics can point at it
/// and tests can compare whole trees (with `dump()`) at once.
public indirect enum Query: Hashable, Sendable {
  /// Every condition holds (`a and b`, or `a b` side by side).
  case and([Query], range: SourceRange)
  /// At least one condition holds.
  case or([Query], range: SourceRange)
  /// The condition does not hold.
  case not(Query, range: SourceRange)
  /// `FIELD OP VALUE`, and the `FIELD VALUE` shorthand for `FIELD = VALUE`.
  case compare(field: Name, op: Comparison, value: Literal, range: SourceRange)
  /// `FIELD in (V, W…)`, or `FIELD not in (…)` when `negated`.
  case member(field: Name, values: [Literal], negated: Bool, range: SourceRange)
  /// `FIELD ~ VALUE`: the field contains the value, ignoring case and accents.
  case contains(field: Name, value: Literal, range: SourceRange)
  /// `due within N days`: a balance above zero due from the as-of date to N days after it.
  case dueWithin(days: Literal, range: SourceRange)
  /// `due today`: a balance above zero due on the as-of date.
  case dueToday(range: SourceRange)
  /// A named set defined with `let NAME = FILTER`.
  case set(Name)

  /// A name as typed: a field or a named set.
  public struct Name: Hashable, Sendable {
    /// The word as typed.
    public var text: String
    /// Where it was typed.
    public var range: SourceRange

    /// Creates a name.
    public init(_ text: String, range: SourceRange) {
      self.text = text
      self.range = range
    }
  }

  /// A value as typed: a bare word (`5M`, `2026-11-30`, `61-90`, `B`) or quoted text.
  ///
  /// The parser does not interpret values; the checker reads them according to the field's type.
  public struct Literal: Hashable, Sendable, CustomStringConvertible {
    /// The word, or the unquoted text of a string.
    public var text: String
    /// Whether it was quoted (quoted text is never read as a number or a date keyword).
    public var quoted: Bool
    /// Where it was typed, quotes included.
    public var range: SourceRange

    /// Creates a literal.
    public init(_ text: String, quoted: Bool = false, range: SourceRange) {
      self.text = text
      self.quoted = quoted
      self.range = range
    }

    /// The literal as it would be typed back.
    public var description: String {
      quoted || text.isEmpty || Literal.needsQuotes(text)
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Whether a bare word could not hold this text.
    static func needsQuotes(_ s: String) -> Bool {
      s.unicodeScalars.contains { u in
        u == " " || u == "\t" || u == "(" || u == ")" || u == "," || u == "=" || u == "<"
          || u == ">" || u == "~" || u == ";" || u == "\"" || u == "'" || u == "!" || u == "#"
          || u == "$"
      }
    }
  }

  /// A comparison operator.
  public enum Comparison: String, Hashable, Sendable, CaseIterable {
    /// `=` (also the shorthand `FIELD VALUE`).
    case equal = "="
    /// `!=`.
    case notEqual = "!="
    /// `<`.
    case less = "<"
    /// `<=`.
    case lessOrEqual = "<="
    /// `>`.
    case greater = ">"
    /// `>=`.
    case greaterOrEqual = ">="

    /// Whether the operator orders values (as opposed to testing equality).
    public var isOrdering: Bool { self != .equal && self != .notEqual }

    /// Whether `a OP b` holds, for any comparable values.
    @inline(__always)
    public func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
      switch self {
      case .equal: a == b
      case .notEqual: a != b
      case .less: a < b
      case .lessOrEqual: a <= b
      case .greater: a > b
      case .greaterOrEqual: a >= b
      }
    }
  }

  /// Where the node was typed.
  public var range: SourceRange {
    switch self {
    case .and(_, let r), .or(_, let r), .not(_, let r): r
    case .compare(_, _, _, let r), .member(_, _, _, let r), .contains(_, _, let r): r
    case .dueWithin(_, let r), .dueToday(let r): r
    case .set(let name): name.range
    }
  }
}

// MARK: - Dumps and source text

extension Query {
  /// A tree dump for parser tests: one node per line with its range.
  ///
  /// Children are drawn as a tree:
  ///
  /// ```
  /// and @1:1-1:23
  /// ├─ compare overdue > 60 @1:1-1:13
  /// └─ equals segment = B @1:14-1:23
  /// ```
  ///
  /// With `ranges: false` the `@…` suffixes are left out (to compare trees parsed from different
  /// text).
  public func dump(ranges: Bool = true) -> String {
    var lines: [String] = []
    dump(into: &lines, prefix: "", childPrefix: "", ranges: ranges)
    return lines.joined(separator: "\n")
  }

  /// Appends this node and its children, drawn with the given prefixes.
  private func dump(into lines: inout [String], prefix: String, childPrefix: String, ranges: Bool) {
    let r = range
    let at = ranges ? " @\(r.start.line):\(r.start.column)-\(r.end.line):\(r.end.column)" : ""
    lines.append(prefix + label + at)
    let children: [Query]
    switch self {
    case .and(let qs, _), .or(let qs, _): children = qs
    case .not(let q, _): children = [q]
    default: children = []
    }
    for (i, child) in children.enumerated() {
      let last = i == children.count - 1
      child.dump(
        into: &lines,
        prefix: childPrefix + (last ? "└─ " : "├─ "),
        childPrefix: childPrefix + (last ? "   " : "│  "),
        ranges: ranges
      )
    }
  }

  /// The node's own line in a dump, without children and range.
  private var label: String {
    switch self {
    case .and: return "and"
    case .or: return "or"
    case .not: return "not"
    case .compare(let f, let op, let v, _):
      return (op == .equal ? "equals " : "compare ") + "\(f.text) \(op.rawValue) \(v)"
    case .member(let f, let vs, let negated, _):
      return
        "member \(f.text) \(negated ? "not in" : "in") (\(vs.map(\.description).joined(separator: ", ")))"
    case .contains(let f, let v, _): return "contains \(f.text) ~ \(v)"
    case .dueWithin(let days, _): return "due within \(days) days"
    case .dueToday: return "due today"
    case .set(let name): return "set \(name.text)"
    }
  }

  /// The filter as text that parses back to the same tree (ranges aside).
  public var source: String {
    switch self {
    case .and(let qs, _):
      return qs.map { q in
        switch q {
        case .and, .or: "(" + q.source + ")"
        default: q.source
        }
      }.joined(separator: " and ")
    case .or(let qs, _):
      return qs.map { q in
        if case .or = q { return "(" + q.source + ")" }
        return q.source
      }.joined(separator: " or ")
    case .not(let q, _):
      switch q {
      case .and, .or: return "not (" + q.source + ")"
      default: return "not " + q.source
      }
    case .compare(let f, let op, let v, _): return "\(f.text) \(op.rawValue) \(v)"
    case .member(let f, let vs, let negated, _):
      return
        "\(f.text) \(negated ? "not in" : "in") (\(vs.map(\.description).joined(separator: ", ")))"
    case .contains(let f, let v, _): return "\(f.text) ~ \(v)"
    case .dueWithin(let days, _): return "due within \(days) days"
    case .dueToday: return "due today"
    case .set(let name): return name.text
    }
  }
}
