import CobroFuzzing
import Foundation

// The libFuzzer entry points of `cobro-fuzz`, built only by `Scripts/fuzz.sh` (with
// `--sanitize=fuzzer`, which supplies `main`). `COBRO_FUZZ_TARGET` names the target: `loader`,
// `payments`, `query`, `script`, `columnmap`, `sheet` or `xlsx`.

/// The target chosen at start-up.
nonisolated(unsafe) private var target = FuzzTarget.loader

/// Reads `COBRO_FUZZ_TARGET`.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
  let name = ProcessInfo.processInfo.environment["COBRO_FUZZ_TARGET"] ?? ""
  guard let chosen = FuzzTarget(rawValue: name) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(
      Data("cobro-fuzz: set COBRO_FUZZ_TARGET to one of \(names)\n".utf8)
    )
    exit(2)
  }
  target = chosen
  return 0
}

/// Runs one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  target.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}
