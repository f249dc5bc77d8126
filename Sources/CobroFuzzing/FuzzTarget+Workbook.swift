import CobroCore
import CobroPortfolio
import Foundation
import ZIPFoundation

extension FuzzTarget {
  // MARK: - Column maps

  /// A bank export the column-map target loads with each map: the headers the seeds map.
  static let mappedCSV = """
    Obligación,Cédula/NIT,Nombre,Segmento,Saldo,Fecha Desembolso,Fecha Vencimiento,Días Mora,Valor -> Total,Ciudad
    00041,919420668,Germán Suárez,A,"8.700.000,50",27/08/2023,31/08/2026,95,"1.000,00",Cali
    00042,749624981,Luis Gómez,c,"27.300.000,00",08/09/2022,20/01/2027,0,"0,00",Bogotá
    00043,112233445,Ana Ruiz,B,,01/02/2024,15/03/2026,x,"5,5",
    """

  /// A column map, then a portfolio loaded with it.
  ///
  /// The input up to its first NUL is the map (its bytes as a map file holds them). After
  /// the NUL, a dialect byte (`options(_:)`) and the portfolio CSV the map is used with; without
  /// a NUL, ``mappedCSV`` as it is written (commas, UTF-8).
  static func loadWithMap(_ input: [UInt8]) {
    let cut = input.firstIndex(of: 0)
    let mapBytes = Array(input[..<(cut ?? input.count)])
    let rest = cut.map { input[($0 + 1)...] }
    let csv = rest.map { Array($0.dropFirst()) } ?? Array(mappedCSV.utf8)
    let map: ColumnMap
    do {
      map = try ColumnMap.parse(bytes: InputBytes.copying(mapBytes), name: "fuzz.map")
    } catch {
      render(error)
      return
    }
    var options = options(rest?.first ?? 0)
    options.columnMap = map
    let portfolio: Portfolio
    do {
      portfolio = try PortfolioLoader(options: options, asOf: asOf).load(
        bytes: InputBytes.copying(csv),
        name: "fuzz.csv"
      )
    } catch {
      render(error)
      return
    }
    explore(portfolio)
  }

  // MARK: - Workbooks

  /// A whole `.xlsx` file: the zip container and everything in it.
  static func loadWorkbook(_ input: [UInt8]) {
    loadWorkbook(input, options: LoadOptions())
  }

  /// The parts of a workbook the sheet target takes from its input.
  ///
  /// In order, separated by NUL bytes: the sheet, the shared strings, the styles. A part the input does not reach is left
  /// out of the workbook (the styles: ``defaultStyles``).
  static let sheetParts = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"]

  /// The first byte picks the date system (bit 7: 1904) and the load's dialect (`options(_:)`
  /// without its delimiter and encoding, which a workbook does not use); the rest is the XML of
  /// a sheet and of the parts it refers to (``sheetParts``), put in a valid workbook, so that
  /// the fuzzer changes the XML and not the compressed bytes around it.
  static func loadSheet(_ input: [UInt8]) {
    guard let flags = input.first else { return }
    var parts = input.dropFirst().split(
      separator: 0,
      maxSplits: 2,
      omittingEmptySubsequences: false
    )
    .map(Array.init)
    if parts.count < 3 { parts += [[], Array(defaultStyles.utf8)].suffix(3 - parts.count) }
    let workbook: [UInt8]
    do {
      workbook = try zip(
        sheet: parts[0],
        strings: parts[1],
        styles: parts[2],
        date1904: flags & 128 != 0
      )
    } catch {
      fatalError("the fuzzer's own workbook cannot be zipped: \(error)")
    }
    var options = options(flags & 127)
    options.delimiter = UInt8(ascii: ",")
    options.encoding = .utf8
    loadWorkbook(workbook, options: options)
  }

  /// Renders a loaded portfolio's rejects and warnings and runs the reports on it.
  static func explore(_ portfolio: Portfolio) {
    for reject in portfolio.rejects { render(reject.diagnostic) }
    for warning in portfolio.warnings { render(warning) }
    run("describe\nvalidate\ncount by segment\nlist limit 5\nrejects", on: portfolio)
  }

  /// Loads a workbook's bytes and runs the reports on it.
  static func loadWorkbook(_ bytes: [UInt8], options: LoadOptions) {
    let portfolio: Portfolio
    do {
      portfolio = try PortfolioLoader(options: options, asOf: asOf).load(
        workbookBytes: bytes,
        name: "fuzz.xlsx"
      )
    } catch {
      render(error)
      return
    }
    explore(portfolio)
  }

  /// A workbook of one sheet with these parts (the shared strings only when not empty).
  static func zip(sheet: [UInt8], strings: [UInt8], styles: [UInt8], date1904: Bool) throws
    -> [UInt8]
  {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let package = "http://schemas.openxmlformats.org/package/2006/relationships"
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    var workbookRelations =
      head + "<Relationships xmlns=\"\(package)\">"
      + "<Relationship Id=\"rId1\" Type=\"\(relations)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
      + "<Relationship Id=\"rId2\" Type=\"\(relations)/styles\" Target=\"styles.xml\"/>"
    if !strings.isEmpty {
      workbookRelations +=
        "<Relationship Id=\"rId3\" Type=\"\(relations)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    }
    workbookRelations += "</Relationships>"
    var parts: [(String, [UInt8])] = [
      (
        "[Content_Types].xml",
        Array(
          (head
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>").utf8
        )
      ),
      (
        "_rels/.rels",
        Array(
          (head + "<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\" "
            + "Type=\"\(relations)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
            .utf8
        )
      ),
      (
        "xl/workbook.xml",
        Array(
          (head + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relations)\">"
            + "<workbookPr date1904=\"\(date1904 ? 1 : 0)\"/><sheets>"
            + "<sheet name=\"Cartera\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>").utf8
        )
      ),
      ("xl/_rels/workbook.xml.rels", Array(workbookRelations.utf8)),
      (sheetParts[0], sheet),
      (sheetParts[2], styles),
    ]
    if !strings.isEmpty { parts.append((sheetParts[1], strings)) }
    for (path, bytes) in parts {
      let data = Data(bytes)
      try archive.addEntry(
        with: path,
        type: .file,
        uncompressedSize: Int64(data.count),
        compressionMethod: .none
      ) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    return Array(archive.data ?? Data())
  }

  /// Styles with a date format (style 1) and a money format (style 2).
  static let defaultStyles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
    <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>\
    <xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>
    """
}
