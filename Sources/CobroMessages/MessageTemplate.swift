import CobroDiagnostics
import Mustache

/// A value a template can use: text for `{{name}}`, a flag for `{{#name}}…{{/name}}`.
public enum MessageValue: Hashable, Sendable {
  /// Text, already formatted (money grouped, dates in words).
  case text(String)
  /// A condition for a section.
  case flag(Bool)
}

/// One Mustache template of a message, checked against the placeholders cobro fills.
///
/// Rendering uses swift-mustache. swift-mustache renders a name it has no value for as empty
/// text; a collection message with a hole in it must not go out, so cobro scans the tags itself
/// (`tags`) and refuses, with the tag's line and column, a name it does not know (when the
/// template is read) and a placeholder left without a value (when it is rendered). Sections
/// whose condition is false are not checked. Partials, inheritance, delimiter changes and
/// pragmas are refused: a message template stands alone.
public struct MessageTemplate: Sendable {
  /// Where a template comes from.
  public enum Source: Hashable, Sendable {
    /// Compiled into cobro.
    case builtIn
    /// A user's file, by path.
    case file(String)

    /// `built-in` or the path, as `templates` prints it.
    public var description: String {
      switch self {
      case .builtIn: "built-in"
      case .file(let path): path
      }
    }
  }

  /// A `{{…}}` tag of the template.
  public struct Tag: Hashable, Sendable {
    /// What a tag does.
    public enum Kind: Hashable, Sendable {
      /// `{{name}}`, `{{{name}}}` or `{{&name}}`.
      case variable
      /// `{{#name}}`.
      case section
      /// `{{^name}}`.
      case inverted
      /// `{{/name}}`.
      case close
      /// `{{! comment}}`.
      case comment
      /// `{{> partial}}`, `{{< parent}}`, `{{$block}}`, `{{=<% %>=}}` or `{{% pragma}}`.
      case unsupported(Character)
    }
    /// The kind.
    public var kind: Kind
    /// The name, trimmed.
    public var name: String
    /// Where the tag starts (`{{`), 1-based line and character column.
    public var location: SourceLocation
    /// The tag's length in characters, for the caret.
    public var length: Int
    /// The physical line it is on.
    public var line: String
  }

  /// What it is for.
  public var key: TemplateKey
  /// Where it comes from.
  public var source: Source
  /// The text.
  public var text: String
  /// Its tags, in order.
  public private(set) var tags: [Tag] = []
  /// The parsed template (plain text: email values are escaped before rendering).
  private var compiled: MustacheTemplate
  /// The template as literal text and tags, when it is one line of text, placeholders and
  /// sections (what `render` can fill in without Mustache); `nil` sends every render through
  /// Mustache.
  private var pieces: [Piece]?

  /// A run of literal text or a tag of a one-line template.
  private enum Piece: Sendable {
    case literal(String)
    case variable(String)
    case open(String, inverted: Bool)
    case close
  }

  /// The pragma put in front of every template: values are escaped by cobro, per channel.
  static let pragma = "{{% CONTENT_TYPE: TEXT}}"

  /// Reads and checks a template: its syntax and that it only names placeholders in `names`.
  public init(
    key: TemplateKey,
    source: Source,
    text: String,
    names: Set<String>
  ) throws(Diagnostic) {
    self.key = key
    self.source = source
    self.text = text
    let file = MessageTemplate.fileName(source, key)
    tags = try MessageTemplate.scan(text, file: file)
    var open: [Tag] = []
    for tag in tags {
      switch tag.kind {
      case .unsupported(let sigil):
        throw MessageTemplate.diagnostic(
          "'{{\(sigil)' is not supported in a message template",
          tag,
          file: file,
          notes: ["placeholders: {{name}}; sections: {{#name}}…{{/name}}, {{^name}}…{{/name}}"]
        )
      case .comment: continue
      case .close:
        guard let last = open.popLast() else {
          throw MessageTemplate.diagnostic("'{{/\(tag.name)}}' closes no section", tag, file: file)
        }
        guard last.name == tag.name else {
          throw MessageTemplate.diagnostic(
            "'{{/\(tag.name)}}' closes '{{#\(last.name)}}'",
            tag,
            file: file,
            notes: ["write {{/\(last.name)}}"]
          )
        }
        continue
      case .section, .inverted: open.append(tag)
      case .variable: break
      }
      guard names.contains(tag.name) else {
        var notes: [Diagnostic.Message] = []
        if let s = Suggestion.closest(to: tag.name, among: names.sorted()) {
          notes.append("did you mean '\(s)'?")
        }
        notes.append("placeholders: \(names.sorted().joined(separator: ", "))")
        throw MessageTemplate.diagnostic(
          "unknown placeholder '\(tag.name)'",
          tag,
          file: file,
          notes: notes
        )
      }
    }
    if let unclosed = open.last {
      throw MessageTemplate.diagnostic(
        "section '{{#\(unclosed.name)}}' is not closed",
        unclosed,
        file: file,
        notes: ["close it with {{/\(unclosed.name)}}"]
      )
    }
    do {
      compiled = try MustacheTemplate(string: MessageTemplate.pragma + text)
      pieces = MessageTemplate.pieces(text, tags)
    } catch let e as MustacheTemplate.ParserError {
      let line = e.context.lineNumber
      let column =
        line == 1
        ? max(1, e.context.columnNumber - MessageTemplate.pragma.count) : e.context.columnNumber
      throw Diagnostic(
        .error,
        "template syntax: \(e.error)",
        at: SourceRange(file: file, line: line, column: column),
        sourceLine: line == 1
          ? String(e.context.line.dropFirst(MessageTemplate.pragma.count)) : e.context.line
      )
    } catch {
      throw Diagnostic(
        .error,
        "template syntax: \(error)",
        at: SourceRange(file: file, line: 1, column: 1)
      )
    }
  }

