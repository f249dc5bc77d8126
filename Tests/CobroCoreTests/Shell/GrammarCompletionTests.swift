import CobroCore
import Testing

/// Completion that knows the grammar: `load`'s options, `export`'s command, numeric fields
/// after `sum` and `avg`, buckets in bucket order.
@Suite struct GrammarCompletionTests {
  static func candidates(_ line: String) -> [String] {
    CompleterTests.complete(line).completion.candidates
  }

  @Test func loadOffersItsOptionsAfterTheFile() {
    let options = Self.candidates("load cartera.csv ")
    #expect(options.contains("payments"))
    #expect(options.contains("delimiter"))
    #expect(options.contains("strict"))
    #expect(!options.contains("balance"))
    #expect(!Self.candidates("load cartera.csv strict ").contains("strict"))
    #expect(Self.candidates("load cartera.csv delimiter ") == ["\",\"", "\";\"", "tab", "|"])
    #expect(Self.candidates("load cartera.csv dates ") == ["dmy", "iso"])
  }

  @Test func exportOffersCommandsAfterTheFileThenTheirArguments() {
    let commands = Self.candidates("export out.csv ")
    #expect(commands.contains("aging"))
    #expect(commands.contains("count"))
    #expect(!commands.contains("balance"))
    #expect(Self.candidates("export out.csv aging by seg") == ["segment", "segmento"])
    #expect(
      Self.candidates("export out.csv replace excel-es group by seg") == ["segment", "segmento"]
    )
  }

  @Test func sumAndAvgOfferOnlyNumericFields() {
    for command in ["sum", "avg"] {
      let fields = Self.candidates("\(command) ")
      #expect(fields.contains("balance"), "\(command)")
      #expect(fields.contains("overdue"), "\(command)")
      #expect(!fields.contains("segment"), "\(command)")
      #expect(!fields.contains("debtor_name"), "\(command)")
    }
    // After the field, a filter.
    #expect(Self.candidates("sum balance seg") == ["segment", "segmento"])
    // `min` and `max` take dates too.
    #expect(Self.candidates("max ").contains("due_date"))
  }

  @Test func bucketsComeInBucketOrder() {
    #expect(
      Self.candidates("count bucket ")
        == ["current", "1-30", "31-60", "61-90", "91-180", "181-360", "361+"]
    )
  }
}
