import Dispatch

/// Work over every row of a large file, cut in two halves that run on two threads.
///
/// The machine the targets are set on has two cores; a scan that streams a few bytes a row is
/// bound by one core's loads, so two halves take about half the time. Below `parallelRows` rows
/// the hand-off to a second thread costs more than it saves.
enum RowHalves {
  /// Files of at least this many rows are cut in two (tests lower it to cut small files).
  @TaskLocal static var parallelRows = 131_072

  /// `body` over the rows `0..<n`; the results in row order (one or two of them).
  ///
  /// The rows are cut in two at a multiple of `alignment` when `n` is at least `parallelRows`.
  /// Work that writes a byte per row aligns the cut on a multiple of its chunk, so that each
  /// thread writes whole chunks (the two share at most the cache line at the cut).
  static func map<T>(_ n: Int, alignment: Int = 64, _ body: (Range<Int>) -> T) -> [T] {
    guard n >= max(parallelRows, 2) else { return [body(0..<n)] }
    let cut = min(n, (n / 2 + alignment - 1) / alignment * alignment)
    return withoutActuallyEscaping(body) { work in
      let job = Job(work)
      return [T](unsafeUninitializedCapacity: 2) { out, initialized in
        let results = SendablePointer(out.baseAddress.unsafelyUnwrapped)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
          (results.base + half).initialize(to: job.work(half == 0 ? 0..<cut : cut..<n))
        }
        initialized = 2
      }
    }
  }

  /// The body handed to both threads (it only reads shared state and returns its result).
  private final class Job<T>: @unchecked Sendable {
    let work: (Range<Int>) -> T
    init(_ work: @escaping (Range<Int>) -> T) { self.work = work }
  }
}
