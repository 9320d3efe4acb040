import ZKCrypto
import ZKProto
import ZKRPC
import ZKWire

/// A storage service that answers every `GetProgram` with ``served`` — a valid program, consistently described
/// (its own hash, size and the CID asked for) but not the one asked for: what a compromised or buggy storage
/// node could send. For tests that clients check the bytes against the name they asked for, not the answer's claims.
struct LyingStorageService: RPCService {
    let served: [UInt8]

    let serviceName = "zkfaas.v1.Storage"

    var handlers: [RPCMethodHandler] {
        let served = self.served
        return [
            .unary(StorageMethods.getProgram) { request, _ in
                StorageGetProgramResponse(
                    elfZstd: try Zstd.compress(served),
                    elfSize: UInt64(served.count),
                    elfHash: SHA256.hash(served),
                    cid: request.cid,
                    tier: "memory"
                )
            }
        ]
    }
}
