import Foundation
import Testing

/// Runs of the built binary: exit statuses, stdout and stderr, `-c` names, piped input.
@Suite struct EndToEndTests {
  static func write(_ text: String, to name: String, in folder: String) throws -> String {
    let path = folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func resultsOnStdoutAcknowledgementsOnStderr() throws {
    let r = try CobroProcess.run(["-c", "set format csv; echo hola"])
    #expect(r.status == 0)
    #expect(r.out == "hola\n")
    #expect(r.err == "format = csv\n")
  }

  @Test func dashCNamesEachCommand() throws {
    let r = try CobroProcess.run(["-c", "echo a; set limt 10; echo b"])
    #expect(r.status == 65)
    #expect(r.out == "a\n")
    #expect(
      r.err.hasPrefix(
        "<command-2>:1:5: error: unknown setting 'limt'\n1 | set limt 10\n  |     ^^^^\n"
      )
    )
    let going = try CobroProcess.run(["-c", "echo a; set limt 10; echo b", "--keep-going"])
    #expect(going.status == 65)
    #expect(going.out == "a\nb\n")
  }

  @Test func pipedCommandsHaveNoPromptAndNameStdin() throws {
    let r = try CobroProcess.run(
      [],
      stdin: "echo uno\necho dos \\\n tres\nset limt 10\necho never\n"
    )
    #expect(r.status == 65)
    #expect(r.out == "uno\ndos tres\n")
    #expect(r.err.hasPrefix("<stdin>:4:5: error: unknown setting 'limt'"))
    #expect(!r.err.contains("cobro demo"))
    let going = try CobroProcess.run(["--keep-going"], stdin: "set limt 10\necho after")
    #expect(going.status == 65)
    #expect(going.out == "after\n")
    let quit = try CobroProcess.run([], stdin: "echo a\nquit\necho b\n")
    #expect(quit.status == 0)
    #expect(quit.out == "a\n")
  }

  @Test func scriptsByExtensionAndByShebang() throws {
    let folder = try CobroProcess.temporaryFolder()
    let script = try Self.write(
      "# report\necho one\nset limt 10\necho two\n",
      to: "r.cobro",
      in: folder
    )
    let r = try CobroProcess.run([script])
    #expect(r.status == 65)
    #expect(r.out == "one\n")
    #expect(r.err.hasPrefix("\(script):3:5: error: unknown setting 'limt'"))
    let program = try Self.write("#!/usr/bin/env cobro\necho $who\n", to: "report", in: folder)
    let p = try CobroProcess.run([program, "--set", "who=ana"])
    #expect(p.status == 0)
    #expect(p.out == "ana\n")
  }

  @Test func portfolioOnTheCommandLine() throws {
    let folder = try CobroProcess.temporaryFolder()
    let csv = try Self.write(
      "account_id;debtor_id;balance;due_date\nA1;D1;1.234,50;31/10/2026\nA2;D2;1x;31/10/2026\n",
      to: "cartera.csv",
      in: folder
    )
    let r = try CobroProcess.run([
      "-c", "rejects", csv, "--delimiter", ";", "--decimal", ",", "--dates", "dmy", "--format",
      "csv",
    ])
    #expect(r.status == 0)
    #expect(r.out.hasPrefix("file,line,column,reason,text\n\(csv),3,"))
    #expect(r.err.contains("\(csv):3:7: error: balance: '1x' is not money"))
    #expect(r.err.contains("loaded 1 account from \(csv); 1 row rejected"))
    let strict = try CobroProcess.run([
      "-c", "echo loaded", csv, "--delimiter", ";", "--decimal", ",", "--dates", "dmy", "--strict",
    ])
    #expect(strict.status == 65)
    #expect(strict.out == "")
  }

