extension PortfolioGenerator {
  /// A debtor's payment habit, the hidden variable behind its accounts and payments.
  enum Behaviour: Int {
    /// Pays every installment on time, nearly always.
    case punctual
    /// Pays late now and then.
    case occasional
    /// Pays late most of the time, with long arrears.
    case habitual
    /// A recent customer with fewer than three past installments.
    case new
  }

  /// A contact channel of `spec/portfolio-csv.md`, in the order of its list.
  enum Channel: Int, CaseIterable {
    /// WhatsApp message.
    case whatsapp
    /// E-mail.
    case email
    /// Phone call.
    case call
    /// Text message.
    case sms

    /// The canonical spelling.
    var text: StaticString {
      switch self {
      case .whatsapp: "whatsapp"
      case .email: "email"
      case .call: "call"
      case .sms: "sms"
      }
    }

    /// This channel's bit in a set of channels.
    var bit: UInt8 { 1 << UInt8(rawValue) }
  }

  /// What kind of phone number a debtor gave.
  enum PhoneKind: UInt8 {
    /// No phone.
    case none
    /// A mobile number (`3XX XXX XXXX`): calls, text messages and WhatsApp.
    case mobile
    /// A landline (`60X XXX XXXX`): calls only.
    case landline
  }

  /// Everything about a debtor, drawn from the seed and the debtor's number alone.
  ///
  /// Names and words are indices into the `Vocabulary`, so a debtor is a few dozen bytes and
  /// is rebuilt, not stored, for each of its accounts.
  struct Debtor {
    /// The debtor's number, 0-based, in order of first appearance.
    var number: Int
    /// A company (NIT) rather than a person (cédula).
    var isCompany = false
    /// The cédula, or the NIT without its check digit.
    var idValue: UInt64 = 0
    /// The NIT's check digit (companies only).
    var checkDigit = 0
    /// The payment habit.
    var behaviour = Behaviour.punctual
    /// Segment 0...3 (A...D).
    var segment = 0
    /// How the name is capitalised.
    var letterCase = LetterCase.plain
    /// Whether the name holds a comma or quotes (`Surnames, First names`; a quoted trade name).
    var nameHasPunctuation = false
    /// Persons: whether the name is female (which first-name list).
    var female = false
    /// The first first name (persons) or the prefix, `Distribuidora` (companies).
    var word1 = 0
    /// The second first name or -1 (persons), or the region or trade name (companies).
    var word2 = -1
    /// The first surname (persons) or the surname used in the name (companies).
    var word3 = 0
    /// The second surname, or -1 for a person with one surname.
    var word4 = -1
    /// Companies: the name pattern 0...4 (see `writeName`).
    var pattern = 0
    /// Companies: the legal form.
    var legalForm = 0
    /// Index into the city list.
    var city = 0
    /// The phone's kind.
    var phoneKind = PhoneKind.none
    /// The ten digits of the phone number.
    var phoneDigits: UInt64 = 0
    /// How the phone is written, 0...4.
    var phoneFormat = 0
    /// How the e-mail address is built; 0 means no e-mail.
    var emailStyle = 0
    /// The index of the e-mail domain (persons) or of the mailbox (companies).
    var emailDomain = 0
    /// A deliberate defect of the address (`QualityIssue.malformedEmail`), 0 for none.
    var emailDefect = 0
    /// A two-digit number some addresses carry (`mariapena84`).
    var emailNumber = 0
    /// Whether the company domain ends in `.com.co` rather than `.com`.
    var colombianDomain = true
    /// The preferred channel.
    var channel = Channel.whatsapp
    /// The authorised channels, one bit per `Channel`; always holds `channel`.
    var authorized: UInt8 = 0
  }

