public import Logging
import NIOPosix
import Synchronization
import ZKContent
import ZKCrypto
import ZKHTTP
import ZKProto
public import ZKRPC
import ZKServiceKit
import ZKStore
import ZKWire

/// `zkfaas.v1.Storage`: content-addressed ELF storage. Memory LRU → disk → IPFS → Arweave; every byte is verified
/// against its SHA-256 and CID before it is served or cached. Concurrent gets of one missing program (the same hash,
/// CID and Arweave transaction) make one upstream fetch; at most ``StorageConfiguration/maxUpstreamFetches`` distinct
/// fetches run at once (RESOURCE_EXHAUSTED beyond).
///
/// **Writes.** With ``StorageConfiguration/writeKeys``, `PutProgram`, `Pin` and `Unpin` need a write key in the
/// `api-key` call metadata (UNAUTHENTICATED otherwise). A pin held by a registration (see
/// ``ZKProto/StorageCallMetadata``) is permanent: `Unpin` of it is FAILED_PRECONDITION.
public final class StorageService: RPCService {
    public let serviceName = StorageMethods.serviceName
    private let configuration: StorageConfiguration
    private let logger: Logger
    private let startedAt = ContinuousClock.now
    private let tiers: ProgramTiers
    private let names: ProgramNames
    private let registrations: ProgramRegistrations
    private let upstreams: [any UpstreamSource]
    private let arweaveUploader: ArweaveUploader?
    private let io: NIOThreadPool
    private let fetches = Mutex<[String: Task<(StoredProgram, String)?, any Error>]>([:])
    private let upstreamFetches = Atomic<UInt64>(0)
    private let joinedFetches = Atomic<UInt64>(0)
    private let putsInFlight = Atomic<Int>(0)
    private let rejectedUpstream = Atomic<UInt64>(0)
    private let arweaveUploads = Atomic<UInt64>(0)
    private let arweaveUploadFailures = Atomic<UInt64>(0)
    private let upstreamCounters = Mutex<[String: (hits: UInt64, misses: UInt64)]>([:])

    /// Opens the tiers under the data folder.
    public init(configuration: StorageConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try DataDirectory.create(configuration.dataDirectory)
        tiers = try ProgramTiers(configuration: configuration) { failure in
            logger.error(
                "corrupted program dropped from the disk tier",
                metadata: ["elf.hash": "\(failure.key)", "reason": "\(failure.reason)"]
            )
        }
        names = try ProgramNames(path: configuration.dataDirectory + "/names.log")
        registrations = try ProgramRegistrations(directory: configuration.dataDirectory)
        upstreams = UpstreamFactory.make(configuration: configuration)
        arweaveUploader = try UpstreamFactory.makeArweaveUploader(configuration: configuration)
        io = NIOThreadPool(numberOfThreads: 2)
        io.start()
        if configuration.writeKeys == nil {
            logger.notice("open mode: no write keys configured, anyone may put, pin and unpin (local development only)")
        }
    }

    /// Refuses a write without a configured write key.
    ///
    /// - Throws: ``ZKRPC/RPCError`` UNAUTHENTICATED when keys are configured and the call has none of them.
    private func authorizeWrite(_ context: ServerContext) throws(RPCError) {
        guard let keys = configuration.writeKeys else { return }
        guard let key = context.apiKey else {
            throw RPCError(code: .unauthenticated, message: "a write key (api-key metadata) is required")
        }
        guard keys.contains(key) else { throw RPCError(code: .unauthenticated, message: "unknown write key") }
    }

