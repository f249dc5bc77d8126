/// Splits RFC 4180 bytes into records and fields, in place, without copying.
///
/// Fields may be quoted; a quoted field may hold the delimiter, doubled quotes and line breaks.
/// Lines may end in LF or CRLF. The scanner records, for each field of the current record, the
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
  /// Content range of each field of the current record.
  var starts: [Int] = []
  var ends: [Int] = []
  /// Whether field `k` was quoted and holds doubled quotes.
  var escaped: [Bool] = []
  /// Whether field `k` was quoted.
  var quoted: [Bool] = []
  /// Number of fields of the current record.
  var count = 0

  init(p: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: UInt8, line: Int = 1) {
    self.p = p
    self.end = end
    self.delimiter = delimiter
    self.pos = start
    self.line = line
    starts = [Int](repeating: 0, count: 64)
    ends = starts
    escaped = [Bool](repeating: false, count: 64)
    quoted = escaped
  }

  @inline(__always)
  private mutating func push(_ s: Int, _ e: Int, quoted q: Bool, escaped esc: Bool) {
    if count == starts.count {
      starts.append(0)
      ends.append(0)
      escaped.append(false)
      quoted.append(false)
    }
    starts[count] = s
    ends[count] = e
    escaped[count] = esc
    quoted[count] = q
    count += 1
  }

  /// Skips blank lines, then reads one record.
  mutating func next() -> Step {
    // Skip empty lines (a file may end with several line breaks).
    while pos < end && (p[pos] == 10 || p[pos] == 13) {
      if p[pos] == 10 { line += 1 }
      pos += 1
    }
    if pos >= end { return .end }
    count = 0
    recordStart = pos
    recordLine = line
    let nl: UInt8 = 10
    let cr: UInt8 = 13
    let quote: UInt8 = 34
    let delim = delimiter
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
            pos = quoteAt
            while pos < end && p[pos] != nl { pos += 1 }
            if pos < end { pos += 1 }
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
          if b == nl { line += 1 }
          pos += 1
        }
        let e = pos
        pos += 1  // closing quote
        push(s, e, quoted: true, escaped: esc)
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
        while pos < end && p[pos] != nl { pos += 1 }
        if pos < end {
          pos += 1
          line += 1
        }
        return .junkAfterQuote(offset: junkAt)
      } else {
        let s = pos
        while pos < end {
          let b = p[pos]
          if b == delim || b == nl || b == cr { break }
          pos += 1
        }
        push(s, pos, quoted: false, escaped: false)
        if pos >= end { return .record }
        let b = p[pos]
        pos += 1
        if b == delim {
          if pos >= end {
            push(pos, pos, quoted: false, escaped: false)
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

  /// 1-based line of a byte offset, counted from the record start (rare paths only).
  func lineOf(_ offset: Int) -> Int {
    var l = recordLine
    var i = recordStart
    while i < offset && i < end {
      if p[i] == 10 { l += 1 }
      i += 1
    }
    return l
  }

  /// 1-based character column of a byte offset on its physical line (rare paths only).
  func columnOf(_ offset: Int) -> Int {
    var i = offset
    while i > 0 && p[i - 1] != 10 { i -= 1 }
    var col = 1
    while i < offset {
      if p[i] & 0xC0 != 0x80 { col += 1 }
      i += 1
    }
    return col
  }

  /// The physical line containing `offset`, without its line break, decoded leniently.
  func physicalLine(containing offset: Int) -> String {
    var s = min(offset, end)
    while s > 0 && p[s - 1] != 10 { s -= 1 }
    var e = min(offset, end)
    while e < end && p[e] != 10 && p[e] != 13 { e += 1 }
    return String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
  }

  /// The current record's raw text.
  func recordText() -> String {
    var e = min(pos, end)
    while e > recordStart && (p[e - 1] == 10 || p[e - 1] == 13) { e -= 1 }
    return String(
      decoding: UnsafeBufferPointer(start: p + recordStart, count: e - recordStart), as: UTF8.self)
  }

  /// Field `k` as a string, quotes unescaped.
  func string(_ k: Int) -> String {
    let raw = String(
      decoding: UnsafeBufferPointer(start: p + starts[k], count: ends[k] - starts[k]),
      as: UTF8.self)
    return escaped[k] ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
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
