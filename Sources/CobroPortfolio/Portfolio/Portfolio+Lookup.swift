import CobroDiagnostics

/// Finding an account or a debtor by an id typed the way people write ids.
///
/// An id is found exactly first. Otherwise it is compared by its key: letters uppercased,
/// everything but letters and digits dropped, and leading zeros dropped from each run of
/// digits (`900.123.456` and `900 123 456` are `900123456`; `0012345` is `12345`; `co-2` is
/// `CO-0000002`). When that finds nothing, a NIT check digit is set aside: one digit after a
/// final `-` (`900.123.456-7`), or a last digit that is the DIAN check digit of the digits
/// before it (`9001234568`), on the typed id or on the stored one.
///
/// A lookup reads every stored id up to three times; it polls Ctrl-C (``Interruption``) every
/// ``Interruption/stride`` rows and answers ``IDMatch/interrupted`` when it was stopped.
extension Portfolio {
  /// What a forgiving lookup found.
  public enum IDMatch: Equatable, Sendable {
    /// The one stored id the typed one stands for.
    case found(String)
    /// No id matches.
    case none
    /// Several stored ids match (the first few, sorted).
    case ambiguous([String])
    /// Ctrl-C stopped the search before it could tell.
    case interrupted
  }

  /// The most candidates an ambiguous match lists.
  public static let maxCandidates = 10

  /// The stored account id a typed one stands for.
  public func matchAccount(_ typed: String) -> IDMatch {
    do {
      // The account index is built on the first lookup: a build stopped by Ctrl-C keeps none.
      try buildAccountIndex()
      if row(ofAccount: typed) != nil { return .found(typed) }
      return try match(typed, column: "account_id", exactChecked: true)
    } catch {
      return .interrupted
    }
  }

  /// The stored debtor id a typed one stands for.
  public func matchDebtor(_ typed: String) -> IDMatch {
    do {
      return try match(typed, column: "debtor_id", exactChecked: false)
    } catch {
      return .interrupted
    }
  }

  /// The label of a lookup's progress (``Interruption/checkpoint(_:done:of:)``).
  static let lookupWork = "looking up"

  private func match(
    _ typed: String,
    column name: String,
    exactChecked: Bool
  ) throws(CobroError) -> IDMatch {
    guard case .text(let ids)? = column(named: name)?.data else { return .none }
    if !exactChecked {
      if try firstRow(of: ids, equalTo: Array(typed.utf8)) != nil { return .found(typed) }
    }
    let key = IDKey.key(Array(typed.utf8))
    guard !key.isEmpty else { return .none }
    let byKey = try candidates(ids) { _, storedKey in storedKey == key }
    if !byKey.isEmpty { return IDMatch(byKey) }
    let typedBase = IDKey.withoutCheckDigit(Array(typed.utf8)).map(IDKey.key)
    let byCheckDigit = try candidates(ids) { stored, storedKey in
      (typedBase != nil && storedKey == typedBase)
        || IDKey.withoutCheckDigit(stored).map(IDKey.key) == key
    }
    return IDMatch(byCheckDigit)
  }

  /// The first row of `ids` holding exactly `bytes`.
  private func firstRow(
    of ids: TextColumn,
    equalTo bytes: [UInt8]
  ) throws(CobroError) -> Int? {
    var start = 0
    while start < rowCount {
      try Interruption.checkpoint(Self.lookupWork, done: start, of: rowCount)
      let end = min(start + Interruption.stride, rowCount)
      let found = bytes.withUnsafeBufferPointer { bp in
        (start..<end).first { ids.equals($0, bp) }
      }
      if let found { return found }
      start = end
    }
    return nil
  }

  /// The distinct stored ids whose bytes and key satisfy `matches`, in row order.
  private func candidates(
    _ ids: TextColumn,
    _ matches: ([UInt8], [UInt8]) -> Bool
  ) throws(CobroError) -> [String] {
    var out: [String] = []
    var seen = Set<String>()
    let view = ids.view
    let p = UnsafePointer(ids.bytes.base)
    var start = 0
    // One buffer each for every row's bytes and key: no allocation per row.
    var raw: [UInt8] = []
    var key: [UInt8] = []
    for r in 0..<rowCount {
      if r % Interruption.stride == 0 {
        try Interruption.checkpoint(Self.lookupWork, done: r, of: rowCount)
      }
      let end = view.end(r)
      defer { start = end }
      guard end > start else { continue }
      raw.removeAll(keepingCapacity: true)
      raw.append(contentsOf: UnsafeBufferPointer(start: p + start, count: end - start))
      IDKey.key(raw, into: &key)
      if matches(raw, key) {
        let id = String(decoding: raw, as: UTF8.self)
        if seen.insert(id).inserted { out.append(id) }
      }
    }
    return out
  }
}

extension Portfolio.IDMatch {
  /// The match of a list of distinct candidates.
  fileprivate init(_ candidates: [String]) {
    switch candidates.count {
    case 0: self = .none
    case 1: self = .found(candidates[0])
    default: self = .ambiguous(Array(candidates.sorted().prefix(Portfolio.maxCandidates)))
    }
  }
}

/// The comparison key of an id and its NIT check digit.
enum IDKey {
  /// The key of an id's bytes.
  ///
  /// Letters uppercased, only letters and digits kept, leading zeros of each run of digits
  /// dropped (a run of zeros keeps one). Bytes outside ASCII are kept as they are.
  static func key(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    key(bytes, into: &out)
    return out
  }

  /// The key of an id's bytes, written over `out`.
  static func key(_ bytes: [UInt8], into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    out.reserveCapacity(bytes.count)
    var runStart = -1
    for b in bytes {
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        if runStart < 0 { runStart = out.count }
        // A zero that would lead its run replaces nothing yet: drop it unless it ends the run.
        if out.count == runStart + 1 && out[runStart] == UInt8(ascii: "0") {
          out[runStart] = b
        } else {
          out.append(b)
        }
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        runStart = -1
        out.append(b - 32)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x80...:
        runStart = -1
        out.append(b)
      default:
        // Separators do not end a run of digits: `900.123.456` is one number.
        break
      }
    }
  }

  /// The id without its NIT check digit: the digit after a final `-` (spaces around it
  /// allowed), or the last digit of an id of digits only (separators allowed) when it is the
  /// DIAN check digit of the others; `nil` otherwise.
  static func withoutCheckDigit(_ bytes: [UInt8]) -> [UInt8]? {
    var end = bytes.count
    while end > 0 && bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
    guard end >= 2, bytes[end - 1] &- 48 <= 9 else { return nil }
    var i = end - 2
    while i > 0 && bytes[i] == UInt8(ascii: " ") { i -= 1 }
    if bytes[i] == UInt8(ascii: "-") {
      return Array(bytes[..<i])
    }
    let digits = bytes[..<end].filter { $0 &- 48 <= 9 }
    let onlyDigits = bytes[..<end].allSatisfy {
      $0 &- 48 <= 9 || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: " ")
    }
    guard onlyDigits, digits.count >= 7, digits.count <= 16 else { return nil }
    let body = Array(digits.dropLast())
    guard let last = digits.last, checkDigit(body) == Int(last - 48) else { return nil }
    return body
  }

  /// The DIAN check digit of a NIT's digits (weights 3, 7, 13, 17… from the right).
  static func checkDigit(_ digits: [UInt8]) -> Int {
    let weights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]
    var sum = 0
    for (k, d) in digits.reversed().enumerated() where k < weights.count {
      sum += Int(d - 48) * weights[k]
    }
    let r = sum % 11
    return r < 2 ? r : 11 - r
  }
}
