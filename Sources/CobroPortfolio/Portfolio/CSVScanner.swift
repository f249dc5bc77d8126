import CCobroScan
import CobroDiagnostics

/// Splits RFC 4180 bytes into records and fields, in place, without copying.
///
/// Fields may be quoted; a quoted field may hold the delimiter, doubled quotes and line breaks.
/// Lines may end in LF, CRLF or a lone CR (old Mac and Excel exports); every line count and
/// every search for a line's start or end treats the three alike, so that locating a problem
/// looks at its own line only, and a file of CR-ended lines loads in linear time. The scanner records, for each field of the current record, the
/// byte range of its content (quotes excluded) and whether doubled quotes must be unescaped.
struct CSVScanner {
  /// What `next()` found.
  enum Step {
    /// A record; its fields are in `starts`/`ends`.
    case record
    /// The end of the input.
    case end
    /// A quoted field that is never closed, opened at `quoteOffset`; the scanner resumed at the
    /// line after the quote's line.
    case unterminatedQuote(quoteOffset: Int)
    /// A character after a closing quote that is neither a delimiter nor a line end.
    case junkAfterQuote(offset: Int)
  }

  let p: UnsafePointer<UInt8>
  let end: Int
  let delimiter: UInt8
  /// Offset of the next unread byte.
  var pos: Int
  /// 1-based line of `pos`.
  var line: Int
  /// Offset and line where the current record starts.
  var recordStart = 0
  var recordLine = 1
  /// Number of fields of the current record.
  var count = 0
  /// Where the current record's fields are stored in `spans` (a block of records can be kept
  /// in place by advancing it).
  var fieldBase = 0
  /// Field content ranges and flags, in raw storage shared with the loader's block.
  let spans: FieldSpans
  /// Whether records without quoted fields are read 64 bytes at a time (`unquotedRecord`);
  /// tests turn it off to compare with the general loop.
  var wholeBlocks = true

  /// A scanner that has read the header record of `bytes` from `start`; `file` names the file
  /// in the errors: an empty file, a header past ``InputLimits``.
  static func header(
    of bytes: InputBytes,
    from start: Int,
    delimiter: UInt8,
    file: String
  ) throws -> CSVScanner {
    var scanner = CSVScanner(p: bytes.base, start: start, end: bytes.count, delimiter: delimiter)
    guard case .record = scanner.next() else {
      throw CobroError.badInput(path: file, reason: "empty file: no header row")
    }
    try InputLimits.checkHeader(scanner, file: file)
    return scanner
  }

  init(
    p: UnsafePointer<UInt8>,
    start: Int,
    end: Int,
    delimiter: UInt8,
    line: Int = 1,
    spans: FieldSpans = FieldSpans(capacity: 4096)
  ) {
    self.p = p
    self.end = end
    self.delimiter = delimiter
    self.pos = start
    self.line = line
    self.spans = spans
  }

  /// Start offset of field `k` of the current record.
  @inline(__always) func start(_ k: Int) -> Int { spans.starts[fieldBase + k] }
  /// End offset (exclusive) of field `k`.
  @inline(__always) func end(_ k: Int) -> Int { spans.ends[fieldBase + k] }
  /// Whether field `k` was quoted.
  @inline(__always) func quoted(_ k: Int) -> Bool { spans.flags[fieldBase + k] & 1 != 0 }
  /// Whether field `k` holds doubled quotes to unescape.
  @inline(__always) func escaped(_ k: Int) -> Bool { spans.flags[fieldBase + k] & 2 != 0 }

  @inline(__always)
  private mutating func push(_ s: Int, _ e: Int, flags: UInt8) {
    let at = fieldBase + count
    if at < spans.capacity {
      spans.starts[at] = s
      spans.ends[at] = e
      spans.flags[at] = flags
    }
    count += 1
  }

