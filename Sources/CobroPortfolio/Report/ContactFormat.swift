import CobroDiagnostics

/// Phone numbers as a Colombian collections file writes them, checked over raw UTF-8 bytes.
///
/// The reading cobro implements (`validate malformed_phone`):
/// - spaces, `-`, `.`, `(` and `)` are separators and are ignored;
/// - a Colombian number has 10 digits: a mobile starts with `3`, a landline with `60` (the national
///   numbering plan in force since September 2022 gives every landline `60` + area code + 7 digits,
///   so an old 7-digit landline is malformed);
/// - it may carry the country code as `+57`, `0057` or a bare `57` in front (12 digits);
/// - `+` (or `00`) with another country code is an international number of 8 to 15 digits in all
///   (E.164 allows at most 15);
/// - anything else (letters, `/` between two numbers, a `+` in the middle) is malformed.
public enum PhoneNumber {
  /// What a phone cell holds.
  public enum Kind: Hashable, Sendable {
    /// No phone.
    case empty
    /// A Colombian mobile: 10 digits starting with 3.
    case mobile
    /// A Colombian landline: 10 digits starting with 60.
    case landline
    /// A number with another country code.
    case international
    /// Not a number cobro can dial.
    case malformed(Problem)

    /// Whether a call can be placed to it.
    public var isDialable: Bool {
      switch self {
      case .mobile, .landline, .international: true
      case .empty, .malformed: false
      }
    }

    /// Whether it can receive WhatsApp and SMS (a landline cannot; a foreign number may).
    public var receivesMessages: Bool {
      switch self {
      case .mobile, .international: true
      case .empty, .landline, .malformed: false
      }
    }
  }

  /// Why a phone cell is malformed.
  public enum Problem: Hashable, Sendable {
    /// A character that is neither a digit nor a separator.
    case character(Unicode.Scalar)
    /// A `+` after the first digit.
    case misplacedPlus
    /// Only separators.
    case noDigits
    /// Seven digits: a landline written before the 2022 numbering plan.
    case oldLandline
    /// A number without country code whose length is not 10.
    case nationalLength(Int)
    /// `+57` followed by a number that is not 10 digits long.
    case afterCountryCode(Int)
    /// Ten digits that start neither with 3 nor with 60 (the first two digits).
    case nationalPrefix(UInt8, UInt8)
    /// An international number outside 8 to 15 digits.
    case internationalLength(Int)

    /// The reason as `validate` prints it.
    public var description: String {
      switch self {
      case .character(let c): "'\(c)' is not allowed in a phone number"
      case .misplacedPlus: "'+' may only start the number"
      case .noDigits: "no digits"
      case .oldLandline: "7 digits: landlines have 10 (60 + area code) since 2022"
      case .nationalLength(let n):
        "\(n) digit\(n == 1 ? "" : "s"): a Colombian number has 10 (a foreign one starts with +)"
      case .afterCountryCode(let n): "+57 must be followed by 10 digits, not \(n)"
      case .nationalPrefix(let a, let b):
        "starts with \(a)\(b): mobiles start with 3 and landlines with 60"
      case .internationalLength(let n):
        "\(n) digits after '+': international numbers have 8 to 15"
      }
    }
  }