  /// Cumulative weights of the behaviours of persons.
  private static let personBehaviours = cumulative([40, 30, 20, 10])
  /// Cumulative weights of the behaviours of companies.
  private static let companyBehaviours = cumulative([45, 32, 15, 8])
  /// Cumulative weights of segments A-D per behaviour.
  private static let segmentsByBehaviour = [
    cumulative([30, 35, 25, 10]), cumulative([15, 35, 35, 15]), cumulative([5, 20, 40, 35]),
    cumulative([10, 30, 40, 20]),
  ]
  /// Cumulative weights of the cities.
  private static let cityWeights = cumulative(cityList.map(\.weight))
  /// Cumulative weights of the legal forms.
  private static let legalFormWeights = cumulative([65, 20, 10, 5])
  /// Cumulative weights of the e-mail domains of persons.
  private static let domainWeights = cumulative(personEmailDomains.map(\.weight))
  /// Mobile prefixes of Colombian operators (300-305, 310-324, 350-351).
  private static let mobilePrefixes: [UInt64] = Array(300...305) + Array(310...324) + [350, 351]

  /// Running sums of `weights`, for `Xoshiro256.pick(cumulative:)`.
  static func cumulative(_ weights: [Int]) -> [Int] {
    var sum = 0
    return weights.map { w in
      sum += w
      return sum
    }
  }

  /// Draws debtor `number` from its own random stream.
  func makeDebtor(_ number: Int, vocabulary v: Vocabulary) -> Debtor {
    var r = Xoshiro256(seed: seed, stream: 1, index: UInt64(number))
    var d = Debtor(number: number)
    d.isCompany = r.chance(0.15)
    let n = UInt64(number)
    if d.isCompany {
      // NIT 800.000.000-999.999.999: an injective map of the number (the multiplier is prime
      // to 2 * 10^8), so debtor ids never collide below 200 million debtors.
      d.idValue = 800_000_000 + (n &* 73_939_133 &+ seedOffset) % 200_000_000
      d.checkDigit = PortfolioGenerator.nitCheckDigit(d.idValue)
      d.behaviour = Behaviour(rawValue: r.pick(cumulative: Self.companyBehaviours)) ?? .punctual
    } else if r.chance(0.55) {
      // A ten-digit cédula 1.000.000.000-1.099.999.999 (issued since 2004).
      d.idValue = 1_000_000_000 + (n &* 62_089_911 &+ seedOffset) % 100_000_000
      d.behaviour = Behaviour(rawValue: r.pick(cumulative: Self.personBehaviours)) ?? .punctual
    } else {
      // An older eight-digit cédula 10.000.000-99.999.999.
      d.idValue = 10_000_000 + (n &* 7_919_443 &+ seedOffset) % 90_000_000
      d.behaviour = Behaviour(rawValue: r.pick(cumulative: Self.personBehaviours)) ?? .punctual
    }
    d.segment = r.pick(cumulative: Self.segmentsByBehaviour[d.behaviour.rawValue])
    let caseDraw = r.below(100)
    d.letterCase = caseDraw < 85 ? .plain : caseDraw < 93 ? .upper : .upperFolded
    if d.isCompany {
      drawCompanyName(&d, &r, v)
    } else {
      drawPersonName(&d, &r, v)
    }
    d.city = r.pick(cumulative: Self.cityWeights)
    drawContact(&d, &r)
    return d
  }

  /// Chooses the words of a person's name; about 0.7% are written `Surnames, First names`.
  private func drawPersonName(_ d: inout Debtor, _ r: inout Xoshiro256, _ v: Vocabulary) {
    d.female = r.chance(0.5)
    let names = d.female ? v.femaleNames : v.maleNames
    d.word1 = r.below(names.count)
    if r.chance(0.4) {
      // Compound first names: María José, Juan Carlos, Luz Marina.
      d.word2 = r.below(names.count)
      if d.word2 == d.word1 { d.word2 = -1 }
      if d.female && r.chance(0.35) {
        d.word1 = 0  // María
        if d.word2 == 0 { d.word2 = -1 }
      }
    }
    d.word3 = r.below(v.surnames.count)
    d.word4 = r.chance(0.93) ? r.below(v.surnames.count) : -1
    d.nameHasPunctuation = r.chance(0.007)
  }

