import Logging
import NIOPosix
import Synchronization
import ZKCrypto
import ZKExecutor
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKStore
import ZKWire

/// Resolves a program hash to verified, executable bytes: metadata from registry-service, the ELF from
/// storage-cache-service, and the SHA-256 of the decompressed ELF checked against the registry's `elf_hash`
/// before anything runs. A mismatch is DATA_LOSS: nothing runs and nothing is cached.
///
/// The decompression, the SHA-256 and the instruction decode (up to `maxELFBytes` of work each) run on `cpu`, a
/// thread pool the router owns, never on an event loop or the cooperative pool. The program cache is bounded by
/// count and by bytes of decoded programs (``estimatedBytes(elfBytes:instructions:)``).
final class ProgramResolver: Sendable {
    /// Bytes counted per decoded instruction: the raw word (4), its table entry (8 to 16) and, at worst, an entry
    /// of the slow-control dictionary (a misaligned or out-of-text branch, about 40 with the table's load factor).
    static let bytesPerInstruction = 64
    private let registry: RegistryClient
    private let storage: StorageClient
    private let maxELFBytes: Int
    private let logger: Logger
    /// Metadata only: immutable once registered, so it may be kept and is read on the event loop.
    private let metadata: LockedLRUCache<BlobKey, ProgramMetadata>
    /// Verified, pre-decoded programs (the L1 program cache).
    private let programs: LockedLRUCache<BlobKey, ResolvedProgram>
    private let inFlight = InFlightTasks<BlobKey, ResolvedProgram>()
    private let integrityFailuresCount = Atomic<UInt64>(0)
    private let cpu: NIOThreadPool
    /// Test seam: called on the thread that verifies and decodes a program.
    private let onVerify: (@Sendable () -> Void)?

    /// - Parameters:
    ///   - programCacheBytes: the most the cached programs may weigh, decoded.
    ///   - cpu: the started pool the verification runs on; the caller owns and stops it.
    init(
        registry: RegistryClient,
        storage: StorageClient,
        programCacheEntries: Int,
        programCacheBytes: Int = 2 << 30,
        maxELFBytes: Int,
        cpu: NIOThreadPool,
        logger: Logger,
        onVerify: (@Sendable () -> Void)? = nil
    ) {
        self.registry = registry
        self.storage = storage
        self.maxELFBytes = maxELFBytes
        self.logger = logger
        self.cpu = cpu
        self.onVerify = onVerify
        self.metadata = LockedLRUCache(maxCount: 100_000, maxBytes: Int.max)
        self.programs = LockedLRUCache(
            maxCount: min(max(1, programCacheEntries), RouterConfiguration.maximumCacheEntries),
            maxBytes: max(0, programCacheBytes)
        )
    }

    /// An upper estimate of the memory a decoded program holds: its ELF's bytes (the loaded segments are at most
    /// that) and ``bytesPerInstruction`` per instruction of its text.
    static func estimatedBytes(elfBytes: Int, instructions: Int) -> Int {
        let (perInstruction, overflow) = instructions.multipliedReportingOverflow(by: bytesPerInstruction)
        if overflow { return Int.max }
        let (total, overflow2) = elfBytes.addingReportingOverflow(perInstruction)
        return overflow2 ? Int.max : total
    }

    /// Bytes of the cached programs (their estimate).
    var programBytes: Int { programs.totalBytes }

    var integrityFailures: UInt64 { integrityFailuresCount.load(ordering: .relaxed) }

    var programStats: LRUCacheStats { programs.stats }
    var programCount: Int { programs.count }

    static func key(_ programHash: [UInt8]) throws(RPCError) -> BlobKey {
        guard let key = BlobKey(bytes: programHash) else {
            throw RPCError(code: .invalidArgument, message: "program_hash must be 32 bytes, got \(programHash.count)")
        }
        return key
    }

    /// Cancels the fetches in flight, waits for them, and closes the registry and storage clients.
    func close() async {
        let running = inFlight.removeAll()
        for task in running {
            task.cancel()
            _ = try? await task.value
        }
        await registry.close()
        await storage.close()
    }

    /// Cached metadata, without waiting; nil on a miss.
    func cachedMetadata(_ programHash: [UInt8]) -> ProgramMetadata? {
        guard let key = BlobKey(bytes: programHash) else { return nil }
        return metadata.get(key)
    }

