// swift-tools-version:6.0
import PackageDescription

// The engine is compiled for the CPU it runs on and optimised even in debug builds:
// without `-target-cpu native`, SIMD16<Float> lowers to scalar fmaf calls (about 100x slower,
// see README "Performance"), and -Onone engine code makes the test suite crawl.
let engineFlags: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "native"]),
]
let releaseCPU: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
]

let package = Package(
    name: "ConvTerm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "convterm", targets: ["convterm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW", path: "Sources/CNCursesW",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        .target(name: "ConvEngine", swiftSettings: engineFlags),
        .target(name: "ConvData", dependencies: ["ConvEngine"], exclude: ["SYNTHETIC.md"], swiftSettings: engineFlags),
        .target(name: "Lessons", dependencies: ["ConvEngine"], swiftSettings: releaseCPU),
        .target(
            name: "TerminalKit", dependencies: ["CNCursesW"], swiftSettings: releaseCPU,
            // The wide-character library: libncursesw on Linux, plain libncurses on macOS (the SDK's
            // and Homebrew's both carry the wide API). Tested on Linux only; see README.
            linkerSettings: [
                .linkedLibrary("ncursesw", .when(platforms: [.linux])),
                .linkedLibrary("ncurses", .when(platforms: [.macOS])),
            ]
        ),
        .target(
            name: "ConvTermApp",
            dependencies: ["ConvEngine", "ConvData", "Lessons", "TerminalKit"],
            swiftSettings: releaseCPU
        ),
        .executableTarget(
            name: "convterm",
            dependencies: [
                "ConvTermApp", "ConvEngine", "ConvData", "Lessons", "TerminalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: releaseCPU
        ),
        // Seeded input mutation shared by the fuzz suites; test support, not shipped.
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport"),
        .testTarget(name: "ConvEngineTests", dependencies: ["ConvEngine", "FuzzSupport"], swiftSettings: engineFlags),
        .testTarget(name: "ConvDataTests", dependencies: ["ConvData", "ConvEngine", "FuzzSupport"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "FuzzSupport"]),
        .testTarget(name: "ConvTermAppTests", dependencies: ["ConvTermApp", "convterm"]),
    ]
)
