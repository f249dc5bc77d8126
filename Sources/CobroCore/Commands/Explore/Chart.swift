import CobroPortfolio
import CobroShell

/// `chart`: the last result as a bar chart.
extension QueryCommands {
  /// `chart`.
  static let chart = CommandDefinition(
    name: "chart",
    aliases: ["grafico"],
    group: .explore,
    synopsis: "chart",
    summary: "draw the last 'aging' or 'group by' result as horizontal bars",
    details: """
      One line per row: label, a bar scaled to the largest balance (40 characters wide, less
      when the line would not fit 'set width'), the balance and the share. Plain text uses
      '#'; a colour terminal uses blocks.
      """,
    example: "aging\nchart",
    completion: { _ in .nothing }
  ) { session, inv in
    try inv.cursor.expectEnd()
    guard let last = session.previousResults.last else {
      throw inv.error(
        "nothing to chart",
        at: inv.word,
        notes: ["run 'aging' or 'group by FIELD' first"]
      )
    }
    switch BarChart.make(from: last) {
    case .success(let chart):
      var text = chart.render(colored: session.colored, lineWidth: session.settings.width)
      if text.hasSuffix("\n") { text.removeLast() }
      if !text.isEmpty { session.print(text) }
    case .failure(let e):
      throw inv.error(e.message, at: inv.word, notes: e.notes)
    }
  }
}