  /// Classifies the bytes `p[s..<e]`.
  public static func classify(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Kind {
    if s >= e { return .empty }
    // The first 16 digits are kept; longer numbers only need their count.
    var digits: (UInt64, UInt64) = (0, 0)
    var n = 0
    var plus = false
    var i = s
    while i < e {
      let b = p[i]
      if b &- 48 <= 9 {
        if n < 16 { setDigit(&digits, n, b &- 48) }
        n += 1
      } else if b == 32 || b == 45 || b == 46 || b == 40 || b == 41 || b == 9 {
        // separator
      } else if b == 43 {
        if n > 0 || plus { return .malformed(.misplacedPlus) }
        plus = true
      } else {
        return .malformed(.character(decodeScalar(p, i, e)))
      }
      i += 1
    }
    if n == 0 { return .malformed(.noDigits) }
    let packed = digits
    @inline(__always) func d(_ k: Int) -> UInt8 { digit(packed, k) }
    var international = plus
    var first = 0
    if !plus && n >= 2 && d(0) == 0 && d(1) == 0 {
      international = true
      first = 2
    }
    if international {
      let m = n - first
      if m >= 2 && d(first) == 5 && d(first + 1) == 7 {
        return colombian(packed, from: first + 2, count: n - first - 2, afterCode: true)
      }
      return (8...15).contains(m) && d(first) != 0
        ? .international : .malformed(.internationalLength(m))
    }
    if n == 12 && d(0) == 5 && d(1) == 7 {
      return colombian(packed, from: 2, count: 10, afterCode: true)
    }
    if n == 7 { return .malformed(.oldLandline) }
    return colombian(packed, from: 0, count: n, afterCode: false)
  }

  /// Classifies a string (tests and single cells).
  public static func classify(_ text: String) -> Kind {
    var s = text
    return s.withUTF8 { bp in
      guard let b = bp.baseAddress else { return .empty }
      return classify(b, 0, bp.count)
    }
  }

  private static func colombian(
    _ digits: (UInt64, UInt64),
    from k: Int,
    count: Int,
    afterCode: Bool
  ) -> Kind {
    guard count == 10 else {
      return .malformed(afterCode ? .afterCountryCode(count) : .nationalLength(count))
    }
    let a = digit(digits, k)
    let b = digit(digits, k + 1)
    if a == 3 { return .mobile }
    if a == 6 && b == 0 { return .landline }
    return .malformed(.nationalPrefix(a, b))
  }

  /// Digits are packed four bits each: 0–7 in the first word, 8–15 in the second.
  @inline(__always)
  private static func setDigit(_ digits: inout (UInt64, UInt64), _ k: Int, _ v: UInt8) {
    if k < 8 {
      digits.0 |= UInt64(v) << (4 * UInt64(k))
    } else {
      digits.1 |= UInt64(v) << (4 * UInt64(k - 8))
    }
  }

  @inline(__always)
  private static func digit(_ digits: (UInt64, UInt64), _ k: Int) -> UInt8 {
    let word = k < 8 ? digits.0 : digits.1
    return UInt8(truncatingIfNeeded: (word >> (4 * UInt64(k & 7))) & 0xF)
  }
}

/// E-mail addresses, checked over raw UTF-8 bytes.
///
/// The reading cobro implements (`validate malformed_email`), the common subset of RFC 5321 that
/// mail senders accept: exactly one `@`; before it 1 to 64 of the characters
/// `A–Z a–z 0–9 . ! # $ % & ' * + / = ? ^ _ ` { | } ~ -`, with no `.` at either end and no two
/// in a row; after it at least two labels separated by `.`, each of letters, digits and `-` (not
/// at either end of a label), the last one (the top-level domain) of at least two letters; at
/// most 254 characters in all. Spaces and non-ASCII characters are refused (internationalised
/// addresses are rare and most senders reject them).
public enum EmailAddress {
  /// Why an address is malformed.
  public enum Problem: Hashable, Sendable {
    /// No `@`.
    case noAt
    /// Two or more `@`.
    case severalAt
    /// A space or another blank.
    case space
    /// A character not allowed where it is.
    case character(Unicode.Scalar)
    /// Nothing before `@`.
    case emptyLocalPart
    /// More than 64 characters before `@`.
    case localPartTooLong
    /// A `.` at either end of the local part, or two in a row.
    case dots
    /// Nothing after `@`.
    case emptyDomain
    /// A domain without a `.`.
    case domainWithoutDot
    /// An empty label, a label of more than 63 characters, or one starting or ending with `-`.
    case badLabel
    /// A top-level domain that is not at least two letters.
    case topLevelDomain
    /// More than 254 characters.
    case tooLong

    /// The reason as `validate` prints it.
    public var description: String {
      switch self {
      case .noAt: "no '@'"
      case .severalAt: "more than one '@'"
      case .space: "contains a space"
      case .character(let c): "'\(c)' is not allowed in an address"
      case .emptyLocalPart: "nothing before '@'"
      case .localPartTooLong: "more than 64 characters before '@'"
      case .dots: "a '.' at the start or end of the name, or two in a row"
      case .emptyDomain: "nothing after '@'"
      case .domainWithoutDot: "the domain has no '.'"
      case .badLabel: "an empty or badly formed part in the domain"
      case .topLevelDomain: "the domain must end in letters ('.com', '.co')"
      case .tooLong: "longer than 254 characters"
      }
    }
  }