  @Test(arguments: [
    (
      ["/nonexistent/cartera.csv", "-c", "echo x"], Int32(66),
      "/nonexistent/cartera.csv: error: cannot open"
    ),
    (["/nonexistent/x.cobro"], Int32(66), "/nonexistent/x.cobro: error: cannot open"),
    (["--asof", "2026-02-30"], Int32(64), "cobro: error: --asof: '2026-02-30' is not a date"),
    (["--format", "xml", "-c", "echo"], Int32(64), "cobro: error: --format: unknown format 'xml'"),
    (
      ["--payments", "p.csv", "-c", "echo"], Int32(64),
      "cobro: error: --payments needs a portfolio file"
    ),
    (["--bogus"], Int32(64), "Error: Unknown option '--bogus'"),
    (["-c", "echo", "a.csv", "b.csv"], Int32(64), "Error: Unexpected argument 'b.csv'"),
  ])
  func exitStatuses(arguments: [String], status: Int32, message: String) throws {
    let r = try CobroProcess.run(arguments)
    #expect(r.status == status)
    #expect(r.err.hasPrefix(message), "stderr: \(r.err)")
    #expect(r.out == "")
  }

  @Test func colourOnlyWhenAskedOffATerminal() throws {
    let plain = try CobroProcess.run(["-c", "set limt 10"])
    #expect(!plain.err.contains("\u{1B}["))
    let forced = try CobroProcess.run(["-c", "set limt 10", "--color", "always"])
    #expect(forced.err.contains("\u{1B}[1;31merror\u{1B}[0m"))
  }

  @Test func ctrlCDuringALoadExits130() throws {
    let folder = try CobroProcess.temporaryFolder()
    let slow = try SlowInput(in: folder)
    let running = try CobroProcess.start(["-c", "load \(slow.path); echo never"])
    #expect(slow.waitUntilDrained())
    running.interrupt()
    let r = running.finish()
    #expect(r.status == 130)
    #expect(r.out == "")
    #expect(r.err == "interrupted\n")
  }

  /// A script stopped by SIGINT in a long command prints `interrupted`, runs nothing more and
  /// exits 130.
  @Test func aScriptInterruptedBySIGINTExits130() throws {
    let folder = try CobroProcess.temporaryFolder()
    let generated = try CobroProcess.run([
      "generate", "--accounts", "20000", "--seed", "3", "--asof", "2026-11-30",
    ])
    try #require(generated.status == 0)
    try generated.out.write(toFile: folder + "/grande.csv", atomically: true, encoding: .utf8)
    let script = try Self.write(
      """
      load grande.csv
      simulate discount 20% currency COP accept 0-90=0.5,91+=0.2 --runs 100000
      echo never
      """,
      to: "largo.cobro",
      in: folder
    )
    let running = try CobroProcess.start([script, "--asof", "2026-11-30"])
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline,
      (try? String(contentsOfFile: running.errPath, encoding: .utf8))?.contains("loaded") != true
    {
      Thread.sleep(forTimeInterval: 0.02)
    }
    // The load is over: the simulation of 100,000 runs over 20,000 accounts is running.
    Thread.sleep(forTimeInterval: 0.3)
    running.interrupt()
    let r = running.finish()
    #expect(r.status == 130)
    #expect(r.out == "", "nothing of the simulation, nothing after it")
    #expect(r.err.hasSuffix("\ninterrupted\n"), "stderr: \(r.err)")
  }

  @Test func ctrlCWhileReadingAPipeExits130() throws {
    let running = try CobroProcess.start([])
    running.write("echo ready\n")
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline,
      (try? String(contentsOfFile: running.outPath, encoding: .utf8)) != "ready\n"
    {
      Thread.sleep(forTimeInterval: 0.02)
    }
    // cobro printed 'ready' and waits for the next line.
    Thread.sleep(forTimeInterval: 0.2)
    running.interrupt()
    let r = running.finish()
    #expect(r.status == 130)
    #expect(r.out == "ready\n")
  }

  @Test func transcripts() throws {
    let folder = try CobroProcess.temporaryFolder()
    let good = try Self.write("echo hola\n#> hola\n", to: "good.cobro", in: folder)
    let bad = try Self.write("echo hola\n#> chao\n", to: "bad.cobro", in: folder)
    let pass = try CobroProcess.run(["test", good])
    #expect(pass.status == 0)
    #expect(pass.out == "1 passed, 0 failed\n")
    let fail = try CobroProcess.run(["test", good, bad])
    #expect(fail.status == 1)
    #expect(fail.out.contains("-#> chao\n+#> hola\n"))
    #expect(fail.out.hasSuffix("1 passed, 1 failed\n"))
  }

