import CLibCrypto

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Digests of the files a recording pins.
public enum FileDigest {
  /// How many bytes of a file go to the hasher at a time.
  static let chunkSize = 1 << 20

  /// The SHA-256 of a file's bytes in lowercase hex.
  public static func sha256(path: String) throws(CobroError) -> String {
    let bytes = try InputBytes.mapping(path: path)
    guard var hasher = SHA256Hasher() else {
      throw .cannotOpen(path: path, reason: "out of memory for its SHA-256")
    }
    var offset = 0
    while offset < bytes.count {
      let n = min(chunkSize, bytes.count - offset)
      hasher.update(UnsafeRawBufferPointer(start: bytes.base + offset, count: n))
      offset += n
    }
    return hasher.finalize()
  }
}

/// SHA-256 (FIPS 180-4) of bytes given in pieces, computed by the system's libcrypto.
struct SHA256Hasher: ~Copyable {
  /// The libcrypto digest context, freed with the hasher.
  private let context: OpaquePointer

  /// A hasher that has seen no bytes yet; `nil` when libcrypto cannot allocate or set up the
  /// context.
  init?() {
    guard let c = EVP_MD_CTX_new() else { return nil }
    guard EVP_DigestInit_ex(c, EVP_sha256(), nil) == 1 else {
      EVP_MD_CTX_free(c)
      return nil
    }
    context = c
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Adds bytes to the message.
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    // Only fails for a context that was never set up, which `init` rules out.
    _ = EVP_DigestUpdate(context, base, bytes.count)
  }

  /// The digest of every byte added, in lowercase hex.
  consuming func finalize() -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = EVP_DigestFinal_ex(context, &digest, &length)
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(2 * Int(length))
    for byte in digest.prefix(Int(length)) {
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Path arithmetic without Foundation.
public enum Paths {
  /// The absolute, symlink-free form of a path.
  ///
  /// A file that does not exist yet (a journal before its first entry) is its folder's form
  /// and its name; a path whose folder does not exist either is returned as it is.
  public static func absolute(_ path: String) -> String {
    if let p = realpath(path, nil) {
      defer { free(p) }
      return String(cString: p)
    }
    guard let slash = path.lastIndex(of: "/") else {
      return absolute(".") + "/" + path
    }
    let name = path[path.index(after: slash)...]
    let folder = slash == path.startIndex ? "/" : String(path[..<slash])
    guard !name.isEmpty, name != ".", name != "..", let f = realpath(folder, nil) else {
      return path
    }
    defer { free(f) }
    let base = String(cString: f)
    return (base == "/" ? "" : base) + "/" + name
  }

  /// The folder of a path (`.` for a bare name).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// `path` resolved against `base` when it is relative, with `.` and `dir/..` removed.
  public static func resolve(_ path: String, against base: String) -> String {
    if path.hasPrefix("/") || base == "." || base.isEmpty { return path }
    return normalize(base + "/" + path)
  }

  /// Removes `.` components and `dir/..` pairs, lexically (`a/b/../c` → `a/c`).
  public static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == ".." && absolute { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
  }

  /// The path with its extension (after the last `.` of the file name) replaced, or added:
  /// `data/cartera.csv` → `data/cartera.map`.
  public static func replacingExtension(of path: String, with ext: String) -> String {
    let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    if let dot = path[nameStart...].lastIndex(of: "."), dot != nameStart {
      return String(path[..<dot]) + "." + ext
    }
    return path + "." + ext
  }

  /// Whether a regular file exists at `path`.
  public static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG)
  }

  /// The path of `target` relative to the folder `from` (both made absolute first).
  public static func relative(_ target: String, from folder: String) -> String {
    let t = absolute(target).split(separator: "/")
    let f = absolute(folder).split(separator: "/")
    var common = 0
    while common < t.count && common < f.count && t[common] == f[common] { common += 1 }
    let ups = Array(repeating: "..", count: f.count - common)
    let rest = t[common...].map(String.init)
    let parts = ups + rest
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
