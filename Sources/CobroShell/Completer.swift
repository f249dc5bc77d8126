import CobroJournal
import CobroMessages
import CobroPortfolio

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The candidates for the word before the cursor, and where that word starts.
public struct Completion: Hashable, Sendable {
  /// What the candidates are, for showing them.
  public enum Kind: Hashable, Sendable {
    /// Command words, field names, values, ids.
    case words
    /// File paths: listed by their last component; a folder ends in `/` and takes no space.
    case paths
  }

  /// UTF-8 offset in the line where the word being completed starts (its opening quote, if
  /// any); the word runs from there to the cursor.
  public var start: Int
  /// The candidates as they would be inserted (quoted when they need it), sorted, at most
  /// `Completer.maxCandidates`.
  public var candidates: [String]
  /// How many candidates matched in all (more than `candidates.count` when the list was cut).
  public var total: Int
  /// Words or paths.
  public var kind: Kind
  /// The longest prefix common to every match (not only those kept), as it would be inserted.
  public var commonPrefix: String

  /// Creates a completion; the common prefix defaults to that of `candidates`.
  public init(
    start: Int,
    candidates: [String],
    total: Int? = nil,
    kind: Kind = .words,
    commonPrefix: String? = nil
  ) {
    self.start = start
    self.candidates = candidates
    self.total = total ?? candidates.count
    self.kind = kind
    self.commonPrefix = commonPrefix ?? Completer.commonPrefix(candidates)
  }

  /// What Tab does, given the text typed so far of the word (`line[start..<cursor]`).
  public enum Action: Hashable, Sendable {
    /// Nothing matches: beep.
    case none
    /// Replace the typed word with this text (a unique candidate and its space, or the common
    /// prefix of several).
    case replace(String)
    /// Show the candidates.
    case list
  }

  /// What Tab does with these candidates: a unique one replaces the word and gets a space (a
  /// folder does not); several with a longer common prefix complete that prefix; otherwise
  /// they are listed.
  public func action(typed: String) -> Action {
    guard let first = candidates.first else { return .none }
    if total == 1 {
      return .replace(kind == .paths && first.hasSuffix("/") ? first : first + " ")
    }
    if commonPrefix.count > typed.count { return .replace(commonPrefix) }
    return .list
  }

  /// The text a candidate is listed as: a path by its last component.
  public func shown(_ candidate: String) -> String {
    guard kind == .paths else { return candidate }
    var c = Substring(candidate)
    let folder = c.hasSuffix("/")
    if folder { c.removeLast() }
    if let slash = c.lastIndex(of: "/") { c = c[c.index(after: slash)...] }
    return String(c) + (folder ? "/" : "")
  }
}

/// Tab completion computed from the session: a pure function of the line and the cursor.
///
/// At the start of a command it offers command words, field names and named sets; in a filter,
/// field names, then the values of the field before (a category's values, the bucket labels in
/// force, behaviour classes); account ids after `show`, `plan`, `promise`…, debtor ids after `debtor`;
/// settings after `set`; file paths after `load`, `source`, `record`, `export`, `payments`.
/// Matching ignores case and accents.
public struct Completer {
  /// The session whose commands, portfolio and named sets are offered.
  public let session: Session
  /// Lists a folder: names and whether each is a folder (a test can pass a fixed list).
  public var listFolder: (String) -> [(name: String, isFolder: Bool)]

  /// At most this many candidates are returned (the count of all is kept).
  public static let maxCandidates = 200

  /// Fields every portfolio has besides its columns (`overdue`, `bucket`, `behavior`…).
  public static let computedFields = Checker.fieldNames(external: JournalFacts.fields)
  /// The words `behavior` takes.
  public static let behaviorWords = Behavior.allCases.map(\.name) + ["late"]
  /// Words after which a file path comes.
  public static let pathWords: Set<String> = [
    "load", "cargar", "source", "record", "export", "payments", "pagos", "journal", "map",
    "mapa",
  ]
  /// The words of `export`'s options, which are not the command it runs.
  static let exportOptions: Set<String> = [
    "replace", "delimiter", "decimal", "bom", "crlf", "excel-es",
  ]
  /// Computed fields that hold whole numbers, for `sum` and `avg`.
  static let numericComputedFields = ["overdue", "contacts_7d"]
  /// Words after which field names come.
  static let fieldListWords: Set<String> = ["by", "sort", "columns", "sum", "avg", "min", "max"]

