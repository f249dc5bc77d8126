import CobroCore
import CobroDiagnostics
import CobroMessages
import CobroPortfolio
import Testing

@Suite struct MessageTemplateTests {
  /// Values for one account, as `MessageValues` gives them.
  static let values: [String: MessageValue] = [
    "debtor_name": .text("Ana <b>&</b> Torres"), "first_name": .text("Ana"),
    "debtor_id": .text("100"), "account": .text("M-01"), "accounts": .text("M-01"),
    "account_count": .text("1"), "your_accounts": .text("su obligación M-01"), "n": .text(""),
    "s": .text(""), "balance": .text("$1,500,000.00"), "currency": .text("COP"),
    "due_date": .text("2 de diciembre de 2026"), "days_overdue": .text("45 días"),
    "days_to_due": .text("2 días"), "as_of": .text("30 de noviembre de 2026"),
    "report_date": .text("20 de diciembre de 2026"), "plan_installments": .text("6"),
    "plan_installment": .text("$258,823.00"), "plan_first_date": .text("30 de diciembre de 2026"),
    "several_accounts": .flag(false), "plan": .flag(true), "legal_action": .flag(true),
  ]

  static func template(
    _ text: String,
    _ channel: MessageChannel = .whatsapp,
    source: MessageTemplate.Source = .file("t/whatsapp.1-30.txt")
  ) throws -> MessageTemplate {
    try MessageTemplate(
      key: TemplateKey(channel, .early),
      source: source,
      text: text,
      names: MessageValues.names
    )
  }

  @Test(arguments: MessageChannel.allCases)
  func everyStageOfTheChannelRendersWithoutPlaceholdersLeft(_ channel: MessageChannel) throws {
    for stage in MessageStage.allCases {
      let t = TemplateSet.builtIn.template(channel, stage, segment: nil)
      #expect(t.source == .builtIn)
      let text = try t.render(Self.values, subject: "account 'M-01'")
      #expect(!text.isEmpty, "\(channel) \(stage)")
      #expect(!text.contains("{{") && !text.contains("}}"), "\(channel) \(stage)")
      #expect(text.contains("$1,500,000.00"), "\(channel) \(stage): \(text)")
      if channel == .sms {
        let folded = SMSLength.gsmFolded(text)
        #expect(SMSLength(folded).fits, "\(stage): \(SMSLength(folded))")
      }
    }
  }

  @Test func emailEscapesValuesAndOtherChannelsDoNot() throws {
    let text = "Hola {{debtor_name}}"
    #expect(
      try Self.template(text, .email).render(Self.values, subject: "x")
        == "Hola Ana &lt;b&gt;&amp;&lt;/b&gt; Torres"
    )
    #expect(
      try Self.template(text, .whatsapp).render(Self.values, subject: "x")
        == "Hola Ana <b>&</b> Torres"
    )
    #expect(MessageTemplate.htmlEscape("\"'") == "&quot;&#39;")
  }

  @Test func anUnknownPlaceholderIsLocatedInTheFile() {
    #expect {
      try Self.template("Hola\nsu saldo: {{saldo}}.")
    } throws: { error in
      let d = error as? Diagnostic
      return d?.range?.file == "t/whatsapp.1-30.txt" && d?.range?.start.line == 2
        && d?.range?.start.column == 11 && d?.message.text == "unknown placeholder 'saldo'"
    }
  }

  @Test func aPlaceholderWithoutValueIsAnErrorWhereItIs() throws {
    var values = Self.values
    values["debtor_name"] = nil
    let t = try Self.template("Hola\n  {{debtor_name}}, debe {{balance}}")
    #expect {
      try t.render(values, subject: "account 'M-01'")
    } throws: { error in
      let d = error as? Diagnostic
      return d?.range?.start == SourceLocation(line: 2, column: 3)
        && d?.message.text == "placeholder 'debtor_name' has no value for account 'M-01'"
        && d?.sourceLine == "  {{debtor_name}}, debe {{balance}}"
    }
  }

  @Test func aSectionThatIsOffIsNotChecked() throws {
    var values = Self.values
    values["plan"] = .flag(false)
    values["plan_installment"] = nil
    let t = try Self.template("A{{#plan}} cuotas de {{plan_installment}}{{/plan}}.")
    #expect(try t.render(values, subject: "x") == "A.")
    values["plan"] = .flag(true)
    #expect(throws: Diagnostic.self) { try t.render(values, subject: "x") }
  }

  @Test func legalActionIsOnlyRenderedWhenItMayBeThreatened() throws {
    let t = TemplateSet.builtIn.template(.whatsapp, .late, segment: nil)
    var values = Self.values
    #expect(try t.render(values, subject: "x").contains("cobro jurídico"))
    values["legal_action"] = .flag(false)
    #expect(!(try t.render(values, subject: "x").contains("jurídico")))
  }

  @Test(arguments: [
    ("{{#plan}}x", "section '{{#plan}}' is not closed"),
    ("x{{/plan}}", "'{{/plan}}' closes no section"),
    ("{{#plan}}x{{/s}}", "'{{/s}}' closes '{{#plan}}'"),
    ("{{> header}}", "'{{>' is not supported in a message template"),
    ("{{=<% %>=}}", "'{{=' is not supported in a message template"),
    ("Hola {{balance", "'{{' is not closed on its line"),
  ])
  func malformedTemplatesAreRefused(_ text: String, _ message: String) {
    #expect {
      try Self.template(text)
    } throws: { error in
      (error as? Diagnostic)?.message.text == message
    }
  }

  @Test func tripleMustacheAndCommentsWork() throws {
    let t = try Self.template("{{! nota }}{{{first_name}}} {{& account}}")
    #expect(try t.render(Self.values, subject: "x") == "Ana M-01")
  }

  @Test func theStageFollowsStatusDaysAndDueDate() throws {
    let asOf = try #require(Day("2026-11-30"))
    func stage(_ w: Bool, _ days: Int, _ due: String?) -> MessageStage {
      MessageStage.of(writtenOff: w, daysOverdue: days, due: due.flatMap { Day($0) }, asOf: asOf)
    }
    #expect(stage(false, 0, "2026-12-03") == .preventive)
    #expect(stage(false, 0, "2026-11-30") == .dueToday)
    #expect(stage(false, 1, "2026-11-29") == .early)
    #expect(stage(false, 30, "2026-10-31") == .early)
    #expect(stage(false, 31, "2026-10-30") == .middle)
    #expect(stage(false, 90, nil) == .middle)
    #expect(stage(false, 91, nil) == .late)
    #expect(stage(true, 0, "2026-12-03") == .writtenOff)
  }

  @Test func templateFileNamesFollowTheScheme() {
    #expect(TemplateKey(fileName: "whatsapp.91+.txt") == TemplateKey(.whatsapp, .late))
    #expect(
      TemplateKey(fileName: "email.1-30.B.txt") == TemplateKey(.email, .early, segment: "B")
    )
    #expect(TemplateKey(fileName: "call.bureau-notice.txt")?.stage == .bureauNotice)
    #expect(TemplateKey(fileName: "fax.91+.txt") == nil)
    #expect(TemplateKey(fileName: "sms.92+.txt") == nil)
    #expect(TemplateKey(fileName: "sms.91+..txt") == nil)
    #expect(TemplateKey(fileName: "sms.91+.txt.bak") == nil)
    #expect(TemplateKey(.sms, .writtenOff, segment: "C").fileName == "sms.written-off.C.txt")
  }
}

