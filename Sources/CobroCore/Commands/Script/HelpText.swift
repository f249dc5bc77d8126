import CobroDiagnostics
import CobroPlan
import CobroPortfolio
import CobroShell

/// The text of `help`: commands grouped by task, one command's syntax and example, exit statuses.
enum HelpText {
  /// Prints help text wrapped to the width in force (`set width`; the terminal's at the prompt).
  static func print(_ session: Session, _ text: String) {
    session.print(wrappedLines(text, width: session.settings.width))
  }

  /// `text` with each line longer than `width` broken at its last blank that fits.
  ///
  /// The rest goes on under the line's last column (after its last run of two blanks, as in the list
  /// of commands), or two spaces in from its indentation. A word longer than the width stays
  /// whole.
  static func wrappedLines(_ text: String, width: Int?) -> String {
    guard let width else { return text }
    var out: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.count > width else {
        out.append(String(line))
        continue
      }
      let characters = Array(line)
      let indent = characters.prefix { $0 == " " }.count
      var hang = indent + 2
      var k = indent
      while k + 1 < min(characters.count, width) {
        if characters[k] == " " && characters[k + 1] == " " {
          var end = k
          while end < characters.count && characters[end] == " " { end += 1 }
          if end < width - 20 { hang = end }
          k = end
        } else {
          k += 1
        }
      }
      let words = String(characters[indent...]).split(
        separator: " ",
        omittingEmptySubsequences: false
      )
      var current = String(repeating: " ", count: indent)
      var start = true
      for word in words {
        if !start && current.count + 1 + word.count > width && !word.isEmpty {
          out.append(current.trimmingTrailingSpaces())
          current = String(repeating: " ", count: hang) + word
        } else {
          current += (start ? "" : " ") + word
        }
        start = false
      }
      out.append(current)
    }
    return out.joined(separator: "\n")
  }

  /// `text` fitted to `width`, paragraph by paragraph.
  ///
  /// Each run of lines with the same indentation that has a line longer than the width is
  /// refilled as one paragraph, broken at blanks, its indentation
  /// kept (a line of its own that was not indented goes on two spaces in); a word longer than
  /// the width stays whole. Runs that fit stay as written.
  static func wrapped(_ text: String, width: Int?) -> String {
    guard let width else { return text }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    var i = 0
    while i < lines.count {
      let indent = lines[i].prefix { $0 == " " }.count
      var j = i + 1
      while j < lines.count, !lines[i].isEmpty, !lines[j].isEmpty,
        lines[j].prefix(while: { $0 == " " }).count == indent
      {
        j += 1
      }
      let run = lines[i..<j]
      guard run.contains(where: { $0.count > width }) else {
        out += run.map(String.init)
        i = j
        continue
      }
      let words = run.flatMap { $0.split(separator: " ") }
      let margin = String(repeating: " ", count: indent)
      let next = String(repeating: " ", count: run.count == 1 && indent == 0 ? 2 : indent)
      var line = margin
      for word in words {
        let blank = line.count > margin.count && line != next
        if blank && line.count + 1 + word.count > width {
          out.append(line)
          line = next + word
        } else {
          line += (blank ? " " : "") + word
        }
      }
      out.append(line)
      i = j
    }
    return out.joined(separator: "\n")
  }

  /// `help` alone.
  static func overview(_ commands: [CommandDefinition]) -> String {
    var out =
      "cobro — a shell for collections portfolios. 'help COMMAND' shows syntax and an example.\n"
    // One width for every group, so that the summaries line up down the whole page.
    let width = min(34, commands.map(\.synopsis.count).max() ?? 0)
    for group in CommandGroup.allCases {
      let members = commands.filter { $0.group == group }
      guard !members.isEmpty else { continue }
      out += "\n\(group.rawValue.uppercased())\n"
      for c in members {
        let synopsis =
          c.synopsis.count > width ? String(c.synopsis.prefix(width - 1)) + "…" : c.synopsis
        out +=
          "  " + synopsis + String(repeating: " ", count: width - synopsis.count + 2) + c.summary
          + "\n"
      }
    }
    out += """

      A line that does not start with a command is a filter that lists the accounts it matches:
        overdue > 60 segment B
      Commands are separated by ';' or a line break; '\\' at the end of a line continues it.
      'help fields' lists the computed fields; 'help exit' the exit statuses; 'help limits' the
      limits on input.
      """
    return out
  }

  /// `help COMMAND`, fitted to `width`: its prose refilled, its lines wrapped.
  static func command(_ c: CommandDefinition, width: Int?) -> String {
    var c = c
    c.details = wrapped(c.details, width: width.map { $0 - 2 })
    return wrappedLines(command(c), width: width)
  }

  /// `help COMMAND`.
  static func command(_ c: CommandDefinition) -> String {
    var out = "\(c.synopsis)\n  \(c.summary)\n"
    if !c.aliases.isEmpty {
      out += "  also: \(c.aliases.joined(separator: ", "))\n"
    }
    if !c.details.isEmpty {
      out +=
        "\n"
        + c.details.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
    }
    if !c.example.isEmpty {
      out += "\nexample:\n  " + c.example.replacingOccurrences(of: "\n", with: "\n  ") + "\n"
    }
    return String(out.dropLast())
  }

  /// `help fields`: the fields every portfolio has besides its columns.
  static let fields = """
    fields computed at the as-of date, besides the portfolio's columns:
      overdue       days overdue (also mora, dias_mora)
      bucket        aging bucket ('set buckets', 'set aging_basis')
      behavior      the debtor's payment class: punctual, occasional, habitual, unknown
    from the follow-up journal (entries recorded up to the as-of date, not cancelled):
      promised      money still open of the account's pending promises (0 without any)
      promise_due   date of its next pending promise (empty without any)
      broken        yes when one of its promises is broken or its agreement is broken, else no
      last_contact  the last day a contact was logged (empty without any)
      contacts_7d   contacts logged in the 7 days through the as-of date
      agreement     the state of its agreement: pending, current, behind, broken, kept
                    ("" without one; see 'help agreements')
      days_behind   days its agreement's oldest overdue installment is past its date plus
                    grace (0 when none is overdue)
    examples: broken = yes; promise_due <= 2026-12-05; contacts_7d = 0 and overdue > 30;
    agreement = ""; agreement = behind and days_behind > 10; group by agreement
    """

  /// `help limits`: the limits on what cobro reads (`InputLimits`, README "Limits").
  static let limits = """
    limits on input (each one a clear error, never a crash or a hang):
      columns      \(InputLimits.columns) in a portfolio or payments header; a longer row is rejected
      cell         \(TextColumn.maxCellBytes) bytes of text; a longer cell rejects its row
      pipes        \(InputLimits.streamBytes >> 20) MiB from a pipe or FIFO; devices are refused
      nesting      \(InputLimits.filterDepth) levels of parentheses and 'not' in one filter
      sets         \(InputLimits.filterConditions) conditions in \(2 * InputLimits.filterDepth) levels, sets expanded
      source       \(InputLimits.sourceDepth) levels of 'source' inside 'source'
      suggestions  none for a word longer than \(InputLimits.suggestedWordLength) characters
    limits on work, refused before the command starts:
      installments \(ResourceLimits.installments) in one plan
      runs         \(ResourceLimits.runs) in one Monte Carlo ('--runs N')
      draws        \(ResourceLimits.grouped(ResourceLimits.standardDraws)) runs × accounts in one Monte Carlo
      memory       a Monte Carlo, campaign or list that needs more than the system has available
    """

  /// `help aliases`: every header each canonical column is known by, built from the schema.
  static var aliases: String {
    var out =
      "headers each column is known by (case, accents, spaces, '.', '/', '-' and de/del/la/el "
      + "do not matter):\n"
    let extra = Dictionary(
      CanonicalSchema.headerAliases.map { ($0.field, $0.headers) },
      uniquingKeysWith: { a, b in a + b }
    )
    let width = CanonicalSchema.fields.map(\.name.count).max() ?? 0
    for f in CanonicalSchema.fields {
      let names = [f.alias] + (extra[f.name] ?? [])
      out +=
        "  " + f.name + String(repeating: " ", count: width - f.name.count + 2)
        + names.joined(separator: ", ") + "\n"
    }
    out += """
      a column named like a computed field (overdue, mora, dias_mora, 'Días Mora', …) is kept as
      file_NAME; one named fecha_corte (corte, fecha cierre, fecha reporte, …) gives the cut-off.
      When two headers name one column, its canonical name, the first alias listed or the
      column map wins, else the first header; the other stays an extra column.
      Other headers are kept by their own name; 'help map' maps them by hand.
      """
    return out
  }

  /// `help map`: the column map's format.
  static let columnMap = """
    a column map: one line per column of the file, '#' comments allowed
      SOURCE HEADER -> NAME [money|date|integer|category|text] [dmy|iso|decimal ,|decimal .]
    NAME is a column of 'help aliases' (the column is read as that one) or a new name; a type
    and a format apply to that column only (a canonical column keeps its type). Quote a header
    that holds '->' or '#'. 'load FILE map MAPFILE' (or --map) uses it; a NAME.map beside the
    portfolio (cartera.map for cartera.csv) is used on its own. For example:
      Cédula/NIT -> debtor_id
      Fecha Desembolso -> disbursed date dmy
      Días Mora -> file_overdue integer
      Valor Desembolsado -> disbursed_amount money decimal ,
    """

  /// `help exit`: the exit statuses of `spec/cli.md`.
  static let exitStatuses = """
    exit statuses:
      0    success
      1    'cobro test' found a difference
      64   bad command-line arguments
      65   an error in a command, a script or the input data (also --strict rejects)
      66   an input file cannot be opened
      70   internal error
      130  interrupted (Ctrl-C)
    A script stops at its first error (65); --keep-going runs the rest and exits 65 at the end.
    An interactive session exits 0 on 'quit' or Ctrl-D.
    Ctrl-C stops any command within a fraction of a second and prints 'interrupted'; the
    portfolio, the settings and the journal stay as they were before the command, and an
    export stopped half-way is removed. At the prompt the session goes on (Ctrl-C at an empty
    prompt does not exit); a script or piped commands stop there and exit 130. Long commands
    show their progress on stderr when it is a terminal.
    """
}
