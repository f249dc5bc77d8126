import CobroDiagnostics

/// A column map: how the headers of one bank's export become cobro's columns, written once and
/// kept beside the portfolio (`cartera.map` for `cartera.csv`) or given with `load … map FILE`.
///
/// One line per column, `#` comments and blank lines allowed:
///
/// ```
/// Cédula/NIT        -> debtor_id
/// Fecha Desembolso  -> disbursed date dmy
/// Días Mora         -> file_overdue integer
/// "Valor -> Total"  -> total money decimal ,
/// ```
///
/// The source header is matched like the built-in aliases (case, accents, spaces and punctuation
/// do not matter); quote it when it holds `->` or `#`. The target is a canonical column (its
/// name or alias) or a new name. A type (`money`, `date`, `integer`, `category`, `text`) and a
/// format (`iso`/`dmy` for dates, `decimal ,`/`decimal .` for money) override what the load
/// would otherwise use for that column; a canonical column keeps its own type.
public struct ColumnMap: Hashable, Sendable {
  /// One mapped column.
  public struct Entry: Hashable, Sendable {
    /// The source header as written in the map.
    public var header: String
    /// The header folded as `CanonicalSchema.normalize` folds it, to match the file's.
    public var key: String
    /// The canonical column, when the target names one.
    public var field: CanonicalField?
    /// The query name of the column: the canonical name or the new name.
    public var name: String
    /// The declared type, if any.
    public var type: FieldType?
    /// The declared date order of a date column, if any.
    public var dates: LoadOptions.DateOrder?
    /// The declared decimal mark of a money column (`true`: comma), if any.
    public var decimalComma: Bool?
    /// Where the entry is, for diagnostics.
    public var range: SourceRange
    /// The map's line, for diagnostics.
    public var sourceLine: String
  }

  /// The map file's name, as diagnostics and recordings give it.
  public var source: String
  /// The entries in file order.
  public var entries: [Entry]

  /// The entry for a file header, if the map has one.
  public func entry(forHeader header: String) -> Entry? {
    let key = CanonicalSchema.normalize(header)
    return entries.first { $0.key == key }
  }

  /// The type names a map may give, with their Spanish spellings.
  static let typeNames: [String: FieldType] = [
    "money": .money, "dinero": .money,
    "date": .date, "fecha": .date,
    "integer": .integer, "entero": .integer, "numero": .integer,
    "category": .category, "categoria": .category,
    "text": .text, "texto": .text,
  ]

  /// Reads the map file at `path`; `name` is what diagnostics call it.
  ///
  /// A map saved by a Windows editor as "ANSI" (Windows-1252: not valid UTF-8) is read as such,
  /// so that its accented headers still match the file's.
  public static func load(path: String, name: String) throws -> ColumnMap {
    try parse(bytes: InputBytes.mapping(path: path), name: name)
  }

  /// Parses a map file's bytes (UTF-8, or Windows-1252 when they are not valid UTF-8).
  public static func parse(bytes: InputBytes, name: String) throws(Diagnostic) -> ColumnMap {
    var bytes = bytes
    if InputBytes.firstInvalidUTF8(bytes.base, 0, bytes.count) != nil {
      bytes = bytes.transcodedFromCP1252()
    }
    let start = bytes.bomLength
    let text = String(
      decoding: UnsafeBufferPointer(start: bytes.base + start, count: bytes.count - start),
      as: UTF8.self
    )
    return try parse(text, name: name)
  }

  /// Parses a map's text; every error names the map's line and column.
  public static func parse(_ text: String, name: String) throws(Diagnostic) -> ColumnMap {
    let file = SourceFile(name: name, text: text)
    var entries: [Entry] = []
    // The line of the entry of each key and of each target, to refuse a second one.
    var lineOfKey: [String: Int] = [:]
    var lineOfName: [String: Int] = [:]
    for (index, line) in file.lines.enumerated() {
      let number = file.firstLine + index
      if let entry = try parseLine(line, number: number, name: name) {
        if let previous = lineOfKey[entry.key] {
          throw Diagnostic(
            .error,
            "column '\(entry.header)' is mapped twice (first on line \(previous))",
            at: entry.range,
            sourceLine: line
          )
        }
        if let previous = lineOfName[entry.name] {
          throw Diagnostic(
            .error,
            "'\(entry.name)' is the target of two columns (first on line \(previous))",
            at: entry.range,
            sourceLine: line
          )
        }
        lineOfKey[entry.key] = entry.range.start.line
        lineOfName[entry.name] = entry.range.start.line
        entries.append(entry)
      }
    }
    return ColumnMap(source: name, entries: entries)
  }

