public import Logging
import Synchronization
import ZKCrypto
import ZKProto
public import ZKRPC
import ZKServiceKit
import ZKStore

/// `zkfaas.v1.Registry`: programHash → metadata, registered once by a signing author, immutable.
///
/// - `RegisterProgram` validates the fields (INVALID_ARGUMENT), recovers the author from the signature
///   (UNAUTHENTICATED), refuses a known program hash (ALREADY_EXISTS), asks storage for the program and pins it there
///   for the registration (FAILED_PRECONDITION, RESOURCE_EXHAUSTED, UNAVAILABLE; skipped without
///   ``Configuration/storageCheck``) and stores the record.
/// - `GetProgram` answers from an in-memory cache on the event loop; misses read the store (NOT_FOUND).
/// - `ListPrograms` pages through records in registration order, optionally filtered by author and zkVM.
public final class RegistryService: RPCService {
    /// How the service behaves.
    public struct Configuration: Sendable {
        /// Records kept in memory for `GetProgram`; 0 disables the cache. Default 100,000.
        public var cacheEntries: Int
        /// The storage-cache-service check run before storing; nil skips it.
        public var storageCheck: StorageIntegrityCheck?
        /// The registration time, Unix seconds. Default (`nil` in `init`): `WallClock.seconds()`.
        public var clock: @Sendable () -> UInt64

        public init(
            cacheEntries: Int = 100_000,
            storageCheck: StorageIntegrityCheck? = nil,
            clock: (@Sendable () -> UInt64)? = nil
        ) {
            self.cacheEntries = cacheEntries
            self.storageCheck = storageCheck
            self.clock = clock ?? { WallClock.seconds() }
        }
    }

    /// Call-metadata key of the author a client claims; when present, the recovered author must equal it.
    public static let authorMetadataKey = "zkfaas-author"
    /// `page_size` used when a request gives 0.
    public static let defaultPageSize = 50
    /// Largest `page_size`; larger requests are clamped.
    public static let maximumPageSize = 500

    public let serviceName = RegistryMethods.serviceName
    let store: any RegistryStore
    let configuration: Configuration
    let logger: Logger
    let cache: LockedLRUCache<[UInt8], GetProgramResponse>?
    private let startedAt = ContinuousClock.now
    private let storageStatus = Mutex<DependencyStatus?>(nil)
    let counters = RegistryCounters()

    public init(
        store: any RegistryStore, configuration: Configuration = Configuration(), logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.cache =
            configuration.cacheEntries > 0
            ? LockedLRUCache(
                maxCount: min(configuration.cacheEntries, Int(Int32.max) - 1), maxBytes: 1 << 30)
            : nil
        if let check = configuration.storageCheck {
            storageStatus.withLock {
                $0 = DependencyStatus(name: "storage", status: .serving, detail: check.address)
            }
        }
    }

    /// Closes the store and the connection to storage, both owned by the service from ``init(store:configuration:logger:)``.
    public func shutdown() async {
        await store.close()
        await configuration.storageCheck?.close()
    }

    public var handlers: [RPCMethodHandler] {
        [
            .unary(RegistryMethods.registerProgram) { [self] request, context in
                do {
                    let response = try await register(request, context: context)
                    counters.registration(nil)
                    return response
                } catch {
                    counters.registration(RPCError(mapping: error))
                    throw error
                }
            },
            .unary(
                RegistryMethods.getProgram,
                fast: { [self] request, _ in
                    let hit = try cachedProgram(request)
                    if hit != nil { counters.cacheHit() }
                    return hit
                }
            ) { [self] request, _ in
                try await program(request)
            },
            .unary(RegistryMethods.listPrograms) { [self] request, _ in
                try await list(request)
            },
            HealthHandler.make(RegistryMethods.health, startedAt: startedAt) { [self] in
                storageStatus.withLock { $0.map { [$0] } ?? [] }
            },
        ]
    }

    /// Records the outcome of the last storage check for Health.
    func noteStorage(reachable: Bool) {
        guard let address = configuration.storageCheck?.address else { return }
        storageStatus.withLock {
            $0 = DependencyStatus(
                name: "storage", status: reachable ? .serving : .notServing, detail: address)
        }
    }

    /// The fast path of `GetProgram`: a cache hit, or nil to read the store.
    func cachedProgram(_ request: GetProgramRequest) throws(RPCError) -> GetProgramResponse? {
        try RegistrationValidator.checkHash(request.programHash, field: "program_hash")
        return cache?.get(request.programHash)
    }

    /// The slow path of `GetProgram`.
    func program(_ request: GetProgramRequest) async throws -> GetProgramResponse {
        if let hit = try cachedProgram(request) {
            counters.cacheHit()
            return hit
        }
        let stored = try await store.program(hash: request.programHash)
        counters.storeRead(found: stored != nil)
        guard let program = stored else {
            throw RPCError(
                code: .notFound,
                message: "no program is registered under \(Hex.encode(request.programHash, prefix: true))"
            )
        }
        return remember(program)
    }

    /// Puts a stored record in the cache and returns its response.
    @discardableResult
    func remember(_ program: ProgramMetadata) -> GetProgramResponse {
        let response = GetProgramResponse(program: program)
        let cost =
            160 + program.ipfsCid.utf8.count + program.description.utf8.count
            + program.zkvmVersion.utf8.count
        cache?.put(program.programHash, response, cost: cost)
        return response
    }
}
