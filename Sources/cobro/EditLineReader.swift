import CLibEdit
import CobroCore
import CobroDiagnostics
import CobroShell

#if canImport(Glibc)
  import Glibc
#endif

/// The prompt's line editor: libedit in emacs mode, with completion, Ctrl-R search and a
/// persistent history.
///
/// This is the only file that touches libedit (`notes/libedit.md` has the recipe and its
/// pitfalls). It is used only when standard input is a terminal. It draws on standard output,
/// or on standard error when standard output is piped, since libedit stops editing on a stream
/// that is not a terminal. libedit's callbacks are C functions without context: they find this
/// object through `EL_CLIENTDATA`.
final class EditLineReader: LineReader {
  /// The libedit state (`EditLine *`).
  private let editLine: OpaquePointer
  /// The history list (`History *`).
  private let history: OpaquePointer
  /// The history file, or `nil` to keep the history in memory only.
  private let historyPath: String?
  /// The prompt libedit shows; it does not copy it, so it lives here until the next prompt.
  private var promptText: UnsafeMutablePointer<CChar>
  /// Whether libedit draws on standard error.
  private let drawsOnStandardError: Bool
  /// Completes the line (text, UTF-8 cursor offset).
  fileprivate let complete: (String, Int) -> Completion
  /// The terminal's width, for listing candidates.
  fileprivate let columns: () -> Int
  /// The terminal's height: a list of candidates taller than the screen is shown on request.
  fileprivate let rows: () -> Int
  /// Whether `close()` ran.
  private var closed = false
  /// Whether Ctrl-C was typed while the current line was edited.
  fileprivate var interruptTyped = false

  /// Entries kept in the history.
  static let historySize: Int32 = 1000

  /// The sequences of Ctrl-Right and Alt-Right.
  static let nextWordKeys = ["\\e[1;5C", "\\e[1;3C", "\\e[5C", "\\e\\e[C", "\\eOc", "\\e[1;9C"]
  /// The sequences of Ctrl-Left and Alt-Left.
  static let previousWordKeys = ["\\e[1;5D", "\\e[1;3D", "\\e[5D", "\\e\\e[D", "\\eOd", "\\e[1;9D"]

  /// Sets up libedit on the terminal, loads the history and the user's `~/.editrc`.
  ///
  /// - Parameters:
  ///   - historyPath: the history file (its folder must exist), or `nil`.
  ///   - drawOnStandardError: draw on standard error (standard output is piped).
  ///   - complete: the completion of a line at a UTF-8 cursor offset.
  ///   - columns: the terminal's current width.
  ///   - rows: the terminal's current height.
  init?(
    historyPath: String?,
    drawOnStandardError: Bool,
    complete: @escaping (String, Int) -> Completion,
    columns: @escaping () -> Int,
    rows: @escaping () -> Int
  ) {
    Self.useUTF8Locale()
    guard let editLine = cobro_el_init("cobro", drawOnStandardError ? 1 : 0) else { return nil }
    guard let history = history_init() else {
      el_end(editLine)
      return nil
    }
    self.editLine = editLine
    self.history = history
    self.historyPath = historyPath
    self.drawsOnStandardError = drawOnStandardError
    self.complete = complete
    self.columns = columns
    self.rows = rows
    promptText = strdup("> ") ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)

    _ = cobro_history_set_size(history, Self.historySize)
    _ = cobro_history_set_unique(history, 1)
    if let historyPath { _ = cobro_history_load(history, historyPath) }

