#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files that hold personal data (exports, recordings): created readable by their owner only
/// (0600), and never written through a symbolic link or over an existing file unless the user
/// said `replace`.
///
/// Without `replace` the file is created with `O_CREAT | O_EXCL`, which fails on any existing
/// name, a link included (the link is not followed). With `replace` the new file is made beside
/// the target under a temporary name and renamed over it, so the target is replaced as a whole
/// (a link by a file, not the file the link points to) and a failed write leaves it as it was;
/// only a regular file or a link is ever replaced. A stream (`/dev/null`, a named pipe, or a
/// link to one such as `/dev/stdout`) is written to as it is: nothing is stored there.
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
      let code = errno
      guard code == EEXIST else { throw .system(reason(code)) }
      var info = stat()
      if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink }
      throw .exists
    }
    try checkReplaceable(path)
    let temporary = try makeTemporary(beside: path)
    guard rename(temporary.path, path) == 0 else {
      let code = errno
      close(temporary.fd)
      unlink(temporary.path)
      throw .system(reason(code))
    }
    return temporary.fd
  }

  /// Writes `bytes` to a new file at `path` (see `create(_:replace:)`).
  ///
  /// On a failed write nothing is left at `path`: without `replace` the partial file is
  /// removed, with it the old file stays.
  public static func write(_ bytes: some Collection<UInt8>, to path: String, replace: Bool)
    throws(Failure)
  {
    if let fd = try openIfStream(path) {
      if let failure = writeAll(bytes, to: fd) { throw failure }
      return
    }
    if replace && exists(path) {
      try checkReplaceable(path)
      let temporary = try makeTemporary(beside: path)
      if let failure = writeAll(bytes, to: temporary.fd) {
        unlink(temporary.path)
        throw failure
      }
      guard rename(temporary.path, path) == 0 else {
        let code = errno
        unlink(temporary.path)
        throw .system(reason(code))
      }
      return
    }
    let fd = try create(path, replace: false)
    if let failure = writeAll(bytes, to: fd) {
      unlink(path)
      throw failure
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

  /// Writes everything and closes `fd`; returns the failure, if any.
  ///
  /// The bytes go out a megabyte at a time; Ctrl-C between two pieces stops the write
  /// (``Failure/interrupted``), and the progress bar, if any, follows it.
  private static func writeAll(_ bytes: some Collection<UInt8>, to fd: Int32) -> Failure? {
    let data = Array(bytes)
    let piece = 1 << 20
    var done = 0
    var failure: Failure?
    while done < data.count {
      if Interruption.requested {
        failure = .interrupted
        break
      }
      let n = data.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return 0 }
        return systemWrite(fd, base + done, min(piece, data.count - done))
      }
      if n < 0 {
        if errno == EINTR { continue }
        failure = .system(reason(errno))
        break
      }
      done += n
      Interruption.reporter?("writing", done, data.count)
    }
    if close(fd) != 0 && failure == nil { failure = .system(reason(errno)) }
    return failure
  }

  /// A new 0600 file in the folder of `path`, under a name no other file has.
  private static func makeTemporary(beside path: String) throws(Failure) -> (
    fd: Int32, path: String
  ) {
    let folder = Paths.directory(of: path)
    var template = Array((folder + "/.cobro-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard fd >= 0 else { throw .system(reason(errno)) }
    // mkstemp creates the file 0600; the descriptor must not leak into child processes.
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    let name = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return (fd, name)
  }

  /// The system's reason for an error number, lowercased.
  private static func reason(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
  }
}

/// `write(2)`, named apart from `PrivateFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
