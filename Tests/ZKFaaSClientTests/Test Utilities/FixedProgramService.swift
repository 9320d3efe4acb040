import ZKProto
import ZKRPC

/// Answers `zkfaas.v1.Storage/GetProgram` as the storage service does for a hot program: the ELF field from shared
/// bytes (``ResponseParts``), then the small fields.
struct FixedProgramService: RPCService {
    /// The "compressed ELF" of every answer: 200 KB, large enough to be received as a slice.
    static let elf = SharedBytes((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) })
    static let rest = StorageGetProgramResponse(elfSize: 999_999, elfHash: [0xEE, 0x01], cid: "bafk", tier: "memory")

    let serviceName = "zkfaas.v1.Storage"

    var handlers: [RPCMethodHandler] {
        [
            .unary(StorageMethods.getProgram, fastParts: { _, _ in
                ResponseParts(field: 1, shared: Self.elf, after: Self.rest.serializedBytes())
            }) { _, _ in
                StorageGetProgramResponse()
            },
        ]
    }
}
