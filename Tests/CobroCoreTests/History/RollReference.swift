import CobroCore
import CobroDiagnostics
import CobroPortfolio
import CobroShell
import Foundation

/// An independent reading of cut-off files and roll matrix, written the plain way: each file
/// split on `;` into dictionaries by account id, days overdue from Foundation's calendar, and
/// the matrix as a dictionary keyed by "from>to".
enum RollReference {
  /// One account of a cut-off.
  struct Account {
    var bucket: String
    var status: String
    var balance: Int64
    var segment: String
  }

  /// One cell.
  struct Cell: Equatable {
    var accounts = 0
    var opening: Int64 = 0
    var closing: Int64 = 0
  }

  static let labels = ["current", "1-30", "31-60", "61-90", "91-180", "181-360", "361+"]

  /// A value that must be there.
  struct Missing: Error {}

  static func need<T>(_ value: T?) throws -> T {
    guard let value else { throw Missing() }
    return value
  }

  /// Reads a file of the Colombian shape (`;`, `DD/MM/YYYY`, `$ 1.234.567,89`).
  static func read(_ text: String, cutoff: String) throws -> [String: Account] {
    var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    let header = lines.removeFirst().split(separator: ";", omittingEmptySubsequences: false)
      .map { String($0) }
    func at(_ name: String) throws -> Int { try need(header.firstIndex(of: name)) }
    let id = try at("Obligación")
    let balance = try at("Saldo")
    let due = try at("Fecha Vencimiento")
    let status = try at("Estado")
    let segment = try at("Segmento")
    var out: [String: Account] = [:]
    for line in lines {
      let f = line.split(separator: ";", omittingEmptySubsequences: false).map { String($0) }
      let cents = try money(f[balance])
      let days = try daysBetween(f[due], and: cutoff)
      var bucket = "current"
      if cents > 0 && days > 0 {
        switch days {
        case 1...30: bucket = "1-30"
        case 31...60: bucket = "31-60"
        case 61...90: bucket = "61-90"
        case 91...180: bucket = "91-180"
        case 181...360: bucket = "181-360"
        default: bucket = "361+"
        }
      }
      let s: String
      switch f[status].lowercased() {
      case "pagada": s = "paid"
      case "castigada": s = "written_off"
      default: s = "active"
      }
      out[f[id]] = Account(bucket: bucket, status: s, balance: cents, segment: f[segment])
    }
    return out
  }

  /// `$ 1.234.567,89` in cents.
  static func money(_ text: String) throws -> Int64 {
    try need(Int64(text.filter { $0.isNumber }))
  }

  /// Days from a `DD/MM/YYYY` date to a `YYYY-MM-DD` one.
  static func daysBetween(_ dmy: String, and iso: String) throws -> Int {
    let p = try dmy.split(separator: "/").map { try need(Int($0)) }
    let q = try iso.split(separator: "-").map { try need(Int($0)) }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try need(TimeZone(identifier: "UTC"))
    let a = try need(calendar.date(from: DateComponents(year: p[2], month: p[1], day: p[0])))
    let b = try need(calendar.date(from: DateComponents(year: q[0], month: q[1], day: q[2])))
    return try need(calendar.dateComponents([.day], from: a, to: b).day)
  }

  /// The roll from one cut-off to the next: "from>to" → cell.
  static func roll(_ from: [String: Account], _ to: [String: Account]) -> [String: Cell] {
    var cells: [String: Cell] = [:]
    func target(_ a: Account) -> String { a.status == "active" ? a.bucket : a.status }
    for (id, a) in from where a.status == "active" {
      let key: String
      var closing: Int64 = 0
      if let b = to[id] {
        key = a.bucket + ">" + target(b)
        closing = b.balance
      } else {
        key = a.bucket + ">left"
      }
      var cell = cells[key, default: Cell()]
      cell.accounts += 1
      cell.opening += a.balance
      cell.closing += closing
      cells[key] = cell
    }
    for (id, b) in to where from[id] == nil {
      let key = "new>" + target(b)
      var cell = cells[key, default: Cell()]
      cell.accounts += 1
      cell.closing += b.balance
      cells[key] = cell
    }
    return cells
  }
}
