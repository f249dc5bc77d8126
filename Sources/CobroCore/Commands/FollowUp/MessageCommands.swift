import CobroDiagnostics
import CobroMessages
import CobroShell

/// `templates`, `message` and `campaign`: collection messages and lists for dialers.
///
/// The lists are what a dialer or a WhatsApp provider takes. cobro prepares and exports; it
/// never sends anything.
///
/// The words come from ``TemplateSet`` (built-in Spanish templates, overridden by `set
/// templates DIR`), the values from ``MessageValues``; `campaign` asks the contact rules which
/// contacts the law allows at the time checked.
enum MessageCommands {
  // MARK: - Settings

  /// `set templates DIR|none` and `set mask on|off`.
  static let settings: [SettingDefinition] = [
    SettingDefinition(
      name: "templates",
      takes: "DIR or none",
      summary: "a folder of message templates over the built-in ones (CHANNEL.STAGE[.SEGMENT].txt)",
      apply: { s, v in
        if v.lowercased() == "none" {
          s.templatesDirectory = nil
          return .success("none")
        }
        do throws(Diagnostic) {
          _ = try TemplateSet.load(directory: v)
        } catch {
          // A problem in a template is located in its file; one with the folder, at the value.
          return .failure(error.range == nil ? SettingError(error.message) : SettingError(error))
        }
        s.templatesDirectory = v
        return .success(v)
      },
      current: { $0.templatesDirectory ?? "none" },
      resolvesPath: true
    ),
    SettingDefinition(
      name: "mask",
      takes: "on|off",
      summary: "hide most of every phone and e-mail address wherever a row is shown",
      apply: { s, v in
        switch v.lowercased() {
        case "on", "off":
          s.masksContacts = v.lowercased() == "on"
          return .success(v.lowercased())
        default:
          return .failure(SettingError("'\(v)' is not on or off"))
        }
      },
      current: { $0.masksContacts ? "on" : "off" }
    ),
  ]

  /// The templates in force, read again by every command so that an edited file counts at once.
  static func templateSet(_ session: Session, _ inv: CommandInvocation) throws(Diagnostic)
    -> TemplateSet
  {
    guard let directory = session.settings.templatesDirectory else { return .builtIn }
    return try TemplateSet.load(directory: directory)
  }

  /// Reads `stage STAGE` after the cursor's `stage`.
  static func stageArgument(_ inv: CommandInvocation, _ cursor: inout ArgumentCursor)
    throws(Diagnostic) -> MessageStage
  {
    let t = try cursor.expectValue("a stage after 'stage'")
    var text = t.text
    var end = t
    // `91+` may be read as `91` then `+`: join what is written without a space.
    while let next = cursor.peek, next.range.start == end.range.end {
      text += next.text
      end = next
      _ = cursor.next()
    }
    guard let s = MessageStage(rawValue: text.lowercased()) else {
      throw inv.error(
        "unknown stage '\(text)'",
        at: t,
        notes: ["stages: \(MessageStage.allCases.map(\.rawValue).joined(separator: ", "))"]
      )
    }
    return s
  }
}
