import Foundation

/// A FIFO that a test keeps open for writing, so that a `load` of it blocks in `read` until
/// Ctrl-C: a long command whose length does not depend on the machine's speed.
final class SlowInput {
  /// The FIFO's path.
  let path: String
  private let descriptor: Int32

  /// Creates the FIFO in `folder` and writes a portfolio header into it.
  init(in folder: String) throws {
    path = folder + "/slow.csv"
    guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    // O_RDWR opens a FIFO without waiting for a reader, and keeps a writer on it.
    descriptor = open(path, O_RDWR)
    guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    let header = Array("account_id,debtor_id,balance,due_date\nA1,D1,10.00,2026-01-01\n".utf8)
    _ = header.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
  }

  deinit { close(descriptor) }

  /// Waits until the reader has taken everything written (it is then blocked in `read`), at
  /// most `seconds`.
  func waitUntilDrained(seconds: Double = 30) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      var unread: Int32 = 0
      if ioctl(descriptor, UInt(FIONREAD), &unread) == 0 && unread == 0 {
        // Give the reader a moment to be back in read(2).
        Thread.sleep(forTimeInterval: 0.3)
        return true
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }
}