  /// The name diagnostics give the template: the file, or `built-in CHANNEL.STAGE`.
  static func fileName(_ source: Source, _ key: TemplateKey) -> String {
    switch source {
    case .builtIn: "<built-in \(key.fileName.dropLast(4))>"
    case .file(let path): path
    }
  }

  /// Renders the template; fails at the first placeholder, outside a false section, that has no
  /// value (`subject` names the account or debtor in the message).
  ///
  /// Text values are HTML-escaped for `email` (`&`, `<`, `>`, `"`, `'`); other channels get them
  /// as they are. Trailing line breaks are dropped.
  public func render(_ values: [String: MessageValue], subject: String) throws(Diagnostic) -> String
  {
    let file = MessageTemplate.fileName(source, key)
    var active: [Bool] = []
    for tag in tags {
      let on = active.allSatisfy { $0 }
      switch tag.kind {
      case .section, .inverted:
        let truthy: Bool
        switch values[tag.name] {
        case .flag(let b)?: truthy = b
        case .text(let s)?: truthy = !s.isEmpty
        case nil: truthy = false
        }
        active.append(tag.kind == .section ? truthy : !truthy)
      case .close:
        _ = active.popLast()
      case .variable:
        guard on else { continue }
        if values[tag.name] != nil { continue }
        throw MessageTemplate.diagnostic(
          "placeholder '\(tag.name)' has no value for \(subject)",
          tag,
          file: file,
          notes: ["put it inside {{#\(tag.name)}}…{{/\(tag.name)}} to leave it out when empty"]
        )
      case .comment, .unsupported: continue
      }
    }
    if let text = fill(values) { return text }
    var context: [String: Any] = [:]
    for (name, value) in values {
      switch value {
      case .text(let s): context[name] = key.channel == .email ? MessageTemplate.htmlEscape(s) : s
      case .flag(let b): context[name] = b
      }
    }
    var text = compiled.render(context)
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }

  /// The pieces of a template that is one line of literal text, placeholders and sections
  /// with at least one character outside tags that is not a space; else `nil`.
  ///
  /// On one such line Mustache's rules for a line that holds only a tag never apply, so filling
  /// the pieces in order gives what Mustache renders, byte for byte.
  private static func pieces(_ text: String, _ tags: [Tag]) -> [Piece]? {
    guard !text.contains(where: { $0 == "\n" || $0 == "\r" }) else { return nil }
    let characters = Array(text)
    var out: [Piece] = []
    var at = 0
    var visible = false
    for tag in tags {
      let start = tag.location.column - 1
      guard tag.location.line == 1, start >= at, start + tag.length <= characters.count else {
        return nil
      }
      if start > at {
        let literal = String(characters[at..<start])
        visible = visible || literal.contains { $0 != " " && $0 != "\t" }
        out.append(.literal(literal))
      }
      switch tag.kind {
      case .variable: out.append(.variable(tag.name))
      case .section: out.append(.open(tag.name, inverted: false))
      case .inverted: out.append(.open(tag.name, inverted: true))
      case .close: out.append(.close)
      case .comment, .unsupported: return nil
      }
      at = start + tag.length
    }
    if at < characters.count {
      let literal = String(characters[at...])
      visible = visible || literal.contains { $0 != " " && $0 != "\t" }
      out.append(.literal(literal))
    }
    return visible ? out : nil
  }

