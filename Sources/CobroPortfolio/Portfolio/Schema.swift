import CobroDiagnostics

/// The kind of value a portfolio column holds, which decides its storage and its operators.
public enum FieldType: String, Hashable, Sendable {
  /// Free text, high cardinality (ids, names, phones): a byte arena plus offsets.
  case text
  /// A closed vocabulary (segment, status, channel…): dictionary-encoded codes.
  case category
  /// Exact money in cents.
  case money
  /// A calendar date as a day number.
  case date
  /// A whole number (`payments_on_time`).
  case integer
}

/// One canonical column of `spec/portfolio-csv.md`.
public struct CanonicalField: Hashable, Sendable {
  /// The canonical name (`balance`).
  public var name: String
  /// The Spanish alias (`saldo`).
  public var alias: String
  /// Short names people type in queries (`due` for `due_date`).
  public var shortNames: [String]
  /// How the column is stored.
  public var type: FieldType
  /// Whether a file without the column cannot be loaded.
  public var required: Bool
  /// Whether equality ignores case (closed vocabularies).
  public var closedVocabulary: Bool
}

/// The canonical columns, their aliases and types.
public enum CanonicalSchema {
  /// The currency of an empty `currency` cell or of a file without the column.
  public static let defaultCurrency = "COP"

  /// Every canonical column in the order of the spec.
  public static let fields: [CanonicalField] = [
    f("account_id", "obligacion", ["account"], .text, required: true),
    f("debtor_id", "cliente_id", [], .text, required: true),
    f("debtor_name", "nombre", ["name"], .text),
    f("segment", "segmento", [], .category, closed: true),
    f("product", "producto", [], .category, closed: true),
    f("principal", "capital_inicial", [], .money),
    f("balance", "saldo", [], .money, required: true),
    f("currency", "moneda", [], .category, closed: true),
    f("issue_date", "fecha_emision", ["issued"], .date),
    f("due_date", "fecha_vencimiento", ["due"], .date, required: true),
    f("maturity_date", "fecha_final", [], .date),
    f("last_payment_date", "fecha_ultimo_pago", ["last_payment"], .date),
    f("payments_on_time", "pagos_a_tiempo", [], .integer),
    f("payments_late", "pagos_tarde", [], .integer),
    f("channel", "canal", [], .category, closed: true),
    f("authorized_channels", "canales_autorizados", [], .category),
    f("phone", "telefono", [], .text),
    f("email", "correo", [], .text),
    f("status", "estado", [], .category, closed: true),
    f("city", "ciudad", [], .category),
    f("debtor_type", "tipo_deudor", [], .category, closed: true),
    f("capital", "capital", [], .money),
    f("interest", "intereses", [], .money),
    f("late_interest", "intereses_mora", [], .money),
    f("fees", "honorarios", [], .money),
  ]

  /// Names of the computed fields; a file column with one of these names is kept as `file_NAME`.
  public static let computedNames: Set<String> = [
    "overdue", "mora", "dias_mora", "bucket", "behavior", "promised", "promise_due", "broken",
    "last_contact", "contacts_7d", "agreement", "days_behind",
  ]

  /// Headers of a column that holds the file's cut-off date (`Fecha Corte`), after `normalize`.
  ///
  /// Such a column is read as dates (an extra column named after its header), and its latest
  /// date is the portfolio's cut-off unless `load … cutoff DATE` gives one.
  public static let cutoffHeaders: Set<String> = [
    "fechacorte", "corte", "cutoff", "cutoffdate", "fechacierre", "fechareporte",
    "fechainforme", "fechaextraccion", "fechaproceso",
  ]

  /// Statuses a `status` cell may hold.
  public static let statuses = ["active", "written_off", "paid"]
  /// Channels a `channel` cell may hold.
  public static let channels = ["whatsapp", "email", "call", "sms"]
  /// Debtor types.
  public static let debtorTypes = ["person", "company"]

