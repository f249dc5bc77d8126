import CobroDiagnostics
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension PortfolioLoader {
  /// Loads a sheet of an `.xlsx` workbook through the CSV path.
  ///
  /// `SheetReader` streams the sheet into a temporary CSV file in the load's dialect (comma
  /// delimited, UTF-8), which is mapped and loaded like any portfolio file, then removed; the
  /// mapping's pages are dropped behind the scan as for a CSV, so the peak memory is that of the
  /// columns. Every diagnostic is then moved from the CSV's lines and columns to the sheet's
  /// rows and cells.
  func loadWorkbook(path: String, container: Workbook.Container) throws -> Portfolio {
    if container == .compoundFile {
      let old = path.lowercased().hasSuffix(".xls")
      throw CobroError.badInput(
        path: path,
        reason: old
          ? "an Excel 97-2003 workbook (.xls) cannot be read: save it as .xlsx"
          : "encrypted workbook: it is protected with a password; save a copy without one"
      )
    }
    return try load(Workbook(path: path, name: path), name: path)
  }

  /// Loads a sheet of an `.xlsx` workbook held in memory; `name` is what diagnostics call it.
  public func load(workbookBytes bytes: [UInt8], name: String) throws -> Portfolio {
    if let container = Workbook.container(of: InputBytes.copying(bytes)), container != .zip {
      return try loadWorkbook(path: name, container: container)
    }
    return try load(Workbook(bytes: bytes, name: name), name: name)
  }

  /// Loads a sheet of an opened workbook (see `loadWorkbook(path:container:)`).
  private func load(_ workbook: Workbook, name path: String) throws -> Portfolio {
    let sheet = try workbook.sheet(named: options.sheet)
    var template = Array("\(NSTemporaryDirectory())/cobro-sheet-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { bp in
      bp.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard fd >= 0, let file = fdopen(fd, "w+") else {
      throw CobroError.cannotWrite(
        path: "temporary file",
        reason: String(cString: strerror(errno)).lowercased()
      )
    }
    let temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
      as: UTF8.self
    )
    var layout: SheetReader.Layout
    do {
      defer { fclose(file) }
      var reader = SheetReader(workbook: workbook, sheet: sheet, options: options, file: file)
      reader.progress = progress
      do {
        try reader.run()
      } catch {
        unlink(temporary)
        throw error
      }
      layout = reader.layout
    }
    let bytes: InputBytes
    do {
      defer { unlink(temporary) }
      bytes = try InputBytes.mapping(path: temporary)
    }
    var csv = self
    csv.options.delimiter = UInt8(ascii: ",")
    csv.options.encoding = .utf8
    let portfolio: Portfolio
    do {
      portfolio = try csv.load(bytes: bytes, name: path)
    } catch let d as Diagnostic {
      throw Self.relocate(d, layout: layout, text: nil)
    }
    portfolio.options = options
    portfolio.warnings = portfolio.warnings.map { Self.relocate($0, layout: layout, text: nil) }
    portfolio.rejects = portfolio.rejects.map { r in
      var moved = r
      moved.diagnostic = Self.relocate(r.diagnostic, layout: layout, text: r.text, line: r.line)
      moved.line = Int(layout.row(ofLine: r.line))
      return moved
    }
    if layout.formulas > 0 {
      var notes: [Diagnostic.Message] = []
      if layout.uncachedFormulas > 0 {
        notes.append(
          Diagnostic.Message(
            "\(layout.uncachedFormulas) of them have no saved value and are read as empty: "
              + "open and save the workbook in Excel or LibreOffice to compute them"
          )
        )
      }
      portfolio.warnings.append(
        Diagnostic(
          .warning,
          Diagnostic.Message(
            "sheet '\(sheet.name)' has \(layout.formulas) formula cell\(layout.formulas == 1 ? "" : "s") "
              + "(the first at \(layout.firstFormula)): the values saved with the workbook are used"
          ),
          at: SourceRange(
            file: path,
            line: layout.firstFormulaRow,
            column: layout.firstFormulaColumn
          ),
          notes: notes
        )
      )
    }
    return portfolio
  }

  /// A diagnostic of the CSV moved to the sheet: its line becomes the row, its column the
  /// cell's, and a note names the cell (`sheet 'Cartera', cell B17`).
  ///
  /// `text` is the record's CSV text, which `line` (the record's first line) starts; the
  /// diagnostic's column is counted in it to find the field.
  static func relocate(
    _ d: Diagnostic,
    layout: SheetReader.Layout,
    text: String?,
    line: Int? = nil
  ) -> Diagnostic {
    guard let range = d.range else { return d }
    var moved = d
    let row = Int(layout.row(ofLine: range.start.line))
    var field = 0
    if let text {
      // Count the delimiters outside quotes before the diagnostic's line and column.
      var l = line ?? range.start.line
      var c = 1
      var quoted = false
      for ch in text {
        if l == range.start.line && c >= range.start.column { break }
        if ch == "\n" {
          l += 1
          c = 1
          continue
        }
        if ch == "\"" { quoted.toggle() }
        if ch == "," && !quoted { field += 1 }
        c += 1
      }
    } else if range.start.line == 1, let source = d.sourceLine {
      // The header: count the fields before the column.
      var quoted = false
      for (c, ch) in source.enumerated() where c + 1 < range.start.column {
        if ch == "\"" { quoted.toggle() }
        if ch == "," && !quoted { field += 1 }
      }
    }
    moved.range = SourceRange(file: range.file, line: row, column: field + 1)
    moved.sourceLine = nil
    var message = d.message.text
    if let r = message.range(of: "(first on line "),
      let close = message[r.upperBound...].firstIndex(of: ")"),
      let earlier = Int(message[r.upperBound..<close])
    {
      message.replaceSubrange(
        r.lowerBound...close,
        with: "(first in row \(layout.row(ofLine: earlier)))"
      )
      moved.message = Diagnostic.Message(message)
    }
    // A problem of the whole header (missing columns) names its row, others their cell.
    let wholeRow =
      range.start.line == 1 && text == nil
      && (d.sourceLine == nil || d.message.text.hasPrefix("missing required column"))
    let cell = wholeRow ? "row \(row)" : "cell \(SheetReader.columnName(field))\(row)"
    moved.notes.insert("sheet '\(layout.sheet)', \(cell)", at: 0)
    return moved
  }
}

extension SheetReader.Layout {
  /// The sheet row of a CSV line.
  func row(ofLine line: Int) -> Int32 {
    line >= 0 && line < rowOfLine.count ? rowOfLine[line] : Int32(clamping: line)
  }
}
