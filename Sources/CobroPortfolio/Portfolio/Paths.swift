#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
