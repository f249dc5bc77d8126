import Foundation
import Testing

/// Safe by default: csv that spreadsheets cannot run, files that are private and never written
/// over or through a link unless asked, contacts masked wherever a row is shown.
@Suite struct SafeOutputTests {
  /// A portfolio with formula-like cells, a negative number as text and extra contact columns.
  static let portfolio = """
    account_id,debtor_id,debtor_name,balance,due_date,phone,celular,correo_alterno,ajuste,nota
    A1,D1,=HYPERLINK("http://x"),100.00,2026-10-01,3001234567,3109876543,ana.perez@example.com,-12.5,@SUM(1)
    A2,D2,Luis,200.00,2026-10-01,3001112222,311 222 3333,luis@example.org,+3,ok
    A3,D3,Eva,12.5x,2026-10-01,3004445555,3124445555,eva@example.net,1,bad

    """

  static func folder() throws -> (folder: String, csv: String) {
    let folder = try CobroProcess.temporaryFolder()
    let csv = folder + "/cartera.csv"
    try portfolio.write(toFile: csv, atomically: true, encoding: .utf8)
    return (folder, csv)
  }

  /// The permission bits of a file.
  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  static let columns = "list columns account_id, debtor_name, ajuste, nota sort account_id"

  @Test func stdoutCsvIsSpreadsheetSafeAndKeepsNumbers() throws {
    let (_, csv) = try Self.folder()
    let r = try CobroProcess.run([csv, "--format", "csv", "-c", Self.columns])
    #expect(r.status == 0, "\(r.err)")
    #expect(
      r.out == """
        account_id,debtor_name,ajuste,nota
        A1,"'=HYPERLINK(""http://x"")",-12.5,'@SUM(1)
        A2,Luis,+3,ok

        """
    )
    let raw = try CobroProcess.run([csv, "--format", "csv", "-c", "set csv raw; " + Self.columns])
    #expect(raw.out.contains("A1,\"=HYPERLINK(\"\"http://x\"\")\",-12.5,@SUM(1)\n"))
    let bad = try CobroProcess.run(["-c", "set csv maybe"])
    #expect(bad.status == 65)
    #expect(bad.err.contains("error: 'maybe' is not safe or raw"))
  }

  @Test func exportRefusesAnExistingFileAndALinkUnlessReplaceIsGiven() throws {
    let (folder, csv) = try Self.folder()
    let out = folder + "/out.csv"
    let first = try CobroProcess.run([csv, "-c", "export \(out) count"])
    #expect(first.status == 0, "\(first.err)")
    #expect(try Self.mode(out) == 0o600)
    let again = try CobroProcess.run([csv, "-c", "export \(out) list"])
    #expect(again.status == 65)
    #expect(again.err.contains("cannot write '\(out)': the file exists (add 'replace'"))
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "count\n2\n")
    let replaced = try CobroProcess.run([csv, "-c", "export \(out) replace count"])
    #expect(replaced.status == 0, "\(replaced.err)")
    #expect(try Self.mode(out) == 0o600)

    // A link is neither followed nor written through; with 'replace' the link itself goes.
    let target = folder + "/elsewhere.txt"
    try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
    let link = folder + "/link.csv"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let through = try CobroProcess.run([csv, "-c", "export \(link) count"])
    #expect(through.status == 65)
    #expect(through.err.contains("it is a symbolic link"))
    let dangling = folder + "/dangling.csv"
    try FileManager.default.createSymbolicLink(
      atPath: dangling,
      withDestinationPath: folder + "/created-through-link.csv"
    )
    let create = try CobroProcess.run([csv, "-c", "export \(dangling) count"])
    #expect(create.status == 65)
    #expect(!FileManager.default.fileExists(atPath: folder + "/created-through-link.csv"))
    let over = try CobroProcess.run([csv, "-c", "export \(link) replace count"])
    #expect(over.status == 0, "\(over.err)")
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    let kind = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
    #expect(kind == .typeRegular)
    #expect(try String(contentsOfFile: link, encoding: .utf8) == "count\n2\n")
  }

  @Test func recordRefusesAnExistingFileAndALinkUnlessReplaceIsGiven() throws {
    let (folder, csv) = try Self.folder()
    let rec = folder + "/rec.cobro"
    let first = try CobroProcess.run([csv, "-c", "record \(rec); count; record stop"])
    #expect(first.status == 0, "\(first.err)")
    #expect(try Self.mode(rec) == 0o600)
    let before = try String(contentsOfFile: rec, encoding: .utf8)
    let again = try CobroProcess.run([csv, "-c", "record \(rec); sum balance; record stop"])
    #expect(again.status == 65)
    #expect(again.err.contains("the file exists (add 'replace'"))
    #expect(try String(contentsOfFile: rec, encoding: .utf8) == before)
    let replaced = try CobroProcess.run([
      csv, "-c", "record \(rec) replace; sum balance; record stop",
    ])
    #expect(replaced.status == 0, "\(replaced.err)")
    #expect(try String(contentsOfFile: rec, encoding: .utf8).contains("\nsum balance\n"))

    let target = folder + "/elsewhere.cobro"
    try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
    let link = folder + "/link.cobro"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let through = try CobroProcess.run([csv, "-c", "record \(link); count; record stop"])
    #expect(through.status == 65)
    #expect(through.err.contains("it is a symbolic link"))
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
  }

  @Test func aNewJournalIsPrivate() throws {
    let (folder, csv) = try Self.folder()
    let r = try CobroProcess.run([
      csv, "--asof", "2026-11-30", "-c", "promise A1 10 on 2026-12-05",
    ])
    #expect(r.status == 0, "\(r.err)")
    #expect(try Self.mode(folder + "/cobro.db") == 0o600)
  }

  @Test func maskingCoversExtraContactColumnsRejectsAndLoadDiagnostics() throws {
    let (_, csv) = try Self.folder()
    let r = try CobroProcess.run([
      csv, "--set", "mask=on", "--format", "csv", "-c",
      "list columns account_id, phone, celular, correo_alterno sort account_id; rejects",
    ])
    #expect(r.status == 0, "\(r.err)")
    #expect(
      r.out.hasPrefix(
        """
        account_id,phone,celular,correo_alterno
        A1,******4567,******6543,a***@example.com
        A2,******2222,*** *** 3333,l***@example.org

        file,line,column,reason,text

        """
      )
    )
    // The rejected row's text, on stdout and in the load's diagnostic on stderr.
    #expect(r.out.contains(",12.5x,2026-10-01,******5555,******5555,e**@example.net,1,bad\"\n"))
    #expect(!r.out.contains("3004445555"))
    #expect(!r.out.contains("eva@"))
    #expect(r.err.contains("error: balance: '12.5x' is not money"))
    #expect(r.err.contains("A3,D3,Eva,12.5x,2026-10-01,******5555,******5555,e**@example.net"))
    #expect(!r.err.contains("3004445555"))
    // Without the mask, everything shows.
    let plain = try CobroProcess.run([csv, "-c", "rejects", "--format", "csv"])
    #expect(plain.out.contains("3004445555,3124445555,eva@example.net"))
  }
}
