// swift-tools-version:6.1
// SPDX-License-Identifier: MIT
import PackageDescription

/// Upcoming-feature flags shared by every Swift target (one list, see STYLE.md §1).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Release builds skip the dynamic exclusivity checks (a few % of every message's cost in
    // profiles); debug builds, which the tests use, keep them.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "wsjs",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wsjs", targets: ["wsjs"]),
        .library(name: "WSJS", targets: ["WSJS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CJavaScriptCore",
            pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]
        ),
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-uc",
            providers: [.apt(["libicu-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CBrotli",
            pkgConfig: "libbrotlidec",
            providers: [.apt(["libbrotli-dev"])]
        ),
        .target(
            name: "CWSJSIDNA",
            dependencies: ["CICU"]
        ),
        .target(name: "CWSJSArguments"),
        .target(name: "CWSJSHostCalls", dependencies: ["CJavaScriptCore"]),
        .target(name: "CWSJSModules", dependencies: ["CJavaScriptCore"]),
        .target(
            name: "WSJSEngine",
            dependencies: ["CJavaScriptCore", "CWSJSHostCalls", "CWSJSModules"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WSJSTransport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // fetch()'s HTTP side: async-http-client on the runtime's loop (never imports JSC).
        .target(
            name: "WSJSHTTP",
            dependencies: [
                "WSJSTransport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WSJSWebAPI",
            dependencies: [
                "WSJSEngine",
                "WSJSTransport",
                "WSJSHTTP",
                "CWSJSIDNA",
                "CZlib",
                "CBrotli",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.embedInCode("js")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WSJS",
            dependencies: [
                "WSJSEngine",
                "WSJSTransport",
                "WSJSWebAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "wsjs",
            dependencies: [
                "WSJS",
                "WSJSTransport",
                "CWSJSArguments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "wsjs-transport-bench",
            dependencies: [
                "WSJSTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fuzz targets: replays inputs in a normal build; scripts/fuzz builds it with libFuzzer.
        .executableTarget(
            name: "wsjs-fuzz",
            dependencies: [
                "WSJSTransport",
                "WSJSWebAPI",
                "WSJS",
                "WSJSEngine",
                "CJavaScriptCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WSJSEngineTests",
            dependencies: ["WSJSEngine"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WSJSTransportTests",
            dependencies: [
                "WSJSTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WSJSTests",
            dependencies: [
                "WSJS",
                "WSJSWebAPI",
                "WSJSEngine",
                "WSJSTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JSBehaviourTests",
            dependencies: [
                "wsjs",
                "WSJSTransport",
                "WSJSHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
