import CobroPortfolio

/// The public holidays of Colombia ("festivos"), computed for any year.
///
/// Eighteen a year, from three rules:
/// - fixed, never moved: January 1, May 1, July 20, August 7, December 8, December 25;
/// - moved to the following Monday when they do not fall on a Monday (Ley 51 de 1983, "Ley
///   Emiliani"): January 6, March 19, June 29, August 15, October 12, November 1, November 11;
/// - from Easter Sunday: Holy Thursday (Easter − 3) and Good Friday (Easter − 2), not moved;
///   Ascension (Easter + 43), Corpus Christi (Easter + 64) and Sacred Heart (Easter + 71), which
///   already fall on Mondays.
///
/// Two may fall on the same day (in 2014 Sacred Heart and Saint Peter and Saint Paul were both
/// on June 30): `holidays(year:)` keeps both names, so a year has 18 entries but may have 17
/// days off.
public enum ColombianHolidays {
  /// The years computed: the Gregorian years `Day` can represent.
  public static let years: ClosedRange<Int> = 1583...9999

  /// Whether `day` is a Colombian public holiday.
  public static func isHoliday(_ day: Day) -> Bool {
    name(of: day) != nil
  }

  /// The name of the holiday on `day`, or `nil` when it is not one (the first name when two
  /// holidays share the day).
  public static func name(of day: Day) -> String? {
    let year = day.civil.year
    guard years.contains(year) else { return nil }
    return holidays(year: year).first { $0.day == day }?.name
  }

  /// Every holiday of `year` in date order (the order of the list below on a tie); empty
  /// outside `years`.
  public static func holidays(year: Int) -> [(day: Day, name: String)] {
    guard years.contains(year) else { return [] }
    var list: [(day: Day, name: String)] = []
    for (month, dayOfMonth, name) in fixed {
      list.append((civil(year, month, dayOfMonth), name))
    }
    for (month, dayOfMonth, name) in movedToMonday {
      list.append((nextMonday(civil(year, month, dayOfMonth)), name))
    }
    let e = easter(year: year)
    for (offset, name) in fromEaster {
      list.append((e.adding(days: offset), name))
    }
    let order = Dictionary(uniqueKeysWithValues: allNames.enumerated().map { ($1, $0) })
    list.sort { a, b in
      a.day != b.day ? a.day < b.day : order[a.name, default: 0] < order[b.name, default: 0]
    }
    return list
  }

  /// Easter Sunday of `year` (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/
  /// Butcher) in integer arithmetic.
  public static func easter(year: Int) -> Day {
    let a = year % 19
    let b = year / 100
    let c = year % 100
    let d = b / 4
    let e = b % 4
    let f = (b + 8) / 25
    let g = (b - f + 1) / 3
    let h = (19 * a + b - d - g + 15) % 30
    let i = c / 4
    let k = c % 4
    let l = (32 + 2 * e + 2 * i - h - k) % 7
    let m = (a + 11 * h + 22 * l) / 451
    let month = (h + l - 7 * m + 114) / 31
    let dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
    return civil(year, month, dayOfMonth)
  }

  /// The first Monday on or after `day`.
  static func nextMonday(_ day: Day) -> Day {
    day.adding(days: (7 - day.weekday) % 7)
  }

  /// A date known to exist.
  private static func civil(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Day {
    Day(raw: Day.daysFromCivil(year, month, dayOfMonth))
  }

  /// Holidays on a fixed date: month, day, name.
  static let fixed: [(Int, Int, String)] = [
    (1, 1, "Año Nuevo"),
    (5, 1, "Día del Trabajo"),
    (7, 20, "Día de la Independencia"),
    (8, 7, "Batalla de Boyacá"),
    (12, 8, "Inmaculada Concepción"),
    (12, 25, "Navidad"),
  ]

  /// Holidays moved to the following Monday (Ley Emiliani): month, day, name.
  static let movedToMonday: [(Int, Int, String)] = [
    (1, 6, "Día de los Reyes Magos"),
    (3, 19, "Día de San José"),
    (6, 29, "San Pedro y San Pablo"),
    (8, 15, "Asunción de la Virgen"),
    (10, 12, "Día de la Raza"),
    (11, 1, "Todos los Santos"),
    (11, 11, "Independencia de Cartagena"),
  ]

  /// Holidays at a distance in days from Easter Sunday: offset, name.
  static let fromEaster: [(Int, String)] = [
    (-3, "Jueves Santo"),
    (-2, "Viernes Santo"),
    (43, "Ascensión del Señor"),
    (64, "Corpus Christi"),
    (71, "Sagrado Corazón"),
  ]

  /// Every name, in the order used to break ties between holidays on the same day.
  static let allNames: [String] =
    fixed.map(\.2) + movedToMonday.map(\.2) + fromEaster.map(\.1)
}