  /// Creates a completer over a session, listing folders from the file system.
  public init(
    session: Session,
    listFolder: @escaping (String) -> [(name: String, isFolder: Bool)] = Completer.folderEntries
  ) {
    self.session = session
    self.listFolder = listFolder
  }

  // MARK: - Completing

  /// The completion of the word that ends at `cursor` (a UTF-8 offset in `line`).
  public func complete(line: String, cursor: Int) -> Completion {
    let before = String(decoding: line.utf8.prefix(max(0, cursor)), as: UTF8.self)
    let scan = Scan(before)
    guard !scan.inComment else { return Completion(start: cursor, candidates: []) }
    var collector = Collector(typed: scan.current.text)
    switch context(scan.prior) {
    case .commandStart:
      for c in session.commandList {
        collector.add(c.name)
        for a in c.aliases { collector.add(a) }
      }
      addFields(&collector)
    case .fields:
      addFields(&collector)
    case .numericFields:
      addNumericFields(&collector)
    case .values(let field):
      addValues(of: field, to: &collector)
    case .accounts:
      addIDs(column: "account_id", to: &collector)
    case .debtors:
      addIDs(column: "debtor_id", to: &collector)
    case .commands:
      for c in session.commandList { collector.add(c.name) }
    case .settings:
      for s in session.settingDefinitions { collector.add(s.name) }
    case .words(let words):
      for w in words { collector.add(w) }
    case .paths:
      return completePath(scan.current, end: cursor)
    case .nothing:
      break
    }
    let quote = scan.current.quote ?? "\""
    let candidates = collector.sorted().map {
      Self.quotedIfNeeded($0, quote: quote, always: scan.current.quote != nil)
    }
    return Completion(
      start: scan.current.start,
      candidates: candidates,
      total: collector.total,
      commonPrefix: Self.quotedPrefix(collector.common, typedQuote: scan.current.quote)
    )
  }

  /// Where the cursor is, as far as completion cares.
  enum Context: Equatable {
    case commandStart, fields, numericFields, accounts, debtors, commands, settings, paths
    case nothing
    case values(String)
    case words([String])
  }

  /// The context after the tokens typed before the word being completed.
  func context(_ prior: [ScanToken]) -> Context {
    guard let first = prior.first, let last = prior.last else { return .commandStart }
    if last.kind == .word {
      let word = last.text.lowercased()
      if Self.pathWords.contains(word), first.text.lowercased() != "set" { return .paths }
      if word == "debtor" || word == "deudor" { return .debtors }
      if word == "via" || word == "por" { return .values("channel") }
      if word == "stage" || word == "etapa" {
        return .words(MessageStage.allCases.map(\.rawValue))
      }
    }
    guard first.kind == .word, let command = session.commands[first.text.lowercased()] else {
      return filterContext(prior[...])
    }
    let args = prior.dropFirst()
    // `export FILE [OPTIONS] COMMAND …`: from the command word on, that command's grammar.
    if command.name == "export", args.count >= 2,
      let inner = args.dropFirst().firstIndex(where: {
        $0.kind == .word && session.commands[$0.text.lowercased()] != nil
          && !Self.exportOptions.contains($0.text.lowercased())
      })
    {
      return context(Array(prior[inner...]))
    }
    switch command.completion(args) {
    case .filter(let listing): return filterContext(args, listing: listing)
    case .accounts: return .accounts
    case .fields: return .fields
    case .numericFields: return .numericFields
    case .commands: return .commands
    case .settings: return .settings
    case .paths: return .paths
    case .nothing: return .nothing
    case .values(let field): return .values(field)
    case .words(let words): return .words(words)
    }
  }

  /// The context inside a filter: a field name, or a value of the field just typed.
  ///
  /// condition := FIELD [OP] VALUE | NAMED_SET | `(` filter `)`, joined by `and`, `or`, `not`
  /// or nothing; `by`, `sort` and `columns` are followed by field names separated by commas.
  /// With `listing`, the tokens start with field names (`sum FIELD [FILTER]`).
  func filterContext(_ tokens: ArraySlice<ScanToken>, listing: Bool = false) -> Context {
    enum State { case field, listedField, afterField(String), value(String) }
    var state = listing ? State.listedField : .field
    let fields = fieldKeys
    for t in tokens {
      switch t.kind {
      case .leftParen, .rightParen:
        state = .field
      case .comma:
        if case .field = state { state = .listedField } else { state = .field }
      case .op:
        if case .afterField(let f) = state { state = .value(f) } else { state = .field }
      case .word, .string:
        switch state {
        case .afterField, .value, .listedField:
          state = .field
        case .field:
          if t.kind == .word && Self.fieldListWords.contains(t.text.lowercased()) {
            state = .listedField
          } else if t.kind == .word, let f = fields[CanonicalSchema.fold(t.text)] {
            state = .afterField(f)
          }
        }
      }
    }
    switch state {
    case .field, .listedField: return .fields
    case .afterField(let f), .value(let f): return .values(f)
    }
  }

