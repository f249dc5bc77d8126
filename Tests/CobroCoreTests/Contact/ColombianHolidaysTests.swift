import CobroContact
import CobroCore
import CobroPortfolio
import Testing

/// Colombian public holidays against the published calendars.
@Suite struct ColombianHolidaysTests {
  /// `YYYY-MM-DD` of every holiday of a year, in order.
  static func dates(_ year: Int) -> [String] {
    ColombianHolidays.holidays(year: year).map(\.day.description)
  }

  /// The official 2024 calendar (Easter on March 31).
  @Test func year2024() {
    #expect(
      Self.dates(2024) == [
        "2024-01-01", "2024-01-08", "2024-03-25", "2024-03-28", "2024-03-29", "2024-05-01",
        "2024-05-13", "2024-06-03", "2024-06-10", "2024-07-01", "2024-07-20", "2024-08-07",
        "2024-08-19", "2024-10-14", "2024-11-04", "2024-11-11", "2024-12-08", "2024-12-25",
      ]
    )
  }

  /// 2025: Sacred Heart and Saint Peter and Saint Paul share June 30, so 17 days off.
  @Test func year2025() {
    #expect(
      Self.dates(2025) == [
        "2025-01-01", "2025-01-06", "2025-03-24", "2025-04-17", "2025-04-18", "2025-05-01",
        "2025-06-02", "2025-06-23", "2025-06-30", "2025-06-30", "2025-07-20", "2025-08-07",
        "2025-08-18", "2025-10-13", "2025-11-03", "2025-11-17", "2025-12-08", "2025-12-25",
      ]
    )
    let june30 = ColombianHolidays.holidays(year: 2025).filter {
      $0.day.description == "2025-06-30"
    }
    #expect(june30.map(\.name) == ["San Pedro y San Pablo", "Sagrado Corazón"])
  }

  /// 2026, as in the contact-rules note (Easter on April 5).
  @Test func year2026() {
    #expect(ColombianHolidays.easter(year: 2026) == Day("2026-04-05"))
    #expect(
      Self.dates(2026) == [
        "2026-01-01", "2026-01-12", "2026-03-23", "2026-04-02", "2026-04-03", "2026-05-01",
        "2026-05-18", "2026-06-08", "2026-06-15", "2026-06-29", "2026-07-20", "2026-08-07",
        "2026-08-17", "2026-10-12", "2026-11-02", "2026-11-16", "2026-12-08", "2026-12-25",
      ]
    )
    #expect(ColombianHolidays.holidays(year: 2026).map(\.name).first == "Año Nuevo")
  }

  /// 2027 (Easter on March 28).
  @Test func year2027() {
    #expect(
      Self.dates(2027) == [
        "2027-01-01", "2027-01-11", "2027-03-22", "2027-03-25", "2027-03-26", "2027-05-01",
        "2027-05-10", "2027-05-31", "2027-06-07", "2027-07-05", "2027-07-20", "2027-08-07",
        "2027-08-16", "2027-10-18", "2027-11-01", "2027-11-15", "2027-12-08", "2027-12-25",
      ]
    )
  }

  /// Easter Sundays from published tables, including both extremes of its range.
  @Test(arguments: [
    (1818, "1818-03-22"), (1943, "1943-04-25"), (2000, "2000-04-23"), (2008, "2008-03-23"),
    (2019, "2019-04-21"), (2038, "2038-04-25"), (2285, "2285-03-22"),
  ])
  func easter(year: Int, date: String) {
    #expect(ColombianHolidays.easter(year: year) == Day(date))
  }

  /// Every year of a wide range: 18 holidays, in order, Emiliani and Easter Mondays on Mondays,
  /// Easter on a Sunday between March 22 and April 25.
  @Test func everyYearIsWellFormed() {
    for year in 1984...2100 {
      let list = ColombianHolidays.holidays(year: year)
      #expect(list.count == 18)
      #expect(list.map(\.day) == list.map(\.day).sorted())
      #expect(list.allSatisfy { $0.day.civil.year == year })
      let easter = ColombianHolidays.easter(year: year)
      #expect(easter.weekday == 6)
      #expect(easter >= Day(year: year, month: 3, day: 22)!)
      #expect(easter <= Day(year: year, month: 4, day: 25)!)
      let mondays: Set<String> = [
        "Día de los Reyes Magos", "Día de San José", "San Pedro y San Pablo",
        "Asunción de la Virgen", "Día de la Raza", "Todos los Santos",
        "Independencia de Cartagena", "Ascensión del Señor", "Corpus Christi", "Sagrado Corazón",
      ]
      #expect(list.filter { mondays.contains($0.name) }.allSatisfy { $0.day.weekday == 0 })
    }
    #expect(ColombianHolidays.holidays(year: 1583).count == 18)
    #expect(ColombianHolidays.holidays(year: 9999).count == 18)
    #expect(ColombianHolidays.holidays(year: 1582).isEmpty)
    #expect(ColombianHolidays.holidays(year: 10000).isEmpty)
  }

  @Test func isHoliday() {
    #expect(ColombianHolidays.isHoliday(Day("2026-04-02")!))  // Holy Thursday
    #expect(ColombianHolidays.isHoliday(Day("2026-01-12")!))  // Reyes, moved
    #expect(!ColombianHolidays.isHoliday(Day("2026-01-06")!))  // its own date, a Tuesday
    #expect(!ColombianHolidays.isHoliday(Day("2026-11-30")!))
    #expect(ColombianHolidays.name(of: Day("2026-12-25")!) == "Navidad")
    #expect(ColombianHolidays.name(of: Day("2026-12-24")!) == nil)
  }
}