    /// The program's metadata (registry on a miss).
    func metadata(for programHash: [UInt8]) async throws -> ProgramMetadata {
        let key = try Self.key(programHash)
        if let cached = metadata.get(key) { return cached }
        let program: ProgramMetadata
        do {
            program = try await registry.getProgram(programHash)
        } catch let error as RPCError where error.code == .notFound {
            throw RPCError(code: .notFound, message: "program \(Hex.encode(programHash)) is not registered")
        } catch let error as RPCError where error.code == .dataLoss {
            // The registry answered for another hash: nothing is cached under the requested one.
            integrityFailuresCount.add(1, ordering: .relaxed)
            logger.error("the registry answered for another program hash", metadata: ["program.hash": "\(Hex.encode(programHash))"])
            throw error
        }
        metadata.put(key, program, cost: 1)
        return program
    }

    /// The verified program; concurrent calls for one program make one fetch.
    func resolve(_ programHash: [UInt8]) async throws -> ResolvedProgram {
        let key = try Self.key(programHash)
        if let cached = programs.get(key) { return cached }
        let task = inFlight.task(for: key) {
            Task {
                let (program, cost) = try await self.fetchAndVerify(programHash)
                // A program over the whole byte bound is rejected by the cache: it runs, uncached.
                self.programs.put(key, program, cost: cost)
                return program
            }
        }
        // Only this fetch's own entry: a newer fetch of the same program may have replaced it meanwhile (C2).
        defer { inFlight.remove(task, for: key) }
        return try await task.value
    }

    /// Caches metadata as if the registry had answered it (tests).
    func remember(_ program: ProgramMetadata) {
        guard let key = BlobKey(bytes: program.programHash) else { return }
        metadata.put(key, program, cost: 1)
    }

    private func fetchAndVerify(_ programHash: [UInt8]) async throws -> (ResolvedProgram, cost: Int) {
        let meta = try await metadata(for: programHash)
        // The compressed ELF stays in the bytes received (no copy); only its decompressed form is kept.
        let stored: GetProgramSharedResponse
        do {
            stored = try await storage.getProgramShared(
                StorageGetProgramRequest(elfHash: meta.elfHash, cid: meta.ipfsCid)
            )
        } catch let error as RPCError where error.code == .notFound {
            throw RPCError(
                code: .failedPrecondition,
                message: "storage holds no ELF with hash \(Hex.encode(meta.elfHash)) for this program"
            )
        }
        return try await decode(stored, meta: meta)
    }

    /// Verifies and decodes a stored ELF on ``cpu``; the caller's task only waits.
    func decode(_ stored: GetProgramSharedResponse, meta: ProgramMetadata) async throws -> (ResolvedProgram, cost: Int) {
        let maxELFBytes = self.maxELFBytes
        let onVerify = self.onVerify
        return try await cpu.runIfActive { [self] in
            onVerify?()
            return try verify(stored, meta: meta, programHash: meta.programHash, maxELFBytes: maxELFBytes)
        }
    }

    /// Decompresses, hashes and decodes a stored ELF: CPU-heavy, run on ``cpu``.
    private func verify(
        _ stored: GetProgramSharedResponse, meta: ProgramMetadata, programHash: [UInt8], maxELFBytes: Int
    ) throws -> (ResolvedProgram, cost: Int) {
        let elf: [UInt8]
        do {
            elf = try stored.elfZstd.withUnsafeBytes { bytes in
                try Zstd.decompress(bytes, declaredSize: stored.elfSize, maximumSize: maxELFBytes)
            }
        } catch {
            integrityFailuresCount.add(1, ordering: .relaxed)
            throw RPCError(code: .dataLoss, message: "storage returned an ELF that does not decompress: \(error)")
        }
        let digest = SHA256.hash(elf)
        guard digest == meta.elfHash else {
            integrityFailuresCount.add(1, ordering: .relaxed)
            logger.error(
                "ELF hash mismatch: refusing to execute",
                metadata: [
                    "program.hash": "\(Hex.encode(programHash))",
                    "elf.expected": "\(Hex.encode(meta.elfHash))",
                    "elf.actual": "\(Hex.encode(digest))",
                ]
            )
            throw RPCError(
                code: .dataLoss,
                message: "the ELF from storage hashes to \(Hex.encode(digest)), not the registered \(Hex.encode(meta.elfHash))"
            )
        }
        let executor: Executor
        do {
            executor = try Executor(elf: elf)
        } catch {
            throw RPCError(code: .failedPrecondition, message: "the registered ELF cannot be executed: \(error.message)")
        }
        let cost = Self.estimatedBytes(elfBytes: elf.count, instructions: executor.program.instructionCount)
        return (ResolvedProgram(metadata: meta, executor: executor), cost)
    }
}
