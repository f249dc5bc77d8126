// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
  .treatAllWarnings(as: .error),
  .enableUpcomingFeature("ExistentialAny"),
]
let argumentParser: Target.Dependency = .product(
  name: "ArgumentParser",
  package: "swift-argument-parser"
)
let package = Package(
  name: "cobro",
  products: [.executable(name: "cobro", targets: ["cobro"])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // Exact big integers for the payment-plan engine: the contract EAR, the `ea` monthly rate,
    // the NPV discount factor and the highest legal rate are exact integer roots and divisions
    // of hundreds to thousands of bits, and the rare cases the 128-bit fast path cannot decide
    // (an exact half-cent tie of the French installment, an IRR out of range) are settled
    // exactly. The per-balance work stays on 64- and 128-bit integers (Plan/FixedPoint.swift).
    .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
    // SQLite for the follow-up journal: migrations, WAL, busy timeouts, typed rows.
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    // Mustache for collection messages: users write their own templates in a language they may
    // already know, and the parser, sections and HTML escaping are maintained upstream.
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // PostgreSQL for a team's shared journal (`--journal postgresql://…`): the wire protocol,
    // authentication (SCRAM, MD5) and TLS are maintained upstream. It brings SwiftNIO and
    // swift-crypto (BoringSSL), which roughly doubles a clean build (README, "The code").
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    // postgres-nio's logging, silenced: the journal reports its own errors.
    .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
    // The zip container of .xlsx workbooks: entries read and written as streams through zlib.
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    // SHA-256 of the files a recording pins, from the system's libcrypto (OpenSSL).
    .systemLibrary(
      name: "CLibCrypto",
      pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    // One inline C function: a SIMD comparison as a bit mask, for the CSV scanner.
    .target(name: "CCobroScan"),
    // The layers below depend only downwards; a dependency that runs the wrong way does not
    // build. ARCHITECTURE.md draws the graph.
    //
    // Errors, warnings and their rendering: the one funnel every diagnostic goes through.
    .target(name: "CobroDiagnostics", swiftSettings: strict),
    // The hot path in one module: loading portfolios (CSV, .xlsx) into columns, the query
    // language (lexer, parser, checker, evaluator) and the report values with their renderer.
    .target(
      name: "CobroPortfolio",
      dependencies: [
        "CobroDiagnostics",
        "CCobroScan",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: strict
    ),
    // Payment plans, offers and their simulation, on exact integers.
    .target(
      name: "CobroPlan",
      dependencies: [
        "CobroDiagnostics",
        "CobroPortfolio",
        .product(name: "BigInt", package: "BigInt"),
      ],
      swiftSettings: strict
    ),
    // The follow-up journal (promises, contacts, agreements) in SQLite or PostgreSQL, and the
    // columns it adds to queries.
    .target(
      name: "CobroJournal",
      dependencies: [
        "CobroDiagnostics",
        "CobroPortfolio",
        // The SHA-256 digest that checks a `journal copy`.
        "CLibCrypto",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ],
      swiftSettings: strict
    ),
    // Contact rules: the hours and days a debtor may be contacted, Colombian holidays.
    .target(
      name: "CobroContact",
      dependencies: ["CobroDiagnostics", "CobroPortfolio", "CobroJournal"],
      swiftSettings: strict
    ),
    // Collection messages: templates, channels, campaigns.
    .target(
      name: "CobroMessages",
      dependencies: [
        "CobroDiagnostics",
        "CobroPortfolio",
        "CobroPlan",
        "CobroContact",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      swiftSettings: strict
    ),
    // The interpreter (session, settings, line reading, interactive loop, completion engine),
    // knowing no command by name, and the recording and transcript runner of scripts.
    .target(
      name: "CobroShell",
      dependencies: [
        "CobroDiagnostics",
        "CobroPortfolio",
        "CobroPlan",
        "CobroJournal",
        "CobroContact",
        "CobroMessages",
        "CLibCrypto",
      ],
      swiftSettings: strict
    ),
    // The commands, one file each in the folders of the `help` groups, their catalogue, and
    // the launcher (how a run starts).
    .target(
      name: "CobroCore",
      dependencies: [
        "CobroDiagnostics",
        "CobroPortfolio",
        "CobroPlan",
        "CobroJournal",
        "CobroContact",
        "CobroMessages",
        "CobroShell",
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "cobro",
      dependencies: ["CobroCore", "CLibEdit", argumentParser],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "cobro-bench",
      dependencies: ["CobroCore"],
      swiftSettings: strict
    ),
    // What the fuzzers run on one input; the tests replay every input they ever found.
    .target(
      name: "CobroFuzzing",
      dependencies: [
        "CobroCore",
        // The fuzzers put the XML they vary into a valid workbook.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CobroCoreTests",
      dependencies: [
        "CobroCore",
        "CobroFuzzing",
        // The journal's engines, tested below the commands.
        "CobroJournal",
        .product(name: "BigInt", package: "BigInt"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      // The independent Python reference that Plan/PlanReferenceTests.swift runs.
      exclude: ["Plan/plan_reference.py", "Plan/monte_carlo_reference.py"],
      resources: [.copy("Fixtures")],
      swiftSettings: strict
    ),
    .testTarget(
      name: "cobroTests",
      dependencies: ["CobroCore"],
      swiftSettings: strict
    ),
  ]
)

// The libFuzzer executable exists only for `Scripts/fuzz.sh` (which sets `COBRO_FUZZ`): it has no
// `main` of its own, as the fuzzer supplies one, so an ordinary build could not link it.
if Context.environment["COBRO_FUZZ"] != nil {
  package.products.append(.executable(name: "cobro-fuzz", targets: ["cobro-fuzz"]))
  package.targets.append(
    .executableTarget(
      name: "cobro-fuzz",
      dependencies: ["CobroFuzzing"],
      path: "Fuzz/Driver",
      swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
    )
  )
}