  /// The message from the pieces, without Mustache; `nil` when the template has no pieces or a
  /// flag is a placeholder.
  private func fill(_ values: [String: MessageValue]) -> String? {
    guard let pieces else { return nil }
    var out = ""
    out.reserveCapacity(text.utf8.count * 2)
    // Sections opened and not yet closed that are off; text shows only when there are none.
    var off = 0
    var depth = 0
    var offFrom = Int.max
    let escapes = key.channel == .email
    for piece in pieces {
      switch piece {
      case .literal(let s):
        if off == 0 { out += s }
      case .variable(let name):
        guard off == 0 else { continue }
        switch values[name] {
        case .text(let s)?: out += escapes ? MessageTemplate.htmlEscape(s) : s
        case .flag?: return nil
        case nil: continue
        }
      case .open(let name, let inverted):
        depth += 1
        guard off == 0 else { continue }
        let on: Bool
        switch values[name] {
        case .flag(let b)?: on = b != inverted
        // Mustache shows a section over any text once, even empty text, and hides its inverse.
        case .text?: on = !inverted
        case nil: on = inverted
        }
        if !on {
          off = 1
          offFrom = depth
        }
      case .close:
        if off > 0 && depth == offFrom {
          off = 0
          offFrom = Int.max
        }
        depth -= 1
      }
    }
    while out.hasSuffix("\n") { out.removeLast() }
    return out
  }

  /// Escapes `&`, `<`, `>`, `"` and `'` for HTML.
  public static func htmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  // MARK: - Scanning tags

  /// The tags of a template, with their locations; fails on a `{{` that is never closed.
  static func scan(_ text: String, file: String) throws(Diagnostic) -> [Tag] {
    var tags: [Tag] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (n, rawLine) in lines.enumerated() {
      let line = Array(rawLine)
      let lineText = String(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
      var i = 0
      while i + 1 < line.count {
        guard line[i] == "{" && line[i + 1] == "{" else {
          i += 1
          continue
        }
        let start = i
        let triple = i + 2 < line.count && line[i + 2] == "{"
        let closing: [Character] = triple ? ["}", "}", "}"] : ["}", "}"]
        var j = i + (triple ? 3 : 2)
        var end = -1
        while j + closing.count <= line.count {
          if Array(line[j..<j + closing.count]) == closing {
            end = j
            break
          }
          j += 1
        }
        let location = SourceLocation(line: n + 1, column: start + 1)
        guard end >= 0 else {
          throw Diagnostic(
            .error,
            "'{{' is not closed on its line",
            at: SourceRange(
              file: file,
              start: location,
              end: SourceLocation(line: n + 1, column: start + 3)
            ),
            sourceLine: lineText,
            notes: ["a tag is {{name}} on one line"]
          )
        }
        var inner = String(line[(start + (triple ? 3 : 2))..<end])
        var kind = Tag.Kind.variable
        if !triple, let sigil = inner.first {
          switch sigil {
          case "#": kind = .section
          case "^": kind = .inverted
          case "/": kind = .close
          case "!": kind = .comment
          case "&": kind = .variable
          case ">", "<", "$", "=", "%": kind = .unsupported(sigil)
          default: break
          }
          if "#^/!&><$=%".contains(sigil) { inner.removeFirst() }
        }
        let length = end + closing.count - start
        tags.append(
          Tag(
            kind: kind,
            name: inner.trimmed(of: " \t"),
            location: location,
            length: length,
            line: lineText
          )
        )
        i = end + closing.count
      }
    }
    return tags
  }

  /// A diagnostic at a tag.
  static func diagnostic(
    _ message: Diagnostic.Message,
    _ tag: Tag,
    file: String,
    notes: [Diagnostic.Message] = []
  ) -> Diagnostic {
    Diagnostic(
      .error,
      message,
      at: SourceRange(
        file: file,
        start: tag.location,
        end: SourceLocation(line: tag.location.line, column: tag.location.column + tag.length)
      ),
      sourceLine: tag.line,
      notes: notes
    )
  }
}

extension String {
  /// The string without leading and trailing characters of `set`.
  fileprivate func trimmed(of set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s.removeFirst() }
    while let l = s.last, set.contains(l) { s.removeLast() }
    return String(s)
  }
}