  /// Folded field names and aliases → the name used to look the field up.
  private var fieldKeys: [String: String] {
    var keys: [String: String] = [:]
    for name in (session.portfolio?.queryNames ?? []) + Self.computedFields {
      keys[CanonicalSchema.fold(name)] = name
    }
    for f in CanonicalSchema.fields where keys[CanonicalSchema.fold(f.name)] == nil {
      if f.name == "status" || f.name == "currency" || f.name == "channel"
        || f.name == "debtor_type"
      {
        keys[CanonicalSchema.fold(f.name)] = f.name
        keys[CanonicalSchema.fold(f.alias)] = f.name
      }
    }
    return keys
  }

  private func addFields(_ collector: inout Collector) {
    for name in session.portfolio?.queryNames ?? [] { collector.add(name) }
    for name in Self.computedFields { collector.add(name) }
    for name in session.namedSets.keys { collector.add(name) }
  }

  /// The fields `sum` and `avg` take: the portfolio's amounts and whole numbers.
  private func addNumericFields(_ collector: inout Collector) {
    for name in session.portfolio?.queryNames ?? [] {
      switch session.portfolio?.column(named: name)?.data {
      case .money?, .integer?: collector.add(name)
      default: break
      }
    }
    for name in Self.numericComputedFields { collector.add(name) }
  }

  private func addValues(of field: String, to collector: inout Collector) {
    let key = CanonicalSchema.fold(field)
    if key == "bucket" {
      // In bucket order (current, 1-30, 31-60, …), not alphabetical.
      collector.keepsOrder = true
      for b in session.settings.queryContext.buckets.labels { collector.add(b) }
      return
    }
    if key == "behavior" {
      for b in Self.behaviorWords { collector.add(b) }
      return
    }
    if key == "broken" || key == "agreement" {
      let words = key == "broken" ? JournalFacts.brokenLabels : JournalFacts.agreementLabels
      for w in words where !w.isEmpty { collector.add(w) }
      return
    }
    guard let column = session.portfolio?.column(named: field) else {
      // Canonical columns a file may leave out still have their vocabulary or default.
      switch key {
      case "currency", "moneda": collector.add(CanonicalSchema.defaultCurrency)
      case "status", "estado": CanonicalSchema.statuses.forEach { collector.add($0) }
      case "channel", "canal": CanonicalSchema.channels.forEach { collector.add($0) }
      case "debtor_type", "tipo_deudor": CanonicalSchema.debtorTypes.forEach { collector.add($0) }
      default: break
      }
      return
    }
    switch column.data {
    case .category(let c):
      for v in c.values where !v.isEmpty { collector.add(v) }
    case .text:
      if column.name == "account_id" || column.name == "debtor_id" {
        addIDs(column: column.name, to: &collector)
      }
    case .money, .date, .integer:
      break
    }
  }

  /// Ids of a text column that start with the typed text (exact bytes, as ids are compared).
  private func addIDs(column name: String, to collector: inout Collector) {
    guard case .text(let ids)? = session.portfolio?.column(named: name)?.data else { return }
    let prefix = Array(collector.typed.utf8)
    for row in 0..<ids.count {
      let r = ids.range(row)
      guard r.count >= prefix.count, !r.isEmpty else { continue }
      var matches = true
      for (k, b) in prefix.enumerated() where ids.bytes.base[r.lowerBound + k] != b {
        matches = false
        break
      }
      if matches { collector.addMatching(ids.string(row)) }
    }
  }

  // MARK: - Paths

