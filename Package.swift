// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-bench", targets: ["switchboard-bench"]),
        // Libraries so the separate Fuzz/ package can link the decoding code.
        .library(name: "SwitchboardNormalizers", targets: ["SwitchboardNormalizers"]),
        .library(name: "SwitchboardRuntime", targets: ["SwitchboardRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // MARK: C bridges
        .systemLibrary(
            name: "CRdKafka",
            path: "Sources/CBridges/CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CLibWebSockets",
            path: "Sources/CBridges/CLibWebSockets",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev"])]
        ),
        // Linked into every binary that uses SwitchboardRuntime: librdkafka allocates each
        // message (over 1 KB) with malloc, and glibc's malloc consolidates its fast bins on every
        // such request (docs/performance.md, "Seventh session").
        .systemLibrary(
            name: "CJemalloc",
            path: "Sources/CBridges/CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        .target(
            name: "CKafkaBaseline",
            dependencies: ["CRdKafka"],
            path: "Sources/CBridges/CKafkaBaseline"
        ),
        .target(
            name: "CSwitchboardShim",
            dependencies: ["CRdKafka", "CLibWebSockets"],
            path: "Sources/CBridges/CSwitchboardShim"
        ),

        // MARK: Pure modules (no I/O)
        .target(
            name: "SwitchboardEvents",
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardNormalizers",
            dependencies: ["SwitchboardEvents"],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardRules",
            dependencies: [
                "SwitchboardEvents",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // MARK: I/O modules
        .target(
            name: "SwitchboardKafka",
            dependencies: [
                "SwitchboardEvents",
                "CRdKafka",
                "CSwitchboardShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardWebSocket",
            dependencies: [
                "CLibWebSockets",
                "CSwitchboardShim",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardSignalR",
            dependencies: [
                "SwitchboardWebSocket",
                "SwitchboardEvents",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardConnectors",
            dependencies: [
                "SwitchboardEvents",
                "SwitchboardNormalizers",
                "SwitchboardRules",
                "SwitchboardSignalR",
                "SwitchboardWebSocket",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardRuntime",
            dependencies: [
                "CJemalloc",
                "SwitchboardEvents",
                "SwitchboardNormalizers",
                "SwitchboardRules",
                "SwitchboardKafka",
                "SwitchboardConnectors",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),

        // MARK: Executables
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardEvents",
                "SwitchboardNormalizers",
                "SwitchboardRules",
                "SwitchboardKafka",
                "SwitchboardRuntime",
                "CSwitchboardShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "switchboard-bench",
            dependencies: [
                "SwitchboardEvents",
                "SwitchboardSignalR",
                "SwitchboardNormalizers",
                "SwitchboardRules",
                "SwitchboardKafka",
                "SwitchboardConnectors",
                "SwitchboardRuntime",
                "CKafkaBaseline",
                "CSwitchboardShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        .testTarget(
            name: "SwitchboardEventsTests",
            dependencies: ["SwitchboardEvents"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardNormalizersTests",
            dependencies: ["SwitchboardLiveTestSupport", "SwitchboardEvents", "SwitchboardNormalizers"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardRulesTests",
            dependencies: ["SwitchboardEvents", "SwitchboardRules", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardKafkaTests",
            dependencies: [
                "SwitchboardLiveTestSupport", "SwitchboardEvents", "SwitchboardKafka", "CRdKafka", "CSwitchboardShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardBridgesTests",
            dependencies: ["CRdKafka", "CLibWebSockets", "CSwitchboardShim"],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardLiveTestSupport",
            path: "Tests/SwitchboardLiveTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardWebSocketTests",
            dependencies: ["SwitchboardWebSocket", "SwitchboardLiveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardSignalRTests",
            dependencies: ["SwitchboardSignalR", "SwitchboardWebSocket", "SwitchboardEvents", "SwitchboardLiveTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardThelloTests",
            dependencies: ["SwitchboardConnectors", "SwitchboardSignalR", "SwitchboardWebSocket", "SwitchboardEvents", "SwitchboardLiveTestSupport", "CSwitchboardShim"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardConnectorsTests",
            dependencies: [
                "SwitchboardConnectors", "SwitchboardEvents", "SwitchboardRules", "SwitchboardLiveTestSupport", "SwitchboardKafka", "SwitchboardWebSocket", "SwitchboardSignalR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwitchboardRuntimeTests",
            dependencies: [
                "SwitchboardLiveTestSupport", "SwitchboardRuntime", "SwitchboardEvents", "SwitchboardKafka", "SwitchboardNormalizers",
                "SwitchboardConnectors", "SwitchboardSignalR", "SwitchboardWebSocket",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
