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

    /// - Throws: ``RPCError`` INVALID_ARGUMENT if `address` is not `HOST:PORT`.
    public init(address: String, timeout: Duration = .seconds(10)) throws {
        self.address = address
        self.client = try StorageClient(address: address)
        self.timeout = timeout
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
