import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exact sum of cents that cannot overflow while adding: each value is split into its high
/// and low 32 bits, summed apart (2^31 rows of the largest cents fit), and joined at the end.
public struct WideSum: Sendable {
  /// Sum of the high halves (arithmetic shift).
  public var high: Int64 = 0
  /// Sum of the low halves.
  public var low: Int64 = 0

  /// An empty sum.
  public init() {}

  /// Adds a value.
  @inline(__always)
  public mutating func add(_ v: Int64) {
    high &+= v >> 32
    low &+= v & 0xFFFF_FFFF
  }

  /// Adds another sum.
  public mutating func add(_ other: WideSum) {
    high &+= other.high
    low &+= other.low
  }

  /// The total, or `nil` when it does not fit in 64 bits.
  public var value: Int64? {
    let (h, o1) = high.multipliedReportingOverflow(by: 1 << 32)
    let (t, o2) = h.addingReportingOverflow(low)
    return o1 || o2 ? nil : t
  }
}

/// What a report cannot compute: a total beyond 64-bit cents, or amounts in several currencies
/// where adding is refused.
public struct ReportError: Error, Sendable {
  /// The message.
  public var message: Diagnostic.Message
  /// Notes, such as a hint to filter by currency.
  public var notes: [Diagnostic.Message]

  /// Creates an error.
  public init(_ message: Diagnostic.Message, notes: [Diagnostic.Message] = []) {
    self.message = message
    self.notes = notes
  }

  /// A total too large for exact cents.
  package static let overflow = ReportError(
    "the total is too large to add exactly",
    notes: ["filter the accounts into smaller groups"]
  )

  /// Ctrl-C stopped the report (the session reports it as `interrupted`).
  static let interrupted = ReportError("interrupted")

  /// The result of `body`, which builds a derived column (``DerivedColumns``), with its
  /// Ctrl-C thrown as ``interrupted``.
  static func derived<T>(_ body: () throws(CobroError) -> T) throws(ReportError) -> T {
    do { return try body() } catch { throw .interrupted }
  }

  /// Throws ``interrupted`` when Ctrl-C was pressed (``Interruption``).
  @inline(__always)
  static func checkInterruption() throws(ReportError) {
    if Interruption.requested { throw .interrupted }
  }
}

/// One dimension of a grouping: the label of every row for a field, as a dense index into
/// `labels`, with the labels' value order.
public struct GroupDimension {
  /// The field grouped by.
  public let field: Field
  /// The distinct values, as cells.
  public private(set) var labels: [Cell]
  /// How cells of the dimension print.
  public let kind: ResultTable.CellKind
  /// `rank[label]`: the label's position in value order (for ties).
  public private(set) var rank: [Int]
  /// Where the labels of the rows come from.
  private var storage: Storage

  /// Category codes mapped to labels, small codes, one code per row, or one label.
  private enum Storage {
    /// A category column: each code's label.
    case category(CategoryCodes, labelOf: [UInt32])
    /// Bucket or class codes, which are their own labels.
    case small([UInt8])
    /// A label per row, numbered while reading the selection.
    case perRow([UInt32])
    /// One label for every row.
    case constant
  }

  /// Number of labels.
  public var count: Int { labels.count }

  /// The label index of a row.
  @inline(__always)
  public func label(_ r: Int) -> Int {
    switch storage {
    case .category(let codes, let labelOf): Int(labelOf[Int(codes[r])])
    case .small(let codes): Int(codes[r])
    case .perRow(let codes): Int(codes[r])
    case .constant: 0
    }
  }

