import CobroContact
import CobroPortfolio
import CobroShell

/// `holidays [YEAR]`.
extension ContactCommands {
  static let holidays = CommandDefinition(
    name: "holidays",
    aliases: ["festivos"],
    group: .followUp,
    synopsis: "holidays [YEAR]",
    summary: "the public holidays of Colombia, when no debtor may be contacted",
    details: """
      Columns: date, weekday, name; in date order, for YEAR or the as-of date's year.
      Fixed: January 1, May 1, July 20, August 7, December 8 and 25. Moved to the next Monday
      (Ley Emiliani): January 6, March 19, June 29, August 15, October 12, November 1 and 11.
      From Easter: Holy Thursday and Good Friday, and the Mondays 43, 64 and 71 days after
      Easter (Ascension, Corpus Christi, Sacred Heart). Two holidays on one day are both listed.
      YEAR is 1583 to 9999. 'help rules' says how holidays stop contacts.
      """,
    example: "holidays 2026",
    completion: { _ in .nothing }
  ) { session, inv in
    var cursor = inv.cursor
    var year = session.settings.asOf.civil.year
    if let t = cursor.next() {
      guard let y = Int(t.text), ColombianHolidays.years.contains(y) else {
        throw inv.error(
          "'\(t.text)' is not a year",
          at: t,
          notes: [
            "write a year from \(ColombianHolidays.years.lowerBound) to \(ColombianHolidays.years.upperBound)"
          ]
        )
      }
      year = y
    }
    try cursor.expectEnd()
    var table = ResultTable(columns: [
      .init("date", .date), .init("weekday", .text), .init("name", .text),
    ])
    for (day, name) in ColombianHolidays.holidays(year: year) {
      table.rows.append([.date(day), .text(weekdayNames[day.weekday]), .text(name)])
    }
    session.emit(table)
  }

  /// Weekday names, Monday first (`Day.weekday` order).
  static let weekdayNames = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]
}
