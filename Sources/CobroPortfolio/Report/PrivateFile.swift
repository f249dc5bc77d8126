import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files that hold personal data (exports, recordings): created readable by their owner only
/// (0600), and never written through a symbolic link or over an existing file unless the user
/// said `replace`.
///
/// A file is written aside and put in place whole: a kill or a failed write leaves either no
/// file (or the old one) or the complete new one, never a part. Where the system allows it
/// (`O_TMPFILE` on Linux) the file is written with no name at all and linked in place once
/// complete, so that a kill while it is written leaves nothing behind; elsewhere it is written
/// under a hidden temporary name beside the target (`.cobro-` and six letters or digits).
/// Without `replace` the complete file is linked to its name, which fails on any existing name,
/// a link included (the link is not followed). With `replace` it is renamed over the target, so
/// the target is replaced as a whole (a link by a file, not the file the link points to); only
/// a regular file or a link is ever replaced. A temporary name that a killed process left (each
/// process holds a lock on its own) is removed by the next write to that folder. A stream
/// (`/dev/null`, a named pipe, or a link to one such as `/dev/stdout`) is written to as it is:
/// nothing is stored there.
///
/// A recording is written as it goes (``create(_:replace:)``): its file is in place from the
/// start.
public enum PrivateFile {
  /// Why a file could not be written.
  public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name exists and `replace` was not given.
    case exists
    /// The name is a symbolic link and `replace` was not given.
    case symbolicLink
    /// The system refused, with its reason.
    case system(String)
    /// Ctrl-C stopped the write.
    case interrupted