  /// Resolves the labels of a field over the selected rows; Ctrl-C stops it.
  public init(
    _ field: Field,
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) {
    self.field = field
    let values = try ReportError.derived { () throws(CobroError) in
      try FieldValues(field, evaluator: evaluator)
    }
    kind = values.kind
    let p = evaluator.portfolio
    switch field.source {
    case .bucket:
      labels = evaluator.context.buckets.labels.map { .text($0) }
      rank = Array(labels.indices)
      storage = .small(
        try ReportError.derived { () throws(CobroError) in
          try evaluator.derived.bucketCodes(evaluator.context)
        }
      )
      return
    case .behavior:
      labels = Behavior.allCases.map { .text($0.name) }
      rank = Array(labels.indices)
      storage = .small(
        try ReportError.derived { () throws(CobroError) in
          try evaluator.derived.behaviors(asOf: evaluator.context.asOf).rowCodes
        }
      )
      return
    case .external(let e):
      guard case .codes(let codes) = evaluator.column(e) else { break }
      labels = e.type.words.map { .text($0) }
      rank = Array(labels.indices)
      storage = .small(codes)
      return
    case .absent(let d):
      labels = [field.type == .integer ? .integer(Int64(d) ?? 0) : .text(d)]
      rank = [0]
      storage = .constant
      return
    case .column(let i):
      if case .category(let cat) = p.columns[i].data {
        // Spellings of one value are one group, as filters match them (`SpellingGroups`).
        let groups = SpellingGroups(cat, values: Checker.effectiveValues(cat, field: field.name))
        let names = groups.labels
        let labelOf = groups.groupOf
        labels = names.map { .text($0) }
        let order = names.indices.sorted { names[$0] < names[$1] }
        var rank = [Int](repeating: 0, count: names.count)
        for (k, l) in order.enumerated() { rank[l] = k }
        self.rank = rank
        storage = .category(cat.codes, labelOf: labelOf)
        return
      }
    default:
      break
    }
    if case .column(let i) = field.source, case .text(let text) = p.columns[i].data {
      let (codes, firstRows) = try GroupDimension.textCodes(text, rows: p.rowCount, selection)
      labels = firstRows.map { values.cell($0) }
      rank = try GroupDimension.textRank(text, firstRows)
      storage = .perRow(codes)
      return
    }
    // Numbers and dates: one label per distinct value among the selected rows, numbered in
    // order of first appearance, ranked by `FieldValues.compare`.
    var codes = [UInt32](repeating: 0, count: p.rowCount)
    var firstRows: [Int] = []
    var byText: [String: UInt32] = [:]
    var byNumber: [Int64: UInt32] = [:]
    for r in 0..<p.rowCount where selection.mask[r] != 0 {
      if r % Interruption.stride == 0 {
        try ReportError.checkInterruption()
        Interruption.reporter?("grouping", r, p.rowCount)
      }
      let cell = values.cell(r)
      let code: UInt32
      switch cell {
      case .money(let v), .integer(let v):
        if let k = byNumber[v] {
          code = k
        } else {
          code = UInt32(firstRows.count)
          byNumber[v] = code
          firstRows.append(r)
        }
      case .date(let d):
        if let k = byNumber[Int64(d.raw)] {
          code = k
        } else {
          code = UInt32(firstRows.count)
          byNumber[Int64(d.raw)] = code
          firstRows.append(r)
        }
      case .empty:
        if let k = byNumber[.min] {
          code = k
        } else {
          code = UInt32(firstRows.count)
          byNumber[.min] = code
          firstRows.append(r)
        }
      default:
        let s = cell.plain
        if let k = byText[s] {
          code = k
        } else {
          code = UInt32(firstRows.count)
          byText[s] = code
          firstRows.append(r)
        }
      }
      codes[r] = code
    }
    labels = firstRows.map { values.cell($0) }
    // Once Ctrl-C is pressed (looked at every 1,024 comparisons) every pair compares equal,
    // so that the sort ends at once.
    var comparisons = 0
    var stopped = false
    let order = firstRows.indices.sorted {
      comparisons &+= 1
      if comparisons & 1023 == 0 { stopped = Interruption.requested }
      return !stopped && values.compare(firstRows[$0], firstRows[$1]) < 0
    }
    try ReportError.checkInterruption()
    var rank = [Int](repeating: 0, count: firstRows.count)
    for (k, l) in order.enumerated() { rank[l] = k }
    self.rank = rank
    storage = .perRow(codes)
  }

