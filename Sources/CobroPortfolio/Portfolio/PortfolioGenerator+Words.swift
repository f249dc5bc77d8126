extension PortfolioGenerator {
  /// A list of words, prepared once in every form the generator writes.
  ///
  /// Rows are formatted from these byte arrays, never from a `String` per field.
  struct WordTable {
    /// The words as written (`Peña`), in the output encoding.
    let plain: [[UInt8]]
    /// The words in capitals (`PEÑA`), in the output encoding.
    let upper: [[UInt8]]
    /// The words in capitals without accents (`PENA`), ASCII.
    let upperFolded: [[UInt8]]
    /// Lowercase ASCII letters and digits only (`pena`, `delahoz`), for e-mail addresses.
    let slug: [[UInt8]]

    /// Prepares `words` for output in UTF-8 or Windows-1252.
    init(_ words: [String], windows1252: Bool) {
      func encode(_ s: String) -> [UInt8] {
        guard windows1252 else { return Array(s.utf8) }
        guard let bytes = Windows1252.encode(s) else {
          preconditionFailure("'\(s)' has no Windows-1252 encoding")
        }
        return bytes
      }
      plain = words.map(encode)
      upper = words.map { encode($0.uppercased()) }
      upperFolded = words.map { Array(WordTable.fold($0).uppercased().utf8) }
      slug = words.map { word in
        Array(WordTable.fold(word).lowercased().utf8).filter { b in
          (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b &- 48 <= 9)
        }
      }
    }

    /// The number of words.
    var count: Int { plain.count }

    /// The bytes of word `index` in the given letter case.
    @inline(__always)
    func bytes(_ index: Int, _ letterCase: LetterCase) -> [UInt8] {
      switch letterCase {
      case .plain: plain[index]
      case .upper: upper[index]
      case .upperFolded: upperFolded[index]
      }
    }

    /// Removes the Spanish accents and tildes (`Ñuñez` → `Nunez`), keeping everything else.
    static func fold(_ s: String) -> String {
      var out = String.UnicodeScalarView()
      for c in s.unicodeScalars {
        switch c {
        case "á", "à", "ä", "â": out.append("a")
        case "é", "è", "ë", "ê": out.append("e")
        case "í", "ì", "ï", "î": out.append("i")
        case "ó", "ò", "ö", "ô": out.append("o")
        case "ú", "ù", "ü", "û": out.append("u")
        case "ñ": out.append("n")
        case "Á", "À", "Ä", "Â": out.append("A")
        case "É", "È", "Ë", "Ê": out.append("E")
        case "Í", "Ì", "Ï", "Î": out.append("I")
        case "Ó", "Ò", "Ö", "Ô": out.append("O")
        case "Ú", "Ù", "Ü", "Û": out.append("U")
        case "Ñ": out.append("N")
        default: out.append(c)
        }
      }
      return String(out)
    }
  }

  /// How a debtor's name is capitalised in the export.
  enum LetterCase: UInt8 {
    /// `María José Peña`.
    case plain
    /// `MARÍA JOSÉ PEÑA` (some ERPs).
    case upper
    /// `MARIA JOSE PENA` (older systems that drop accents).
    case upperFolded
  }

  /// Every word list the generator draws from, prepared for one output encoding.
  struct Vocabulary {
    /// Women's first names.
    let femaleNames: WordTable
    /// Men's first names.
    let maleNames: WordTable
    /// Surnames.
    let surnames: WordTable
    /// First words of company names (`Distribuidora`).
    let companyPrefixes: WordTable
    /// Regional words of company names (`del Caribe`).
    let companyRegions: WordTable
    /// Trade names written in quotes (`El Sol`).
    let tradeNames: WordTable
    /// Legal forms (`S.A.S.`).
    let legalForms: WordTable
    /// Connecting words of company names, indexed by `Connector`.
    let connectors: WordTable
    /// Cities.
    let cities: WordTable
    /// The header names, canonical or Spanish.
    let header: WordTable

    /// Prepares every list for UTF-8 or Windows-1252 output.
    init(windows1252: Bool, spanishHeader: Bool) {
      let w = windows1252
      femaleNames = WordTable(PortfolioGenerator.femaleNameList, windows1252: w)
      maleNames = WordTable(PortfolioGenerator.maleNameList, windows1252: w)
      surnames = WordTable(PortfolioGenerator.surnameList, windows1252: w)
      companyPrefixes = WordTable(PortfolioGenerator.companyPrefixList, windows1252: w)
      companyRegions = WordTable(PortfolioGenerator.companyRegionList, windows1252: w)
      tradeNames = WordTable(PortfolioGenerator.tradeNameList, windows1252: w)
      legalForms = WordTable(PortfolioGenerator.legalFormList, windows1252: w)
      connectors = WordTable(Connector.allCases.map(\.text), windows1252: w)
      cities = WordTable(PortfolioGenerator.cityList.map(\.name), windows1252: w)
      header = WordTable(
        spanishHeader
          ? PortfolioGenerator.spanishHeaderList : PortfolioGenerator.canonicalHeaderList,
        windows1252: w
      )
    }
  }

  /// The fixed words between the parts of a company name.
  enum Connector: Int, CaseIterable {
    /// `Hermanos ` before a surname.
    case brothers
    /// ` y Cía. ` between surnames and the legal form.
    case andCompany
    /// ` & Asociados ` after a surname.
    case associates

    /// The words, with their surrounding spaces.
    var text: String {
      switch self {
      case .brothers: "Hermanos "
      case .andCompany: " y Cía. "
      case .associates: " & Asociados "
      }
    }
  }

  /// A city, its relative weight in the portfolio and its landline area code (60X).
  struct City {
    /// The name as Colombians write it.
    let name: String
    /// Relative number of debtors who live there.
    let weight: Int
    /// The three-digit landline prefix of its department (601 Bogotá, 604 Antioquia, …).
    let areaCode: Int
  }

  // MARK: - Word lists

  /// The canonical header of `spec/portfolio-csv.md`, in the generator's column order.
  static let canonicalHeaderList = [
    "account_id", "debtor_id", "debtor_name", "debtor_type", "segment", "product", "principal",
    "balance", "capital", "interest", "late_interest", "fees", "currency", "issue_date",
    "due_date", "maturity_date", "last_payment_date", "payments_on_time", "payments_late",
    "status", "channel", "authorized_channels", "phone", "email", "city",
  ]

  /// The same columns named as a Colombian spreadsheet would, matching the spec's aliases once
  /// case, accents, spaces and underscores are ignored.
  static let spanishHeaderList = [
    "Obligación", "Cliente ID", "Nombre", "Tipo Deudor", "Segmento", "Producto",
    "Capital Inicial", "Saldo", "Capital", "Intereses", "Intereses Mora", "Honorarios", "Moneda",
    "Fecha Emisión", "Fecha Vencimiento", "Fecha Final", "Fecha Último Pago", "Pagos a Tiempo",
    "Pagos Tarde", "Estado", "Canal", "Canales Autorizados", "Teléfono", "Correo", "Ciudad",
  ]

  /// Women's first names common in Colombia.
  static let femaleNameList = [
    "María", "Ana", "Luisa", "Carolina", "Paola", "Andrea", "Diana", "Natalia", "Daniela",
    "Valentina", "Sofía", "Camila", "Laura", "Juliana", "Catalina", "Alejandra", "Marcela",
    "Patricia", "Claudia", "Sandra", "Gloria", "Luz", "Martha", "Beatriz", "Rosa", "Carmen",
    "Lucía", "Adriana", "Liliana", "Mónica", "Ángela", "Yolanda", "Esperanza", "Piedad",
    "Consuelo", "Blanca", "Nubia", "Gladys", "Elena", "Isabel", "Inés", "Teresa", "Ximena",
    "Tatiana", "Viviana", "Johana", "Yesenia", "Lorena", "Milena", "Fernanda", "Gabriela",
    "Mariana", "Manuela", "Isabella", "Salomé", "Antonia", "Sara", "Lina", "Estefanía",
    "Verónica", "Susana", "Stella", "Amparo", "Rocío", "Belén", "Dolores", "Leidy", "Yuliana",
    "Paula", "Ingrid", "Erika", "Sonia", "Silvia", "Victoria", "Margarita", "Cecilia",
    "Josefina", "Jazmín", "Dayana", "Karen", "Yaneth", "Maribel", "Raquel", "Fabiola", "Edith",
    "Olga", "Ruth", "Noemí", "Zoraida", "Aurora", "Julia", "Eugenia", "Marina", "Dary",
    "Pilar", "Nelly", "Miryam", "Emilce", "Rubiela", "Araceli",
  ]

  /// Men's first names common in Colombia.
  static let maleNameList = [
    "José", "Juan", "Carlos", "Luis", "Jorge", "Andrés", "Felipe", "Santiago", "Sebastián",
    "Alejandro", "Diego", "Daniel", "David", "Camilo", "Mauricio", "Ricardo", "Fernando",
    "Javier", "Julián", "Óscar", "Hernán", "Germán", "Rubén", "Raúl", "Jesús", "Iván", "Efraín",
    "Ramón", "Joaquín", "Martín", "Nicolás", "Tomás", "Matías", "Samuel", "Emilio", "Gabriel",
    "Rafael", "Miguel", "Pedro", "Pablo", "Francisco", "Antonio", "Manuel", "Álvaro", "Gustavo",
    "Jairo", "Hugo", "Edgar", "Wilson", "Jhon", "Fabián", "Esteban", "Cristian", "Héctor",
    "Guillermo", "Alberto", "Eduardo", "Enrique", "Arturo", "Armando", "Orlando", "Gilberto",
    "Alirio", "Libardo", "Wilmer", "Yesid", "Humberto", "Rodrigo", "Sergio", "Mario", "Víctor",
    "Rigoberto", "Edwin", "Fredy", "Alfonso", "Ernesto", "Jaime", "Leonardo", "Mateo", "Simón",
    "Agustín", "Benjamín", "Elías", "Adrián", "Ignacio", "Darío", "Néstor", "Ismael", "Ángel",
    "Emiro", "Aníbal", "Octavio", "Saúl", "Wilfredo", "Nelson", "Abelardo",
  ]

  /// Colombian surnames, with their accents, tildes and particles (`De la Hoz`).
  static let surnameList = [
    "García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez",
    "Ramírez", "Torres", "Díaz", "Gómez", "Vargas", "Jiménez", "Rojas", "Moreno", "Castro",
    "Ortiz", "Gutiérrez", "Muñoz", "Álvarez", "Romero", "Suárez", "Ruiz", "Ramos", "Mejía",
    "Herrera", "Castillo", "Restrepo", "Cardona", "Ospina", "Quintero", "Valencia", "Zapata",
    "Giraldo", "Osorio", "Arango", "Montoya", "Londoño", "Correa", "Peña", "Núñez", "Ibáñez",
    "Acuña", "Cañas", "Patiño", "Salazar", "Cárdenas", "Orozco", "Guerrero", "Mendoza",
    "Medina", "Aguilar", "Rincón", "Parra", "Bermúdez", "Sarmiento", "Beltrán", "Cortés",
    "Córdoba", "Ríos", "Velásquez", "Vásquez", "Jaramillo", "Escobar", "Henao", "Echeverri",
    "Uribe", "Betancur", "Duque", "Villegas", "Ocampo", "Agudelo", "Marín", "Cruz", "Ortega",
    "Delgado", "Rueda", "Galvis", "Pinzón", "Bustos", "Forero", "Barrera", "Camacho", "Caicedo",
    "Mosquera", "Palacios", "Hurtado", "Valderrama", "Benítez", "Becerra", "Cáceres", "Serrano",
    "Salcedo", "Prieto", "Niño", "Carreño", "Ordóñez", "Pacheco", "Arias", "Sierra", "Vega",
    "Rivera", "Bonilla", "Guzmán", "Molina", "Lozano", "Castañeda", "Avendaño", "Bolaños",
    "Buitrago", "Carvajal", "Contreras", "Fajardo", "Franco", "Gaitán", "Gallego", "Garzón",
    "Quiroga", "Galindo", "Mora", "Montaño", "Murillo", "Naranjo", "Navarro", "Nieto",
    "Ortegón", "Otálora", "Páez", "Pardo", "Peñaloza", "Pineda", "Plata", "Polanía", "Posada",
    "Quintana", "Quiñones", "Reyes", "Rivas", "Robayo", "Rosero", "Sáenz", "Santamaría",
    "Sepúlveda", "Solano", "Sosa", "Tamayo", "Toro", "Trujillo", "Urrego", "Useche", "Vanegas",
    "Vera", "Vélez", "Villamizar", "Yepes", "Zuluaga", "Aristizábal", "Builes", "Chaparro",
    "Cifuentes", "Daza", "Espitia", "Estrada", "Figueroa", "Gil", "Hoyos", "Leal", "León",
    "Lara", "Luna", "Maldonado", "Meneses", "Miranda", "Monsalve", "Olaya", "Orjuela", "Ovalle",
    "Paredes", "Perdomo", "Pulido", "Rengifo", "Rey", "Salas", "Salinas", "Santos", "Silva",
    "Tovar", "Ávila", "Ñustes", "Cañón", "Peñuela", "Piñeros", "Zúñiga", "Montañez", "Espinosa",
    "Acevedo", "De la Hoz", "De la Cruz", "Del Castillo", "De la Rosa", "Güiza", "Argüello",
  ]

  /// First words of company names.
  static let companyPrefixList = [
    "Inversiones", "Distribuidora", "Comercializadora", "Construcciones", "Transportes",
    "Agropecuaria", "Ferretería", "Droguería", "Suministros", "Servicios", "Importadora",
    "Confecciones", "Panificadora", "Soluciones", "Inmobiliaria", "Consultores", "Ingeniería",
    "Logística", "Alimentos", "Lácteos", "Textiles", "Muebles", "Papelería", "Cerámicas",
    "Autopartes", "Clínica", "Tecnología", "Laboratorios", "Metalmecánica", "Plásticos",
  ]

  /// Regional words that follow a company prefix.
  static let companyRegionList = [
    "del Caribe", "Andina", "del Valle", "del Pacífico", "de Occidente", "del Llano",
    "Santandereana", "Antioqueña", "Bogotana", "Costeña", "del Sur", "del Norte", "Nacional",
    "Integral", "Global", "Express", "Cafetera", "Paisa", "Boyacense", "Huilense", "Tolimense",
    "Caleña", "del Magdalena", "de la Sabana", "del Oriente",
  ]

  /// Trade names that companies write in quotes: `Distribuidora "El Sol" S.A.S.`.
  static let tradeNameList = [
    "El Sol", "La Esperanza", "El Progreso", "La Estrella", "El Dorado", "La Fortuna",
    "San Jorge", "Los Pinos", "El Cafetal", "La Montaña", "El Porvenir", "La Cosecha",
    "El Roble", "La Ceiba", "Santa Fe", "El Triunfo", "La Palma", "San José",
  ]

  /// Legal forms of Colombian companies, most common first.
  static let legalFormList = ["S.A.S.", "Ltda.", "S.A.", "S. en C."]

  /// Cities, with the share of debtors and the landline prefix of each.
  static let cityList: [City] = [
    City(name: "Bogotá", weight: 280, areaCode: 601),
    City(name: "Medellín", weight: 120, areaCode: 604),
    City(name: "Cali", weight: 90, areaCode: 602),
    City(name: "Barranquilla", weight: 70, areaCode: 605),
    City(name: "Cartagena", weight: 50, areaCode: 605),
    City(name: "Bucaramanga", weight: 40, areaCode: 607),
    City(name: "Cúcuta", weight: 40, areaCode: 607),
    City(name: "Pereira", weight: 30, areaCode: 606),
    City(name: "Santa Marta", weight: 30, areaCode: 605),
    City(name: "Ibagué", weight: 30, areaCode: 608),
    City(name: "Manizales", weight: 20, areaCode: 606),
    City(name: "Villavicencio", weight: 20, areaCode: 608),
    City(name: "Pasto", weight: 20, areaCode: 602),
    City(name: "Montería", weight: 20, areaCode: 604),
    City(name: "Neiva", weight: 20, areaCode: 608),
    City(name: "Armenia", weight: 20, areaCode: 606),
    City(name: "Soacha", weight: 20, areaCode: 601),
    City(name: "Bello", weight: 20, areaCode: 604),
    City(name: "Valledupar", weight: 10, areaCode: 605),
    City(name: "Popayán", weight: 10, areaCode: 602),
    City(name: "Sincelejo", weight: 10, areaCode: 605),
    City(name: "Tunja", weight: 10, areaCode: 608),
    City(name: "Envigado", weight: 10, areaCode: 604),
    City(name: "Itagüí", weight: 10, areaCode: 604),
    City(name: "Riohacha", weight: 10, areaCode: 605),
    City(name: "Yopal", weight: 10, areaCode: 608),
  ]

  /// Free e-mail domains, most common first, with their relative weights.
  static let personEmailDomains: [(domain: StaticString, weight: Int)] = [
    ("gmail.com", 55), ("hotmail.com", 20), ("outlook.com", 8), ("yahoo.com", 6),
    ("yahoo.es", 3), ("une.net.co", 2), ("live.com", 2), ("icloud.com", 2), ("etb.net.co", 2),
  ]

  /// Mailboxes that companies give for collection.
  static let companyMailboxes: [StaticString] = [
    "cartera", "contabilidad", "tesoreria", "pagos", "info", "gerencia", "administracion",
    "facturacion",
  ]
}
