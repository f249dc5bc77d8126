import CobroDiagnostics
import Foundation
import ZIPFoundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An `.xlsx` workbook opened for reading.
///
/// Its sheets, date system, date styles and shared strings are read when it is opened; the
/// sheets' cells are read as a stream by `SheetReader`.
final class Workbook {
  /// A worksheet: its name as the tabs show it and the zip entry of its XML.
  struct Sheet {
    var name: String
    var part: String
  }

  /// What the first bytes of a file say it is.
  enum Container {
    /// A zip archive (an `.xlsx`, or another zip).
    case zip
    /// An OLE compound file: an encrypted `.xlsx` or an old `.xls`.
    case compoundFile
  }

  /// The name diagnostics use for the file.
  let name: String
  let archive: Archive
  /// The file's bytes, from which the parts are inflated (`extract`).
  let bytes: InputBytes
  /// The worksheets in tab order.
  let sheets: [Sheet]
  /// Whether serial dates count from 1904-01-01 (the Mac system) rather than 1900.
  let date1904: Bool
  /// For each cell style index (`s`), whether its number format shows a date.
  let dateStyles: [Bool]
  /// The shared strings table.
  let strings: SharedStrings

  /// The container of a file from its first bytes, or `nil` when it is neither (a CSV).
  static func container(of bytes: InputBytes) -> Container? {
    guard bytes.count >= 8 else { return nil }
    let b = bytes.base
    if b[0] == 0x50 && b[1] == 0x4B && (b[2] == 3 || b[2] == 5) && (b[3] == 4 || b[3] == 6) {
      return .zip
    }
    let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    if (0..<8).allSatisfy({ b[$0] == ole[$0] }) { return .compoundFile }
    return nil
  }

  /// Opens the workbook at `path` and reads everything but the sheets' cells.
  ///
  /// - Throws: `CobroError.badInput` for a zip that is not a workbook or a damaged one.
  convenience init(path: String, name: String) throws {
    let archive: Archive
    do {
      archive = try Archive(
        url: URL(fileURLWithPath: path),
        accessMode: .read,
        pathEncoding: nil
      )
    } catch {
      throw CobroError.badInput(
        path: name,
        reason: "damaged workbook: the zip container cannot be read"
      )
    }
    try self.init(archive, name: name)
  }

  /// Opens the workbook whose file holds `bytes` (see `init(path:name:)`).
  ///
  /// The bytes are read through a private temporary file, removed at once, as a file on disk
  /// is read: the zip library's reader of archives in memory traps on a damaged zip that its
  /// reader of files reports as an error.
  convenience init(bytes: [UInt8], name: String) throws {
    var template = Array("\(NSTemporaryDirectory())/cobro-workbook-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { bp in
      bp.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard fd >= 0 else {
      throw CobroError.cannotWrite(
        path: "temporary file",
        reason: String(cString: strerror(errno)).lowercased()
      )
    }
    let path = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
      as: UTF8.self
    )
    defer { unlink(path) }
    var done = 0
    while done < bytes.count {
      let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      guard n > 0 else {
        let reason = String(cString: strerror(errno)).lowercased()
        close(fd)
        throw CobroError.cannotWrite(path: "temporary file", reason: reason)
      }
      done += n
    }
    close(fd)
    try self.init(path: path, name: name)
  }

  /// Reads everything in an opened zip but the sheets' cells.
  private init(_ archive: Archive, name: String) throws {
    self.name = name
    self.archive = archive
    bytes = try Self.mapped(archive, name: name)
    let workbookPart = try Self.officeDocument(archive, name: name)
    let folder = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
    let relations = try Self.relations(archive, of: workbookPart, name: name)
    let xml = try Self.read(archive, workbookPart, name: name)
    var sheets: [Sheet] = []
    var date1904 = false
    xml.withUnsafeBufferPointer { bp in
      guard let base = bp.baseAddress else { return }
      var tags = XMLTags(base, count: bp.count)
      while let tag = tags.next() {
        if tags.is(tag, "workbookPr"), let v = tags.attribute(tag, "date1904") {
          date1904 = v == "1" || v == "true"
        } else if tags.is(tag, "sheet"), tag.kind != .end,
          let sheetName = tags.attribute(tag, "name"), let id = tags.attribute(tag, "r:id"),
          let target = relations[id]?.target
        {
          sheets.append(Sheet(name: sheetName, part: Self.resolve(target, in: folder)))
        }
      }
    }
    guard !sheets.isEmpty else {
      throw CobroError.badInput(path: name, reason: "damaged workbook: it lists no worksheet")
    }
    self.sheets = sheets
    self.date1904 = date1904
    let archive = self.archive
    let stylesPart = relations.values.first { $0.type.hasSuffix("/styles") }
    let stringsPart = relations.values.first { $0.type.hasSuffix("/sharedStrings") }
    if let stylesPart {
      dateStyles = try Self.dateStyles(
        archive,
        Self.resolve(stylesPart.target, in: folder),
        name: name
      )
    } else {
      dateStyles = []
    }
    if let stringsPart {
      strings = try SharedStrings(archive, Self.resolve(stringsPart.target, in: folder), name: name)
    } else {
      strings = SharedStrings()
    }
  }

