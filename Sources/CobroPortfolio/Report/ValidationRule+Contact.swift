/// The contact law of the validation rules: the channel each account prefers and whether its
/// contact data can reach it.
extension ValidationRule {
  /// The channels, with the contact each one needs.
  enum ChannelKind: CaseIterable {
    case whatsapp, email, call, sms

    /// The canonical name.
    var name: String {
      switch self {
      case .whatsapp: "whatsapp"
      case .email: "email"
      case .call: "call"
      case .sms: "sms"
      }
    }

    /// A bit per channel, for authorised-channel masks.
    var bit: UInt8 {
      switch self {
      case .whatsapp: 1
      case .email: 2
      case .call: 4
      case .sms: 8
      }
    }

    /// The channel a canonical or Spanish spelling names.
    init?(_ word: String) {
      switch Vocabulary.closed["channel"]?[CanonicalSchema.fold(word)] {
      case "whatsapp": self = .whatsapp
      case "email": self = .email
      case "call": self = .call
      case "sms": self = .sms
      default: return nil
      }
    }
  }

  /// The channel of each code of a channel column (`nil` for the empty code).
  static func channelKinds(_ column: CategoryColumn) -> [ChannelKind?] {
    column.values.map { ChannelKind($0) }
  }

  /// The channels an `authorized_channels` cell names, as a bit mask.
  static func authorizedMask(_ value: String) -> UInt8 {
    var mask: UInt8 = 0
    for word in value.split(whereSeparator: { "|,;/".contains($0) }) {
      let trimmed = String(word).trimmingCharacters(in: " \t")
      if let kind = ChannelKind(trimmed) { mask |= kind.bit }
    }
    return mask
  }

  /// The class of row `r`'s phone.
  @inline(__always)
  static func phoneKind(_ phone: TextView, _ r: Int) -> PhoneNumber.Kind {
    let (s, e) = phone.bounds(r)
    return PhoneNumber.classify(phone.bytes, s, e)
  }

  /// The problem of row `r`'s e-mail (`nil` when empty or well formed).
  @inline(__always)
  static func emailProblem(_ email: TextView, _ r: Int) -> EmailAddress.Problem? {
    let (s, e) = email.bounds(r)
    return EmailAddress.problem(email.bytes, s, e)
  }

  /// Why an account cannot be reached on its preferred channel.
  enum ContactIssue {
    /// A phone channel and no phone.
    case noPhone(ChannelKind)
    /// WhatsApp or SMS to a landline.
    case landline(ChannelKind)
    /// A phone channel and a malformed phone.
    case badPhone(ChannelKind, PhoneNumber.Problem)
    /// E-mail and no address.
    case noAddress
    /// E-mail and a malformed address.
    case badAddress(EmailAddress.Problem)

    /// The reason as `validate` prints it.
    var description: String {
      switch self {
      case .noPhone(let k): "no phone for \(k.name)"
      case .landline(let k): "no mobile for \(k.name): the phone is a landline"
      case .badPhone(let k, let p): "the phone for \(k.name) is malformed (\(p.description))"
      case .noAddress: "no address for email"
      case .badAddress(let p): "the address for email is malformed (\(p.description))"
      }
    }
  }

  /// Why row `r` cannot be reached on its preferred channel, or `nil` when it can (or when the
  /// file lacks the contact column the channel needs).
  @inline(__always)
  static func contactIssue(
    _ kind: ChannelKind?,
    phone: TextView?,
    email: TextView?,
    _ r: Int
  ) -> ContactIssue? {
    switch kind {
    case .none:
      return nil
    case .email?:
      guard let email else { return nil }
      if email.isEmpty(r) { return .noAddress }
      return emailProblem(email, r).map { .badAddress($0) }
    case .some(let k):
      guard let phone else { return nil }
      switch phoneKind(phone, r) {
      case .empty: return .noPhone(k)
      case .malformed(let problem): return .badPhone(k, problem)
      case .landline where k != .call: return .landline(k)
      default: return nil
      }
    }
  }
}
