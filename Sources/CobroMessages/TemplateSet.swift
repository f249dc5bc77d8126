import CobroDiagnostics
import Foundation

/// The templates in force: the built-in ones, overridden by a user's templates folder.
///
/// A user template is a file of the folder named `CHANNEL.STAGE.txt` (for every segment) or
/// `CHANNEL.STAGE.SEGMENT.txt` (for one segment; the segment as the portfolio writes it, case
/// ignored), with CHANNEL one of `whatsapp`, `sms`, `email`, `call` and STAGE one of
/// `preventive`, `due-today`, `1-30`, `31-90`, `91+`, `written-off`, `bureau-notice`: for
/// example `whatsapp.91+.txt` or `email.1-30.B.txt`. For an account the most specific wins: the
/// user's template for its segment, then the user's generic one, then the built-in one. Other
/// `.txt` files are an error (a misspelt name would silently do nothing); files with other
/// extensions and hidden files are ignored. A trailing line break of a file is dropped.
public struct TemplateSet: Sendable {
  /// The folder the user templates come from, or `nil` for the built-in ones only.
  public let directory: String?
  /// Every template by key.
  public private(set) var templates: [TemplateKey: MessageTemplate]

  /// The built-in templates only.
  public static let builtIn: TemplateSet = {
    var t: [TemplateKey: MessageTemplate] = [:]
    for channel in MessageChannel.allCases {
      for stage in MessageStage.allCases {
        let key = TemplateKey(channel, stage)
        do throws(Diagnostic) {
          t[key] = try MessageTemplate(
            key: key,
            source: .builtIn,
            text: BuiltinTemplates.text(channel, stage),
            names: MessageValues.names
          )
        } catch {
          preconditionFailure("built-in template \(key.fileName): \(error.message)")
        }
      }
    }
    return TemplateSet(directory: nil, templates: t)
  }()

  /// The largest template file read (64 KiB, far more than any message).
  public static let maxTemplateBytes = 65_536

  /// Reads a templates folder over the built-in templates; fails on a file that cannot be read,
  /// is misnamed or does not check (with its line and column).
  public static func load(directory: String) throws(Diagnostic) -> TemplateSet {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
      throw Diagnostic(
        .error,
        exists ? "'\(directory)' is not a folder" : "no templates folder '\(directory)'"
      )
    }
    var set = TemplateSet.builtIn
    // Letters (`letter.acuerdo.txt`) are read by `letter` (``LetterTemplate``).
    for name in names.sorted()
    where !name.hasPrefix(".") && name.hasSuffix(".txt") && !name.hasPrefix("letter.") {
      let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      guard let key = TemplateKey(fileName: name) else {
        throw Diagnostic(
          .error,
          "'\(name)' is not a template name",
          at: SourceRange(file: path, line: 1, column: 1),
          notes: [
            "name templates CHANNEL.STAGE.txt or CHANNEL.STAGE.SEGMENT.txt, like whatsapp.91+.txt",
            "channels: \(MessageChannel.allCases.map(\.rawValue).joined(separator: ", "))",
            "stages: \(MessageStage.allCases.map(\.rawValue).joined(separator: ", "))",
          ]
        )
      }
      // Only a regular file of message size is read: a FIFO would block every command, and
      // the template parser slows down with the square of a file's tags.
      var st = stat()
      guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
        throw Diagnostic(.error, "cannot read '\(path)': not a regular file")
      }
      guard st.st_size <= maxTemplateBytes else {
        throw Diagnostic(
          .error,
          "'\(path)' is larger than a message template may be",
          notes: ["a template is at most 64 KiB (\(maxTemplateBytes) bytes)"]
        )
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw Diagnostic(.error, "cannot read '\(path)'")
      }
      guard var text = String(validating: data, as: UTF8.self) else {
        throw Diagnostic(.error, "'\(path)' is not UTF-8")
      }
      if text.hasSuffix("\r\n") {
        text.removeLast()
      } else if text.hasSuffix("\n") {
        text.removeLast()
      }
      var normalizedKey = key
      normalizedKey.segment = key.segment?.lowercased()
      set.templates[normalizedKey] = try MessageTemplate(
        key: key,
        source: .file(path),
        text: text,
        names: MessageValues.names
      )
    }
    return TemplateSet(directory: directory, templates: set.templates)
  }

  /// The template for a channel, a stage and an account's segment.
  public func template(_ channel: MessageChannel, _ stage: MessageStage, segment: String?)
    -> MessageTemplate
  {
    if let segment, !segment.isEmpty,
      let t = templates[TemplateKey(channel, stage, segment: segment.lowercased())]
    {
      return t
    }
    if let t = templates[TemplateKey(channel, stage)] { return t }
    preconditionFailure("every channel and stage has a built-in template")
  }

  /// Every template in force, by channel, stage, then segment.
  public var inForce: [MessageTemplate] {
    templates.keys.sorted().compactMap { templates[$0] }
  }
}