  /// Folds the labels of rows `start..<start + n` into `keys` (`keys[i] * size + label`, or
  /// the label alone for the first dimension): the dense sums read labels a chunk at a time
  /// instead of arrays of one label per row.
  func foldLabels(
    into keys: UnsafeMutablePointer<UInt32>,
    from start: Int,
    count n: Int,
    size: UInt32,
    first: Bool
  ) {
    let scale: UInt32 = first ? 0 : size
    switch storage {
    case .perRow(let codes):
      codes.withUnsafeBufferPointer { c in
        for i in 0..<n { keys[i] = keys[i] &* scale &+ c[start + i] }
      }
    case .constant:
      for i in 0..<n { keys[i] = keys[i] &* scale }
    case .small(let codes):
      codes.withUnsafeBufferPointer { c in
        for i in 0..<n { keys[i] = keys[i] &* scale &+ UInt32(c[start + i]) }
      }
    case .category(let codes, let labelOf):
      labelOf.withUnsafeBufferPointer { l in
        func fold<C: FixedWidthInteger>(_ c: UnsafePointer<C>) {
          for i in 0..<n { keys[i] = keys[i] &* scale &+ l[Int(c[i])] }
        }
        if let c = codes.narrow {
          fold(c + start)
        } else {
          fold(codes.wide.unsafelyUnwrapped + start)
        }
      }
    }
  }

  /// The label of every row, as one array (what the sparse accumulation reads).
  public func labelsPerRow(_ n: Int) -> [UInt32] {
    if case .perRow(let codes) = storage { return codes }
    var out = [UInt32](repeating: 0, count: n)
    out.withUnsafeMutableBufferPointer { o in
      if let base = o.baseAddress {
        foldLabels(into: base, from: 0, count: n, size: 0, first: true)
      }
    }
    return out
  }

  /// The currency dimension of a selection, or `nil` when there is one currency.
  ///
  /// An empty currency cell counts as COP. One pass over the codes decides.
  public static func currencies(
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) -> GroupDimension? {
    let p = evaluator.portfolio
    guard let i = p.columnIndex(named: "currency"), case .category(let cat) = p.columns[i].data
    else { return nil }
    let used = usedCodes(cat, selection)
    let effective = Checker.effectiveValues(cat, field: "currency")
    let present = Set(effective.indices.filter { used[$0] }.map { effective[$0] })
    guard present.count > 1 else { return nil }
    let field = Field(name: "currency", source: .column(i), type: .category(closed: true))
    return try GroupDimension(field, evaluator: evaluator, selection: selection)
  }
}

extension GroupDimension {
  /// The label of every row of a text column and the first row of each label: one label per
  /// distinct value among the selected rows, numbered in order of first appearance.
  ///
  /// The values are grouped by their bytes (`IDGrouping`, on both cores); values that differ in
  /// bytes but are the same text (a composed and a decomposed `é`) are then one label, as
  /// Swift strings compare. Ctrl-C stops it between passes (`ReportError.interrupted`).
  static func textCodes(
    _ text: TextColumn,
    rows n: Int,
    _ selection: Selection
  ) throws(ReportError) -> (codes: [UInt32], firstRows: [Int]) {
    let g = try ReportError.derived { () throws(CobroError) in
      try IDGrouping.groupInterruptibly(text, rows: n)
    }
    let unset = UInt32.max
    var labelOf = [UInt32](repeating: unset, count: g.firstRow.count)
    var codes = [UInt32](repeating: 0, count: n)
    var firstRows: [Int] = []
    // The labels of values with bytes above 0x7F, by their text: only such values can be the
    // same text in other bytes.
    var byText: [String: UInt32] = [:]
    let view = text.view
    try selection.mask.withUnsafeBufferPointer { (mask) throws(ReportError) in
      for start in stride(from: 0, to: n, by: Interruption.stride) {
        try ReportError.checkInterruption()
        Interruption.reporter?("grouping", start, n)
        for r in start..<min(start + Interruption.stride, n) where mask[r] != 0 {
          let group = Int(g.codes[r])
          var label = labelOf[group]
          if label == unset {
            let (s, e) = view.bounds(r)
            var ascii = true
            for k in s..<e where view.bytes[k] >= 0x80 {
              ascii = false
              break
            }
            if !ascii, let known = byText[text.string(r)] {
              label = known
            } else {
              label = UInt32(firstRows.count)
              firstRows.append(r)
              if !ascii { byText[text.string(r)] = label }
            }
            labelOf[group] = label
          }
          codes[r] = label
        }
      }
    }
    return (codes, firstRows)
  }