    _ = cobro_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
    _ = cobro_el_set_editor(editLine, "emacs")
    _ = cobro_el_set_signal(editLine, 1)
    _ = cobro_el_set_prompt(editLine, promptCallback, 1)
    _ = cobro_el_set_history(editLine, history)
    _ = cobro_el_add_functions(editLine, completeCallback, interruptCallback, suspendCallback)
    _ = cobro_el_bind(editLine, "^I", "cobro-complete")
    // While a line is edited, Ctrl-C and Ctrl-Z are keys rather than signals: a signal that
    // arrives during Ctrl-R search leaves libedit reading in cooked mode, whereas a key ends
    // the search like any other command.
    _ = cobro_el_set_edit_tty_mode(editLine, "-isig")
    _ = cobro_el_bind(editLine, "^C", "cobro-interrupt")
    _ = cobro_el_bind(editLine, "^Z", "cobro-suspend")
    _ = cobro_el_bind(editLine, "^R", "em-inc-search-prev")
    // Ctrl- and Alt-arrows move by word, in the spellings terminals send (xterm and tmux,
    // rxvt, an Alt sent as an Escape before the arrow), instead of typing them into the line.
    for key in Self.nextWordKeys { _ = cobro_el_bind(editLine, key, "em-next-word") }
    for key in Self.previousWordKeys { _ = cobro_el_bind(editLine, key, "ed-prev-word") }
    // The user's ~/.editrc (vi mode, bindings) applies at the prompt only, never to scripts.
    _ = el_source(editLine, nil)
  }

  deinit { close() }

  /// Restores the terminal and frees libedit; the history was saved after each command.
  func close() {
    guard !closed else { return }
    closed = true
    el_end(editLine)
    history_end(history)
    free(promptText)
  }

  /// Shows `prompt` and reads a line with editing.
  ///
  /// Ctrl-C is a key while editing (`cobro-interrupt` ends the line); should SIGINT arrive
  /// anyway, libedit returns NULL with a count of -1 and `EINTR` (the handler is installed
  /// without `SA_RESTART`). Ctrl-D on an empty line gives NULL with a count of 0.
  func readLine(prompt: String) -> LineInput {
    free(promptText)
    promptText =
      strdup(Self.markingInvisible(prompt)) ?? strdup("> ")
      ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    var count: Int32 = 0
    errno = 0
    interruptTyped = false
    guard let text = el_gets(editLine, &count) else {
      if interruptTyped || (count == -1 && (errno == EINTR || Interruption.requested)) {
        write("^C\n")
        return .interrupted
      }
      write("\n")
      return .endOfInput
    }
    var line = String(cString: text)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Adds a command to the history and to the history file (mode 0600).
  ///
  /// The file is read again and the command added to what it holds, rather than overwritten
  /// with this shell's history: two shells open at once both keep their commands.
  func addToHistory(_ entry: String) {
    let trimmed = entry.trimmingTrailingSpaces()
    guard !trimmed.isEmpty else { return }
    _ = cobro_history_enter(history, trimmed)
    guard let historyPath, let file = history_init() else { return }
    defer { history_end(file) }
    _ = cobro_history_set_size(file, Self.historySize)
    _ = cobro_history_set_unique(file, 1)
    _ = cobro_history_load(file, historyPath)
    _ = cobro_history_enter(file, trimmed)
    _ = cobro_history_save(file, historyPath)
    _ = chmod(historyPath, 0o600)
  }

  /// Writes text where libedit draws.
  fileprivate func write(_ text: String) {
    let stream = drawsOnStandardError ? cobro_stderr() : cobro_stdout()
    fputs(text, stream)
    fflush(stream)
  }

  /// Wraps each ANSI escape sequence in `\1` markers, so that libedit knows it takes no room.
  static func markingInvisible(_ prompt: String) -> String {
    var out = ""
    var inEscape = false
    for scalar in prompt.unicodeScalars {
      if scalar == "\u{1B}" {
        inEscape = true
        out.unicodeScalars.append("\u{1}")
      }
      out.unicodeScalars.append(scalar)
      if inEscape && scalar.properties.isAlphabetic {
        inEscape = false
        out.unicodeScalars.append("\u{1}")
      }
    }
    return out
  }

  /// libedit decodes input with the C library's multibyte functions: without a UTF-8 locale
  /// it silently drops every non-ASCII byte, so fall back to C.UTF-8 (under `LANG=C` too).
  private static func useUTF8Locale() {
    setlocale(LC_CTYPE, "")
    let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
    if codeset != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
  }

  /// The reader behind a libedit handle.
  fileprivate static func from(_ editLine: OpaquePointer?) -> EditLineReader? {
    guard let editLine, let raw = cobro_el_client_data(editLine) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(raw).takeUnretainedValue()
  }

  /// Tab: completes a unique candidate (with a space) or the common prefix, else lists the
  /// candidates in columns below the line and redraws it; a list taller than the screen is
  /// shown only when `y` answers "show all N?".
  fileprivate func completeAtCursor() -> UInt8 {
    guard let info = el_line(editLine)?.pointee, let buffer = info.buffer,
      let cursor = info.cursor, let last = info.lastchar
    else { return UInt8(CC_ERROR) }
    let cursorOffset = cursor - buffer
    let lineBytes = UnsafeRawBufferPointer(start: buffer, count: last - buffer)
    let line = String(decoding: lineBytes, as: UTF8.self)
    let completion = complete(line, cursorOffset)
    let startOffset = min(max(completion.start, 0), cursorOffset)
    let typed = String(
      decoding: UnsafeRawBufferPointer(
        start: buffer + startOffset,
        count: cursorOffset - startOffset
      ),
      as: UTF8.self
    )
    switch completion.action(typed: typed) {
    case .none:
      return UInt8(CC_ERROR)
    case .replace(let text):
      let typedCharacters = typed.unicodeScalars.count
      if typedCharacters > 0 { el_deletestr(editLine, Int32(typedCharacters)) }
      return el_insertstr(editLine, text) == -1 ? UInt8(CC_ERROR) : UInt8(CC_REFRESH)
    case .list:
      let shown = completion.candidates.map(completion.shown)
      let listing = Completer.columns(shown, width: columns(), total: completion.total)
      // Above a screenful, ask first, as readline does.
      if listing.split(separator: "\n").count > max(rows() - 2, 1) {
        write("\nshow all \(completion.total)? (y or n) ")
        var key: CChar = 0
        let answered = el_getc(editLine, &key) == 1 && (key == 0x79 || key == 0x59)
        write(answered ? "\n" + listing + "\n" : "\n")
        return UInt8(CC_REDISPLAY)
      }
      write("\n" + listing + "\n")
      return UInt8(CC_REDISPLAY)
    }
  }
}

/// libedit's prompt function: the prompt text of the reader.
private let promptCallback: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = {
  editLine in
  EditLineReader.from(editLine)?.promptTextPointer
}

/// Ctrl-C while editing: ends `el_gets` (as end of file) and marks the line as interrupted.
private let interruptCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
  EditLineReader.from(editLine)?.interruptTyped = true
  return UInt8(CC_EOF)
}

/// Ctrl-Z while editing: stops the job as the terminal would (libedit restores the terminal
/// and redraws the line when the job continues).
private let suspendCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { _, _ in
  kill(0, SIGTSTP)
  return UInt8(CC_REDISPLAY)
}

/// libedit's completion command, bound to Tab.
private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
  EditLineReader.from(editLine)?.completeAtCursor() ?? UInt8(CC_ERROR)
}

extension EditLineReader {
  /// The prompt text for libedit's prompt function.
  fileprivate var promptTextPointer: UnsafeMutablePointer<CChar> { promptText }
}
