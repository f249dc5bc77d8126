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
    // SHA-256 of the files a recording pins (a maintained implementation, not a hand copy).
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .target(
      name: "CobroCore",
      dependencies: [.product(name: "Crypto", package: "swift-crypto")],
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
    .testTarget(
      name: "CobroCoreTests",
      dependencies: ["CobroCore"],
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