  /// One expected line of a project transcript changed: `0 passed, 1 failed`, exit 1, and a
  /// diff that shows the expected line and the actual one.
  @Test func aChangedExpectedLineOfAProjectTranscriptFailsWithADiff() throws {
    let folder = try CobroProcess.temporaryFolder()
    let transcripts = CobroProcess.packageRoot.path + "/Tests/Transcripts"
    try FileManager.default.copyItem(
      atPath: transcripts + "/fixtures",
      toPath: folder + "/fixtures"
    )
    try FileManager.default.createDirectory(
      atPath: folder + "/explore",
      withIntermediateDirectories: true
    )
    let text = try String(contentsOfFile: transcripts + "/explore/accounts.cobro", encoding: .utf8)
    let path = folder + "/explore/accounts.cobro"
    _ = try Self.write(text, to: "accounts.cobro", in: folder + "/explore")
    // Diagnostics name the transcript as it is given: rewrite them for the copy's name.
    let update = try CobroProcess.run(["test", "--update", path])
    #expect(update.status == 0, "\(update.err)")
    let pass = try CobroProcess.run(["test", path])
    #expect(pass.out == "1 passed, 0 failed\n", "\(pass.out)")
    let updated = try String(contentsOfFile: path, encoding: .utf8)
    let changed = updated.replacingOccurrences(
      of: "#> account_id           CO-001",
      with: "#> account_id           CO-999"
    )
    #expect(changed != updated)
    _ = try Self.write(changed, to: "accounts.cobro", in: folder + "/explore")
    let fail = try CobroProcess.run(["test", path])
    #expect(fail.status == 1)
    #expect(fail.out.hasPrefix("--- \(path)\n+++ \(path) (actual)\n@@ "))
    #expect(
      fail.out.contains("\n-#> account_id           CO-999\n+#> account_id           CO-001\n")
    )
    #expect(fail.out.hasSuffix("0 passed, 1 failed\n"))
  }

  /// A recording pins its journal; `cobro test` replays it on a scratch copy cut back to what
  /// the recording saw, so it passes however the journal grows and never writes to it.
  @Test func aRecordingReplaysOnAScratchCopyOfItsPinnedJournal() throws {
    let (folder, csv) = try CobroProcess.folderWithPortfolio()
    let db = folder + "/cobro.db"
    let rec = folder + "/rec.cobro"
    let day = ["--asof", "2026-11-30", "--collector", "ana"]
    let first = try CobroProcess.run([csv] + day + ["-c", "promise CO-001 100 on 2026-12-05"])
    #expect(first.status == 0, "\(first.err)")
    let session = try CobroProcess.run(
      [csv] + day + [
        "-c",
        "record \(rec); journal; promise CO-003 50 on 2026-12-01; promises; record stop",
      ]
    )
    #expect(session.status == 0, "\(session.err)")
    let recording = try String(contentsOfFile: rec, encoding: .utf8)
    #expect(recording.contains("\njournal cobro.db entries 1\n"))
    // The journal grows after the recording.
    let later = try CobroProcess.run([csv, "-c", "promise CO-004 70 on 2026-12-09"])
    #expect(later.status == 0, "\(later.err)")
    let before = JournalScratchBytes.of(db)
    let check = try CobroProcess.run(["test", rec])
    #expect(check.out == "1 passed, 0 failed\n")
    #expect(check.status == 0)
    #expect(JournalScratchBytes.of(db) == before)
    // A plain replay is a script: it writes to the journal, and says that it has grown.
    let replay = try CobroProcess.run([rec])
    #expect(replay.status == 0)
    #expect(replay.err.contains("journal '\(db)' has 2 entries written since it was pinned"))
    #expect(replay.err.contains("entry 4: CO-003 promised 50.00"))
  }

  /// `cobro help` is `cobro --help`; `cobro help agree` is the shell's `help agree`.
  @Test func helpAsAnArgument() throws {
    let usage = try CobroProcess.run(["help"])
    #expect(usage.status == 0)
    #expect(usage.out.contains("cobro help [COMMAND]"))
    let agree = try CobroProcess.run(["help", "agree"])
    #expect(agree.status == 0)
    #expect(agree.out.hasPrefix("agree ACCOUNT_ID|debtor ID installments N"))
    let unknown = try CobroProcess.run(["help", "nope"])
    #expect(unknown.status == 65)
    #expect(unknown.err.contains("error: no help for 'nope': not a command"))
  }

  /// Entries already in an in-memory journal cannot be pinned: 'record' says so, and
  /// 'journal scratch' before it gives a recording that passes its own test.
  @Test func aRecordingAfterEntriesInMemory() throws {
    let folder = try CobroProcess.temporaryFolder()
    let contact = "contact CO-0000001 via call result no_answer force"
    let kept = try CobroProcess.run([
      "--asof", "2026-11-30", "-c",
      "\(contact); record \(folder)/a.cobro; journal; record stop",
    ])
    #expect(kept.err.contains("the 1 entries of the in-memory journal are not in the recording"))
    #expect(try CobroProcess.run(["test", folder + "/a.cobro"]).status != 0)
    let fresh = try CobroProcess.run([
      "--asof", "2026-11-30", "-c",
      "\(contact); journal scratch; record \(folder)/b.cobro; \(contact); journal; record stop",
    ])
    #expect(fresh.status == 0, "\(fresh.err)")
    #expect(fresh.err.contains("the previous one in memory is gone with its 1 entry"))
    let check = try CobroProcess.run(["test", folder + "/b.cobro"])
    #expect(check.out == "1 passed, 0 failed\n", "\(check.out)")
  }

  /// A journal chosen in the middle of a recording is pinned like the first one, so that
  /// `cobro test` cuts it back to what the session saw.
  @Test func aJournalChosenWhileRecordingIsPinned() throws {
    let (folder, csv) = try CobroProcess.folderWithPortfolio()
    let rec = folder + "/rec.cobro"
    let session = try CobroProcess.run([
      csv, "--asof", "2026-11-30", "--collector", "ana", "-c",
      "record \(rec); journal \(folder)/otro.db; contact CO-003 via call result no_answer; "
        + "journal; journal \(csv); record stop",
    ])
    #expect(session.status == 65)
    #expect(session.err.contains("'\(csv)' is not a cobro journal"))
    let recording = try String(contentsOfFile: rec, encoding: .utf8)
    #expect(recording.contains("\njournal otro.db entries 0\ncontact CO-003"))
    let check = try CobroProcess.run(["test", rec])
    #expect(check.out == "1 passed, 0 failed\n", "\(check.out)")
  }
}

