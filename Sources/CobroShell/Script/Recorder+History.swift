import CobroDiagnostics
import CobroPortfolio

extension Recorder {
  /// The `history add` command that reproduces one cut-off, with its hash and date.
  package static func historyPin(for cutoff: HistoryCutoff, relativeTo folder: String)
    throws(CobroError)
    -> String
  {
    let p = cutoff.portfolio
    let sha: String
    if let known = p.sha256 { sha = known } else { sha = try FileDigest.sha256(path: p.source) }
    p.sha256 = sha
    var text = "history add \(quote(Paths.relative(p.source, from: folder))) sha256 \(sha)"
    let words = p.options.words
    if !words.isEmpty { text += " " + words }
    if let map = p.options.columnMap {
      text += " map \(quote(Paths.relative(map.source, from: folder)))"
    }
    if p.options.strict { text += " strict" }
    text += " cutoff \(p.cutoff)"
    return text
  }
}