    /// The reason, in diagnostic style (lowercase, no final period).
    public var description: String {
      switch self {
      case .exists: "the file exists (add 'replace' to overwrite it)"
      case .symbolicLink:
        "it is a symbolic link, which cobro does not write through (add 'replace' to replace the "
          + "link with a file)"
      case .system(let reason): reason
      case .interrupted: "interrupted"
      }
    }
  }

  /// Opens a new file for writing at `path`, 0600, and returns its descriptor.
  ///
  /// With `replace`, the file is in place (renamed over the old one) when this returns.
  public static func create(_ path: String, replace: Bool) throws(Failure) -> Int32 {
    if let fd = try openIfStream(path) { return fd }
    guard replace, exists(path) else {
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd >= 0 { return fd }
      throw errno == EEXIST ? existing(path) : .system(reason(errno))
    }
    try checkReplaceable(path)
    let temporary = try Temporary(beside: path)
    do throws(Failure) {
      try temporary.publish(at: path, replacing: true)
    } catch {
      temporary.discard()
      throw error
    }
    return temporary.fd
  }

  /// Writes `bytes` to a new file at `path` (see `create(_:replace:)`).
  ///
  /// On a failed write nothing is left at `path`: without `replace` no file appears, with it
  /// the old file stays.
  public static func write(_ bytes: some Collection<UInt8>, to path: String, replace: Bool)
    throws(Failure)
  {
    try write(to: path, replace: replace) { out in
      out.expected = bytes.count
      out.append(bytes)
    }
  }

  /// Writes what `produce` appends to its ``Output``, a megabyte at a time as it comes, to a
  /// new file at `path` (see `create(_:replace:)`), so that the whole text is never held.
  ///
  /// On a failed write nothing is left at `path`: without `replace` no file appears, with it
  /// the old file stays. Ctrl-C between two pieces stops the write
  /// (``Failure/interrupted``); `produce` should stop appending once ``Output/failed``.
  public static func write(to path: String, replace: Bool, _ produce: (inout Output) -> Void)
    throws(Failure)
  {
    func run(_ fd: Int32) -> Failure? {
      var out = Output(fd: fd)
      produce(&out)
      out.flush()
      return out.failure
    }
    if let fd = try openIfStream(path) {
      let failure = run(fd)
      if close(fd) != 0 && failure == nil { throw .system(reason(errno)) }
      if let failure { throw failure }
      return
    }
    let replacing = replace && exists(path)
    // Refused before anything is written: an existing name without `replace`, a folder.
    if replacing { try checkReplaceable(path) } else if exists(path) { throw existing(path) }
    let temporary = try Temporary(beside: path)
    do throws(Failure) {
      if let failure = run(temporary.fd) { throw failure }
      try temporary.publish(at: path, replacing: replacing)
    } catch {
      temporary.discard()
      throw error
    }
    if close(temporary.fd) != 0 { throw .system(reason(errno)) }
  }

  /// The failure for a name that exists: a link or another file.
  static func existing(_ path: String) -> Failure {
    var info = stat()
    if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK { return .symbolicLink }
    return .exists
  }

  /// Where ``write(to:replace:_:)`` takes the bytes: they go to the file a megabyte at a time.
  public struct Output {
    /// The descriptor written to.
    let fd: Int32
    /// Bytes not yet written.
    private var pending: [UInt8] = []
    /// Why the write stopped, if it did.
    fileprivate(set) var failure: Failure?
    /// What the progress bar shows after each piece: done and total, in any unit.
    public var progress: (done: Int, total: Int)?
    /// The bytes to write in all, when known: the progress bar then follows the bytes.
    fileprivate var expected: Int?
    /// The bytes written so far.
    private var written = 0

    /// A piece: a megabyte.
    static let piece = 1 << 20

    fileprivate init(fd: Int32) {
      self.fd = fd
      pending.reserveCapacity(Output.piece + 4096)
    }

    /// Whether the write has stopped (a system error or Ctrl-C): appending is pointless.
    public var failed: Bool { failure != nil }

    /// Adds bytes; a full piece goes to the file.
    public mutating func append(_ bytes: some Collection<UInt8>) {
      guard failure == nil else { return }
      pending.append(contentsOf: bytes)
      if pending.count >= Output.piece { flush() }
    }

    /// Adds a string's UTF-8 bytes.
    public mutating func append(_ text: String) {
      var text = text
      text.withUTF8 { append($0) }
    }

    /// Writes what is pending.
    mutating func flush() {
      var done = 0
      let count = pending.count
      while done < count && failure == nil {
        if Interruption.requested {
          failure = .interrupted
          break
        }
        let n = pending.withUnsafeBytes { buffer in
          systemWrite(
            fd,
            buffer.baseAddress.unsafelyUnwrapped + done,
            min(Output.piece, count - done)
          )
        }
        if n < 0 {
          if errno == EINTR { continue }
          failure = .system(PrivateFile.reason(errno))
          break
        }
        done += n
        written += n
        if let expected { Interruption.reporter?("writing", written, expected) }
      }
      pending.removeAll(keepingCapacity: true)
      if expected == nil, let (d, t) = progress { Interruption.reporter?("writing", d, t) }
    }
  }

  /// Whether anything (a link included, even a dangling one) has this name.
  private static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// Refuses to replace what is neither a regular file nor a symbolic link (a folder, a
  /// device).
  private static func checkReplaceable(_ path: String) throws(Failure) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    let kind = info.st_mode & S_IFMT
    guard kind == S_IFREG || kind == S_IFLNK else {
      throw .system(kind == S_IFDIR ? "it is a folder" : "it is not a regular file")
    }
  }

  /// A descriptor open for writing when `path` is (or links to) a character device or a
  /// named pipe, else `nil`.
  private static func openIfStream(_ path: String) throws(Failure) -> Int32? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let kind = info.st_mode & S_IFMT
    guard kind == S_IFCHR || kind == S_IFIFO else { return nil }
    let fd = open(path, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .system(reason(errno)) }
    return fd
  }

  /// The system's reason for an error number, lowercased.
  static func reason(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
  }
}

/// `write(2)`, named apart from `PrivateFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