/// The bytes of a journal and of its write-ahead log (absent and empty alike).
enum JournalScratchBytes {
  static func of(_ path: String) -> [Data] {
    [path, path + "-wal"].map { (try? Data(contentsOf: URL(fileURLWithPath: $0))) ?? Data() }
  }
}

/// The as-of date given on the command line or after the load.
@Suite struct AsOfEndToEndTests {
  /// `--asof`, `--set asof=` and `set asof` after the load give the same balances on a bank
  /// export loaded with its dialect, cut-off and column map from the command line.
  @Test func theThreeWaysOfGivingTheAsOfDateAgree() throws {
    let banco = CobroProcess.packageRoot.path + "/Tests/Transcripts/fixtures/banco"
    let load = [
      banco + "/cartera.csv", "--payments", banco + "/pagos.csv", "--delimiter", ";",
      "--decimal", ",", "--dates", "dmy", "--encoding", "cp1252", "--cutoff", "2026-12-04",
      "--map", banco + "/tipos.map", "--format", "csv",
    ]
    let flag = try CobroProcess.run(["-c", "sum balance"] + load + ["--asof", "2026-11-30"])
    let set = try CobroProcess.run(["-c", "sum balance"] + load + ["--set", "asof=2026-11-30"])
    let later = try CobroProcess.run(
      ["-c", "set asof 2026-11-30; sum balance"] + load + ["--asof", "2026-12-07"]
    )
    #expect(flag.status == 0, "\(flag.err)")
    #expect(flag.out == "sum_balance\n5912591837.73\n")
    #expect(set.out == flag.out)
    #expect(later.out == flag.out)
    // The payments dated after the cut-off are reported once, on stderr.
    #expect(flag.err.components(separatedBy: "dated after the cut-off 2026-12-04").count == 2)
  }
}
