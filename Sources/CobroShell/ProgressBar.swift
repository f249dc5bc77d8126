/// A progress bar on stderr, shown only on a terminal and only once the work has taken more than
/// half a second: `loading [#########                     ] 30%`, redrawn in place.
///
/// Only the thread that runs the command draws it (`Interruption.checkpoint`).
final class ProgressBar: @unchecked Sendable {
  /// Whether anything is drawn (stderr is a terminal).
  private let enabled: Bool
  /// Where the bar is drawn.
  private let sink: any TextSink
  /// The name of the work, when the bar is for one piece of work only (`loading`).
  private let label: String
  /// When the work started.
  private var started = ContinuousClock.now
  /// The text last drawn, empty when nothing is drawn.
  private var drawn = ""
  /// The label of the work being measured, so that a new piece of work restarts the clock.
  private var current = ""

  /// The columns the bar's text takes at most (a label of up to 12 characters).
  private static let clearWidth = 50

  /// Creates a bar that draws `label`'s progress on `sink` when `enabled`.
  init(enabled: Bool, sink: any TextSink, label: String = "") {
    self.enabled = enabled
    self.sink = sink
    self.label = label
    current = label
  }

  /// Shows `done` of `total` units of the bar's work.
  func update(done: Int, total: Int) {
    update(label, done: done, total: total)
  }

  /// Shows `done` of `total` units of the work `label`; the bar appears once the work has run
  /// for half a second and is redrawn only when what it shows changes.
  func update(_ label: String, done: Int, total: Int) {
    guard enabled, total > 0 else { return }
    if label != current {
      current = label
      started = .now
    }
    if drawn.isEmpty && ContinuousClock.now - started < .milliseconds(500) { return }
    let width = 30
    let clamped = max(0, min(done, total))
    let filled = clamped * width / total
    let percent = clamped * 100 / total
    let text =
      "\r\(label) [" + String(repeating: "#", count: filled)
      + String(repeating: " ", count: width - filled) + "] \(percent)%"
    guard text != drawn else { return }
    sink.write(text)
    drawn = text
  }

  /// Erases the bar, if it was drawn.
  func finish() {
    guard !drawn.isEmpty else { return }
    sink.write("\r" + String(repeating: " ", count: Self.clearWidth) + "\r")
    drawn = ""
  }
}
