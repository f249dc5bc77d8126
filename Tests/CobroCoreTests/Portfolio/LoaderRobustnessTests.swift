import CobroCore
import CobroDiagnostics
import CobroPortfolio
import Testing

/// Hostile input never crashes the loader: seeded random mutations of a valid file either load
/// (with located rejects) or fail with a clear error.
@Suite struct LoaderRobustnessTests {
  /// SplitMix64, so that a failure can be replayed from its seed.
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
  }

  static let base: [UInt8] = Array(
    ("account_id,debtor_id,debtor_name,segment,balance,due_date,status,principal,issue_date\n"
      + "A1,D1,\"Peña, Ana\",A,100.00,2026-10-01,active,120.00,2025-01-01\n"
      + "A2,D2,\"Distribuidora \"\"El Sol\"\"\",B,12.50,2026-10-01,written_off,20,2025-02-01\n"
      + "A3,D3,Núñez,C,0,2026-11-30,paid,,\n"
      + "A4,D4,\"Two\nlines\",D,-3.1,2024-02-29,active,1,2023-12-31\n").utf8
  )

  static let alphabet: [UInt8] =
    Array(",\"\n\r;.-0123456789aZñ".utf8) + [0, 0xFF, 0xC3, 0xF1, 0x80]

  /// `base` after 1 to 12 seeded edits: a byte removed, inserted or replaced (from `alphabet`),
  /// or the file cut short.
  static func mutated(seed: UInt64) -> [UInt8] {
    var rng = Random(state: seed)
    var bytes = base
    for _ in 0..<(1 + rng.below(12)) {
      switch rng.below(4) {
      case 0 where !bytes.isEmpty:
        bytes.remove(at: rng.below(bytes.count))
      case 1:
        bytes.insert(alphabet[rng.below(alphabet.count)], at: rng.below(bytes.count + 1))
      case 2 where !bytes.isEmpty:
        bytes[rng.below(bytes.count)] = alphabet[rng.below(alphabet.count)]
      default:
        bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
      }
    }
    return bytes
  }

  @Test func randomMutationsNeverCrash() throws {
    for seed in UInt64(1)...400 {
      let bytes = Self.mutated(seed: seed)
      do {
        let p = try PortfolioLoader(asOf: Day(raw: 20_000))
          .load(bytes: InputBytes.copying(bytes), name: "fuzz.csv")
        #expect(p.rowCount + p.rejects.count <= 6, "seed \(seed)")
        for r in p.rejects {
          let first = DiagnosticRenderer().render(r.diagnostic).split(separator: "\n").first ?? ""
          #expect(first.hasPrefix("fuzz.csv:"), "seed \(seed): \(first)")
        }
        // Every loaded row can be shown.
        for c in p.columns {
          for i in 0..<p.rowCount { _ = c.text(i) }
        }
      } catch is Diagnostic {
      } catch is CobroError {
      }
    }
  }

  @Test func oneRowPerLineOfGarbageIsReportedNotDropped() throws {
    var text = "account_id,debtor_id,balance,due_date\n"
    for i in 0..<50 { text += "X\(i),D,\(i % 3 == 0 ? "oops" : "1.00"),2026-01-01\n" }
    let p = try PortfolioLoader(asOf: Day(raw: 20_000))
      .load(bytes: InputBytes.copying(Array(text.utf8)), name: "g.csv")
    #expect(p.rowCount == 33)
    #expect(p.rejects.count == 17)
    #expect(p.rejects.map(\.line) == p.rejects.map(\.line).sorted())
  }

  @Test func duplicatesAcrossBlocksAreRejected() throws {
    var text = "account_id,debtor_id,balance,due_date\n"
    for i in 0..<10_000 { text += "A\(i % 9_000),D,1.00,2026-01-01\n" }
    let p = try PortfolioLoader(asOf: Day(raw: 20_000))
      .load(bytes: InputBytes.copying(Array(text.utf8)), name: "d.csv")
    #expect(p.rowCount == 9_000)
    #expect(p.rejects.count == 1_000)
    #expect(
      p.rejects.first?.diagnostic.message.text == "account_id: duplicate 'A0' (first on line 2)"
    )
    #expect(p.row(ofAccount: "A8999") == 8_999)
  }
}
