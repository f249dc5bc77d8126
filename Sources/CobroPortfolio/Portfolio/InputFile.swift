import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of an input file, mapped into memory (or owned, for generated and transcoded input).
///
/// Mapping avoids the copy out of the page cache that a read costs (~90 ms for 181 MB,
/// `notes/swift-performance.md` section 1). Nothing keeps pointers into the mapping after a load:
/// every column copies what it needs.
public final class InputBytes: @unchecked Sendable {
  /// First byte.
  public let base: UnsafePointer<UInt8>
  /// Number of bytes.
  public let count: Int
  private let release: () -> Void
  /// Whether the bytes are a read-only mapping of a file (pages can be dropped and re-read).
  let isMapped: Bool

  private init(
    base: UnsafePointer<UInt8>,
    count: Int,
    isMapped: Bool = false,
    release: @escaping () -> Void
  ) {
    self.base = base
    self.count = count
    self.isMapped = isMapped
    self.release = release
  }

  /// Drops the resident pages wholly inside `[from, to)` of a mapped file.
  ///
  /// Reading them again maps them back from the page cache. The loader calls this behind its scan so that the
  /// process does not hold the file's pages on top of the columns (peak memory); for owned
  /// bytes it does nothing.
  func dropPages(from: Int, to: Int) {
    #if os(Linux)
      guard isMapped else { return }
      let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
      let s = (from + page - 1) / page * page
      let e = min(to, count) / page * page
      guard e > s else { return }
      _ = madvise(UnsafeMutableRawPointer(mutating: base + s), e - s, Int32(MADV_DONTNEED))
    #endif
  }

  deinit { release() }

  /// Copies `bytes` into a buffer owned by the returned object.
  public static func copying(_ bytes: [UInt8]) -> InputBytes {
    let n = bytes.count
    let raw = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
    bytes.withUnsafeBufferPointer { bp in
      if let b = bp.baseAddress { raw.update(from: b, count: n) }
    }
    return InputBytes(base: UnsafePointer(raw), count: n) { raw.deallocate() }
  }

  /// Maps the file at `path` read-only.
  ///
  /// A pipe or FIFO is read instead, up to `InputLimits.streamBytes`; a FIFO nobody is writing
  /// to is an error rather than a wait for a writer that may never come. Devices (`/dev/zero`, a terminal) and sockets are
  /// refused: they may never end.
  ///
  /// - Throws: `CobroError.cannotOpen` for a missing or unreadable file, a directory or a
  ///   device; `CobroError.badInput` for a stream past the limit; `CobroError.interrupted` when
  ///   Ctrl-C stops a blocked read (a slow pipe).
  public static func mapping(path: String) throws(CobroError) -> InputBytes {
    // Non-blocking, so that opening a FIFO without a writer does not wait for one.
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    if fd < 0 {
      if errno == EINTR { throw .interrupted }
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
    switch st.st_mode & S_IFMT {
    case S_IFDIR:
      throw .cannotOpen(path: path, reason: "is a directory")
    case S_IFIFO:
      // Reads block again (a writer may be slow); without any writer a read returns 0.
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
      let bytes = try reading(fd, path: path)
      guard bytes.count > 0 else {
        throw .badInput(path: path, reason: "empty pipe: nothing was writing to it")
      }
      return bytes
    case S_IFREG:
      break
    default:
      throw .cannotOpen(path: path, reason: "not a regular file (a device or a socket)")
    }
    let size = Int(st.st_size)
    if size == 0 {
      // Files the kernel reports as empty may still have content (`/proc`): read them.
      return try reading(fd, path: path)
    }
    guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
    _ = madvise(m, size, Int32(MADV_SEQUENTIAL))
    let p = UnsafePointer(m.assumingMemoryBound(to: UInt8.self))
    return InputBytes(base: p, count: size, isMapped: true) { munmap(m, size) }
  }

  /// Reads `fd` to its end, up to `InputLimits.streamBytes`.
  private static func reading(_ fd: Int32, path: String) throws(CobroError) -> InputBytes {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { throw .interrupted }
        throw .cannotOpen(path: path, reason: String(cString: strerror(errno)).lowercased())
      }
      if n == 0 { break }
      guard bytes.count + n <= InputLimits.streamBytes else {
        throw .badInput(
          path: path,
          reason: "more than \(InputLimits.streamBytes >> 20) MiB from a pipe: save it to a file"
        )
      }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return copying(bytes)
  }

  /// Length of a leading UTF-8 byte-order mark (3), or 0 when there is none.
  public var bomLength: Int {
    count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
  }

  /// Transcodes Windows-1252 bytes to UTF-8.
  public func transcodedFromCP1252() -> InputBytes {
    var out: [UInt8] = []
    out.reserveCapacity(count + count / 16)
    for i in 0..<count {
      let b = base[i]
      if b < 0x80 {
        out.append(b)
      } else {
        let scalar: UInt32 = b >= 0xA0 ? UInt32(b) : InputBytes.cp1252High[Int(b - 0x80)]
        let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(s)).utf8))
      }
    }
    return .copying(out)
  }

  /// Unicode scalars of cp1252 bytes 0x80–0x9F (undefined bytes map to their C1 control).
  static let cp1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]

  /// Whether `[s, e)` is valid UTF-8.
  @inline(__always)
  static func isValidUTF8(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    var i = s
    while i < e {
      let b = p[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let n: Int
      var minValue: UInt32
      var v: UInt32
      if b & 0xE0 == 0xC0 {
        n = 1
        v = UInt32(b & 0x1F)
        minValue = 0x80
      } else if b & 0xF0 == 0xE0 {
        n = 2
        v = UInt32(b & 0x0F)
        minValue = 0x800
      } else if b & 0xF8 == 0xF0 {
        n = 3
        v = UInt32(b & 0x07)
        minValue = 0x10000
      } else {
        return false
      }
      if i + n >= e { return false }
      for k in 1...n {
        let c = p[i + k]
        if c & 0xC0 != 0x80 { return false }
        v = (v << 6) | UInt32(c & 0x3F)
      }
      if v < minValue || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return false }
      i += n + 1
    }
    return true
  }

  /// Offset of the first invalid UTF-8 byte in `[s, e)`, if any.
  ///
  /// A character and the continuation bytes after it are checked together, and the offset of
  /// the character is reported (a stray continuation byte after `a` is reported at the `a`).
  /// Runs of ASCII are skipped 8 bytes at a time: names with an accent call this for every row.
  static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
    var i = s
    let raw = UnsafeRawPointer(p)
    while i < e {
      if i + 8 <= e {
        let high = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080
        // The ASCII bytes before the first byte with its high bit set (all 8 when none is).
        let ascii = high == 0 ? 8 : UInt64(littleEndian: high).trailingZeroBitCount >> 3
        if ascii > 0 {
          i += ascii
          if i < e && p[i] & 0xC0 == 0x80 { return i - 1 }
          continue
        }
      }
      if p[i] < 0x80 {
        if i + 1 < e && p[i + 1] & 0xC0 == 0x80 { return i }
        i += 1
        continue
      }
      var j = i + 1
      while j < e && p[j] & 0xC0 == 0x80 { j += 1 }
      if !isValidUTF8(p, i, j) { return i }
      i = j
    }
    return nil
  }
}