  /// The rank of each label of a text column by `FieldValues.compare`: UTF-8 bytes, then length.
  ///
  /// Labels sort by their first 8 bytes as one big-endian number, and by every byte only when
  /// those are equal. Ctrl-C stops it (`ReportError.interrupted`).
  static func textRank(_ text: TextColumn, _ firstRows: [Int]) throws(ReportError) -> [Int] {
    let view = text.view
    var prefix = [UInt64](repeating: 0, count: firstRows.count)
    for (l, r) in firstRows.enumerated() {
      let (s, e) = view.bounds(r)
      var v: UInt64 = 0
      for k in 0..<8 { v = v << 8 | UInt64(s + k < e ? view.bytes[s + k] : 0) }
      prefix[l] = v
    }
    try ReportError.checkInterruption()
    // Once Ctrl-C is pressed (looked at every 1,024 comparisons) every pair compares equal,
    // so that the sort ends at once.
    var comparisons = 0
    var stopped = false
    let order = prefix.withUnsafeBufferPointer { key in
      Array(key.indices).sorted { a, b in
        comparisons &+= 1
        if comparisons & 1023 == 0 { stopped = Interruption.requested }
        if stopped { return false }
        if key[a] != key[b] { return key[a] < key[b] }
        let (s, e) = view.bounds(firstRows[a])
        let (t, f) = view.bounds(firstRows[b])
        let c = memcmp(view.bytes + s, view.bytes + t, min(e - s, f - t))
        return c != 0 ? c < 0 : e - s < f - t
      }
    }
    try ReportError.checkInterruption()
    var rank = [Int](repeating: 0, count: firstRows.count)
    for (k, l) in order.enumerated() { rank[l] = k }
    return rank
  }

  /// Which codes of a category column the selected rows hold.
  ///
  /// With at most 64 codes, one OR of bits per row: counting into an array (the earlier way)
  /// made every row wait for the previous row's store when most rows share a code (one
  /// currency), about 2 ms on 1,000,000 rows against a fraction of that.
  static func usedCodes(_ cat: CategoryColumn, _ selection: Selection) -> [Bool] {
    let values = cat.values.count
    var used = [Bool](repeating: false, count: values)
    let codes = cat.codes
    let n = min(selection.mask.count, codes.count)
    selection.mask.withUnsafeBufferPointer { mask in
      if values <= 64, let m = mask.baseAddress, let narrow = codes.narrow {
        let all = RowHalves.map(n) { rows in usedBits(m, narrow, rows) }.reduce(0, |)
        for c in 0..<values { used[c] = all & (1 << UInt64(c)) != 0 }
      } else {
        for r in 0..<n where mask[r] != 0 { used[Int(codes[r])] = true }
      }
    }
    return used
  }

