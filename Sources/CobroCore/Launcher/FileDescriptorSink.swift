import CobroShell

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A sink that writes to a file descriptor: standard output or standard error.
///
/// Unbuffered, every write goes out at once (a terminal, standard error). Buffered, text
/// collects up to 64 KiB and goes out on `flush()`, which the shell calls after each command,
/// so that a large result piped elsewhere costs few system calls. A sink may name another to
/// flush first, so that stderr messages never overtake the stdout results printed before them.
public final class FileDescriptorSink: TextSink {
  /// The descriptor written to.
  public let descriptor: Int32
  /// Whether text waits in `buffer` until `flush()`.
  public let buffered: Bool
  /// A sink flushed before each write to this one.
  public let flushesFirst: FileDescriptorSink?
  /// Bytes not yet written.
  private var buffer: [UInt8] = []

  /// Creates a sink writing to `descriptor`.
  public init(descriptor: Int32, buffered: Bool, flushesFirst: FileDescriptorSink? = nil) {
    self.descriptor = descriptor
    self.buffered = buffered
    self.flushesFirst = flushesFirst
    if buffered { buffer.reserveCapacity(1 << 16) }
  }

  /// Writes text (or keeps it until `flush()` when buffered).
  public func write(_ text: String) {
    flushesFirst?.flush()
    buffer.append(contentsOf: text.utf8)
    if !buffered || buffer.count >= 1 << 16 { flush() }
  }

  /// Writes out whatever is buffered; gives up silently when the reader went away.
  public func flush() {
    var done = 0
    while done < buffer.count {
      let n = buffer.withUnsafeBytes { raw in
        writeBytes(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done)
      }
      if n < 0 {
        if errno == EINTR { continue }
        break
      }
      done += n
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// `write(2)`, under a name the sink's own `write(_:)` does not hide.
private func writeBytes(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  write(fd, bytes, count)
}
