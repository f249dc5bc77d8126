import CobroDiagnostics

/// Consecutive monthly cut-off files of one synthetic portfolio, and the payments between them,
/// in the shape of a Colombian bank's export (`;`, `DD/MM/YYYY`, `$ 1.234.567,89`, Spanish
/// headers, UTF-8).
///
/// The first cut-off draws every account's balance, installment and due date (most current, the
/// rest spread over the aging buckets). Each month after it, every active account, by its bucket,
/// pays one installment or several (its due date moves a month per installment, so it may cure),
/// pays nothing (it rolls into the next bucket), pays off (status `pagada` in the next file, then
/// gone from the files after it), is written off (`castigada`, kept with its balance) or is sold
/// (gone from the next file); new accounts appear each month. Every payment is dated within the
/// month it was made in. The same arguments give the same bytes.
public struct CutoffGenerator: Sendable {
  /// Accounts at the first cut-off.
  public let accounts: Int
  /// Number of monthly cut-offs.
  public let months: Int
  /// The seed.
  public let seed: UInt64
  /// The first cut-off: the last day of its month.
  public let first: Day

  /// The load options the files need.
  public static let loadWords = "delimiter ; decimal , dates dmy"

  /// Creates a generator; `first` is moved to the last day of its month.
  public init(accounts: Int, months: Int, seed: UInt64 = 1, first: Day) {
    self.accounts = accounts
    self.months = months
    self.seed = seed
    let (y, m, _) = first.civil
    self.first = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) ?? first
  }

  /// The cut-off dates, oldest first.
  public var cutoffs: [Day] {
    (0..<months).map { k in
      let (y, m, _) = first.adding(months: k).civil
      return Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) ?? first
    }
  }

  /// The file name of a cut-off: `cartera_YYYY-MM-DD.csv`.
  public static func fileName(_ cutoff: Day) -> String { "cartera_\(cutoff).csv" }

  /// The name of the payments file.
  public static let paymentsName = "pagos.csv"

  /// Writes each cut-off's file (its index and bytes, in pieces) and the payments (index -1).
  public func write(_ sink: @escaping (Int, UnsafeRawBufferPointer) -> Void) {
    var state = Simulation(generator: self)
    let dates = cutoffs
    var payments = Chunked(file: -1, sink: sink)
    payments.text("Obligación;Fecha;Valor\r\n")
    for (k, cutoff) in dates.enumerated() {
      if k > 0 { state.advance(to: cutoff, from: dates[k - 1], payments: &payments) }
      var out = Chunked(file: k, sink: sink)
      out.text(
        "Obligación;Cédula;Nombre;Segmento;Producto;Ciudad;Canal;Valor Cuota;Saldo;"
          + "Fecha Vencimiento;Estado\r\n"
      )
      state.writeFile(&out)
      out.flush()
    }
    payments.flush()
  }

  /// Every file in memory: the cut-offs' bytes in date order and the payments.
  public func files() -> (cutoffs: [[UInt8]], payments: [UInt8]) {
    final class Buffers {
      var cutoffs: [[UInt8]]
      var payments: [UInt8] = []
      init(_ n: Int) { cutoffs = [[UInt8]](repeating: [], count: n) }
    }
    let buffers = Buffers(months)
    write { file, bytes in
      if file < 0 {
        buffers.payments.append(contentsOf: bytes)
      } else {
        buffers.cutoffs[file].append(contentsOf: bytes)
      }
    }
    return (buffers.cutoffs, buffers.payments)
  }
}

/// Bytes written in pieces of about 1 MiB.
private struct Chunked {
  let file: Int
  let sink: (Int, UnsafeRawBufferPointer) -> Void
  var buffer: [UInt8] = []

  init(file: Int, sink: @escaping (Int, UnsafeRawBufferPointer) -> Void) {
    self.file = file
    self.sink = sink
    buffer.reserveCapacity(1 << 20 + 4096)
  }

  mutating func text(_ s: String) { buffer.append(contentsOf: s.utf8) }

  mutating func byte(_ b: UInt8) { buffer.append(b) }

  /// A whole number, at least `width` digits (leading zeros).
  mutating func number(_ v: Int, width: Int = 1) {
    var digits: [UInt8] = []
    var x = v
    repeat {
      digits.append(UInt8(ascii: "0") + UInt8(x % 10))
      x /= 10
    } while x > 0
    while digits.count < width { digits.append(UInt8(ascii: "0")) }
    buffer.append(contentsOf: digits.reversed())
  }