  /// Skips blank lines, then reads one record.
  mutating func next() -> Step {
    // Skip empty lines (a file may end with several line breaks).
    while pos < end && (p[pos] == 10 || p[pos] == 13) {
      if endsLine(pos) { line += 1 }
      pos += 1
    }
    if pos >= end { return .end }
    count = 0
    recordStart = pos
    recordLine = line
    if wholeBlocks && unquotedRecord() { return .record }
    let nl: UInt8 = 10
    let cr: UInt8 = 13
    let quote: UInt8 = 34
    let delim = delimiter
    let raw = UnsafeRawPointer(p)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let lowWord = ones &* 14
    let delimWord = ones &* UInt64(delim)
    while true {
      // One field starts at `pos`.
      if pos < end && p[pos] == quote {
        let quoteAt = pos
        pos += 1
        let s = pos
        var esc = false
        while true {
          if pos >= end {
            // Never closed: reject this record and resume after the quote's physical line.
            pos = lineEnd(quoteAt)
            if pos < end { pos += p[pos] == cr && pos + 1 < end && p[pos + 1] == nl ? 2 : 1 }
            line = lineOf(pos)
            return .unterminatedQuote(quoteOffset: quoteAt)
          }
          let b = p[pos]
          if b == quote {
            if pos + 1 < end && p[pos + 1] == quote {
              esc = true
              pos += 2
              continue
            }
            break
          }
          if (b == nl || b == cr) && endsLine(pos) { line += 1 }
          pos += 1
        }
        let e = pos
        pos += 1  // closing quote
        push(s, e, flags: esc ? 3 : 1)
        if pos >= end { return .record }
        let b = p[pos]
        if b == delim {
          pos += 1
          continue
        }
        if b == nl {
          pos += 1
          line += 1
          return .record
        }
        if b == cr {
          pos += 1
          if pos < end && p[pos] == nl { pos += 1 }
          line += 1
          return .record
        }
        let junkAt = pos
        pos = lineEnd(pos)
        if pos < end {
          pos += p[pos] == cr && pos + 1 < end && p[pos + 1] == nl ? 2 : 1
          line += 1
        }
        return .junkAfterQuote(offset: junkAt)
      } else {
        let s = pos
        while true {
          // Eight bytes at a time (SWAR): flag the bytes below 14 and the delimiter. Only the
          // lowest flag is used, and it is always exact (a borrow only corrupts the bytes above
          // a true hit). Fields are ~9 bytes, so this is one or two words per field instead of
          // a compare per byte; a hand-written scanner rather than a CSV package, because the
          // load is benchmarked against DuckDB and Polars (`notes/swift-performance.md`, 3).
          while pos + 8 <= end {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            let d = w ^ delimWord
            let hits = (((w &- lowWord) & ~w) | ((d &- ones) & ~d)) & highs
            if hits != 0 {
              pos += hits.trailingZeroBitCount >> 3
              break
            }
            pos += 8
          }
          // Bytes above '\r' are never a separator: one compare settles most of them.
          while pos < end {
            let b = p[pos]
            if b > cr && b != delim {
              pos += 1
              continue
            }
            break
          }
          if pos >= end { break }
          let b = p[pos]
          if b == delim || b == nl || b == cr { break }
          pos += 1
        }
        push(s, pos, flags: 0)
        if pos >= end { return .record }
        let b = p[pos]
        pos += 1
        if b == delim {
          if pos >= end {
            push(pos, pos, flags: 0)
            return .record
          }
          continue
        }
        if b == cr && pos < end && p[pos] == nl { pos += 1 }
        line += 1
        return .record
      }
    }
  }

  /// Reads the fields of a record that starts at `pos` while none of them starts with a quote,
  /// 64 bytes at a time: `true` when the record is complete, `false` with `pos` at the start of
  /// the field the general loop must read (a quoted field, or one in the last 63 bytes).
  ///
  /// Every field end outside quotes is a delimiter, `\n` or `\r`; one bit mask per 64 bytes
  /// gives them all, so a field costs one `trailingZeroBitCount` instead of a loop over its
  /// bytes (`notes/swift-performance.md`, 3: the bitmask scanner was 5x the scalar one). A
  /// quote inside an unquoted field is an ordinary byte, as in the general loop.
  @inline(__always)
  private mutating func unquotedRecord() -> Bool {
    let quote: UInt8 = 34
    let delim = delimiter
    var s = pos
    guard p[s] != quote else { return false }
    var base = s
    while base + 64 <= end {
      var mask = cobro_separators64(p + base, delim)
      while mask != 0 {
        let e = base &+ mask.trailingZeroBitCount
        mask &= mask &- 1
        push(s, e, flags: 0)
        let b = p[e]
        if b == delim {
          s = e + 1
          if s >= end {
            push(s, s, flags: 0)
            pos = s
            return true
          }
          if p[s] == quote {
            pos = s
            return false
          }
          continue
        }
        // `\n` or `\r` (a `\r\n` pair ends the line once).
        pos = e + 1
        if b == 13 && pos < end && p[pos] == 10 { pos += 1 }
        line += 1
        return true
      }
      base += 64
    }
    pos = s
    return false
  }

  /// Whether the byte at `i` ends a line: `\n`, or `\r` not followed by `\n`.
  @inline(__always)
  func endsLine(_ i: Int) -> Bool {
    p[i] == 10 || (p[i] == 13 && (i + 1 >= end || p[i + 1] != 10))
  }

  /// Offset of the line break (`\n`, or the `\r` of `\r\n` or of a lone `\r`) that ends the
  /// line holding `offset`, or `end`.
  func lineEnd(_ offset: Int) -> Int {
    var e = min(offset, end)
    while e < end && p[e] != 10 && p[e] != 13 { e += 1 }
    return e
  }