  /// Bit `c` is set when a selected row of `rows` has code `c` (codes below 64).
  private static func usedBits(
    _ m: UnsafePointer<UInt8>,
    _ c: UnsafePointer<UInt8>,
    _ rows: Range<Int>
  ) -> UInt64 {
    // Four accumulators, so that the ORs of consecutive rows do not wait on each other.
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var r = rows.lowerBound
    while r + 4 <= rows.upperBound {
      bits.0 |= UInt64(m[r] & 1) << UInt64(c[r] & 63)
      bits.1 |= UInt64(m[r + 1] & 1) << UInt64(c[r + 1] & 63)
      bits.2 |= UInt64(m[r + 2] & 1) << UInt64(c[r + 2] & 63)
      bits.3 |= UInt64(m[r + 3] & 1) << UInt64(c[r + 3] & 63)
      r += 4
    }
    while r < rows.upperBound {
      bits.0 |= UInt64(m[r] & 1) << UInt64(c[r] & 63)
      r += 1
    }
    return bits.0 | bits.1 | bits.2 | bits.3
  }
}

/// Counts, balances and days overdue added up per group.
public struct GroupTotals: Sendable {
  /// Accounts.
  public var count = 0
  /// Balance at the as-of date.
  public var balance = WideSum()
  /// Days overdue added up.
  public var overdueDays = 0

  /// Empty totals.
  public init() {}

  /// Adds another group's totals.
  public mutating func add(_ o: GroupTotals) {
    count += o.count
    balance.add(o.balance)
    overdueDays += o.overdueDays
  }

  /// The exact balance, or a report error.
  public func exactBalance() throws(ReportError) -> Cents {
    guard let v = balance.value else { throw ReportError.overflow }
    return v
  }

  /// Average days overdue with two decimals (half up), as printed in `avg_overdue`.
  public var averageOverdue: String {
    guard count > 0 else { return "0.00" }
    return Money.plain(Money.roundHalfUp(Int64(overdueDays) * 100, Int64(count)))
  }
}