  /// `$ 1.234.567,89`.
  mutating func money(_ cents: Int64) {
    text("$ ")
    let pesos = Int(cents / 100)
    var groups: [Int] = []
    var x = pesos
    repeat {
      groups.append(x % 1000)
      x /= 1000
    } while x > 0
    number(groups[groups.count - 1])
    for g in groups.dropLast().reversed() {
      byte(UInt8(ascii: "."))
      number(g, width: 3)
    }
    byte(UInt8(ascii: ","))
    number(Int(cents % 100), width: 2)
  }

  /// `DD/MM/YYYY`.
  mutating func date(_ d: Day) {
    let (y, m, day) = d.civil
    number(day, width: 2)
    byte(UInt8(ascii: "/"))
    number(m, width: 2)
    byte(UInt8(ascii: "/"))
    number(y, width: 4)
  }

  mutating func endRow() {
    text("\r\n")
    if buffer.count >= 1 << 20 { flush() }
  }

  mutating func flush() {
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { sink(file, $0) }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// The accounts month by month.
private struct Simulation {
  /// What the file says of an account.
  enum Status: UInt8 {
    case active, paid, writtenOff, gone
  }

  let generator: CutoffGenerator
  var rng: Xoshiro256
  /// Per account (index = account number - 1).
  var balance: [Int64] = []
  var installment: [Int64] = []
  var due: [Int32] = []
  var status: [Status] = []

  static let firstNames = [
    "María", "José", "Luis", "Ana", "Carlos", "Diana", "Andrés", "Sofía", "Jorge", "Paula",
    "Juan", "Valentina", "Camilo", "Laura", "Óscar", "Natalia",
  ]
  static let surnames = [
    "Peña", "Gómez", "Rodríguez", "Martínez", "López", "Muñoz", "Castaño", "Ramírez", "Zuluaga",
    "Ospina", "Herrera", "Giraldo", "Vélez", "Suárez",
  ]
  static let segments = ["A", "B", "C", "D"]
  static let products = ["Libranza", "Tarjeta de Crédito", "Consumo", "Vehículo", "Microcrédito"]
  static let cities = ["Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Cartagena"]
  static let channels = ["WhatsApp", "Llamada", "Correo", "SMS"]

  init(generator: CutoffGenerator) {
    self.generator = generator
    rng = Xoshiro256(seed: generator.seed)
    let cutoff = Int(generator.first.raw)
    for _ in 0..<generator.accounts { open(at: cutoff, spread: true) }
  }

  /// Opens an account: current (due within the next month) unless `spread`, which draws its
  /// age over the buckets as a portfolio's first file has them.
  mutating func open(at cutoff: Int, spread: Bool) {
    let principal = Int64(rng.int(in: 5...600)) * 100_000_00  // $500.000 to $60.000.000
    let paidShare = spread ? Int64(rng.int(in: 0...80)) : 0
    let owed = principal - principal * paidShare / 100
    let installments = Int64(rng.int(in: 6...60))
    var days: Int
    switch spread ? rng.below(1000) : 0 {
    case 0..<600: days = -rng.int(in: 1...30)
    case 600..<720: days = rng.int(in: 1...30)
    case 720..<790: days = rng.int(in: 31...60)
    case 790..<840: days = rng.int(in: 61...90)
    case 840..<910: days = rng.int(in: 91...180)
    case 910..<960: days = rng.int(in: 181...360)
    default: days = rng.int(in: 361...900)
    }
    balance.append(owed)
    installment.append(max(1, owed / installments))
    due.append(Int32(cutoff - days))
    status.append(spread && days > 360 && rng.below(3) == 0 ? .writtenOff : .active)
  }

  /// The bucket of an account at a cut-off (standard buckets).
  func bucket(_ i: Int, at cutoff: Int) -> Int {
    BucketScheme.standard.index(days: cutoff - Int(due[i]))
  }

  /// Moves every account from one cut-off to the next, writing the month's payments.
  mutating func advance(to next: Day, from previous: Day, payments: inout Chunked) {
    let from = Int(previous.raw)
    let to = Int(next.raw)
    let days = to - from
    let n = balance.count
    for i in 0..<n {
      switch status[i] {
      case .paid:
        status[i] = .gone
        continue
      case .writtenOff, .gone:
        continue
      case .active:
        break
      }
      let b = bucket(i, at: from)
      // Per mille: pay off, write off, sell, pay enough to be current, pay one installment.
      let (off, writeOff, sell, cure, one): (Int, Int, Int, Int, Int) =
        switch b {
        case 0: (15, 0, 0, 0, 800)
        case 1: (10, 0, 0, 120, 450)
        case 2: (8, 0, 0, 80, 280)
        case 3: (5, 0, 0, 50, 200)
        case 4: (5, 40, 10, 30, 120)
        case 5: (3, 120, 20, 15, 60)
        default: (2, 200, 30, 5, 30)
        }
      let u = rng.below(1000)
      let day = Day(raw: Int32(from + 1 + rng.below(days)))
      var paid: Int64 = 0
      if u < off {
        paid = balance[i]
        balance[i] = 0
        status[i] = .paid
      } else if u < off + writeOff {
        status[i] = .writtenOff
      } else if u < off + writeOff + sell {
        status[i] = .gone
      } else if u < off + writeOff + sell + cure {
        var k = 0
        var d = Day(raw: due[i])
        while d.raw <= Int32(to) {
          d = d.adding(months: 1)
          k += 1
        }
        paid = min(balance[i], installment[i] * Int64(max(k, 1)))
        due[i] = d.raw
      } else if u < off + writeOff + sell + cure + one {
        paid = min(balance[i], installment[i])
        due[i] = Day(raw: due[i]).adding(months: 1).raw
      }
      if paid > 0 {
        if status[i] == .active {
          balance[i] -= paid
          if balance[i] == 0 { status[i] = .paid }
        }
        payments.text(Simulation.accountID(i))
        payments.byte(UInt8(ascii: ";"))
        payments.date(day)
        payments.byte(UInt8(ascii: ";"))
        payments.money(paid)
        payments.endRow()
      }
    }
    // New accounts: about 4% of the first file's each month.
    let fresh = generator.accounts * 4 / 100
    for _ in 0..<fresh { open(at: to, spread: false) }
  }

  /// One of `values`, chosen by `bits`.
  static func pick(_ values: [String], _ bits: UInt64) -> String {
    values[Int(bits % UInt64(values.count))]
  }

  static func accountID(_ i: Int) -> String {
    let digits = String(i + 1)
    return "OB" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
  }

  /// Writes the rows of the accounts in the file at this cut-off.
  mutating func writeFile(_ out: inout Chunked) {
    for i in 0..<balance.count where status[i] != .gone {
      // The fixed attributes of an account come from its number, not from the draws.
      var h = generator.seed ^ UInt64(i &+ 1) &* 0x9E37_79B9_7F4A_7C15
      let a = Xoshiro256.splitMix64(&h)
      let debtor = i - (i % 5 == 4 ? 1 : 0)
      var hd = generator.seed ^ UInt64(debtor &+ 1) &* 0xD1B5_4A32_D192_ED03
      let d = Xoshiro256.splitMix64(&hd)
      out.text(Simulation.accountID(i))
      out.byte(UInt8(ascii: ";"))
      out.number(1_000_000_000 + Int(d % 899_999_999))
      out.byte(UInt8(ascii: ";"))
      out.text(Simulation.pick(Simulation.firstNames, d >> 8))
      out.byte(UInt8(ascii: " "))
      out.text(Simulation.pick(Simulation.surnames, d >> 16))
      out.byte(UInt8(ascii: " "))
      out.text(Simulation.pick(Simulation.surnames, d >> 24))
      out.byte(UInt8(ascii: ";"))
      out.text(Simulation.pick(Simulation.segments, a))
      out.byte(UInt8(ascii: ";"))
      out.text(Simulation.pick(Simulation.products, a >> 8))
      out.byte(UInt8(ascii: ";"))
      out.text(Simulation.pick(Simulation.cities, d >> 32))
      out.byte(UInt8(ascii: ";"))
      out.text(Simulation.pick(Simulation.channels, a >> 16))
      out.byte(UInt8(ascii: ";"))
      out.money(installment[i])
      out.byte(UInt8(ascii: ";"))
      out.money(balance[i])
      out.byte(UInt8(ascii: ";"))
      out.date(Day(raw: due[i]))
      out.byte(UInt8(ascii: ";"))
      switch status[i] {
      case .active: out.text("Activa")
      case .paid: out.text("Pagada")
      case .writtenOff: out.text("Castigada")
      case .gone: break
      }
      out.endRow()
    }
  }
}