    public var handlers: [RPCMethodHandler] {
        [
            HealthHandler.make(StorageMethods.health, startedAt: startedAt),
            .unary(StorageMethods.putProgram) { [self] request, context in
                try authorizeWrite(context)
                try admitPut()
                defer { putsInFlight.subtract(1, ordering: .relaxed) }
                return try await put(request)
            },
            .unary(StorageMethods.getProgram, fastParts: { [self] request, _ in try getFast(request) }) {
                [self] request, _ in try await get(request)
            },
            .unary(StorageMethods.statProgram) { [self] request, _ in try await stat(request) },
            .unary(StorageMethods.pin) { [self] request, context in
                try authorizeWrite(context)
                let registration =
                    context.metadata[StorageCallMetadata.pinHolder] == StorageCallMetadata.registrationHolder
                return try await pin(request.elfHash, request.cid, true, registration: registration)
            },
            .unary(StorageMethods.unpin) { [self] request, context in
                try authorizeWrite(context)
                return try await pin(request.elfHash, request.cid, false, registration: false)
            },
            .unary(StorageMethods.stats) { [self] _, _ in stats() },
        ]
    }

    /// Cancels the upstream fetches still running and waits for them, stops the I/O pool (after the work queued on
    /// it), then closes the disk tier, releasing the data folder's lock: a new service may open the folder once this
    /// returns.
    public func shutdown() async {
        let running = fetches.withLock { running in
            defer { running.removeAll() }
            return Array(running.values)
        }
        for task in running {
            task.cancel()
            _ = try? await task.value
        }
        try? await io.shutdownGracefully()
        tiers.close()
    }