/// One-line templates are filled in without Mustache; the text must be Mustache's, byte for byte.
@Suite struct MessageTemplateFillTests {
  /// Renders `text` as it is (one line) and with a line break at its end, which sends it
  /// through Mustache (whose output loses trailing line breaks, as every render does).
  static func bothWays(
    _ text: String,
    _ channel: MessageChannel,
    _ values: [String: MessageValue]
  ) throws -> (filled: String, mustache: String) {
    let one = try MessageTemplateTests.template(text, channel)
    let two = try MessageTemplateTests.template(text + "\n", channel)
    return (try one.render(values, subject: "x"), try two.render(values, subject: "x"))
  }

  @Test(arguments: MessageChannel.allCases)
  func everyBuiltInTemplateIsFilledAsMustacheRendersIt(_ channel: MessageChannel) throws {
    for stage in MessageStage.allCases {
      let text = BuiltinTemplates.text(channel, stage)
      for plan in [true, false] {
        for legal in [true, false] {
          var values = MessageTemplateTests.values
          values["plan"] = .flag(plan)
          values["legal_action"] = .flag(legal)
          values["first_name"] = plan ? .text("Ana") : nil
          let (filled, mustache) = try Self.bothWays(text, channel, values)
          #expect(filled == mustache, "\(channel) \(stage) plan \(plan) legal \(legal)")
        }
      }
    }
  }

  @Test func sectionsNestedOffAndInvertedAreFilledAsMustacheRendersThem() throws {
    let texts = [
      "a{{#plan}}b{{^legal_action}}c{{/legal_action}}d{{/plan}}e",
      "{{^plan}}x {{#legal_action}}y{{/legal_action}}{{/plan}} z {{ first_name }}",
      "{{#several_accounts}}{{#plan}}p{{/plan}}{{/several_accounts}}q{{&balance}}{{{n}}}",
      "  {{#plan}}{{/plan}} . ",
      "{{#n}}[{{n}}]{{/n}}{{^n}}none{{/n}} {{#debtor_name}}{{first_name}}{{/debtor_name}}",
    ]
    for text in texts {
      for plan in [true, false] {
        var values = MessageTemplateTests.values
        values["plan"] = .flag(plan)
        values["legal_action"] = .flag(!plan)
        values["several_accounts"] = .flag(plan)
        values["n"] = .text(plan ? "n" : "")
        let (filled, mustache) = try Self.bothWays(text, .email, values)
        #expect(filled == mustache, "\(text) plan \(plan)")
      }
    }
  }
}