  /// Whether a header names its column only through one of `headerAliases` (not by the
  /// canonical name or the spec's alias): such a header gives way to a stronger one.
  public static func isLooseAlias(_ header: String) -> Bool {
    let key = normalize(header)
    return byKey[key] != nil && !strictKeys.contains(key)
  }

  /// The canonical names and the spec's aliases, normalised.
  private static let strictKeys: Set<String> = Set(
    fields.flatMap { [normalize($0.name), normalize($0.alias)] }
  )

  /// The canonical field whose name or alias matches a header, after normalisation.
  public static func field(forHeader header: String) -> CanonicalField? {
    let key = normalize(header)
    return byKey[key]
  }

  /// Lowercases, strips accents, spaces, underscores, hyphens and dots: `Fecha de Vencimiento`
  /// and `fecha_vencimiento` both become `fechadevencimiento`/`fechavencimiento`.
  ///
  /// Spanish connectives (`de`, `del`) are dropped too, so that common spreadsheet headers match.
  public static func normalize(_ header: String) -> String {
    var words: [String] = []
    var current = ""
    for scalar in header.unicodeScalars {
      let folded = foldAccent(scalar)
      if folded == " " || folded == "_" || folded == "-" || folded == "." || folded == "/"
        || folded == "\u{B0}" || folded == "\u{BA}" || folded == "#" || folded == ":"
      {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.unicodeScalars.append(folded)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words.filter { $0 != "de" && $0 != "del" && $0 != "la" && $0 != "el" }.joined()
  }

  /// Lowercases an ASCII or Latin-1 letter and removes its accent (``TextFolding``).
  @inline(__always)
  public static func foldAccent(_ s: Unicode.Scalar) -> Unicode.Scalar {
    TextFolding.foldAccent(s)
  }

  /// Folds a whole string for accent- and case-insensitive comparison (``TextFolding``).
  @inline(__always)
  public static func fold(_ s: String) -> String { TextFolding.fold(s) }

  /// More headers real exports use, per canonical column: Colombian and Latin American banks',
  /// ERPs' and collection agencies' spellings (matched after `normalize`, so accents, case,
  /// spaces, `.`, `/`, `-`, `°` and the connectives `de`, `del`, `la`, `el` do not matter).
  ///
  /// The README's table of header aliases lists these; keep both in step.
  public static let headerAliases: [(field: String, headers: [String])] = [
    (
      "account_id",
      [
        "Nro. Obligación", "Número Obligación", "No. Obligación", "N° Obligación",
        "Num Obligación", "Obligación No", "ID Obligación", "Número Crédito", "Nro. Crédito",
        "Crédito", "Pagaré", "Número Pagaré", "Número Cuenta", "Nro. Cuenta", "Cuenta",
        "Operación", "Número Operación", "Nro. Operación", "Préstamo", "Número Préstamo",
        "Factura", "Número Factura", "Nro. Factura",
      ]
    ),
    (
      "debtor_id",
      [
        "Cédula/NIT", "NIT/Cédula", "Cédula", "NIT", "CC", "CC/NIT", "NIT/CC", "Cédula NIT",
        "Documento", "Número Documento", "Nro. Documento", "No. Documento",
        "Documento Identidad", "Identificación", "Número Identificación",
        "Nro. Identificación", "ID Cliente", "Código Cliente", "RUT", "RUC", "DNI",
        "CUIT",
      ]
    ),
    (
      "debtor_name",
      [
        "Nombre Cliente", "Nombres", "Nombre Completo", "Razón Social", "Nombre/Razón Social",
        "Nombre o Razón Social", "Deudor", "Nombre Deudor", "Titular", "Nombre Titular",
      ]
    ),
    ("segment", ["Segmento Cliente", "Tipo Cartera", "Banca"]),
    ("product", ["Tipo Producto", "Línea", "Línea Crédito", "Modalidad", "Tipo Crédito"]),
    (
      "principal",
      [
        "Valor Desembolsado", "Monto Desembolsado", "Valor Desembolso", "Monto Inicial",
        "Valor Inicial", "Valor Crédito", "Monto Crédito", "Valor Préstamo", "Monto Aprobado",
        "Valor Original", "Capital Inicial",
      ]
    ),
    (
      "balance",
      [
        "Saldo Total", "Saldo a la Fecha", "Saldo Deuda", "Saldo Pendiente", "Saldo Actual",
        "Saldo Obligación", "Deuda Total", "Total Deuda", "Valor Adeudado", "Saldo Cartera",
      ]
    ),
    ("currency", ["Divisa", "Tipo Moneda"]),
    (
      "issue_date",
      [
        "Fecha Desembolso", "Fecha Apertura", "Fecha Otorgamiento", "Fecha Inicio",
        "Fecha Factura", "Fecha Expedición", "Fecha Originación",
      ]
    ),
    (
      "due_date",
      [
        "Fecha Vto", "Fecha Vto.", "Vencimiento", "Fecha Límite Pago", "Fecha Límite",
        "Fecha Exigibilidad", "Fecha Vencimiento Cuota",
      ]
    ),
    (
      "maturity_date",
      ["Fecha Vencimiento Final", "Fecha Terminación", "Fecha Última Cuota", "Fecha Fin"]
    ),
    (
      "last_payment_date",
      ["Fecha Ult. Pago", "Fec. Ult. Pago", "Fecha Último Abono", "Fecha Pago Último"]
    ),
    ("payments_on_time", ["Cuotas Pagadas a Tiempo", "Cuotas al Día"]),
    ("payments_late", ["Cuotas Pagadas Tarde", "Cuotas en Mora Pagadas"]),
    ("channel", ["Canal Preferido", "Canal Contacto", "Medio Contacto", "Medio de Contacto"]),
    ("authorized_channels", ["Canales Autorizados Contacto", "Autorización Canales"]),
    (
      "phone",
      [
        "Celular", "Móvil", "Tel", "Tel.", "Teléfono Celular", "Número Celular", "Nro. Celular",
        "Teléfono Contacto",
      ]
    ),
    ("email", ["Correo Electrónico", "E-mail", "Mail", "Email Cliente"]),
    ("status", ["Estado Cartera", "Estado Obligación", "Estado Crédito", "Situación"]),
    ("city", ["Municipio", "Ciudad Residencia", "Ciudad Cliente"]),
    ("debtor_type", ["Tipo Persona", "Tipo Cliente", "Naturaleza", "Tipo de Persona"]),
    ("capital", ["Saldo Capital", "Capital Pendiente", "Capital Adeudado"]),
    (
      "interest",
      ["Interés", "Intereses Corrientes", "Interés Corriente", "Intereses Remuneratorios"]
    ),
    (
      "late_interest",
      ["Interés Mora", "Intereses de Mora", "Intereses Moratorios", "Interés Moratorio"]
    ),
    ("fees", ["Gastos Cobranza", "Honorarios Cobranza", "Gastos de Cobranza"]),
  ]

  private static let byKey: [String: CanonicalField] = {
    var map: [String: CanonicalField] = [:]
    let byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for (name, headers) in headerAliases {
      guard let field = byName[name] else { continue }
      for header in headers { map[normalize(header)] = field }
    }
    // The canonical names and the spec's aliases win over any alias above.
    for field in fields {
      map[normalize(field.name)] = field
      map[normalize(field.alias)] = field
    }
    return map
  }()

  private static func f(
    _ name: String,
    _ alias: String,
    _ short: [String],
    _ type: FieldType,
    required: Bool = false,
    closed: Bool = false
  ) -> CanonicalField {
    CanonicalField(
      name: name,
      alias: alias,
      shortNames: short,
      type: type,
      required: required,
      closedVocabulary: closed
    )
  }
}