  /// The problem of the bytes `p[s..<e]`, or `nil` when they are a well-formed address (an empty
  /// cell is the caller's business and reads as well formed).
  public static func problem(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Problem? {
    if s >= e { return nil }
    if e - s > 254 { return .tooLong }
    var at = -1
    var i = s
    while i < e {
      let b = p[i]
      if b <= 32 || b == 127 {
        return b == 32 || b == 9 ? .space : .character(Unicode.Scalar(b))
      }
      if b >= 0x80 { return .character(decodeScalar(p, i, e)) }
      if b == 64 {
        if at >= 0 { return .severalAt }
        at = i
      }
      i += 1
    }
    if at < 0 { return .noAt }
    if at == s { return .emptyLocalPart }
    if at - s > 64 { return .localPartTooLong }
    if p[s] == 46 || p[at - 1] == 46 { return .dots }
    i = s
    while i < at {
      let b = p[i]
      if b == 46 {
        if p[i + 1] == 46 { return .dots }
      } else if !isLocalCharacter(b) {
        return .character(Unicode.Scalar(b))
      }
      i += 1
    }
    let ds = at + 1
    if ds == e { return .emptyDomain }
    var labelStart = ds
    var labels = 0
    var lastLabelLetters = true
    i = ds
    while i <= e {
      if i == e || p[i] == 46 {
        let length = i - labelStart
        if length == 0 || length > 63 || p[labelStart] == 45 || p[i - 1] == 45 {
          return i == e && labels == 0 ? .domainWithoutDot : .badLabel
        }
        labels += 1
        if i == e { break }
        labelStart = i + 1
        lastLabelLetters = true
      } else {
        let b = p[i]
        let letter = (b | 0x20) &- 97 < 26
        if !letter && b &- 48 > 9 && b != 45 { return .character(Unicode.Scalar(b)) }
        if !letter { lastLabelLetters = false }
      }
      i += 1
    }
    if labels < 2 { return .domainWithoutDot }
    if !lastLabelLetters || e - labelStart < 2 { return .topLevelDomain }
    return nil
  }

  /// The problem of a string (tests and single cells).
  public static func problem(_ text: String) -> Problem? {
    var s = text
    return s.withUTF8 { bp in
      guard let b = bp.baseAddress else { return nil }
      return problem(b, 0, bp.count)
    }
  }

  /// Whether an ASCII byte may appear before `@` (besides `.`, handled apart): letters, digits
  /// and `!#$%&'*+/=?^_`{|}~-`, as a 128-bit mask (bit `b` set when byte `b` is allowed).
  @inline(__always)
  private static func isLocalCharacter(_ b: UInt8) -> Bool {
    let low: UInt64 = 0xa3ff_acfa_0000_0000
    let high: UInt64 = 0x7fff_ffff_c7ff_fffe
    return b < 64 ? (low >> UInt64(b)) & 1 != 0 : b < 128 && (high >> UInt64(b - 64)) & 1 != 0
  }
}

/// The Unicode scalar starting at `p[i]` (a replacement character when the bytes are not UTF-8).
func decodeScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Unicode.Scalar {
  var iterator = UnsafeBufferPointer(start: p + i, count: min(4, e - i)).makeIterator()
  var decoder = UTF8()
  if case .scalarValue(let u) = decoder.decode(&iterator) { return u }
  return "\u{FFFD}"
}

// MARK: - Contacts for dialers, and masking

extension PhoneNumber {
  /// The number in international digits without `+` (`573001234567`), as dialers and WhatsApp
  /// providers take it, or `nil` when it cannot be dialled.
  ///
  /// A Colombian number written without country code gets `57`; `+` or `00` in front of another
  /// country code is dropped.
  public static func internationalDigits(_ text: String) -> String? {
    let kind = classify(text)
    guard kind.isDialable else { return nil }
    let digits = String(
      String.UnicodeScalarView(text.unicodeScalars.filter { ("0"..."9").contains($0) })
    )
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.hasPrefix("+") { return digits }
    if digits.hasPrefix("00") { return String(digits.dropFirst(2)) }
    if digits.count == 10 && (kind == .mobile || kind == .landline) { return "57" + digits }
    return digits
  }
}

/// Hides most of a phone number or an e-mail address (`set mask on`).
///
/// A phone keeps only its last 4 digits (3 when it has fewer than 10), the others become `*`,
/// separators stay: `573001234567` → `********4567`. An address keeps the first character
/// before `@` and the domain: `juan.perez@example.com` → `j***@example.com`. A value with no
/// `@` and fewer than 7 digits becomes `***`, and so does a street address (a column named
/// `direccion`, `address`, `domicilio`).
///
/// A column is masked whole when its name says it holds contacts (`phone`, `celular`,
/// `correo_alterno`, `direccion`, …); in any other text cell, each e-mail address and each
/// phone number found in the text is masked in place, keeping the text's length (so a
/// diagnostic's caret still points at the right column).
public enum ContactMask {
  /// Parts of folded column names that mark a column of phones, addresses or e-mails.
  static let contactNameParts = [
    "phone", "telefono", "tel_", "celular", "movil", "mobile", "whatsapp", "fax", "email",
    "e_mail", "correo", "mail", "contact", "direccion", "address", "domicilio",
  ]