  /// The sheet called `name` (compared ignoring case), or the first one when `name` is `nil`.
  func sheet(named wanted: String?) throws -> Sheet {
    guard let wanted else { return sheets[0] }
    let key = CanonicalSchema.fold(wanted)
    if let s = sheets.first(where: { CanonicalSchema.fold($0.name) == key }) { return s }
    throw CobroError.badInput(
      path: name,
      reason: "no sheet '\(wanted)' in the workbook (it has: "
        + sheets.map { "'\($0.name)'" }.joined(separator: ", ") + ")"
    )
  }

  /// Streams the XML of a part to `consumer` in chunks of about a megabyte.
  func stream(_ part: String, _ consumer: (Data) throws -> Void) throws {
    guard let entry = archive[part] else {
      throw CobroError.badInput(path: name, reason: "damaged workbook: '\(part)' is missing")
    }
    do {
      try Self.extract(entry, part, from: bytes, chunk: 1 << 20, name: name, consumer)
    } catch let e as CobroError {
      throw e
    } catch let e as Diagnostic {
      throw e
    } catch {
      throw CobroError.badInput(
        path: name,
        reason: "damaged workbook: '\(part)' cannot be decompressed"
      )
    }
  }

  /// The uncompressed size of a part, in bytes.
  func size(of part: String) -> Int {
    archive[part].map { Int($0.uncompressedSize) } ?? 0
  }

  // MARK: - Parts

  /// Reads a whole (small) part.
  private static func read(_ archive: Archive, _ part: String, name: String) throws -> [UInt8] {
    guard let entry = archive[part] else {
      throw CobroError.badInput(
        path: name,
        reason: "not an Excel workbook: the zip has no '\(part)'"
      )
    }
    var out: [UInt8] = []
    do {
      try extract(entry, part, from: mapped(archive, name: name), chunk: 1 << 16, name: name) {
        out.append(contentsOf: $0)
      }
    } catch {
      throw CobroError.badInput(
        path: name,
        reason: "damaged workbook: '\(part)' cannot be decompressed"
      )
    }
    return out
  }

  /// The workbook part named by the package's relationships (`xl/workbook.xml` as a rule).
  private static func officeDocument(_ archive: Archive, name: String) throws -> String {
    guard archive["_rels/.rels"] != nil else {
      throw CobroError.badInput(
        path: name,
        reason: "not an Excel workbook: a zip without '_rels/.rels'"
      )
    }
    let rels = try relations(archive, of: "", name: name)
    guard
      let target = rels.values.first(where: { $0.type.hasSuffix("/officeDocument") })?.target
    else {
      throw CobroError.badInput(path: name, reason: "not an Excel workbook: no workbook part")
    }
    return resolve(target, in: "")
  }

  /// A relationship: its type URI and its target.
  private struct Relation {
    var type: String
    var target: String
  }

  /// The relationships of a part, by id.
  private static func relations(
    _ archive: Archive,
    of part: String,
    name: String
  ) throws -> [String: Relation] {
    var components = part.split(separator: "/").map(String.init)
    let file = components.popLast() ?? ""
    let relsPart = (components + ["_rels", file + ".rels"]).joined(separator: "/")
    let xml = try read(archive, relsPart, name: name)
    var out: [String: Relation] = [:]
    xml.withUnsafeBufferPointer { bp in
      guard let base = bp.baseAddress else { return }
      var tags = XMLTags(base, count: bp.count)
      while let tag = tags.next() {
        guard tags.is(tag, "Relationship"), tag.kind != .end,
          let id = tags.attribute(tag, "Id"), let target = tags.attribute(tag, "Target")
        else { continue }
        out[id] = Relation(type: tags.attribute(tag, "Type") ?? "", target: target)
      }
    }
    return out
  }

