import CobroShell
import Foundation

/// `promise`, `contact`, `cancel`, `promises` and `journal`: the follow-up journal.
enum JournalCommands {
  /// The settings of the journal (`set grace N`, `set break_after N`).
  static let settings: [SettingDefinition] = [
    SettingDefinition(
      name: "grace",
      takes: "N (days, 0 to 365)",
      summary: "days after a promise's date that payments still keep it",
      apply: { s, v in
        guard let n = Int(v), (0...365).contains(n) else {
          return .failure(SettingError("'\(v)' is not a number of days from 0 to 365"))
        }
        s.graceDays = n
        return .success(String(n))
      },
      current: { String($0.graceDays) }
    ),
    SettingDefinition(
      name: "break_after",
      takes: "N (days, 0 to 3650)",
      summary: "days an agreement's installment may stay overdue before the agreement is broken",
      apply: { s, v in
        guard let n = Int(v), (0...3650).contains(n) else {
          return .failure(SettingError("'\(v)' is not a number of days from 0 to 3650"))
        }
        s.breakAfterDays = n
        return .success(String(n))
      },
      current: { String($0.breakAfterDays) }
    ),
  ]
}
