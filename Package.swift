// swift-tools-version:6.1
import PackageDescription

// Layers, bottom to top (dependencies only point down):
//   C system modules (CProtobufC, CZstd, CCurl, COpenSSL, CSQLite, CHiredis, CMalloc)
//   → ZKProtoC (protobuf-c output) → ZKProto (Swift value types; the only code touching libprotobuf-c)
//   → ZKWire (framing, zstd; NIOCore only) → ZKRPC (status codes, errors, handlers; no NIO)
//   → ZKRPCTransportNIO (TCP server and client) → ZKFaaSClient
//   → service libraries (ZKRegistryService, ZKStorageService, ZKRouterService) → thin executables.
// Independent libraries: ZKCrypto, ZKExecutor, ZKContent, ZKHTTP, ZKSQLite, ZKStore.

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

/// The fuzz targets: `Fuzz<Name>` built from `Tests/Fuzz/<Name>`, seeds in `Tests/Fuzz/Corpus/<Name>`.
let fuzzTargetNames = ["FrameDecoder", "ProtoMessages", "ELFLoader", "SP1Stdin", "CARReader", "DAGReader", "CID", "Zstd"]

func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    precondition(fuzzTargetNames.contains(name))
    return .executableTarget(
        name: "Fuzz" + name,
        dependencies: ["FuzzSupport"] + dependencies,
        path: "Tests/Fuzz/" + name,
        swiftSettings: strict
    )
}