  /// Column names that identify accounts and debtors: never masked, users act on them.
  static let identifierNames: Set<String> = [
    "account_id", "debtor_id", "account", "debtor", "id", "file", "line", "column",
  ]

  /// Parts of folded column names that mark a column of street addresses, masked whole as
  /// `***`.
  static let streetNameParts = ["direccion", "address", "domicilio"]

  /// Whether a `show` field holds no contact whatever its text: an id, an amount, a date, a
  /// category or a computed field (the portfolio's own columns other than phone and e-mail).
  static func holdsNoContact(field: String) -> Bool {
    let folded = CanonicalSchema.fold(field)
    if identifierNames.contains(folded) || CanonicalSchema.computedNames.contains(folded) {
      return true
    }
    return CanonicalSchema.fields.contains { $0.name == folded && $0.name != "debtor_name" }
      && !isContactColumn(folded)
  }

  /// Whether a column's name says it holds street addresses (`direccion`, `address`).
  public static func isStreetColumn(_ name: String) -> Bool {
    let folded = CanonicalSchema.fold(name)
    return streetNameParts.contains { folded.contains($0) } && !folded.contains("mail")
  }

  /// Whether a column's name says it holds phones, e-mails or addresses.
  public static func isContactColumn(_ name: String) -> Bool {
    let folded = CanonicalSchema.fold(name)
    if folded == "tel" { return true }
    return contactNameParts.contains { folded.contains($0) }
  }

  /// The masked form of a phone or an address (by whether it has `@`); empty stays empty.
  public static func mask(_ s: String) -> String {
    if s.isEmpty { return s }
    return s.contains("@") ? email(s) : phone(s)
  }

  /// A masked phone.
  public static func phone(_ s: String) -> String {
    let total = s.unicodeScalars.filter { ("0"..."9").contains($0) }.count
    guard total >= 7 else { return "***" }
    let kept = total >= 10 ? 4 : 3
    var seen = 0
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
      if ("0"..."9").contains(u) {
        out.append(seen >= total - kept ? u : "*")
        seen += 1
      } else {
        out.append(u)
      }
    }
    return String(out)
  }

  /// A masked address.
  public static func email(_ s: String) -> String {
    guard let at = s.lastIndex(of: "@"), let first = s.first, at != s.startIndex else {
      return "***"
    }
    return String(first) + "***" + s[at...]
  }

  /// `text` with every e-mail address and phone number in it masked, each character hidden
  /// becoming one `*` (the length stays).
  ///
  /// An address is a run of address characters around one `@` whose domain has a dot; it keeps
  /// its first character and its domain. A phone is a run of digits and phone separators
  /// (space, `-`, `(`, `)`, a leading `+`) that reads as a dialable number and is not part of
  /// an amount; it keeps its last 4 digits as `phone(_:)` does.
  public static func maskingInText(_ text: String) -> String {
    var chars = Array(text.unicodeScalars)
    maskEmails(&chars)
    maskPhones(&chars)
    return String(String.UnicodeScalarView(chars))
  }

  private static func isLocalCharacter(_ u: Unicode.Scalar) -> Bool {
    u.isASCII
      && (u.properties.isAlphabetic || ("0"..."9").contains(u)
        || "._%+-'".unicodeScalars.contains(u))
  }

  private static func isDomainCharacter(_ u: Unicode.Scalar) -> Bool {
    u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "." || u == "-")
  }

  private static func maskEmails(_ chars: inout [Unicode.Scalar]) {
    for at in chars.indices where chars[at] == "@" {
      var start = at
      while start > 0 && isLocalCharacter(chars[start - 1]) { start -= 1 }
      var end = at + 1
      while end < chars.count && isDomainCharacter(chars[end]) { end += 1 }
      let domain = chars[(at + 1)..<end]
      guard at - start >= 1, domain.contains("."), domain.first != "." else { continue }
      for i in (start + 1)..<at { chars[i] = "*" }
    }
  }