/// Adds up the selected rows by the combination of their labels in several dimensions.
public enum GroupAccumulator {
  /// Totals per combination of labels, keyed by the labels' indices (first dimension first);
  /// Ctrl-C stops it.
  public static func totals(
    _ dims: [GroupDimension],
    evaluator: Evaluator,
    selection: Selection
  ) throws(ReportError) -> [[Int]: GroupTotals] {
    let p = evaluator.portfolio
    let balance = try ReportError.derived { () throws(CobroError) in try evaluator.balances.buffer }
    let due = p.dueDates.values
    let asOf = Int(evaluator.context.asOf.raw)
    let sizes = dims.map { max($0.count, 1) }
    var product = 1
    var dense = true
    for s in sizes {
      let (m, o) = product.multipliedReportingOverflow(by: s)
      if o || m > 1 << 20 {
        dense = false
        break
      }
      product = m
    }
    var out: [[Int]: GroupTotals] = [:]
    func decode(_ key: Int) -> [Int] {
      var k = key
      var labels = [Int](repeating: 0, count: dims.count)
      for d in stride(from: dims.count - 1, through: 0, by: -1) {
        labels[d] = k % sizes[d]
        k /= sizes[d]
      }
      return labels
    }
    let n = p.rowCount
    if dense {
      // With few groups, rows add into four copies of the sums in turn (row r into copy r % 4):
      // consecutive rows of the same group would otherwise each wait for the previous row's
      // store to the same counters.
      let lanes = product <= 1 << 12 ? 4 : 1
      var count = [Int](repeating: 0, count: product * lanes)
      var high = [Int64](repeating: 0, count: product * lanes)
      var low = [Int64](repeating: 0, count: product * lanes)
      var days = [Int](repeating: 0, count: product * lanes)
      // The combined key of a chunk of rows at a time: arrays of a label per row (megabytes of
      // fresh pages on every first query) made a cold `aging by segment` a third slower.
      let chunk = 4096
      let keys = UnsafeMutablePointer<UInt32>.allocate(capacity: chunk)
      keys.initialize(repeating: 0, count: chunk)
      defer { keys.deallocate() }
      // The chunk's due dates in four bytes (they are stored in two, `Int32Column`).
      let dueChunk = UnsafeMutablePointer<Int32>.allocate(capacity: chunk)
      defer { dueChunk.deallocate() }
      count.withUnsafeMutableBufferPointer { cp in
        high.withUnsafeMutableBufferPointer { hp in
          low.withUnsafeMutableBufferPointer { lp in
            days.withUnsafeMutableBufferPointer { dp in
              selection.mask.withUnsafeBufferPointer { m in
                var start = 0
                while start < n && !Interruption.requested {
                  let rows = min(chunk, n - start)
                  for (d, dim) in dims.enumerated() {
                    dim.foldLabels(
                      into: keys,
                      from: start,
                      count: rows,
                      size: UInt32(sizes[d]),
                      first: d == 0
                    )
                  }
                  due.decode(from: start, count: rows, into: dueChunk)
                  // Branch-free: every row adds, weighted by its mask byte.
                  for i in 0..<rows {
                    let r = start + i
                    let k = Int(keys[i]) &* lanes &+ (r & (lanes &- 1))
                    let b = balance[r]
                    let d = dueChunk[i]
                    let w = Int(m[r])
                    let all = 0 &- Int64(w)
                    cp[k] &+= w
                    hp[k] &+= (b >> 32) & all
                    lp[k] &+= (b & 0xFFFF_FFFF) & all
                    dp[k] &+= ComputedFields.daysOverdue(due: d, balance: b, asOf: asOf) & Int(all)
                  }
                  start += rows
                }
              }
            }
          }
        }
      }
      for k in 0..<product {
        var t = GroupTotals()
        for j in k * lanes..<(k + 1) * lanes {
          t.count &+= count[j]
          t.balance.high &+= high[j]
          t.balance.low &+= low[j]
          t.overdueDays &+= days[j]
        }
        if t.count > 0 { out[decode(k)] = t }
      }
      try ReportError.checkInterruption()
      return out
    }
    let labels = dims.map { $0.labelsPerRow(n) }
    // Many groups: each row's labels as one number when the product of the sizes fits in an
    // Int (a slot per group met, found by that number), else as an array of labels.
    var whole = 1
    var fits = true
    for s in sizes {
      let (m, o) = whole.multipliedReportingOverflow(by: s)
      fits = fits && !o
      whole = o ? whole : m
    }
    if fits {
      var slotOf: [Int: Int] = [:]
      var keys: [Int] = []
      var sums: [GroupTotals] = []
      try selection.mask.withUnsafeBufferPointer { (mask) throws(ReportError) in
        for start in stride(from: 0, to: n, by: Interruption.stride) {
          try ReportError.checkInterruption()
          Interruption.reporter?("grouping", start, n)
          for r in start..<min(start + Interruption.stride, n) where mask[r] != 0 {
            var key = 0
            for d in labels.indices { key = key &* sizes[d] &+ Int(labels[d][r]) }
            let slot: Int
            if let known = slotOf[key] {
              slot = known
            } else {
              slot = sums.count
              slotOf[key] = slot
              keys.append(key)
              sums.append(GroupTotals())
            }
            let b = balance[r]
            sums[slot].count += 1
            sums[slot].balance.add(b)
            sums[slot].overdueDays += ComputedFields.daysOverdue(
              due: due[r],
              balance: b,
              asOf: asOf
            )
          }
        }
      }
      out.reserveCapacity(keys.count)
      for (k, key) in keys.enumerated() { out[decode(key)] = sums[k] }
      return out
    }
    for r in 0..<n where selection.mask[r] != 0 {
      if r % Interruption.stride == 0 {
        try ReportError.checkInterruption()
        Interruption.reporter?("grouping", r, n)
      }
      let key = labels.map { Int($0[r]) }
      let b = balance[r]
      out[key, default: GroupTotals()].count += 1
      out[key, default: GroupTotals()].balance.add(b)
      out[key, default: GroupTotals()].overdueDays += ComputedFields.daysOverdue(
        due: due[r],
        balance: b,
        asOf: asOf
      )
    }
    return out
  }
}
