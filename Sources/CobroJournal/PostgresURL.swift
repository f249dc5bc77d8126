import Foundation

/// Where a PostgreSQL journal is:
/// `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=MODE][&schema=NAME]` (`postgres://`
/// too).
///
/// Its ``description`` never shows the password: that is what messages, `journal`, and a
/// recording's pin print. The password comes from the URL, else `PGPASSWORD`, else the
/// password file (`PGPASSFILE`, else `~/.pgpass`, as psql reads it).
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
  /// The role to log in as.
  public var user: String
  /// The password given in the URL itself, if any.
  var password: String?
  /// The server's host name or address.
  public var host: String
  /// The server's port (5432 by default).
  public var port: Int
  /// The database.
  public var database: String
  /// Whether the connection must use TLS (`sslmode=require`), with the server's certificate
  /// verified; without it the connection is plain (a server on the same machine or network).
  public var requireTLS: Bool
  /// The schema the journal's tables are in (`public` by default): one database can keep the
  /// journals of several portfolios, one schema each.
  public var schema: String = "public"

  /// Whether `text` is spelled as a PostgreSQL URL (rather than a file).
  public static func names(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
  }

  /// The URL without its password, each part as given: `postgresql://USER@HOST:PORT/DB`.
  public var description: String {
    let h = host.contains(":") ? "[\(host)]" : host
    return "postgresql://\(Self.escape(user))@\(h):\(port)/\(Self.escape(database))"
      + (requireTLS ? "?sslmode=require" : "")
      + (schema == "public" ? "" : (requireTLS ? "&" : "?") + "schema=\(schema)")
  }

  /// Parses `text`; a malformed URL is an error that shows it without its password.
  public static func parsing(_ text: String) throws(JournalError) -> PostgresURL {
    func bad(_ why: String) -> JournalError {
      .unreachable(url: redacting(text), reason: "\(why) (expected postgresql://USER@HOST:PORT/DB)")
    }
    guard names(text), let scheme = text.range(of: "://") else { throw bad("not a URL") }
    var rest = Substring(text[scheme.upperBound...])
    var query = ""
    if let q = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: q)...])
      rest = rest[..<q]
    }
    guard let slash = rest.firstIndex(of: "/") else { throw bad("no database") }
    let authority = rest[..<slash]
    let database = String(rest[rest.index(after: slash)...])
    guard let at = authority.lastIndex(of: "@") else { throw bad("no user") }
    let credentials = authority[..<at]
    var hostPort = authority[authority.index(after: at)...]
    var user = credentials
    var password: Substring?
    if let colon = credentials.firstIndex(of: ":") {
      user = credentials[..<colon]
      password = credentials[credentials.index(after: colon)...]
    }
    var host: Substring
    var port = 5432
    if hostPort.hasPrefix("[") {
      guard let close = hostPort.firstIndex(of: "]") else { throw bad("an unclosed '['") }
      host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
      hostPort = hostPort[hostPort.index(after: close)...]
      if hostPort.hasPrefix(":") { hostPort = hostPort.dropFirst() } else { hostPort = "" }
    } else if let colon = hostPort.firstIndex(of: ":") {
      host = hostPort[..<colon]
      hostPort = hostPort[hostPort.index(after: colon)...]
    } else {
      host = hostPort
      hostPort = ""
    }
    if !hostPort.isEmpty {
      guard let p = Int(hostPort), (1...65535).contains(p) else {
        throw bad("the port '\(hostPort)' is not a number from 1 to 65535")
      }
      port = p
    }
    guard let u = user.removingPercentEncoding, !u.isEmpty else { throw bad("no user") }
    guard !host.isEmpty else { throw bad("no host") }
    guard let db = database.removingPercentEncoding, !db.isEmpty else {
      throw bad("no database")
    }
    var tls = false
    var schema = "public"
    for pair in query.split(separator: "&") where !pair.isEmpty {
      let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
      switch (kv[0], kv.count == 2 ? kv[1] : "") {
      case ("sslmode", "disable"): tls = false
      case ("sslmode", "require"), ("sslmode", "verify-full"): tls = true
      case ("sslmode", let v): throw bad("sslmode '\(v)' is not disable or require")
      case ("schema", let v):
        guard let first = v.first, first.isASCII, first.isLetter || first == "_",
          v.count <= 63,
          v.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { throw bad("the schema '\(v)' is not a lowercase name of letters, digits and _") }
        schema = v
      default: throw bad("unknown parameter '\(kv[0])'")
      }
    }
    return PostgresURL(
      user: u,
      password: password.flatMap { $0.removingPercentEncoding },
      host: String(host),
      port: port,
      database: db,
      requireTLS: tls,
      schema: schema
    )
  }

  /// `text` with whatever stands between `USER:` and `@` replaced, for messages about a URL
  /// that could not be parsed.
  public static func redacting(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return text }
    let rest = text[scheme.upperBound...]
    let end = rest.firstIndex(of: "/") ?? rest.endIndex
    guard let at = rest[..<end].lastIndex(of: "@"),
      let colon = rest[..<at].firstIndex(of: ":")
    else { return text }
    return String(text[..<colon]) + String(rest[at...])
  }

  /// The password to log in with: the URL's, else `PGPASSWORD`, else the first matching line
  /// of the password file; `nil` when none gives one (a server that trusts the user).
  public func password(environment: [String: String]) -> String? {
    if let password { return password }
    if let p = environment["PGPASSWORD"], !p.isEmpty { return p }
    let file =
      environment["PGPASSFILE"]
      ?? environment["HOME"].map { ($0.hasSuffix("/") ? $0 : $0 + "/") + ".pgpass" }
    guard let file else { return nil }
    return Self.passwordFile(at: file, matching: self)
  }

  /// The password of the first line of a `.pgpass` file that matches `url`
  /// (`host:port:database:user:password`, `*` for any, `\` escaping `:` and `\`).
  ///
  /// Like psql, a file that others can read or write is ignored.
  static func passwordFile(at path: String, matching url: PostgresURL) -> String? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & 0o077 == 0,
      let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return nil }
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      var fields: [String] = []
      var current = ""
      var escaped = false
      for c in line {
        if escaped {
          current.append(c)
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == ":" && fields.count < 4 {
          fields.append(current)
          current = ""
        } else {
          current.append(c)
        }
      }
      fields.append(current)
      guard fields.count == 5 else { continue }
      let wanted = [url.host, String(url.port), url.database, url.user]
      if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
        return fields[4]
      }
    }
    return nil
  }

  private static func escape(_ part: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return part.addingPercentEncoding(withAllowedCharacters: allowed) ?? part
  }
}