  private func completePath(_ word: ScanToken, end: Int) -> Completion {
    let typed = word.text
    var folder = ""
    var base = typed
    if let slash = typed.lastIndex(of: "/") {
      folder = String(typed[...slash])
      base = String(typed[typed.index(after: slash)...])
    }
    var matches: [String] = []
    for entry in listFolder(folder.isEmpty ? "." : folder) {
      guard entry.name != ".", entry.name != ".." else { continue }
      if entry.name.hasPrefix(".") && !base.hasPrefix(".") { continue }
      guard entry.name.hasPrefix(base) else { continue }
      matches.append(folder + entry.name + (entry.isFolder ? "/" : ""))
    }
    matches.sort()
    let quote = word.quote ?? "\""
    let candidates = matches.prefix(Self.maxCandidates).map {
      Self.quotedIfNeeded(
        $0,
        quote: quote,
        keepOpen: $0.hasSuffix("/"),
        always: word.quote != nil
      )
    }
    return Completion(
      start: word.start,
      candidates: candidates,
      total: matches.count,
      kind: .paths,
      commonPrefix: Self.quotedPrefix(Self.commonPrefix(matches), typedQuote: word.quote)
    )
  }

  /// The entries of a folder, from the file system.
  public static func folderEntries(_ path: String) -> [(name: String, isFolder: Bool)] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var entries: [(String, Bool)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
      if entry.pointee.d_type == UInt8(DT_LNK) || entry.pointee.d_type == UInt8(DT_UNKNOWN) {
        var st = stat()
        let full = (path.hasSuffix("/") ? path : path + "/") + name
        isFolder = stat(full, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
      }
      entries.append((name, isFolder))
    }
    return entries
  }

  // MARK: - Text helpers

  /// `text` quoted with `quote` when the lexer would not read it as one word (spaces,
  /// separators, quotes, an empty text), or `always` (the user opened a quote); `keepOpen`
  /// leaves out the closing quote (a folder, a common prefix).
  static func quotedIfNeeded(
    _ text: String,
    quote: Character,
    keepOpen: Bool = false,
    always: Bool = false
  ) -> String {
    let special: Set<Character> = [
      " ", "\t", "(", ")", ",", "=", "<", ">", "~", ";", "\"", "'", "#", "!",
    ]
    guard always || text.isEmpty || text.contains(where: { special.contains($0) }) else {
      return text
    }
    let doubled = text.replacingOccurrences(of: String(quote), with: String(quote) + String(quote))
    return String(quote) + doubled + (keepOpen ? "" : String(quote))
  }

  /// A common prefix as it is inserted: opened with a quote (left open) when the word was
  /// typed with one or the prefix needs one.
  static func quotedPrefix(_ prefix: String, typedQuote: Character?) -> String {
    let quote = typedQuote ?? "\""
    let quoted = quotedIfNeeded(prefix, quote: quote, keepOpen: true)
    if quoted != prefix || typedQuote == nil { return prefix.isEmpty ? "" : quoted }
    return String(quote)
      + prefix.replacingOccurrences(of: String(quote), with: String(quote) + String(quote))
  }

  /// The longest common prefix of the candidates, ignoring case, spelled as the first one.
  static func commonPrefix(_ candidates: [String]) -> String {
    guard var common = candidates.first.map(Array.init) else { return "" }
    for c in candidates.dropFirst() {
      let other = Array(c)
      var n = 0
      while n < common.count && n < other.count
        && common[n].lowercased() == other[n].lowercased()
      {
        n += 1
      }
      common.removeSubrange(n...)
    }
    return String(common)
  }

  /// Lays candidates out in columns (down, then across) to fit `width`, as `ls` does; a last
  /// line says how many more matched when the list was cut.
  public static func columns(_ items: [String], width: Int, total: Int? = nil) -> String {
    guard !items.isEmpty else { return "" }
    let cell = (items.map(\.count).max() ?? 0) + 2
    let perLine = max(1, (max(width, 20) + 2) / cell)
    let lines = (items.count + perLine - 1) / perLine
    var out: [String] = []
    for line in 0..<lines {
      var text = ""
      var k = line
      while k < items.count {
        let item = items[k]
        text += item + String(repeating: " ", count: cell - item.count)
        k += lines
      }
      out.append(text.trimmingTrailingSpaces())
    }
    if let total, total > items.count {
      out.append("… and \(total - items.count) more")
    }
    return out.joined(separator: "\n")
  }
}

// MARK: - Scanning the line

