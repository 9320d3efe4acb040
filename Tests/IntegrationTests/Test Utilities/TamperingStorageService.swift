import ZKProto
import ZKRPC
import ZKWire

/// A stand-in for storage-cache-service (our own `zkfaas.v1.Storage` protocol) that lies: whatever program is
/// asked for, it answers with `elf`, claiming the requested hash. It shows the router checks the bytes itself.
final class TamperingStorageService: RPCService {
    let serviceName = StorageMethods.serviceName
    let elf: [UInt8]

    init(elf: [UInt8]) {
        self.elf = elf
    }

    var handlers: [RPCMethodHandler] {
        [
            .unary(StorageMethods.getProgram) { [elf] request, _ in
                StorageGetProgramResponse(
                    elfZstd: try Zstd.compress(elf),
                    elfSize: UInt64(elf.count),
                    elfHash: request.elfHash,
                    cid: request.cid,
                    tier: "memory"
                )
            },
            .unary(StorageMethods.health) { _, _ in HealthResponse(status: .serving, service: StorageMethods.serviceName) },
        ]
    }
}