  /// One line: `SOURCE -> TARGET [TYPE] [FORMAT]`, or `nil` for a blank or comment line.
  private static func parseLine(_ line: String, number: Int, name: String) throws(Diagnostic)
    -> Entry?
  {
    let chars = Array(line)
    func fail(
      _ message: Diagnostic.Message,
      at column: Int,
      length: Int = 1,
      notes: [Diagnostic.Message] = []
    )
      -> Diagnostic
    {
      Diagnostic(
        .error,
        message,
        at: SourceRange(file: name, line: number, column: column + 1, length: max(1, length)),
        sourceLine: line,
        notes: notes
      )
    }
    var i = 0
    func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
    skipSpaces()
    if i == chars.count || chars[i] == "#" { return nil }
    // The source header: quoted, or everything up to `->`.
    let headerStart = i
    var header = ""
    if chars[i] == "\"" {
      i += 1
      var closed = false
      while i < chars.count {
        if chars[i] == "\"" {
          if i + 1 < chars.count && chars[i + 1] == "\"" {
            header.append("\"")
            i += 2
            continue
          }
          closed = true
          i += 1
          break
        }
        header.append(chars[i])
        i += 1
      }
      guard closed else {
        throw fail("unterminated quote", at: headerStart, notes: ["close the header with \""])
      }
      skipSpaces()
      guard i + 1 < chars.count, chars[i] == "-", chars[i + 1] == ">" else {
        throw fail("expected '->' after the header", at: i, notes: [usage])
      }
    } else {
      while i < chars.count, !(chars[i] == "-" && i + 1 < chars.count && chars[i + 1] == ">") {
        if chars[i] == "#" { break }
        header.append(chars[i])
        i += 1
      }
      guard i + 1 < chars.count, chars[i] == "-" else {
        throw fail("expected '->' after the header", at: min(i, chars.count), notes: [usage])
      }
      header = header.trimmingCharacters(in: " \t")
    }
    let headerLength = i - headerStart
    guard !header.isEmpty else {
      throw fail("expected a column header before '->'", at: headerStart, notes: [usage])
    }
    i += 2
    // The words after `->`, with their columns.
    var words: [(text: String, column: Int)] = []
    while true {
      skipSpaces()
      if i == chars.count || chars[i] == "#" { break }
      let start = i
      var word = ""
      while i < chars.count, chars[i] != " ", chars[i] != "\t", chars[i] != "#" {
        word.append(chars[i])
        i += 1
      }
      words.append((word, start))
    }
    guard let target = words.first else {
      throw fail("expected a column name after '->'", at: min(i, chars.count), notes: [usage])
    }
    var entry = Entry(
      header: header,
      key: CanonicalSchema.normalize(header),
      field: nil,
      name: "",
      type: nil,
      dates: nil,
      decimalComma: nil,
      range: SourceRange(
        file: name,
        line: number,
        column: headerStart + 1,
        length: max(1, headerLength)
      ),
      sourceLine: line
    )
    if let field = CanonicalSchema.field(forHeader: target.text) {
      entry.field = field
      entry.name = field.name
    } else {
      let validName =
        target.text.unicodeScalars.first.map { $0.properties.isAlphabetic } ?? false
        && target.text.unicodeScalars.allSatisfy {
          $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)
        }
      guard validName else {
        throw fail(
          "'\(target.text)' cannot name a column",
          at: target.column,
          length: target.text.count,
          notes: ["a name is a letter, then letters, digits or '_'"]
        )
      }
      entry.name = LoadState.extraName(target.text)
      if CanonicalSchema.computedNames.contains(entry.name) {
        throw fail(
          "'\(target.text)' is a computed field",
          at: target.column,
          length: target.text.count,
          notes: ["name the file's column otherwise, for example 'file_\(entry.name)'"]
        )
      }
    }
    var k = 1
    if k < words.count, let type = typeNames[CanonicalSchema.fold(words[k].text)] {
      if let field = entry.field, field.type != type {
        throw fail(
          "'\(field.name)' is a \(field.type.rawValue) column; the map cannot make it \(type.rawValue)",
          at: words[k].column,
          length: words[k].text.count,
          notes: ["leave the type out, or map the column to a new name"]
        )
      }
      entry.type = type
      k += 1
    }
    let type = entry.type ?? entry.field?.type
    while k < words.count {
      let word = words[k]
      switch CanonicalSchema.fold(word.text) {
      case "iso", "dmy":
        guard type == .date else {
          throw fail(
            "'\(word.text)' is a date format, and '\(entry.name)' is not a date",
            at: word.column,
            length: word.text.count,
            notes: ["write the type first: \(header) -> \(target.text) date \(word.text)"]
          )
        }
        entry.dates = word.text.lowercased() == "iso" ? .iso : .dmy
        k += 1
      case "decimal":
        guard type == .money else {
          throw fail(
            "'decimal' is a money format, and '\(entry.name)' is not money",
            at: word.column,
            length: word.text.count,
            notes: ["write the type first: \(header) -> \(target.text) money decimal ,"]
          )
        }
        guard k + 1 < words.count, words[k + 1].text == "," || words[k + 1].text == "." else {
          throw fail(
            "expected ',' or '.' after 'decimal'",
            at: k + 1 < words.count ? words[k + 1].column : chars.count,
            length: k + 1 < words.count ? words[k + 1].text.count : 1
          )
        }
        entry.decimalComma = words[k + 1].text == ","
        k += 2
      default:
        let known = k == 1 ? "a type (money, date, integer, category, text) or " : ""
        throw fail(
          "unexpected '\(word.text)'",
          at: word.column,
          length: word.text.count,
          notes: ["after the column name comes \(known)a format: iso, dmy, decimal , or decimal ."]
        )
      }
    }
    return entry
  }

  /// The line format, for notes.
  private static let usage: Diagnostic.Message =
    "write: SOURCE HEADER -> NAME [money|date|integer|category|text] [dmy|iso|decimal ,]"
}
