/// A unified diff of two texts, line by line, as `diff -u` prints it.
public enum UnifiedDiff {
  /// The diff of `old` and `new` with three lines of context, or `""` when they are equal.
  public static func diff(old: [String], new: [String], oldName: String, newName: String) -> String
  {
    let ops = script(old, new)
    guard ops.contains(where: { $0.kind != .same }) else { return "" }
    var out = "--- \(oldName)\n+++ \(newName)\n"
    let context = 3
    var i = 0
    while i < ops.count {
      guard let start = ops[i...].firstIndex(where: { $0.kind != .same }) else { break }
      var end = start
      // Extend the hunk while the next change is within 2 × context lines.
      var k = start
      while k < ops.count {
        if ops[k].kind != .same {
          end = k
          k += 1
          continue
        }
        var j = k
        while j < ops.count && ops[j].kind == .same { j += 1 }
        if j < ops.count && j - k <= 2 * context {
          k = j
        } else {
          break
        }
      }
      let lo = max(i, start - context)
      let hi = min(ops.count - 1, end + context)
      let hunk = ops[lo...hi]
      let oldStart = (hunk.first?.oldIndex ?? 0) + 1
      let newStart = (hunk.first?.newIndex ?? 0) + 1
      let oldCount = hunk.filter { $0.kind != .insert }.count
      let newCount = hunk.filter { $0.kind != .delete }.count
      out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
      for op in hunk {
        switch op.kind {
        case .same: out += " " + op.text + "\n"
        case .delete: out += "-" + op.text + "\n"
        case .insert: out += "+" + op.text + "\n"
        }
      }
      i = hi + 1
    }
    return out
  }

  struct Op {
    enum Kind { case same, delete, insert }
    var kind: Kind
    var text: String
    var oldIndex: Int
    var newIndex: Int
  }

  /// An edit script from the longest common subsequence (fine for transcript-sized texts).
  static func script(_ a: [String], _ b: [String]) -> [Op] {
    let n = a.count
    let m = b.count
    var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
    if n > 0 && m > 0 {
      for i in stride(from: n - 1, through: 0, by: -1) {
        for j in stride(from: m - 1, through: 0, by: -1) {
          lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
      }
    }
    var ops: [Op] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && a[i] == b[j] {
        ops.append(Op(kind: .same, text: a[i], oldIndex: i, newIndex: j))
        i += 1
        j += 1
      } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
        ops.append(Op(kind: .delete, text: a[i], oldIndex: i, newIndex: j))
        i += 1
      } else {
        ops.append(Op(kind: .insert, text: b[j], oldIndex: i, newIndex: j))
        j += 1
      }
    }
    return ops
  }
}