  /// Chooses the pattern and words of a company name; about 4% carry a quoted trade name.
  private func drawCompanyName(_ d: inout Debtor, _ r: inout Xoshiro256, _ v: Vocabulary) {
    d.word1 = r.below(v.companyPrefixes.count)
    d.word3 = r.below(v.surnames.count)
    d.word4 = r.below(v.surnames.count)
    d.legalForm = r.pick(cumulative: Self.legalFormWeights)
    d.nameHasPunctuation = r.chance(0.04)
    if d.nameHasPunctuation {
      d.word2 = r.below(v.tradeNames.count)
    } else {
      d.pattern = r.pick(cumulative: [40, 70, 80, 90, 100])
      d.word2 = r.below(v.companyRegions.count)
    }
  }

  /// Chooses phone, e-mail and channels so that every authorised channel can be used.
  private func drawContact(_ d: inout Debtor, _ r: inout Xoshiro256) {
    let phoneDraw = r.below(100)
    if d.isCompany {
      d.phoneKind = phoneDraw < 55 ? .mobile : phoneDraw < 95 ? .landline : .none
      d.emailStyle = r.chance(0.97) ? 1 + r.below(2) : 0
    } else {
      d.phoneKind = phoneDraw < 96 ? .mobile : .none
      d.emailStyle = r.chance(0.85) ? 1 + r.below(5) : 0
    }
    if d.phoneKind == .none && d.emailStyle == 0 {
      d.phoneKind = .mobile
    }
    switch d.phoneKind {
    case .mobile:
      let prefix = Self.mobilePrefixes[r.below(Self.mobilePrefixes.count)]
      d.phoneDigits = prefix * 10_000_000 + UInt64(r.below(10_000_000))
      d.phoneFormat = r.pick(cumulative: [45, 75, 85, 95, 100])
    case .landline:
      let area = UInt64(PortfolioGenerator.cityList[d.city].areaCode)
      d.phoneDigits = area * 10_000_000 + UInt64(2_000_000 + r.below(8_000_000))
      d.phoneFormat = r.pick(cumulative: [50, 80, 100])
    case .none:
      break
    }
    if d.isCompany {
      d.emailDomain = r.below(PortfolioGenerator.companyMailboxes.count)
      d.colombianDomain = r.chance(0.7)
    } else {
      d.emailDomain = r.pick(cumulative: Self.domainWeights)
    }
    d.emailNumber = r.int(in: 1...99)

    // Channels this debtor can be reached through, then the preferred one by weight.
    var available: UInt8 = 0
    if d.phoneKind == .mobile {
      available |= Channel.whatsapp.bit | Channel.sms.bit | Channel.call.bit
    }
    if d.phoneKind == .landline { available |= Channel.call.bit }
    if d.emailStyle != 0 { available |= Channel.email.bit }
    let weights = [45, 18, 25, 12]  // whatsapp, email, call, sms
    var cumulative: [Int] = []
    var sum = 0
    for c in Channel.allCases {
      if available & c.bit != 0 { sum += weights[c.rawValue] }
      cumulative.append(sum)
    }
    d.channel = Channel(rawValue: r.pick(cumulative: cumulative)) ?? .call
    d.authorized = d.channel.bit
    for c in Channel.allCases where available & c.bit != 0 && c != d.channel {
      if r.chance(0.35) { d.authorized |= c.bit }
    }
  }

  /// The DIAN check digit of a NIT (weights 3, 7, 13, … from the last digit, modulo 11).
  static func nitCheckDigit(_ nit: UInt64) -> Int {
    let weights: [UInt64] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]
    var v = nit
    var sum: UInt64 = 0
    var i = 0
    while v > 0 {
      sum += (v % 10) * weights[i]
      v /= 10
      i += 1
    }
    let r = Int(sum % 11)
    return r >= 2 ? 11 - r : r
  }
}