  private static func isPhoneCharacter(_ u: Unicode.Scalar) -> Bool {
    ("0"..."9").contains(u) || u == " " || u == "-" || u == "(" || u == ")" || u == "+"
  }

  private static func maskPhones(_ chars: inout [Unicode.Scalar]) {
    var i = 0
    while i < chars.count {
      guard ("0"..."9").contains(chars[i]) || chars[i] == "+" || chars[i] == "(" else {
        i += 1
        continue
      }
      var end = i
      while end < chars.count && isPhoneCharacter(chars[end]) { end += 1 }
      // The run ends at its last digit; what follows is text.
      var last = end - 1
      while last > i && !("0"..."9").contains(chars[last]) { last -= 1 }
      // A run glued to the letters of a word (`CO-0000001`) is not a phone, nor one with a
      // decimal part (`3000000000.00`, an amount).
      let glued = i > 0 && (chars[i - 1].properties.isAlphabetic || chars[i - 1] == "_")
      let decimal =
        last + 2 < chars.count && chars[last + 1] == "." && ("0"..."9").contains(chars[last + 2])
        || i >= 2 && chars[i - 1] == "." && ("0"..."9").contains(chars[i - 2])
      if !glued, !decimal, last >= i {
        maskRun(&chars, i, last + 1)
      }
      i = end
    }
  }

  /// Masks `chars[s..<e]` when it is a phone, else each space-separated piece that is one.
  private static func maskRun(_ chars: inout [Unicode.Scalar], _ s: Int, _ e: Int) {
    if isPhone(chars[s..<e]) {
      hideDigits(&chars, s, e)
      return
    }
    var p = s
    while p < e {
      var q = p
      while q < e && chars[q] != " " { q += 1 }
      if q > p && isPhone(chars[p..<q]) { hideDigits(&chars, p, q) }
      p = q + 1
    }
  }

  private static func isPhone(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
    PhoneNumber.classify(String(String.UnicodeScalarView(run))).isDialable
  }

  private static func hideDigits(_ chars: inout [Unicode.Scalar], _ s: Int, _ e: Int) {
    let total = chars[s..<e].filter { ("0"..."9").contains($0) }.count
    let kept = total >= 10 ? 4 : 3
    var seen = 0
    for i in s..<e where ("0"..."9").contains(chars[i]) {
      if seen < total - kept { chars[i] = "*" }
      seen += 1
    }
  }

  /// A copy of a diagnostic with the contacts in its message, source line and notes masked
  /// (`set mask on` for a load's rejected rows).
  public static func masking(_ d: Diagnostic) -> Diagnostic {
    var copy = d
    copy.message = Diagnostic.Message(maskingInText(d.message.text))
    copy.sourceLine = d.sourceLine.map(maskingInText)
    copy.notes = d.notes.map { Diagnostic.Message(maskingInText($0.text)) }
    return copy
  }
}

extension ResultTable {
  /// A copy with phones and addresses masked: the cells of columns named as contacts
  /// (``ContactMask/isContactColumn(_:)``) whole, every other text cell but identifiers where
  /// it holds an address or a phone, and in `field, value` rows by the field's name.
  public func maskingContacts() -> ResultTable {
    var copy = self
    let fieldValue = columns.count == 2 && columns[0].name == "field" && columns[1].name == "value"
    for c in columns.indices {
      let name = columns[c].name
      let whole = ContactMask.isContactColumn(name)
      if !whole && ContactMask.identifierNames.contains(name) { continue }
      for r in copy.rows.indices where c < copy.rows[r].count {
        guard case .text(let s) = copy.rows[r][c] else { continue }
        var masked = whole ? ContactMask.mask(s) : ContactMask.maskingInText(s)
        if ContactMask.isStreetColumn(name) && !s.isEmpty { masked = "***" }
        if fieldValue, c == 1, case .text(let f) = copy.rows[r][0] {
          if ContactMask.isStreetColumn(f) {
            masked = s.isEmpty ? s : "***"
          } else if ContactMask.isContactColumn(f) {
            masked = ContactMask.mask(s)
          } else if ContactMask.holdsNoContact(field: f) {
            masked = s
          }
        }
        copy.rows[r][c] = .text(masked)
      }
    }
    return copy
  }
}