let package = Package(
    name: "zkfaas",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "registry-service", targets: ["RegistryServiceMain"]),
        .executable(name: "storage-cache-service", targets: ["StorageCacheServiceMain"]),
        .executable(name: "prover-router", targets: ["ProverRouterMain"]),
        .executable(name: "zkfaas", targets: ["ZKFaaSCLI"]),
        .executable(name: "zkfaas-bench", targets: ["ZKFaaSBench"]),
        .executable(name: "zkfaas-executor-bench", targets: ["ZKExecutorBench"]),
        .library(name: "ZKFaaSClient", targets: ["ZKFaaSClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: C system libraries, one thin module each.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]
        ),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),

        // MARK: Protocol types.
        .target(name: "ZKProtoC", dependencies: ["CProtobufC"]),
        .target(name: "ZKProto", dependencies: ["ZKProtoC"], swiftSettings: strict),

        // MARK: Wire and RPC.
        .target(name: "ZKWire", dependencies: ["ZKProto", "CZstd", nioCore], swiftSettings: strict),
        .target(name: "ZKRPC", dependencies: ["ZKProto", logging], swiftSettings: strict),
        .target(
            name: "ZKRPCTransportNIO",
            dependencies: ["ZKWire", "ZKRPC", "ZKProto", nioCore, nioPosix, logging, metrics, lifecycle],
            swiftSettings: strict
        ),
        .target(
            name: "ZKFaaSClient",
            dependencies: ["ZKRPCTransportNIO", "ZKRPC", "ZKProto", "ZKWire", "ZKCrypto", nioCore, nioPosix, logging],
            swiftSettings: strict
        ),

        // MARK: Independent libraries.
        .target(name: "ZKCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        // ZKCrypto for its Keccak-f[1600] permutation (the KECCAK_PERMUTE precompile).
        .target(name: "ZKExecutor", dependencies: ["ZKCrypto"], swiftSettings: strict),
        .executableTarget(name: "ZKExecutorBench", dependencies: ["ZKExecutor"], swiftSettings: strict),
        .target(name: "ZKContent", dependencies: ["ZKCrypto"], swiftSettings: strict),
        .target(name: "ZKHTTP", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "ZKRedis", dependencies: ["CHiredis"], swiftSettings: strict),
        .target(name: "ZKSQLite", dependencies: ["CSQLite"], swiftSettings: strict),
        // Durable file writes (write, fsync, rename, directory fsync) behind one seam that tests can record.
        .target(name: "ZKFileSystem", swiftSettings: strict),
        .target(
            name: "ZKStore",
            dependencies: ["ZKSQLite", "ZKCrypto", "ZKFileSystem"],
            // The LRU is generic and sits on the cache-hit paths of other modules: let them specialize it.
            swiftSettings: strict + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
        ),
        .executableTarget(name: "ZKStoreCrashHelper", dependencies: ["ZKStore", "ZKCrypto"], swiftSettings: strict),

        // MARK: Service libraries.
        .target(
            name: "ZKServiceKit",
            dependencies: [
                "ZKRPCTransportNIO", "ZKRPC", "ZKProto", "CMalloc", nioCore, nioPosix,
                .product(name: "NIOHTTP1", package: "swift-nio"),
                logging, metrics, prometheus, lifecycle, argumentParser,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ZKRegistryService",
            dependencies: [
                "ZKServiceKit", "ZKContent", "ZKRPC", "ZKProto", "ZKFaaSClient", "ZKCrypto", "ZKSQLite", "ZKStore", nioPosix, logging,
                metrics,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ZKStorageService",
            dependencies: [
                "ZKServiceKit", "ZKRPC", "ZKProto", "ZKWire", "ZKContent", "ZKHTTP", "ZKCrypto", "ZKStore", "ZKFileSystem",
                nioPosix, logging, metrics,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ZKRouterService",
            dependencies: [
                "ZKServiceKit", "ZKRPC", "ZKProto", "ZKFaaSClient", "ZKExecutor", "ZKCrypto", "ZKStore", "ZKWire", "ZKRedis",
                "ZKFileSystem", nioCore, nioPosix, logging, metrics,
            ],
            swiftSettings: strict
        ),

        // MARK: Executables.
        .executableTarget(
            name: "RegistryServiceMain",
            dependencies: ["ZKRegistryService", "ZKServiceKit", argumentParser],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "StorageCacheServiceMain",
            dependencies: ["ZKStorageService", "ZKServiceKit", argumentParser],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ProverRouterMain",
            dependencies: ["ZKRouterService", "ZKServiceKit", "ZKCrypto", argumentParser],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ZKFaaSCLI",
            dependencies: [
                "ZKFaaSClient", "ZKProto", "ZKWire", "ZKRPC", "ZKCrypto", "ZKServiceKit", "ZKExecutor", "ZKRegistryService",
                "ZKContent", "ZKFileSystem", argumentParser, logging,
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ZKFaaSBench",
            dependencies: [
                "ZKFaaSClient", "ZKProto", "ZKRPC", "ZKCrypto", "ZKRegistryService", "ZKServiceKit", "ZKWire", "ZKContent",
                nioCore, nioPosix, argumentParser,
            ],
            swiftSettings: strict
        ),

        // MARK: Fuzz targets (Tests/Fuzz; README "Fuzzing", Scripts/fuzz.sh).
        // Each is an executable around one entry function: in a normal build a replayer of the inputs named on its
        // command line (FuzzCorpusTests replays the committed corpora), built by Scripts/fuzz.sh with
        // `-sanitize=fuzzer,address -DFUZZING` a libFuzzer binary. They live under Tests/ because they ship nothing.
        .target(name: "CFuzzDriver", path: "Tests/Fuzz/CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Tests/Fuzz/FuzzSupport", swiftSettings: strict),
        fuzzTarget("FrameDecoder", ["ZKWire", "ZKRPCTransportNIO", "ZKProto", nioCore]),
        fuzzTarget("ProtoMessages", ["ZKProto"]),
        fuzzTarget("ELFLoader", ["ZKExecutor", "ZKContent"]),
        fuzzTarget("SP1Stdin", ["ZKExecutor"]),
        fuzzTarget("CARReader", ["ZKContent"]),
        fuzzTarget("DAGReader", ["ZKContent"]),
        fuzzTarget("CID", ["ZKContent"]),
        fuzzTarget("Zstd", ["ZKWire", "CZstd"]),
        .testTarget(
            name: "FuzzCorpusTests",
            dependencies: fuzzTargetNames.map { .target(name: "Fuzz" + $0) } + ["ZKTestSupport"],
            path: "Tests/Fuzz/CorpusTests",
            swiftSettings: strict
        ),

        // MARK: Tests.
        .target(
            name: "ZKTestSupport",
            dependencies: ["ZKRedis", "ZKRPC", "ZKRPCTransportNIO", logging],
            path: "Sources/ZKTestSupport"
        ),
        .testTarget(name: "ZKProtoTests", dependencies: ["ZKProto", "ZKTestSupport"], swiftSettings: strict),
        .testTarget(name: "ZKCryptoTests", dependencies: ["ZKCrypto", "ZKTestSupport"], swiftSettings: strict),
        .testTarget(name: "ZKExecutorTests", dependencies: ["ZKExecutor", "ZKTestSupport"], swiftSettings: strict),
        .testTarget(name: "ZKContentTests", dependencies: ["ZKContent", "ZKCrypto", "ZKTestSupport"], swiftSettings: strict),
        .testTarget(name: "ZKHTTPTests", dependencies: ["ZKHTTP", "ZKContent", "ZKTestSupport"], swiftSettings: strict),
        .testTarget(name: "ZKRedisTests", dependencies: ["ZKRedis", "ZKTestSupport"], swiftSettings: strict),
        .testTarget(name: "ZKSQLiteTests", dependencies: ["ZKSQLite"], swiftSettings: strict),
        .testTarget(name: "ZKFileSystemTests", dependencies: ["ZKFileSystem"], swiftSettings: strict),
        .testTarget(
            name: "ZKStoreTests",
            dependencies: ["ZKStore", "ZKCrypto", "ZKFileSystem", "ZKStoreCrashHelper"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKWireTests",
            dependencies: ["ZKWire", "ZKProto", nioCore],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKRPCTests",
            dependencies: [
                "ZKRPC", "ZKProto", "ZKTestSupport", logging, .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKRPCTransportNIOTests",
            dependencies: [
                "ZKRPCTransportNIO", "ZKRPC", "ZKProto", "ZKWire", "ZKTestSupport", nioCore, nioPosix,
                .product(name: "NIOEmbedded", package: "swift-nio"),
                lifecycle,
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKFaaSClientTests",
            dependencies: ["ZKFaaSClient", "ZKRPCTransportNIO", "ZKRPC", "ZKProto", "ZKCrypto", "ZKTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKServiceKitTests",
            dependencies: [
                "ZKServiceKit", "ZKRPC", "ZKProto", "ZKTestSupport", logging, metrics, prometheus, argumentParser,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKRegistryServiceTests",
            dependencies: [
                "ZKRegistryService", "ZKFaaSClient", "ZKRPCTransportNIO", "ZKRPC", "ZKProto", "ZKCrypto", "ZKWire", "ZKContent",
                "ZKTestSupport", "ZKSQLite", "RegistryServiceMain",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKRouterServiceTests",
            dependencies: [
                "ZKRouterService", "ZKProto", "ZKRPC", "ZKCrypto", "ZKFaaSClient", "ZKStore", "ZKRedis", "ZKFileSystem", "ZKWire",
                "ZKTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKStorageServiceTests",
            dependencies: [
                "ZKStorageService", "ZKFaaSClient", "ZKRPCTransportNIO", "ZKRPC", "ZKProto", "ZKWire", "ZKContent",
                "ZKCrypto", "ZKServiceKit", "ZKStore", "ZKFileSystem", "ZKTestSupport", "StorageCacheServiceMain",
                "ZKRegistryService", logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ZKFaaSClient", "ZKProto", "ZKWire", "ZKRPC", "ZKRPCTransportNIO", "ZKTestSupport", "ZKCrypto", "ZKRedis",
                nioCore, logging,
            ],
            swiftSettings: strict
        ),
    ]
)
