public import ZKContent
import ZKCrypto
import ZKFaaSClient
import ZKProto
public import ZKRPC

/// Asks storage-cache-service whether it holds the program a registration names.
///
/// Calls `zkfaas.v1.Storage/StatProgram` with the registration's `elf_hash` (storage keys programs by the SHA-256
/// of the uncompressed ELF, which it computes itself on every put) and compares the answer with the registration.
public struct StorageIntegrityCheck: Sendable {
    /// The storage endpoint, `HOST:PORT`.
    public let address: String
    private let client: StorageClient
    private let timeout: Duration

    /// - Parameters:
    ///   - address: storage-cache-service, `HOST:PORT`.
    ///   - writeKey: A storage write key (sent as `api-key`), needed to pin when storage has write keys.
    ///   - timeout: Of each call.
    /// - Throws: ``RPCError`` INVALID_ARGUMENT if `address` is not `HOST:PORT`.
    public init(address: String, writeKey: String? = nil, timeout: Duration = .seconds(10)) throws {
        self.address = address
        var metadata = Metadata()
        if let writeKey { metadata.add(Metadata.apiKey, writeKey) }
        self.client = try StorageClient(address: address, metadata: metadata)
        self.timeout = timeout
    }

    /// Pins the program for a registration: storage keeps it on disk for good (its `Unpin` is refused), so no flood
    /// of puts can evict a program a registry record points at.
    ///
    /// - Throws: ``RPCError`` RESOURCE_EXHAUSTED (storage's pinned bytes are at their bound), FAILED_PRECONDITION
    ///   (storage no longer holds it), UNAVAILABLE (storage cannot be asked, or refuses this registry's write key).
    public func pinForRegistration(elfHash: [UInt8]) async throws(RPCError) {
        var metadata = Metadata()
        metadata.add(StorageCallMetadata.pinHolder, StorageCallMetadata.registrationHolder)
        do {
            _ = try await client.rpc.unary(
                StorageMethods.pin,
                PinRequest(elfHash: elfHash),
                metadata: metadata,
                timeout: timeout,
                idempotent: true
            )
        } catch let error as RPCError where error.code == .resourceExhausted {
            throw error
        } catch let error as RPCError where error.code == .notFound {
            throw RPCError(
                code: .failedPrecondition,
                message: "storage no longer holds the program with elf_hash \(Hex.encode(elfHash, prefix: true))"
            )
        } catch {
            throw RPCError(
                code: .unavailable,
                message: "cannot pin the program with storage-cache-service at \(address) "
                    + "(is --storage-key set to one of its write keys?): \(error)"
            )
        }
    }

    /// Succeeds when storage holds a program whose SHA-256 is `elfHash` and whose CID names the same content as
    /// `cid`.
    ///
    /// - Throws: ``RPCError`` FAILED_PRECONDITION when storage does not hold it or holds it under another CID or hash,
    ///   UNAVAILABLE when storage cannot be asked.
    public func verify(elfHash: [UInt8], cid: CID) async throws(RPCError) {
        let hex = Hex.encode(elfHash, prefix: true)
        let answer: StatProgramResponse
        do {
            answer = try await client.statProgram(StatProgramRequest(elfHash: elfHash), timeout: timeout)
        } catch let error as RPCError where error.code == .notFound {
            throw RPCError(
                code: .failedPrecondition,
                message: "storage does not hold the program with elf_hash \(hex); upload it first"
            )
        } catch {
            throw RPCError(
                code: .unavailable,
                message: "cannot check the program with storage-cache-service at \(address): \(error)"
            )
        }
        if !answer.elfHash.isEmpty && answer.elfHash != elfHash {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "storage answered for elf_hash \(hex) with another hash \(Hex.encode(answer.elfHash, prefix: true))"
            )
        }
        let stored: CID
        do {
            stored = try CID(answer.cid)
        } catch {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "storage holds elf_hash \(hex) under CID '\(answer.cid)', which this registry cannot read"
            )
        }
        guard stored.v1 == cid.v1 else {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "storage holds elf_hash \(hex) under CID \(answer.cid), not the ipfs_cid \(cid) given"
            )
        }
    }

    /// Closes the connection to storage.
    public func close() async {
        await client.close()
    }
}