  /// Offset of the first byte of the line holding `offset`.
  func lineStart(_ offset: Int) -> Int {
    var s = min(offset, end)
    while s > 0 && p[s - 1] != 10 && p[s - 1] != 13 { s -= 1 }
    return s
  }

  /// Where `offset` is, found by looking at its own record and line only (rare paths only).
  func locate(_ offset: Int) -> Location {
    let line = lineOf(offset)
    let s = lineStart(offset)
    var column = 1
    for k in s..<min(offset, end) where p[k] & 0xC0 != 0x80 { column += 1 }
    let e = lineEnd(offset)
    return Location(
      line: line,
      column: column,
      text: String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self),
      bytesExamined: max(0, min(offset, end) - recordStart) + (min(offset, end) - s) + (e - s)
    )
  }

  /// The place of a byte offset, for a diagnostic.
  struct Location {
    /// 1-based line.
    var line: Int
    /// 1-based character column on the line.
    var column: Int
    /// The line, without its line break, decoded leniently.
    var text: String
    /// The bytes read to find them: a count of work, linear in the record's length.
    var bytesExamined: Int
  }

  /// 1-based line of a byte offset, counted from the record start (rare paths only).
  func lineOf(_ offset: Int) -> Int {
    var line = recordLine
    var i = recordStart
    while i < offset && i < end {
      if (p[i] == 10 || p[i] == 13) && endsLine(i) { line += 1 }
      i += 1
    }
    return line
  }

  /// 1-based character column of a byte offset on its line (rare paths only).
  func columnOf(_ offset: Int) -> Int { locate(offset).column }

  /// The line containing `offset`, without its line break, decoded leniently.
  func physicalLine(containing offset: Int) -> String { locate(offset).text }

  /// The current record's raw text.
  func recordText() -> String {
    var e = min(pos, end)
    while e > recordStart && (p[e - 1] == 10 || p[e - 1] == 13) { e -= 1 }
    return String(
      decoding: UnsafeBufferPointer(start: p + recordStart, count: e - recordStart),
      as: UTF8.self
    )
  }

  /// Field `k` as a string, quotes unescaped.
  func string(_ k: Int) -> String {
    let raw = String(
      decoding: UnsafeBufferPointer(start: p + start(k), count: end(k) - start(k)),
      as: UTF8.self
    )
    return escaped(k) ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
  }
}

extension String {
  /// A copy with every occurrence of `target` replaced (no Foundation needed).
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let r = rest.range(of: target) {
      out += rest[rest.startIndex..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    out += rest
    return out
  }
}

extension Substring {
  /// The first range of `target` (a small, Foundation-free search).
  func range(of target: String) -> Range<Substring.Index>? {
    let t = Array(target.utf8)
    let u = self.utf8
    guard !t.isEmpty, u.count >= t.count else { return nil }
    var i = u.startIndex
    while i != u.endIndex {
      var j = i
      var k = 0
      while k < t.count, j != u.endIndex, u[j] == t[k] {
        j = u.index(after: j)
        k += 1
      }
      if k == t.count { return i..<j }
      i = u.index(after: i)
    }
    return nil
  }
}

/// Raw storage of field ranges for a block of records (no copy-on-write checks in the scan).
final class FieldSpans: @unchecked Sendable {
  let capacity: Int
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let flags: UnsafeMutablePointer<UInt8>

  init(capacity: Int) {
    self.capacity = capacity
    starts = .allocate(capacity: capacity)
    ends = .allocate(capacity: capacity)
    flags = .allocate(capacity: capacity)
  }

  deinit {
    starts.deallocate()
    ends.deallocate()
    flags.deallocate()
  }
}

extension CSVScanner {
  /// Trims spaces and tabs around an unquoted cell `[s, e)`.
  @inline(__always)
  static func trim(_ p: UnsafePointer<UInt8>, _ s: inout Int, _ e: inout Int) {
    while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
    while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
  }
}

extension InputLimits {
  /// Fails when a header record has more than `columns` fields, at the first field past them.
  static func checkHeader(_ scanner: CSVScanner, file: String) throws(Diagnostic) {
    guard scanner.count > columns else { return }
    let at = scanner.start(columns) - (scanner.quoted(columns) ? 1 : 0)
    throw Diagnostic(
      .error,
      "header: \(scanner.count) columns, more than the \(columns) cobro reads",
      at: SourceRange(file: file, line: scanner.recordLine, column: scanner.columnOf(at)),
      sourceLine: scanner.physicalLine(containing: at),
      notes: [
        "a header this wide is usually a line of stray delimiters"
      ]
    )
  }
}
