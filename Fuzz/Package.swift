// swift-tools-version: 6.1
// libFuzzer targets for Switchboard's webhook decoding. A separate package so the main build
// never sees the fuzzer flags; see docs/fuzzing.md (build: `bash Fuzz/run-fuzzers.sh`).
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// One libFuzzer executable per normalizer: each is a one-line call into `FuzzSupport`.
let normalizerTargets: [Target] = ["Thello", "Telnect", "ClickToDial", "AntBuddy", "TelecomCenter"].map { platform in
    .executableTarget(name: "Fuzz\(platform)", dependencies: ["FuzzSupport"], swiftSettings: strict)
}

let package = Package(
    name: "switchboard-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "switchboard", path: ".."),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CLibFuzzer",
                .product(name: "SwitchboardNormalizers", package: "switchboard"),
                .product(name: "SwitchboardRuntime", package: "switchboard"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "FuzzCloudEventsBinding", dependencies: ["FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzJSONValue", dependencies: ["FuzzSupport"], swiftSettings: strict),
    ] + normalizerTargets,
    swiftLanguageModes: [.v6]
)
