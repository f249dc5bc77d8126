import CobroJournal
import CobroPortfolio
import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// `cobro-bench journal LOCATION [--writes N] [--writers K]`: K writers (one connection each)
/// append N contacts in all to the journal at LOCATION (a new file, or a PostgreSQL URL whose
/// schema is empty), each contact one transaction, and prints the writes per second; then reads
/// the journal back and checks that every write is there.
func runJournalBenchmark(_ args: [String]) throws {
  guard let location = args.first, !location.hasPrefix("--") else {
    print("usage: cobro-bench journal FILE|postgresql://… [--writes N] [--writers K]")
    exit(64)
  }
  let writes = max(intOption(args, "--writes", 2000), 1)
  let writers = max(intOption(args, "--writers", 4), 1)
  let journals = try (0..<writers).map { _ in try Journal(location: location) }
  let before = try journals[0].lastEntryID()
  let stamp = JournalStamp(collector: "bench", day: benchAsOf, at: "\(benchAsOf) 10:00")
  let clock = ContinuousClock()
  let start = clock.now
  DispatchQueue.concurrentPerform(iterations: writers) { w in
    for i in stride(from: w, to: writes, by: writers) {
      do {
        try journals[w].addContact(
          account: "B-\(i)",
          channel: "call",
          result: .noAnswer,
          stamp: stamp
        )
      } catch {
        print("write \(i) failed: \(error)")
        exit(1)
      }
    }
  }
  let seconds =
    Double((clock.now - start).components.attoseconds) / 1e18
    + Double((clock.now - start).components.seconds)
  let written = try journals[0].lastEntryID() - before
  guard written == writes else {
    print("journal: \(written) of \(writes) writes are in the journal")
    exit(1)
  }
  print(
    "journal \(journals[0].location): \(writes) writes by \(writers) writers in "
      + "\(Int(seconds * 1000)) ms: \(Int(Double(writes) / seconds)) writes/s"
  )
}
