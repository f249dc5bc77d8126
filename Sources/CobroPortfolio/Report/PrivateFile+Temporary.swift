import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension PrivateFile {
  /// A file written aside before it is put in place: 0600, locked (`flock`) by this process
  /// for as long as it is open, in the folder of its target.
  ///
  /// On Linux it has no name at all while it is written (`O_TMPFILE`), where the file system
  /// allows it; otherwise, and from the instant it is linked under a temporary name to be
  /// renamed over a target, its name is `.cobro-` and six letters or digits.
  final class Temporary {
    /// The descriptor, open for writing.
    let fd: Int32
    /// Its temporary name (with the folder), when it has one.
    private(set) var name: String?

    /// The prefix of every temporary name.
    static let prefix = ".cobro-"

    /// A new temporary file in the folder of `target`; `nameless` unless the system cannot
    /// make one without a name.
    ///
    /// First removes the temporary files of killed processes from that folder.
    init(beside target: String, nameless: Bool = Temporary.namelessFiles) throws(Failure) {
      let folder = Paths.directory(of: target)
      Temporary.removeStale(in: folder)
      #if os(Linux)
        if nameless {
          let fd = open(folder, Temporary.tmpFile | O_WRONLY | O_CLOEXEC, 0o600)
          if fd >= 0 {
            _ = flock(fd, LOCK_EX)
            self.fd = fd
            name = nil
            return
          }
          // File systems that cannot make a file without a name say so with one of these.
          let code = errno
          guard code == EOPNOTSUPP || code == EISDIR || code == EINVAL else {
            throw .system(PrivateFile.reason(code))
          }
        }
      #endif
      var template = Array((folder + "/" + Temporary.prefix + "XXXXXX").utf8CString)
      let fd = template.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress.map { mkstemp($0) } ?? -1
      }
      guard fd >= 0 else { throw .system(PrivateFile.reason(errno)) }
      // mkstemp creates the file 0600; the descriptor must not leak into child processes.
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      _ = flock(fd, LOCK_EX)
      self.fd = fd
      name = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Puts the file at `target`: renamed over it when `replacing`, else linked to it, which
    /// fails when the name exists (``Failure/exists``, ``Failure/symbolicLink``).
    func publish(at target: String, replacing: Bool) throws(Failure) {
      guard let name else {
        // A file without a name gets one in a single step when nothing is to be replaced; a
        // rename needs a name to rename, which it holds only for that instant.
        if replacing {
          self.name = try linkedUnderTemporaryName(beside: target)
          try publish(at: target, replacing: true)
        } else if linkat(AT_FDCWD, ownPath, AT_FDCWD, target, AT_SYMLINK_FOLLOW) != 0 {
          throw errno == EEXIST ? PrivateFile.existing(target) : .system(PrivateFile.reason(errno))
        }
        return
      }
      if replacing {
        guard rename(name, target) == 0 else { throw .system(PrivateFile.reason(errno)) }
      } else if link(name, target) == 0 {
        unlink(name)
      } else {
        let code = errno
        if code == EEXIST { throw PrivateFile.existing(target) }
        // A file system without hard links: a rename, after one more look for the name.
        var info = stat()
        if lstat(target, &info) == 0 { throw PrivateFile.existing(target) }
        guard rename(name, target) == 0 else { throw .system(PrivateFile.reason(errno)) }
      }
      self.name = nil
    }

    /// Removes the file (unless it is in place) and closes it.
    func discard() {
      if let name { unlink(name) }
      name = nil
      close(fd)
    }

    /// The path through which the system names an open file without a name.
    private var ownPath: String { "/proc/self/fd/\(fd)" }

    /// Links the nameless file under a new temporary name beside `target`; returns the name.
    private func linkedUnderTemporaryName(beside target: String) throws(Failure) -> String {
      let folder = Paths.directory(of: target)
      let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
      var code = EEXIST
      for _ in 0..<100 {
        var generator = SystemRandomNumberGenerator()
        let suffix = (0..<6).map { _ in letters.randomElement(using: &generator) ?? 65 }
        let name = folder + "/" + Temporary.prefix + String(decoding: suffix, as: UTF8.self)
        if linkat(AT_FDCWD, ownPath, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 { return name }
        code = errno
        guard code == EEXIST else { break }
      }
      throw .system(PrivateFile.reason(code))
    }

    // MARK: - Support

    #if os(Linux)
      /// `O_TMPFILE`, which Glibc defines as a macro Swift cannot import.
      static let tmpFile: Int32 = 0o20_000_000 | O_DIRECTORY
    #endif

    /// Whether files are written without a name: on Linux, when `/proc` can name them for the
    /// link that puts them in place.
    static let namelessFiles: Bool = {
      #if os(Linux)
        return access("/proc/self/fd", X_OK) == 0
      #else
        return false
      #endif
    }()

    /// Whether `name` is one this type gives: the prefix and six letters or digits.
    static func isTemporaryName(_ name: String) -> Bool {
      guard name.hasPrefix(prefix) else { return false }
      let suffix = name.utf8.dropFirst(prefix.utf8.count)
      return suffix.count == 6
        && suffix.allSatisfy { b in
          b &- 48 < 10 || (b | 0x20) &- UInt8(ascii: "a") < 26
        }
    }

    /// When this process started, in seconds since 1970: no file of a process still running
    /// is older, apart from processes that started earlier (which hold a lock on theirs).
    static let processStart: Double = {
      var now = timespec()
      clock_gettime(CLOCK_REALTIME, &now)
      let realNow = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
      #if os(Linux)
        // Field 22 of /proc/self/stat: the start, in clock ticks after boot.
        var boot = timespec()
        clock_gettime(CLOCK_BOOTTIME, &boot)
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")")
        {
          let fields = stat[stat.index(after: close)...].split(separator: " ")
          if fields.count > 19, let ticks = Double(fields[19]) {
            let sinceBoot = Double(boot.tv_sec) + Double(boot.tv_nsec) / 1e9
            return realNow - (sinceBoot - ticks / Double(sysconf(Int32(_SC_CLK_TCK))))
          }
        }
      #endif
      return realNow
    }()

    /// Removes from `folder` the temporary files of processes that are gone: ours by name,
    /// owned by this user, unlocked, and last written before this process started.
    static func removeStale(in folder: String) {
      guard let dir = opendir(folder) else { return }
      defer { closedir(dir) }
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if isTemporaryName(name) { removeIfStale(folder + "/" + name) }
      }
    }

    /// Removes the temporary file at `path` if no process holds it.
    private static func removeIfStale(_ path: String) {
      let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
      guard fd >= 0 else { return }
      defer { close(fd) }
      var info = stat()
      guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid()
      else { return }
      #if os(Linux)
        let time = info.st_mtim
      #else
        let time = info.st_mtimespec
      #endif
      let modified = Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
      guard modified < processStart, flock(fd, LOCK_EX | LOCK_NB) == 0 else { return }
      // Still the same file under that name.
      var now = stat()
      guard lstat(path, &now) == 0, now.st_ino == info.st_ino, now.st_dev == info.st_dev else {
        return
      }
      unlink(path)
    }
  }
}