    private func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await io.runIfActive(body)
    }

    // MARK: Put

    /// Takes one of the ``StorageConfiguration/maxConcurrentPuts`` slots; the caller gives it back.
    ///
    /// - Throws: ``ZKRPC/RPCError`` RESOURCE_EXHAUSTED (with a retry hint) when every slot is taken.
    private func admitPut() throws(RPCError) {
        let limit = configuration.maxConcurrentPuts
        guard putsInFlight.wrappingAdd(1, ordering: .relaxed).newValue <= limit else {
            putsInFlight.subtract(1, ordering: .relaxed)
            throw RPCError(
                code: .resourceExhausted,
                message: "\(limit) puts are being processed already; retry later",
                details: [RPCError.retryAfterKey: "1000"]
            )
        }
    }

    private func put(_ request: PutProgramRequest) async throws -> PutProgramResponse {
        guard request.elfSize <= UInt64(configuration.maxELFBytes) else {
            throw RPCError(
                code: .invalidArgument,
                message: "elf_size \(request.elfSize) exceeds the limit of \(configuration.maxELFBytes) bytes"
            )
        }
        let arweave = request.arweaveTx.isEmpty ? nil : request.arweaveTx
        if let arweave, !ArweaveUpstream.isTransactionID(arweave) {
            throw RPCError(code: .invalidArgument, message: "arweave_tx must be 43 base64url characters")
        }
        let maxELFBytes = configuration.maxELFBytes
        let tiers = self.tiers
        let names = self.names
        let ipfsPublisher = upstreams.lazy.compactMap { $0 as? IPFSUpstream }.first { $0.api != nil }
        let publishes = ipfsPublisher != nil || arweaveUploader != nil
        let (program, elf, alreadyPresent): (StoredProgram, [UInt8], Bool) = try await blocking {
            let (program, elf) = try ProgramVerifier.verify(
                elfZstd: request.elfZstd,
                elfSize: request.elfSize,
                maxELFBytes: maxELFBytes
            )
            // The uncompressed bytes are kept only when they are published next.
            let kept = publishes ? elf : []
            let key = program.key
            // Named before it is stored: the names are the tiers' only CID index, so a crash in between leaves a
            // name without a program (a miss, refetched upstream), never a program unreachable by its CID. A put
            // whose names cannot be recorded fails, storing nothing.
            // A client's transaction id is a hint, recorded as unverified: it never stands for an upload.
            try names.record(key, cid: program.cid, arweaveTransaction: arweave, verified: false)
            if try tiers.disk.contains(key) {
                if request.pin { _ = try tiers.setPinned(key, true) }
                return (program, kept, true)
            }
            try tiers.put(program, pin: request.pin)
            return (program, kept, false)
        }
        // A repeated put is cheap: it reports where the program already is and does not publish it again.
        var held = ["memory", "disk"]
        if alreadyPresent {
            let key = program.key
            held = try await blocking { try tiers.locate(key).tiers }
        } else if let ipfsPublisher {
            do {
                if let added = try await ipfsPublisher.publish(elf: elf) {
                    if added.multihash == program.cid.multihash {
                        held.append("ipfs")
                    } else {
                        logger.error(
                            "IPFS reports a different CID",
                            metadata: ["cid.ours": "\(program.cid)", "cid.ipfs": "\(added)"]
                        )
                    }
                }
            } catch {
                logger.warning("could not add the program to IPFS", metadata: ["error": "\(error)"])
            }
        }
        // A program already on Arweave (uploaded or verified earlier) is not uploaded again; one whose earlier upload
        // failed is tried again by a repeated put. A client's hint does not count: it is unverified.
        let known = names.entry(for: program.key)
        var arweaveTx = known?.arweaveTransaction ?? ""
        if arweaveTx.isEmpty, let uploaded = await uploadToArweave(program, elf: elf) {
            held.append("arweave")
            arweaveTx = uploaded
        }
        if arweaveTx.isEmpty { arweaveTx = known?.arweaveHint ?? "" }
        return PutProgramResponse(
            elfHash: program.elfHash,
            cid: program.cid.description,
            elfSize: program.elfSize,
            compressedSize: UInt64(program.compressedSize),
            tiers: held,
            alreadyPresent: alreadyPresent,
            arweaveTx: arweaveTx
        )
    }

    /// Uploads a new program to Arweave when a wallet is configured and records the transaction in the names, so
    /// that later gets can fall back to it. A failure only costs the Arweave copy: it is logged and counted.
    private func uploadToArweave(_ program: StoredProgram, elf: [UInt8]) async -> String? {
        guard let arweaveUploader else { return nil }
        let tags = [
            ArweaveTag("Content-Type", "application/octet-stream"),
            ArweaveTag("App-Name", "zkfaas"),
            ArweaveTag("ZKFaaS-ELF-SHA256", Hex.encode(program.elfHash)),
            ArweaveTag("ZKFaaS-CID", program.cid.description),
        ]
        do {
            let reward = try await arweaveUploader.price(bytes: elf.count)
            let anchor = try await arweaveUploader.anchor()
            // Hashing every byte into the Merkle tree and signing run on the I/O pool, not on a task's thread.
            let upload = try await blocking {
                try arweaveUploader.prepare(elf, tags: tags, reward: reward, anchor: anchor)
            }
            try await arweaveUploader.submit(upload, data: elf)
            let transaction = upload.transaction.id
            arweaveUploads.add(1, ordering: .relaxed)
            let names = self.names
            let key = program.key
            let cid = program.cid
            do {
                try await blocking { try names.record(key, cid: cid, arweaveTransaction: transaction) }
            } catch {
                logger.error(
                    "the Arweave transaction of a program could not be recorded",
                    metadata: ["elf.hash": "\(key)", "arweave.tx": "\(transaction)", "error": "\(error)"]
                )
            }
            logger.info(
                "program uploaded to Arweave",
                metadata: ["elf.hash": "\(Hex.encode(program.elfHash))", "arweave.tx": "\(transaction)"]
            )
            return transaction
        } catch {
            arweaveUploadFailures.add(1, ordering: .relaxed)
            logger.warning("could not upload the program to Arweave", metadata: ["error": "\(error)"])
            return nil
        }
    }

    // MARK: Get

    private struct Target {
        var key: BlobKey?
        var cid: CID?
        var arweave: String?
    }

    private func target(elfHash: [UInt8], cid: String, arweave: String = "") throws(RPCError) -> Target {
        var target = Target(arweave: arweave.isEmpty ? nil : arweave)
        if !elfHash.isEmpty {
            guard let key = BlobKey(bytes: elfHash) else {
                throw RPCError(code: .invalidArgument, message: "elf_hash must be 32 bytes, got \(elfHash.count)")
            }
            target.key = key
        }
        if !cid.isEmpty {
            do { target.cid = try CID(cid) } catch {
                throw RPCError(code: .invalidArgument, message: "cid: \(error)")
            }
        }
        if let arweave = target.arweave {
            guard ArweaveUpstream.isTransactionID(arweave) else {
                throw RPCError(code: .invalidArgument, message: "arweave_tx must be 43 base64url characters")
            }
            // Arweave data is not content-addressed: without a hash or CID there is nothing to verify it against.
            guard target.key != nil || target.cid != nil else {
                throw RPCError(
                    code: .invalidArgument,
                    message: "arweave_tx alone cannot be verified: also name the program by elf_hash or cid"
                )
            }
        }
        if target.key == nil, let cid = target.cid { target.key = names.key(for: cid) }
        guard target.key != nil || target.cid != nil else {
            throw RPCError(code: .invalidArgument, message: "name the program by elf_hash or cid")
        }
        return target
    }

    private static func response(_ program: StoredProgram, tier: String) -> StorageGetProgramResponse {
        StorageGetProgramResponse(
            elfZstd: program.elfZstd,
            elfSize: program.elfSize,
            elfHash: program.elfHash,
            cid: program.cid.description,
            tier: tier
        )
    }

    /// A memory hit, answered on the event loop; the program's bytes are sent from the memory tier without a copy.
    private func getFast(_ request: StorageGetProgramRequest) throws -> ResponseParts? {
        let target = try target(elfHash: request.elfHash, cid: request.cid, arweave: request.arweaveTx)
        guard let key = target.key, let program = tiers.memoryHit(key) else { return nil }
        return program.responseParts(tier: "memory")
    }

    private func get(_ request: StorageGetProgramRequest) async throws -> StorageGetProgramResponse {
        var target = try target(elfHash: request.elfHash, cid: request.cid, arweave: request.arweaveTx)
        // A disk tier that cannot be read is a miss with a reason: the upstreams may still have the program.
        var localFailure: (any Error)?
        if let key = target.key {
            let tiers = self.tiers
            do {
                if let (program, tier) = try await blocking({ try tiers.get(key) }) {
                    return Self.response(program, tier: tier)
                }
            } catch {
                localFailure = error
                logger.error(
                    "the disk tier could not be read: trying the upstreams",
                    metadata: ["elf.hash": "\(key)", "error": "\(error)"]
                )
            }
        }
        // Names recorded earlier let an evicted or dropped program be refetched by hash.
        if let key = target.key, let known = names.entry(for: key) {
            if target.cid == nil { target.cid = known.cid }
            if target.arweave == nil { target.arweave = known.arweaveCandidate }
        }
        guard let (program, tier) = try await fetchUpstream(target) else {
            if let localFailure { throw localFailure }
            throw RPCError(code: .notFound, message: "no tier holds this program")
        }
        return Self.response(program, tier: tier)
    }

    /// One upstream fetch per target at a time; later callers with the same target join it.
    ///
    /// Fetches are keyed by the whole target (hash, CID and Arweave transaction), not by the program alone: a caller
    /// naming a bogus transaction cannot make a caller with a good CID join its doomed fetch.
    ///
    /// - Throws: ``ZKRPC/RPCError`` RESOURCE_EXHAUSTED when ``StorageConfiguration/maxUpstreamFetches`` distinct
    ///   fetches are running already.
    private func fetchUpstream(_ target: Target) async throws -> (StoredProgram, String)? {
        guard !upstreams.isEmpty, target.cid != nil || target.arweave != nil else { return nil }
        let name = Self.fetchName(target)
        let limit = configuration.maxUpstreamFetches
        let (task, joined): (Task<(StoredProgram, String)?, any Error>?, Bool) = fetches.withLock { running in
            if let task = running[name] { return (task, true) }
            guard running.count < limit else { return (nil, false) }
            let task = Task { () async throws -> (StoredProgram, String)? in
                // A fetch that finished between our local miss and now has filled the memory tier.
                if let key = target.key, let program = self.tiers.memoryPeek(key) { return (program, "memory") }
                return try await self.fetchVerified(target)
            }
            running[name] = task
            return (task, false)
        }
        guard let task else {
            throw RPCError(
                code: .resourceExhausted,
                message: "\(limit) upstream fetches are running already; retry later",
                details: [RPCError.retryAfterKey: "1000"]
            )
        }
        if joined { joinedFetches.add(1, ordering: .relaxed) }
        defer { if !joined { _ = fetches.withLock { $0.removeValue(forKey: name) } } }
        return try await task.value
    }

    /// The join key of an upstream fetch: every part of the target.
    private static func fetchName(_ target: Target) -> String {
        "\(target.key?.hex ?? "-") \(target.cid?.description ?? "-") \(target.arweave ?? "-")"
    }

    /// Tries each upstream in order; the first whose bytes verify against the target's hash and CID is cached in
    /// both local tiers. Wrong bytes (DATA_LOSS) are counted in `rejected_upstream` and the next upstream is tried.
    ///
    /// - Throws: ``ZKRPC/RPCError`` RESOURCE_EXHAUSTED when no upstream had the program and one of them could not be
    ///   asked because the HTTP worker pool was full (a miss would be a lie).
    private func fetchVerified(_ target: Target) async throws -> (StoredProgram, String)? {
        var overloaded: (any Error)?
        defer {
            if let overloaded {
                logger.warning("upstream fetch refused: HTTP pool full", metadata: ["error": "\(overloaded)"])
            }
        }
        for upstream in upstreams where upstream.canFetch(cid: target.cid, arweaveTransaction: target.arweave) {
            upstreamFetches.add(1, ordering: .relaxed)
            let elf: [UInt8]?
            do {
                elf = try await upstream.fetch(
                    cid: target.cid,
                    arweaveTransaction: target.arweave,
                    maxBytes: configuration.maxELFBytes
                )
            } catch {
                countUpstream(upstream.name, hit: false)
                if Self.isOverload(error) { overloaded = overloaded ?? error }
                if let error = error as? RPCError, error.code == .dataLoss {
                    rejectedUpstream.add(1, ordering: .relaxed)
                    logger.error(
                        "upstream returned wrong bytes: rejected",
                        metadata: ["tier": "\(upstream.name)", "error": "\(error)"]
                    )
                } else {
                    logger.warning(
                        "upstream fetch failed",
                        metadata: ["tier": "\(upstream.name)", "error": "\(error)"]
                    )
                }
                continue
            }
            guard let elf else {
                countUpstream(upstream.name, hit: false)
                continue
            }
            let expectedHash = target.key?.bytes
            let expectedCID = target.cid
            let program: StoredProgram
            do {
                program = try await blocking {
                    try ProgramVerifier.verify(elf: elf, expectedHash: expectedHash, expectedCID: expectedCID)
                }
            } catch {
                rejectedUpstream.add(1, ordering: .relaxed)
                countUpstream(upstream.name, hit: false)
                logger.error(
                    "upstream returned wrong bytes: rejected",
                    metadata: ["tier": "\(upstream.name)", "error": "\(error)"]
                )
                continue
            }
            countUpstream(upstream.name, hit: true)
            let tiers = self.tiers
            let names = self.names
            let arweave = upstream.name == "arweave" ? target.arweave : nil
            // Named before it is stored, as at put: the names are the tiers' only CID index. Verified bytes are
            // served even if their names cannot be recorded (they stay reachable upstream by CID) or the disk tier
            // cannot take them (disk full, I/O error): then they are cached in memory only.
            let logger = self.logger
            try await blocking {
                do {
                    try names.record(program.key, cid: program.cid, arweaveTransaction: arweave)
                } catch {
                    logger.error(
                        "the names of a fetched program could not be recorded",
                        metadata: ["elf.hash": "\(program.key)", "error": "\(error)"]
                    )
                }
                do {
                    try tiers.put(program, pin: false)
                } catch {
                    logger.error(
                        "a verified program could not be stored on disk: served from memory",
                        metadata: ["elf.hash": "\(program.key)", "error": "\(error)"]
                    )
                    tiers.cacheInMemory(program)
                }
            }
            return (program, upstream.name)
        }
        if overloaded != nil {
            throw RPCError(
                code: .resourceExhausted,
                message: "an upstream could not be asked: too many HTTP transfers in flight; retry later",
                details: [RPCError.retryAfterKey: "1000"]
            )
        }
        return nil
    }

    private static func isOverload(_ error: any Error) -> Bool {
        (error as? HTTPError)?.code == .overloaded || (error as? RPCError)?.code == .resourceExhausted
    }

    private func countUpstream(_ name: String, hit: Bool) {
        upstreamCounters.withLock { counters in
            var entry = counters[name] ?? (0, 0)
            if hit { entry.hits += 1 } else { entry.misses += 1 }
            counters[name] = entry
        }
    }

    // MARK: Stat, pin, stats

    private func localKey(_ elfHash: [UInt8], _ cid: String) throws(RPCError) -> BlobKey {
        guard let key = try target(elfHash: elfHash, cid: cid).key else {
            throw RPCError(code: .notFound, message: "no local tier holds this program")
        }
        return key
    }

    private func stat(_ request: StatProgramRequest) async throws -> StatProgramResponse {
        let key = try localKey(request.elfHash, request.cid)
        let tiers = self.tiers
        let (held, info) = try await blocking { try tiers.locate(key) }
        guard let info, var meta = try? StatProgramResponse(serializedBytes: info.meta) else {
            throw RPCError(code: .notFound, message: "no local tier holds \(key.hex)")
        }
        meta.tiers = held
        meta.pinned = info.pinned
        guard let transaction = names.entry(for: key)?.arweaveCandidate else { return meta }
        meta.arweaveTx = transaction
        if request.checkArweave {
            guard let arweave = upstreams.lazy.compactMap({ $0 as? ArweaveUpstream }).first else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "check_arweave needs an Arweave gateway (--arweave-gateway)"
                )
            }
            let status = await arweave.status(of: transaction)
            meta.arweaveStatus = status.state.rawValue
            meta.arweaveConfirmations = status.confirmations
            meta.arweaveBlockHeight = status.blockHeight
        }
        return meta
    }

    /// Pins or unpins a program on disk. A registration's pin is recorded once the blob is pinned, and is never
    /// lifted.
    ///
    /// - Throws: ``ZKRPC/RPCError`` NOT_FOUND (not on disk), RESOURCE_EXHAUSTED (pinned bytes at their bound),
    ///   FAILED_PRECONDITION (unpin of a registered program).
    private func pin(_ elfHash: [UInt8], _ cid: String, _ pinned: Bool, registration: Bool) async throws
        -> PinResponse
    {
        let key = try localKey(elfHash, cid)
        if !pinned, registrations.contains(key) {
            throw RPCError(
                code: .failedPrecondition,
                message: "\(key.hex) is pinned for a registry record: its pin cannot be lifted"
            )
        }
        let tiers = self.tiers
        let registrations = self.registrations
        guard
            try await blocking({
                guard try tiers.setPinned(key, pinned) else { return false }
                if registration { try registrations.record(key) }
                return true
            })
        else {
            throw RPCError(code: .notFound, message: "no local tier holds \(key.hex)")
        }
        return PinResponse(pinned: pinned)
    }

    func stats() -> StorageStatsResponse {
        let upstream = upstreamCounters.withLock { $0 }
        return StorageStatsResponse(
            tiers: tiers.stats()
                + upstreams.map { source in
                    TierStats(
                        tier: source.name,
                        hits: upstream[source.name]?.hits ?? 0,
                        misses: upstream[source.name]?.misses ?? 0
                    )
                },
            upstreamFetches: upstreamFetches.load(ordering: .relaxed),
            joinedFetches: joinedFetches.load(ordering: .relaxed),
            rejectedUpstream: rejectedUpstream.load(ordering: .relaxed),
            arweaveUploads: arweaveUploads.load(ordering: .relaxed),
            arweaveUploadFailures: arweaveUploadFailures.load(ordering: .relaxed)
        )
    }
}
