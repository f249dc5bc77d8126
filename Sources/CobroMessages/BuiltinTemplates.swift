/// The messages cobro ships, in Spanish, one per channel and stage (no segment).
///
/// They are Swift strings so that the binary needs no resource files. A user's templates folder
/// overrides any of them (`TemplateSet`). Each one guards the placeholders a portfolio may leave
/// empty (the name) with a section, threatens legal action only inside `{{#legal_action}}` (false
/// once the debt may be past prescription) and offers a plan only inside `{{#plan}}`. SMS are
/// written without accents and kept short: one SMS holds 160 GSM characters.
public enum BuiltinTemplates {
  /// The text of the built-in template for a channel and stage.
  public static func text(_ channel: MessageChannel, _ stage: MessageStage) -> String {
    switch channel {
    case .whatsapp: whatsapp(stage)
    case .sms: sms(stage)
    case .email: email(stage)
    case .call: call(stage)
    }
  }

  /// The greeting of WhatsApp messages.
  private static let hola = "Hola{{#first_name}} {{first_name}}{{/first_name}}"

  private static func whatsapp(_ stage: MessageStage) -> String {
    switch stage {
    case .preventive:
      "\(hola), le recordamos que {{your_accounts}} vence{{n}} el {{due_date}} (en {{days_to_due}}), "
        + "con un saldo de {{balance}}. Pague a tiempo y evite intereses de mora. "
        + "Si ya pagó, ignore este mensaje."
    case .dueToday:
      "\(hola), hoy vence{{n}} {{your_accounts}}, con un saldo de {{balance}}. Pague hoy y mantenga "
        + "su buen historial. Si ya pagó, ignore este mensaje."
    case .early:
      "\(hola), {{your_accounts}} tiene{{n}} {{days_overdue}} de mora y un saldo de {{balance}}. "
        + "Póngase al día hoy y evite más intereses de mora. ¿Necesita ayuda? Responda este "
        + "mensaje."
    case .middle:
      "\(hola), {{your_accounts}} tiene{{n}} {{days_overdue}} de mora y un saldo de {{balance}}. "
        + "{{#plan}}Le ofrecemos un acuerdo de {{plan_installments}} cuotas de "
        + "{{plan_installment}}, la primera el {{plan_first_date}}. {{/plan}}"
        + "Responda este mensaje para acordar su pago."
    case .late:
      "\(hola), {{your_accounts}} tiene{{n}} {{days_overdue}} de mora y un saldo de {{balance}}. "
        + "{{#plan}}Aún puede pagar en {{plan_installments}} cuotas de {{plan_installment}}. "
        + "{{/plan}}{{#legal_action}}Si no recibimos respuesta, el caso podrá pasar a cobro "
        + "jurídico. {{/legal_action}}Responda este mensaje para encontrar una solución."
    case .writtenOff:
      "\(hola), {{your_accounts}}, con un saldo de {{balance}}, sigue{{n}} pendiente{{s}} de pago. "
        + "{{#plan}}Le ofrecemos pagarla{{s}} en {{plan_installments}} cuotas de "
        + "{{plan_installment}}. {{/plan}}{{#legal_action}}De no llegar a un acuerdo, podrá "
        + "iniciarse el cobro jurídico. {{/legal_action}}Responda este mensaje."
    case .bureauNotice:
      "\(hola), le informamos que si {{your_accounts}}, con un saldo de {{balance}}, no se "
        + "paga{{n}}, será{{n}} reportada{{s}} a las centrales de riesgo a partir del {{report_date}} "
        + "(Ley 1266 de 2008). Si ya pagó, ignore este mensaje."
    }
  }