  /// A relationship target as a zip entry path (`worksheets/sheet1.xml` in `xl` →
  /// `xl/worksheets/sheet1.xml`; `/xl/…` is absolute).
  private static func resolve(_ target: String, in folder: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
      if piece == ".." {
        _ = parts.popLast()
      } else if piece != "." {
        parts.append(String(piece))
      }
    }
    return parts.joined(separator: "/")
  }

  /// For each cell style (`cellXfs` entry), whether its number format is a date or time.
  private static func dateStyles(_ archive: Archive, _ part: String, name: String) throws -> [Bool]
  {
    let xml = try read(archive, part, name: name)
    var custom: [Int: Bool] = [:]
    var styles: [Bool] = []
    xml.withUnsafeBufferPointer { bp in
      guard let base = bp.baseAddress else { return }
      var tags = XMLTags(base, count: bp.count)
      var inCellXfs = false
      while let tag = tags.next() {
        if tags.is(tag, "numFmt"), let id = tags.attribute(tag, "numFmtId").flatMap({ Int($0) }) {
          custom[id] = isDateFormat(tags.attribute(tag, "formatCode") ?? "")
        } else if tags.is(tag, "cellXfs") {
          inCellXfs = tag.kind == .start
        } else if inCellXfs, tags.is(tag, "xf"), tag.kind != .end {
          let id = tags.attribute(tag, "numFmtId").flatMap { Int($0) } ?? 0
          styles.append(custom[id] ?? isBuiltinDate(id))
        }
      }
    }
    return styles
  }

  /// Whether a built-in number format id shows a date or time (ECMA-376 18.8.30, with the
  /// ids East Asian locales add).
  static func isBuiltinDate(_ id: Int) -> Bool {
    (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id)
      || (50...58).contains(id)
  }

  /// Whether a number format code shows a date or time.
  ///
  /// It does when it has a `d`, `m`, `y`, `h` or `s` outside quoted text, escapes and `[…]`
  /// (colours, locales, conditions). Only the first section counts (that of positive numbers).
  static func isDateFormat(_ code: String) -> Bool {
    var inQuote = false
    var inBracket = false
    var escaped = false
    for c in code.lowercased() {
      if escaped {
        escaped = false
        continue
      }
      if inQuote {
        if c == "\"" { inQuote = false }
        continue
      }
      if inBracket {
        if c == "]" { inBracket = false }
        continue
      }
      switch c {
      case "\"": inQuote = true
      case "[": inBracket = true
      case "\\", "_", "*": escaped = true
      case ";": return false
      case "d", "m", "y", "h", "s": return true
      default: break
      }
    }
    return false
  }
}

/// A workbook's shared strings: every string in one byte arena, with the end of each.
final class SharedStrings {
  /// The UTF-8 bytes of every string, one after the other.
  private(set) var bytes: [UInt8] = []
  /// `ends[i]` is where string `i` ends in `bytes` (it starts where string `i - 1` ends).
  private(set) var ends: [Int] = []

  /// The number of strings.
  var count: Int { ends.count }

  init() {}

  /// Reads the shared strings part as a stream.
  ///
  /// A string item (`si`) is the text of its `t` elements, those of its rich-text runs (`r`)
  /// joined, without the phonetic guides (`rPh`).
  init(_ archive: Archive, _ part: String, name: String) throws {
    guard let entry = archive[part] else { return }
    var pending: [UInt8] = []
    var inItem = false
    var inText = false
    var inPhonetic = false
    bytes.reserveCapacity(Int(entry.uncompressedSize) / 3)
    func consume(_ final: Bool) {
      let used = pending.withUnsafeBufferPointer { bp -> Int in
        guard let base = bp.baseAddress else { return 0 }
        var tags = XMLTags(base, count: bp.count)
        var textStart = 0
        var kept = 0
        while true {
          guard let tag = tags.next() else {
            kept = inText ? textStart : tags.pos
            if final { kept = bp.count }
            break
          }
          if inText {
            // Character data of a `t`: up to this tag (a CDATA section is inside it).
            if tags.is(tag, "t") && tag.kind == .end {
              let from = bytes.count
              XMLTags.decode(base, textStart, tag.start, into: &bytes)
              XMLTags.unescapeOOXML(&bytes, from: from)
              inText = false
            }
            continue
          }
          if tags.is(tag, "si") {
            if tag.kind == .start {
              inItem = true
            } else {
              if tag.kind == .empty || inItem { ends.append(bytes.count) }
              inItem = false
            }
          } else if tags.is(tag, "rPh") {
            inPhonetic = tag.kind == .start
          } else if tags.is(tag, "t"), tag.kind == .start, inItem, !inPhonetic {
            inText = true
            textStart = tag.end
          }
        }
        return kept
      }
      pending.removeFirst(used)
    }
    do {
      let bytes = try Workbook.mapped(archive, name: name)
      try Workbook.extract(entry, part, from: bytes, chunk: 1 << 20, name: name) { chunk in
        pending.append(contentsOf: chunk)
        consume(false)
      }
    } catch {
      throw CobroError.badInput(
        path: name,
        reason: "damaged workbook: '\(part)' cannot be decompressed"
      )
    }
    consume(true)
  }

  /// The bytes of string `i`.
  @inline(__always)
  func range(_ i: Int) -> Range<Int> {
    (i == 0 ? 0 : ends[i - 1])..<ends[i]
  }
}
