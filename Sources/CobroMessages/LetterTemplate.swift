import CobroDiagnostics
import CobroJournal
import Foundation
import Mustache

/// The letters sent after a call: the agreement just recorded (`acuerdo`) and the certificate
/// that a debt is settled (`paz-y-salvo`), as Mustache templates.
///
/// The built-in templates are in Spanish. A company's own are files of the templates folder
/// (`set templates DIR`) named `letter.acuerdo.txt` and `letter.paz-y-salvo.txt`, which win over
/// the built-in ones. The values are those of ``LetterValues``; lists (`accounts`,
/// `installments`) are Mustache sections repeated per item.
public enum LetterKind: String, Sendable, CaseIterable {
  /// The agreement recorded with `agree`: its terms and schedule.
  case acuerdo
  /// The certificate that nothing is owed any more.
  case pazYSalvo = "paz-y-salvo"

  /// The kind named by a word, ignoring case (`paz_y_salvo` and `pazysalvo` too).
  public init?(word: String) {
    switch word.lowercased().filter({ $0 != "-" && $0 != "_" }) {
    case "acuerdo", "agreement": self = .acuerdo
    case "pazysalvo", "settled": self = .pazYSalvo
    default: return nil
    }
  }

  /// The name of its file in a templates folder.
  public var fileName: String { "letter.\(rawValue).txt" }
}

/// What a letter's template reads.
public struct LetterValues: Sendable {
  /// One account named in the letter.
  public struct Account: Sendable {
    /// Its id.
    public var id: String
    /// Its balance at the as-of date, `$1,234.56`.
    public var balance: String

    /// Creates an account line.
    public init(id: String, balance: String) {
      self.id = id
      self.balance = balance
    }
  }

  /// One installment of the agreement.
  public struct Installment: Sendable {
    /// Its number (0 is the down payment).
    public var n: Int
    /// Its date in words.
    public var date: String
    /// Its amount, `$1,234.56`.
    public var amount: String

    /// Creates an installment line.
    public init(n: Int, date: String, amount: String) {
      self.n = n
      self.date = date
      self.amount = amount
    }
  }

  /// The debtor's name.
  public var name: String
  /// The debtor's id.
  public var debtorID: String
  /// The as-of date in words (the letter's date).
  public var date: String
  /// The accounts.
  public var accounts: [Account]
  /// The agreement's entry number, when there is one.
  public var agreement: Int64?
  /// The agreement's total.
  public var total: String?
  /// What the waivers and the discount took off.
  public var forgiven: String?
  /// The agreement's installments.
  public var installments: [Installment]
  /// The days an installment may stay unpaid before the agreement is broken.
  public var breakAfterDays: Int

  /// Creates the values of a letter.
  public init(
    name: String,
    debtorID: String,
    date: String,
    accounts: [Account],
    agreement: Int64?,
    total: String?,
    forgiven: String?,
    installments: [Installment],
    breakAfterDays: Int = AgreementStatus.defaultBreakAfterDays
  ) {
    self.name = name
    self.debtorID = debtorID
    self.date = date
    self.accounts = accounts
    self.agreement = agreement
    self.total = total
    self.forgiven = forgiven
    self.installments = installments
    self.breakAfterDays = breakAfterDays
  }

  /// The Mustache context.
  var context: [String: Any] {
    var c: [String: Any] = [
      "name": name, "debtor_id": debtorID, "date": date,
      "accounts": accounts.map { ["account_id": $0.id, "balance": $0.balance] },
      "installments": installments.map {
        ["n": String($0.n), "date": $0.date, "amount": $0.amount, "down": $0.n == 0]
      },
    ]
    if let agreement { c["agreement"] = String(agreement) }
    if let total { c["total"] = total }
    if let forgiven { c["forgiven"] = forgiven }
    c["installments_count"] = String(installments.filter { $0.n > 0 }.count)
    c["break_after"] = String(breakAfterDays)
    return c
  }

  /// The names a template may use, for help.
  public static let help = """
    name, debtor_id, date (the as-of date in words); {{#accounts}}account_id, balance
    {{/accounts}}; with an agreement: agreement (its entry number), total, forgiven,
    installments_count, break_after ('set break_after'),
    {{#installments}}n, date, amount{{#down}}…{{/down}}{{/installments}}
    """
}

/// A letter's template, built in or read from a templates folder, and its rendering.
public struct LetterTemplate: Sendable {
  /// The kind.
  public var kind: LetterKind
  /// Where it comes from: the file, or `nil` for the built-in one.
  public var path: String?
  /// The text.
  public var text: String