  private static func sms(_ stage: MessageStage) -> String {
    switch stage {
    case .preventive:
      "Ref. {{accounts}}: vence el {{due_date}}, saldo {{balance}}. Pague a tiempo. "
        + "Si ya pago, ignore este mensaje."
    case .dueToday:
      "Ref. {{accounts}}: hoy vence su pago de {{balance}}. Si ya pago, ignore este mensaje."
    case .early:
      "Ref. {{accounts}}: {{days_overdue}} de mora, saldo {{balance}}. Pongase al dia hoy y "
        + "evite mas intereses."
    case .middle:
      "Ref. {{accounts}}: {{days_overdue}} de mora, saldo {{balance}}.{{#plan}} Pague en "
        + "{{plan_installments}} cuotas de {{plan_installment}}.{{/plan}} Responda este SMS."
    case .late:
      "Ref. {{accounts}}: {{days_overdue}} de mora, saldo {{balance}}.{{#legal_action}} Evite "
        + "el cobro juridico.{{/legal_action}} Llamenos hoy para un acuerdo."
    case .writtenOff:
      "Ref. {{accounts}}: saldo pendiente {{balance}}.{{#plan}} Paguelo en "
        + "{{plan_installments}} cuotas de {{plan_installment}}.{{/plan}} Llamenos."
    case .bureauNotice:
      "Ref. {{accounts}}: si no paga {{balance}}, sera reportado a centrales de riesgo desde el "
        + "{{report_date}} (Ley 1266)."
    }
  }

  /// The opening and closing of every e-mail.
  private static let estimado =
    "<p>Estimado(a){{#debtor_name}} {{debtor_name}}{{/debtor_name}}:</p>\n"
  private static let firma = "<p>Atentamente,<br>\nÁrea de Cartera</p>\n"

  private static func email(_ stage: MessageStage) -> String {
    let body: String
    switch stage {
    case .preventive:
      body =
        "<p>Le recordamos que {{your_accounts}} vence{{n}} el {{due_date}} (en {{days_to_due}}), "
        + "con un saldo de {{balance}}.</p>\n<p>Pagar a tiempo evita intereses de mora. Si ya "
        + "realizó el pago, por favor ignore este mensaje.</p>\n"
    case .dueToday:
      body =
        "<p>Hoy, {{due_date}}, vence{{n}} {{your_accounts}}, con un saldo de {{balance}}.</p>\n"
        + "<p>Si ya realizó el pago, por favor ignore este mensaje.</p>\n"
    case .early:
      body =
        "<p>Le informamos que {{your_accounts}} presenta{{n}} {{days_overdue}} de mora y un saldo de {{balance}} "
        + "al {{as_of}}.</p>\n<p>Le invitamos a ponerse al día para evitar más intereses de "
        + "mora.</p>\n"
    case .middle:
      body =
        "<p>Le informamos que {{your_accounts}} presenta{{n}} {{days_overdue}} de mora y un saldo de {{balance}} "
        + "al {{as_of}}.</p>\n{{#plan}}<p>Le ofrecemos un acuerdo de pago de "
        + "{{plan_installments}} cuotas mensuales de {{plan_installment}}, la primera el "
        + "{{plan_first_date}}.</p>\n{{/plan}}<p>Responda este correo para acordar su pago.</p>\n"
    case .late:
      body =
        "<p>Le informamos que {{your_accounts}} presenta{{n}} {{days_overdue}} de mora y un saldo de {{balance}} "
        + "al {{as_of}}.</p>\n{{#plan}}<p>Todavía puede pagar en {{plan_installments}} cuotas "
        + "mensuales de {{plan_installment}}.</p>\n{{/plan}}{{#legal_action}}<p>De no recibir "
        + "respuesta, el caso podrá ser trasladado a cobro jurídico.</p>\n{{/legal_action}}"
        + "<p>Responda este correo para encontrar una solución.</p>\n"
    case .writtenOff:
      body =
        "<p>Le recordamos que {{your_accounts}}, con un saldo de {{balance}}, sigue{{n}} pendiente{{s}} de pago.</p>\n"
        + "{{#plan}}<p>Le ofrecemos pagarla{{s}} en {{plan_installments}} cuotas mensuales de "
        + "{{plan_installment}}.</p>\n{{/plan}}{{#legal_action}}<p>De no llegar a un acuerdo, "
        + "podrá iniciarse el cobro jurídico.</p>\n{{/legal_action}}"
        + "<p>Responda este correo para acordar su pago.</p>\n"
    case .bureauNotice:
      body =
        "<p>En cumplimiento del artículo 12 de la Ley 1266 de 2008, le informamos que si "
        + "{{your_accounts}}, con un saldo de {{balance}} y {{days_overdue}} de mora, no se "
        + "paga{{n}}, será{{n}} reportada{{s}} a las centrales de riesgo a partir del {{report_date}}.</p>\n"
        + "<p>Si ya realizó el pago, por favor ignore este mensaje.</p>\n"
    }
    return estimado + body + firma
  }

