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
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .target(
      name: "CobroCore",
      swiftSettings: strict
    ),
    .executableTarget(
      name: "cobro",
      dependencies: ["CobroCore", "CLibEdit", argumentParser],
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
