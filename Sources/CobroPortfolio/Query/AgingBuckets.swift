/// The aging buckets in force: `current`, then one bucket per bound, then the open last one.
///
/// The default bounds `30,60,90,180,360` give the labels of `spec/cli.md` exactly: `current`,
/// `1-30`, `31-60`, `61-90`, `91-180`, `181-360`, `361+`. `set buckets 30,60,90,120` gives
/// `current`, `1-30`, `31-60`, `61-90`, `91-120`, `121+`.
public struct BucketScheme: Hashable, Sendable {
  /// Upper bounds (days, inclusive) of the bounded buckets after `current`; strictly increasing,
  /// all positive.
  public let bounds: [Int]
  /// The labels, `current` first.
  public let labels: [String]

  /// The buckets of `spec/cli.md`.
  public static let standard = BucketScheme(validBounds: [30, 60, 90, 180, 360])

  /// The text `set buckets` takes for the standard buckets.
  public static let standardText = "30,60,90,180,360"

  /// Labels the buckets of bounds already checked.
  private init(validBounds: [Int]) {
    bounds = validBounds
    var labels = ["current"]
    var low = 1
    for b in validBounds {
      labels.append("\(low)-\(b)")
      low = b + 1
    }
    labels.append("\(low)+")
    self.labels = labels
  }

  /// Reads `30,60,90,120` (or `default`); returns the reason when the text is not a valid list.
  public static func parse(_ text: String) -> Result<BucketScheme, BucketError> {
    let trimmed = text.trimmingCharacters(in: " ")
    if trimmed.lowercased() == "default" || trimmed.lowercased() == "standard" {
      return .success(.standard)
    }
    var bounds: [Int] = []
    for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      let p = String(part).trimmingCharacters(in: " ")
      guard let n = Int(p), n > 0, n <= 36_500 else {
        return .failure(BucketError(message: "'\(p)' is not a number of days between 1 and 36500"))
      }
      if let last = bounds.last, n <= last {
        return .failure(BucketError(message: "bucket bounds must increase: \(n) after \(last)"))
      }
      bounds.append(n)
    }
    guard !bounds.isEmpty, bounds.count <= 30 else {
      return .failure(BucketError(message: "give between 1 and 30 bounds"))
    }
    return .success(BucketScheme(validBounds: bounds))
  }

  /// The bounds as `set buckets` takes them.
  public var text: String { bounds.map(String.init).joined(separator: ",") }

  /// Number of buckets (`current` and the open last one included).
  public var count: Int { labels.count }

  /// The bucket of an age in days: 0 (`current`) for 0 or less.
  @inline(__always)
  public func index(days: Int) -> Int {
    if days <= 0 { return 0 }
    var i = 0
    while i < bounds.count && days > bounds[i] { i += 1 }
    return i + 1
  }

  /// The bucket with this label, ignoring case.
  public func index(label: String) -> Int? {
    let l = label.lowercased()
    return labels.firstIndex { $0 == l }
  }
}

/// Why a `set buckets` value was refused.
public struct BucketError: Error, Hashable, Sendable {
  /// The reason.
  public var message: String
}

/// What the age of an account in the aging is counted from.
public enum AgingBasis: String, Hashable, Sendable, CaseIterable {
  /// Days overdue: from the due date (the default).
  case due
  /// Days since the issue date, for accounts with a balance above zero; an account without an
  /// issue date is aged by its days overdue.
  case issue
}