  /// The opening of every call script.
  private static let saludo =
    "Saludo: Buenos días, ¿hablo con{{#debtor_name}} {{debtor_name}}{{/debtor_name}}"
    + "{{^debtor_name}} el titular de la obligación{{/debtor_name}}? Le hablamos del Área de "
    + "Cartera.\n"

  private static func call(_ stage: MessageStage) -> String {
    let body: String
    switch stage {
    case .preventive:
      body =
        "Motivo: le recordamos que {{your_accounts}} vence{{n}} el {{due_date}} (en "
        + "{{days_to_due}}), con un saldo de {{balance}}.\nCierre: confirme la fecha en que "
        + "pagará y agradezca."
    case .dueToday:
      body =
        "Motivo: hoy vence{{n}} {{your_accounts}}, con un saldo de {{balance}}.\nCierre: "
        + "confirme si pagará hoy y por qué medio."
    case .early:
      body =
        "Motivo: {{your_accounts}} tiene{{n}} {{days_overdue}} de mora y un saldo de "
        + "{{balance}}.\nPregunta: la causa del atraso; acuerde una fecha de pago.\n"
        + "Cierre: repita la fecha y el valor acordados."
    case .middle:
      body =
        "Motivo: {{your_accounts}} tiene{{n}} {{days_overdue}} de mora y un saldo de "
        + "{{balance}}.\nPregunta: la causa del atraso.\n{{#plan}}Oferta: un acuerdo de "
        + "{{plan_installments}} cuotas de {{plan_installment}}, la primera el "
        + "{{plan_first_date}}.\n{{/plan}}Cierre: repita lo acordado y registre la promesa."
    case .late:
      body =
        "Motivo: {{your_accounts}} tiene{{n}} {{days_overdue}} de mora y un saldo de "
        + "{{balance}}.\n{{#plan}}Oferta: {{plan_installments}} cuotas de "
        + "{{plan_installment}}.\n{{/plan}}{{#legal_action}}Si no hay acuerdo: informe que "
        + "el caso podrá pasar a cobro jurídico.\n{{/legal_action}}Cierre: repita lo "
        + "acordado y registre la promesa."
    case .writtenOff:
      body =
        "Motivo: {{your_accounts}}, con un saldo de {{balance}}, sigue{{n}} pendiente{{s}} de pago.\n"
        + "{{#plan}}Oferta: {{plan_installments}} cuotas de {{plan_installment}}.\n{{/plan}}"
        + "{{#legal_action}}Si no hay acuerdo: informe que podrá iniciarse el cobro "
        + "jurídico.\n{{/legal_action}}Cierre: repita lo acordado y registre la promesa."
    case .bureauNotice:
      body =
        "Aviso (Ley 1266 de 2008, art. 12): si {{your_accounts}}, con un saldo de "
        + "{{balance}}, no se paga{{n}}, será{{n}} reportada{{s}} a las centrales de riesgo a partir del "
        + "{{report_date}}.\nCierre: ofrezca un acuerdo de pago y registre la respuesta."
    }
    return saludo + body
  }
}