  /// The template of `kind`: `directory/letter.KIND.txt` when the folder has it, else the
  /// built-in one.
  public static func load(_ kind: LetterKind, directory: String?) throws(Diagnostic)
    -> LetterTemplate
  {
    guard let directory else { return LetterTemplate(kind: kind, path: nil, text: builtIn(kind)) }
    let path =
      directory.hasSuffix("/") ? directory + kind.fileName : directory + "/" + kind.fileName
    guard FileManager.default.fileExists(atPath: path) else {
      return LetterTemplate(kind: kind, path: nil, text: builtIn(kind))
    }
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
      st.st_size <= TemplateSet.maxTemplateBytes,
      let data = FileManager.default.contents(atPath: path),
      let text = String(validating: data, as: UTF8.self)
    else {
      throw Diagnostic(
        .error,
        "cannot read '\(path)': a letter template is a UTF-8 file of at most 64 KiB"
      )
    }
    return LetterTemplate(kind: kind, path: path, text: text)
  }

  /// The letter as text.
  public func render(_ values: LetterValues) throws(Diagnostic) -> String {
    let name = path ?? "<built-in \(kind.fileName.dropLast(4))>"
    let compiled: MustacheTemplate
    do {
      // Plain text: values are not HTML-escaped (the HTML page escapes the whole letter).
      compiled = try MustacheTemplate(string: MessageTemplate.pragma + text)
    } catch let e as MustacheTemplate.ParserError {
      let line = e.context.lineNumber
      let pragma = MessageTemplate.pragma.count
      throw Diagnostic(
        .error,
        "template syntax: \(e.error)",
        at: SourceRange(
          file: name,
          line: line,
          column: line == 1 ? max(1, e.context.columnNumber - pragma) : e.context.columnNumber
        ),
        sourceLine: line == 1 ? String(e.context.line.dropFirst(pragma)) : e.context.line
      )
    } catch {
      throw Diagnostic(
        .error,
        "template syntax: \(error)",
        at: SourceRange(file: name, line: 1, column: 1)
      )
    }
    var out = compiled.render(values.context)
    while out.hasSuffix("\n") { out.removeLast() }
    return out + "\n"
  }

  /// The letter as a printable HTML page: the text, escaped, one paragraph per block of lines.
  public static func html(_ text: String, title: String) -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="es">
      <head>
      <meta charset="utf-8">
      <title>\(MessageTemplate.htmlEscape(title))</title>
      <style>
      body { font-family: Georgia, serif; max-width: 40em; margin: 3em auto; line-height: 1.5; }
      p { white-space: pre-wrap; margin: 0 0 1em 0; }
      @media print { body { margin: 2cm; } }
      </style>
      </head>
      <body>

      """
    let blocks = text.components(separatedBy: "\n\n")
    for block in blocks where !block.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      out += "<p>" + MessageTemplate.htmlEscape(block.trimmingCharacters(in: .newlines)) + "</p>\n"
    }
    return out + "</body>\n</html>\n"
  }

  /// The built-in Spanish text of a kind.
  static func builtIn(_ kind: LetterKind) -> String {
    switch kind {
    case .acuerdo:
      return """
        {{date}}

        Señor(a) {{name}}
        Identificación {{debtor_id}}

        Asunto: acuerdo de pago número {{agreement}}

        Confirmamos el acuerdo de pago que usted aceptó sobre las obligaciones {{#accounts}}{{account_id}} {{/accounts}}por un total de {{total}}{{#forgiven}}, con una condonación de {{forgiven}}{{/forgiven}}, en {{installments_count}} cuotas:

        {{#installments}}
        {{#down}}Cuota inicial{{/down}}{{^down}}Cuota {{n}}{{/down}}: {{amount}} el {{date}}
        {{/installments}}

        Cada pago se aplica a la cuota más antigua pendiente. Si una cuota sigue sin pagar {{break_after}} días después de su fecha, el acuerdo se considera incumplido y la obligación vuelve a cobro.

        Atentamente,
        Departamento de cartera
        """
    case .pazYSalvo:
      return """
        {{date}}

        PAZ Y SALVO

        Certificamos que {{name}}, identificación {{debtor_id}}, se encuentra a paz y salvo por todo concepto con las obligaciones {{#accounts}}{{account_id}} {{/accounts}}{{#agreement}}en virtud del acuerdo de pago número {{agreement}}, cumplido en su totalidad{{/agreement}}{{^agreement}}, que no presentan saldo pendiente{{/agreement}}.

        Se expide a solicitud del interesado.

        Atentamente,
        Departamento de cartera
        """
    }
  }
}
