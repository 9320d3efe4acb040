import ZKContent
import Synchronization
import ZKCrypto
import ZKProto
import ZKRPC
import ZKRegistryService
import ZKWire

/// A test double of our own `zkfaas.v1.Storage` protocol (storage.proto), served over the real ``RPCServer``:
/// `StatProgram` answers from a table the test fills; `PutProgram` decompresses, hashes and adds to that table
/// (CID: CIDv1 raw of the whole ELF, a simplification of the real chunked import); `Pin` records the hash and the
/// pin holder it was called with (NOT_FOUND for a program it does not hold); other methods get UNIMPLEMENTED.
final class FakeStorageService: RPCService {
    let serviceName = StorageMethods.serviceName
    private let programs = Mutex<[[UInt8]: String]>([:])
    let statCalls = Atomic<Int>(0)
    /// `Pin` calls: the hash, the `zkfaas-pin-holder` and the `api-key` metadata.
    let pins = Mutex<[(elfHash: [UInt8], holder: String?, key: String?)]>([])

    /// Makes storage hold a program: `elfHash` → `cid`.
    func hold(elfHash: [UInt8], cid: String) {
        programs.withLock { $0[elfHash] = cid }
    }

    var handlers: [RPCMethodHandler] {
        [
            .unary(StorageMethods.putProgram) { [self] request, _ in
                let elf = try Zstd.decompress(
                    request.elfZstd, declaredSize: request.elfSize, maximumSize: 1 << 26)
                let elfHash = SHA256.hash(elf)
                let cid = try! CID(version: .v1, codec: .raw, multihash: Multihash(code: Multihash.sha256Code, digest: elfHash)).description
                hold(elfHash: elfHash, cid: cid)
                return PutProgramResponse(
                    elfHash: elfHash,
                    cid: cid,
                    elfSize: UInt64(elf.count),
                    compressedSize: UInt64(request.elfZstd.count),
                    tiers: ["memory"]
                )
            },
            .unary(StorageMethods.pin) { [self] request, context in
                guard programs.withLock({ $0[request.elfHash] }) != nil else {
                    throw RPCError(code: .notFound, message: "no such program")
                }
                pins.withLock {
                    $0.append((request.elfHash, context.metadata[StorageCallMetadata.pinHolder], context.apiKey))
                }
                return PinResponse(pinned: true)
            },
            .unary(StorageMethods.statProgram) { [self] request, _ in
                statCalls.add(1, ordering: .relaxed)
                guard let cid = programs.withLock({ $0[request.elfHash] }) else {
                    throw RPCError(code: .notFound, message: "no such program")
                }
                return StatProgramResponse(
                    elfHash: request.elfHash,
                    cid: cid,
                    elfSize: 1000,
                    compressedSize: 400,
                    tiers: ["memory"]
                )
            },
        ]
    }
}
