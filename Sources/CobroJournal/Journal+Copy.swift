import CLibCrypto
import CobroPortfolio

/// Moving a journal between engines (`journal copy FROM TO`): every entry with its id and a
/// contact's basis, every agreement with its schedule, in one transaction on the target, then read back and compared.
extension Journal {
  /// What a copy wrote and how it was checked.
  public struct CopyReport: Sendable, Hashable {
    /// The entries copied.
    public var entries: Int
    /// The agreements among them.
    public var agreements: Int
    /// The SHA-256 of both journals' contents (``Journal/digest(entries:agreements:)``).
    public var digest: String
  }

  /// Copies every entry and agreement of `self` into `target`, then reads `target` back: the
  /// counts and the digests of both must agree.
  ///
  /// A target that has entries is refused (`JournalError.notEmpty`) unless `replace`, which
  /// removes them in the copy's transaction; a failure leaves the target as it was.
  public func copy(to target: Journal, replace: Bool) throws(JournalError) -> CopyReport {
    let entries = try self.entries()
    let agreements = try self.agreements()
    let digest = Journal.digest(entries: entries, agreements: agreements)
    try target.store.load(entries: entries, agreements: agreements, replace: replace)
    let written = try target.entries()
    let writtenAgreements = try target.agreements()
    let check = Journal.digest(entries: written, agreements: writtenAgreements)
    guard written.count == entries.count, writtenAgreements.count == agreements.count,
      check == digest
    else {
      throw .server(
        url: target.location,
        message: "the copy reads back as \(written.count) entries and \(writtenAgreements.count) "
          + "agreements (digest \(check.prefix(12))), not \(entries.count) and "
          + "\(agreements.count) (digest \(digest.prefix(12)))"
      )
    }
    return CopyReport(entries: entries.count, agreements: agreements.count, digest: digest)
  }

  /// The SHA-256, in hex, of every field of `entries` and `agreements`, in order: two journals
  /// with the same digest hold the same entries, ids, schedules and allocations.
  public static func digest(entries: [JournalEntry], agreements: [Agreement]) -> String {
    var bytes: [UInt8] = []
    func add(_ fields: [String?]) {
      // Each field is prefixed by its length, so that no two different lists read alike.
      for f in fields {
        if let f {
          bytes += Array("\(f.utf8.count):".utf8)
          bytes += Array(f.utf8)
        } else {
          bytes.append(UInt8(ascii: "-"))
        }
      }
      bytes.append(UInt8(ascii: "\n"))
    }
    for e in entries {
      add([
        "entry", String(e.id), e.kind.rawValue, e.account, e.amount.map { String($0) },
        e.due?.description, e.channel, e.result?.rawValue, e.note, e.cancels.map { String($0) },
        e.cancelledBy.map { String($0) }, e.collector, e.recordedOn.description, e.recordedAt,
      ])
      // A contact's basis on a line of its own, so that a journal without any digests as before.
      if let basis = e.basis {
        add(["basis", String(e.id), basis.rawValue, e.during.map { String($0) }])
      }
    }
    for a in agreements {
      add(
        ["agreement", String(a.entry.id), a.debtor, String(a.balance), String(a.forgiven)]
          + a.accounts
      )
      for i in a.installments {
        add(
          [
            "installment", String(i.n), i.due.description, String(i.amount), String(i.fees),
            String(i.interest), String(i.principal),
          ] + i.allocation.flatMap { [$0.account, String($0.amount)] }
        )
      }
    }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = bytes.withUnsafeBytes { b in
      EVP_Digest(b.baseAddress, b.count, &digest, &length, EVP_sha256(), nil)
    }
    guard ok == 1 else { return "" }
    return digest.prefix(Int(length)).map { byte in
      let hex = Array("0123456789abcdef")
      return String([hex[Int(byte >> 4)], hex[Int(byte & 15)]])
    }.joined()
  }
}
