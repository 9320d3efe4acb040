import Synchronization
import ZKProto
import ZKRPC

/// A `zkfaas.v1.Registry` whose `GetProgram` answers every hash with the metadata of another, counting the calls.
final class LyingRegistryService: RPCService, Sendable {
    let serviceName = "zkfaas.v1.Registry"
    let calls = Atomic<Int>(0)

    var handlers: [RPCMethodHandler] {
        [
            .unary(RegistryMethods.getProgram) { [self] request, _ in
                calls.add(1, ordering: .relaxed)
                var hash = request.programHash
                hash[hash.count - 1] ^= 0xFF
                return GetProgramResponse(program: ProgramMetadata(programHash: hash, elfHash: [1], zkvm: "SP1"))
            }
        ]
    }
}