/// A token of the line before the cursor, with its UTF-8 start offset.
public struct ScanToken: Equatable, Sendable {
  /// The token's kind, as the lexer would give it.
  public var kind: Token.Kind
  /// The word, the quoted text without quotes, or the operator.
  public var text: String
  /// UTF-8 offset of its first character (the opening quote for a string).
  var start: Int
  /// The opening quote of a string, if any.
  var quote: Character?
}

/// The line before the cursor split as the lexer would: the tokens of the current command
/// before the word being completed, and that word (empty when the cursor follows a space).
struct Scan {
  /// Tokens of the current command before the word at the cursor.
  var prior: [ScanToken] = []
  /// The word at the cursor.
  var current: ScanToken
  /// Whether the cursor is inside a `#` comment.
  var inComment = false

  init(_ text: String) {
    let scalars = Array(text.unicodeScalars)
    var offsets: [Int] = []
    var o = 0
    for s in scalars {
      offsets.append(o)
      o += String(s).utf8.count
    }
    offsets.append(o)
    // The lexer's reading of the line, tolerant of what is still being typed.
    let scan = Lexer.LineScan(scalars)
    inComment = scan.commentStart != nil
    var tokens: [ScanToken] = []
    var openAtEnd: ScanToken?
    for piece in scan.pieces {
      guard let kind = piece.kind else {
        tokens = []
        continue
      }
      let token = ScanToken(
        kind: kind,
        text: piece.text,
        start: offsets[piece.start],
        quote: piece.quote
      )
      if piece.closed { tokens.append(token) } else { openAtEnd = token }
    }
    let end = offsets[scalars.count]
    if let open = openAtEnd {
      current = open
    } else if scan.continued, scalars.last == "\\" {
      // The cursor right after a continuing `\`: a word typed here would join it.
      current = ScanToken(kind: .word, text: "\\", start: offsets[scalars.count - 1])
    } else if let last = tokens.last, last.kind == .word || last.kind == .string,
      let lastScalar = scalars.last, !(lastScalar == " " || lastScalar == "\t"),
      !inComment, !scan.continued
    {
      current = last
      tokens.removeLast()
    } else {
      current = ScanToken(kind: .word, text: "", start: end)
    }
    prior = tokens
  }
}

/// Gathers matching candidates once each, counting them all but keeping at most
/// `Completer.maxCandidates`.
struct Collector {
  /// The text typed so far of the word.
  let typed: String
  private let foldedTyped: String
  private var seen: Set<String> = []
  /// The candidates in the order they were added, when ``keepsOrder``.
  private var order: [String] = []
  /// Whether the candidates keep the order they were added in (buckets) rather than sort.
  var keepsOrder = false
  /// The longest prefix common to every candidate added, ignoring case.
  private var commonCharacters: [Character]?
  /// The longest prefix common to every candidate added (spelled as the first one).
  var common: String { commonCharacters.map { String($0) } ?? "" }
  /// How many distinct candidates matched (an estimate once more than four times
  /// `Completer.maxCandidates` did).
  private(set) var total = 0

  init(typed: String) {
    self.typed = typed
    foldedTyped = CanonicalSchema.fold(typed)
  }

  /// Adds `candidate` when it starts with the typed text, ignoring case and accents.
  mutating func add(_ candidate: String) {
    guard CanonicalSchema.fold(candidate).hasPrefix(foldedTyped) else { return }
    addMatching(candidate)
  }

  /// Adds a candidate already known to match.
  mutating func addMatching(_ candidate: String) {
    guard !seen.contains(candidate) else { return }
    total += 1
    if var prefix = commonCharacters {
      var n = 0
      for c in candidate {
        guard n < prefix.count, prefix[n].lowercased() == c.lowercased() else { break }
        n += 1
      }
      if n < prefix.count {
        prefix.removeSubrange(n...)
        commonCharacters = prefix
      }
    } else {
      commonCharacters = Array(candidate)
    }
    if seen.count < Completer.maxCandidates * 4 {
      seen.insert(candidate)
      if keepsOrder { order.append(candidate) }
    }
  }

  /// The candidates kept, sorted ignoring case and accents, at most `Completer.maxCandidates`.
  func sorted() -> [String] {
    if keepsOrder { return Array(order.prefix(Completer.maxCandidates)) }
    let all = seen.sorted {
      let a = CanonicalSchema.fold($0)
      let b = CanonicalSchema.fold($1)
      return a == b ? $0 < $1 : a < b
    }
    return Array(all.prefix(Completer.maxCandidates))
  }
}
